"""Beat: the month's scorecards on the 1st and the daily reminders are crontab entries beside the interval ones."""

import pytest
from django_celery_beat.models import PeriodicTask

from outbox.schedules import ensure_schedules

pytestmark = pytest.mark.django_db


def crontab_of(name):
    task = PeriodicTask.objects.select_related("crontab").get(name=name)
    schedule = task.crontab
    return (task.task, schedule.minute, schedule.hour, schedule.day_of_month, schedule.month_of_year,
            schedule.day_of_week, str(schedule.timezone))


def test_the_appraisal_beat_tasks_run_at_a_time_of_day():
    assert crontab_of("appraisal: create the month's scorecards on the 1st") == (
        "appraisal.tasks.create_month_scorecards", "5", "0", "1", "*", "*", "Asia/Shanghai")
    assert crontab_of("appraisal: remind of self-assessments due and reviews overdue") == (
        "appraisal.tasks.send_reminders", "30", "8", "*", "*", "*", "Asia/Shanghai")


def test_interval_entries_still_work_and_nothing_is_created_twice():
    outbox = PeriodicTask.objects.select_related("interval").get(name="outbox: publish waiting work")
    count = PeriodicTask.objects.count()
    task = PeriodicTask.objects.get(name="appraisal: remind of self-assessments due and reviews overdue")
    task.crontab.hour = "9"
    task.crontab.save()

    ensure_schedules()

    assert (outbox.interval.every, outbox.interval.period, outbox.crontab) == (60, "seconds", None)
    assert PeriodicTask.objects.count() == count
    assert crontab_of("appraisal: remind of self-assessments due and reviews overdue")[2] == "9"  # the admin's edit
