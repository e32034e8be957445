from celery import shared_task

from .services import deadlines_recount, process_deadlines


@shared_task
def deadlines():
    """Beat task: remind assignees of overdue steps and escalate the ones left too long."""
    reminded, escalated = process_deadlines()
    return {"reminded": reminded, "escalated": escalated}


@shared_task
def recount_deadlines(year):
    """Queued when a year's holiday notice is loaded: provisional step deadlines counted again."""
    return {"recounted": deadlines_recount(year=year)}
