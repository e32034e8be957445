"""Celery beat tasks of hiring and probation. Idempotent: each reminder is sent once and marked."""

from celery import shared_task

from . import services


@shared_task
def notice_reminders():
    """Remind 人事科 of passed candidates whose start date is due to be notified (the 3-day notice)."""
    return {"reminded": services.candidates.send_notice_reminders()}


@shared_task
def probation_reminders():
    """Remind the head and 人事科 before a probation ends, and once more when it is overdue."""
    before, overdue = services.probations.send_probation_reminders()
    return {"before_end": before, "overdue": overdue}


@shared_task
def recount_notice_deadlines(year):
    """Queued when a year's holiday notice is loaded: start-date notice deadlines counted again."""
    return {"recounted": services.candidates.notice_deadlines_recount(year=year)}
