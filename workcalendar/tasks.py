"""Beat task (outbox/schedules.py); idempotent."""

from celery import shared_task

from . import services


@shared_task
def remind_to_load_next_year():
    """November and December: HR and administrators are reminded to load next year's holiday notice."""
    return {"reminded": services.remind_to_load_next_year()}
