"""Beat task (outbox/schedules.py): idempotent, calls the service."""

from celery import shared_task

from . import services


@shared_task
def apply_due_handovers():
    """On the date of a completed departure or transfer: disable sign-in or move the profile (once)."""
    return {"applied": services.apply_due_handovers()}
