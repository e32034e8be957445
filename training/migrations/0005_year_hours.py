import datetime

import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models
from django.db.models import Sum
from django.utils import timezone


def fill(apps, schema_editor):
    """Each person's hours of each year from the records, as selectors.hours_by_person counts them (written out
    here with the historical models: a migration must not follow later changes of the app's code)."""
    Attendance = apps.get_model("training", "Attendance")
    ExternalTraining = apps.get_model("training", "ExternalTraining")
    SelfStudy = apps.get_model("training", "SelfStudy")
    YearHours = apps.get_model("training", "YearHours")
    zone = timezone.get_current_timezone()
    totals = {}
    years = {day.year for day in apps.get_model("training", "Session").objects.dates("starts_at", "year")}
    for year in sorted(years):
        start, end = datetime.datetime(year, 1, 1, tzinfo=zone), datetime.datetime(year + 1, 1, 1, tzinfo=zone)
        rows = (Attendance.objects.filter(status__in=("present", "late"), session__starts_at__gte=start,
                                          session__starts_at__lt=end).exclude(session__state="cancelled")
                .order_by().values("person_id").annotate(total=Sum("session__hours")))
        for row in rows:
            totals[row["person_id"], year] = totals.get((row["person_id"], year), 0) + row["total"]
    for model, state, day in ((ExternalTraining, "confirmed", "ends_on"), (SelfStudy, "confirmed", "studied_on")):
        field = "hours_credited" if model is ExternalTraining else "hours"
        rows = (model.objects.filter(state=state).order_by().values("person_id", f"{day}__year")
                .annotate(total=Sum(field)))
        for row in rows:
            key = (row["person_id"], row[f"{day}__year"])
            totals[key] = totals.get(key, 0) + (row["total"] or 0)
    YearHours.objects.bulk_create([YearHours(person_id=person_id, year=year, hours=hours)
                                   for (person_id, year), hours in totals.items()], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('training', '0004_plan_and_external_training_on_the_engine'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='YearHours',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('hours', models.DecimalField(decimal_places=1, default=Decimal('0'), max_digits=7, verbose_name='hours of the year (年度学时)')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_year_hours', to=settings.AUTH_USER_MODEL, verbose_name='person')),
            ],
            options={
                'verbose_name': 'yearly training hours (年度学时)',
                'verbose_name_plural': 'yearly training hours',
                'ordering': ['-year', 'person'],
                'indexes': [models.Index(fields=['year', 'hours'], name='training_year_hours_order')],
                'constraints': [models.UniqueConstraint(fields=('person', 'year'), name='training_year_hours_once')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
