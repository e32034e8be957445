"""Beat schedules live in django-celery-beat's tables so admins can change them in Django admin.

They are created once with these defaults; an admin's later edits are kept.
"""

DEFAULT_SCHEDULES = [
    # (name, task, every N seconds)
    ("outbox: publish waiting work", "outbox.tasks.flush", 60),
]


def ensure_schedules():
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    for name, task, seconds in DEFAULT_SCHEDULES:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        interval, _ = IntervalSchedule.objects.get_or_create(every=seconds, period=IntervalSchedule.SECONDS)
        PeriodicTask.objects.create(name=name, task=task, interval=interval)


def ensure_schedules_after_migrate(**kwargs):
    ensure_schedules()
