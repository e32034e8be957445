from django.db import migrations


class Migration(migrations.Migration):
    """Joins two branches of work that each added a core migration."""

    dependencies = [
        ("core", "0002_cache_table"),
        ("core", "0002_calendar_year"),
    ]
    operations = []
