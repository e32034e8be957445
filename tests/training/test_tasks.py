"""The beat tasks are scheduled (outbox/schedules.py) and each calls its service."""

from django_celery_beat.models import PeriodicTask

from outbox.schedules import ensure_schedules
from training import tasks


def test_the_training_schedules(db):
    ensure_schedules()
    assert sorted(PeriodicTask.objects.filter(task__startswith="training.").values_list("task", flat=True)) == [
        "training.tasks.assign_induction_exams", "training.tasks.expire_overdue_attempts",
        "training.tasks.remind_behind_on_hours", "training.tasks.remind_upcoming_sessions"]


def test_the_tasks_run_idempotently(org):
    assert tasks.assign_induction_exams() == {"assigned": 0}
    assert tasks.expire_overdue_attempts() == {"handed_in": 0}
    assert tasks.remind_upcoming_sessions() == {"sessions": 0}
    assert tasks.remind_behind_on_hours() == {"people": 0}
    assert tasks.assign_induction(12345) == {"assigned": False}
