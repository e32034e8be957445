"""Celery tasks (queued through the outbox; periodic ones in outbox/schedules.py). Each is idempotent and calls a
service."""

from celery import shared_task

from .services import exams, hours, sessions


@shared_task
def assign_induction(probation_id):
    """A new probation: give the new hire the department's induction exam."""
    return {"assigned": exams.induction_assign(probation_id=probation_id) is not None}


@shared_task
def assign_induction_exams():
    """Hourly: any new hire still without the induction exam gets it once one is open."""
    return {"assigned": exams.induction_assign_waiting()}


@shared_task
def expire_overdue_attempts():
    """Papers left open past their time limit are handed in with the answers saved before it."""
    return {"handed_in": exams.expire_overdue_attempts()}


@shared_task
def remind_upcoming_sessions():
    """The day before a session, the people on its list are reminded."""
    return {"sessions": sessions.remind_upcoming_sessions()}


@shared_task
def remind_behind_on_hours():
    """On the policy's reminder days (Q3, Q4, a month before the year ends): people behind and their leaders."""
    return {"people": hours.remind_behind_on_hours()}
