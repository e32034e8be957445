from django.db import migrations


class Migration(migrations.Migration):
    """Joins two branches of work that each added an appraisal migration."""

    dependencies = [
        ("appraisal", "0007_score_bounds"),
        ("appraisal", "0007_score_step"),
    ]
    operations = []
