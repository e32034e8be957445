"""The free-text title is gone: the profile's 职称 is a row of the titles table (0006 carried the texts over)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("staff", "0006_titles_from_text"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalstaffprofile',
            name='title',
        ),
        migrations.RemoveField(
            model_name='staffprofile',
            name='title',
        ),
    ]
