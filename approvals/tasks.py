from celery import shared_task

from .services import process_deadlines


@shared_task
def deadlines():
    """Beat task: remind assignees of overdue steps and escalate the ones left too long."""
    reminded, escalated = process_deadlines()
    return {"reminded": reminded, "escalated": escalated}
