"""Beat tasks (outbox/schedules.py). Each is idempotent and calls a service."""

from celery import shared_task

from .services import calls, feeds, handover, patrols


@shared_task
def remind_tomorrow():
    """From the policy's hour on, people with a duty tomorrow are reminded (once per duty)."""
    return {"reminded": feeds.remind_tomorrow()}


@shared_task
def propose_missing_handovers():
    """Shifts not handed over (F10) or not taken over (F11) after the grace period are proposed to the head."""
    return {"proposed": handover.propose_missing()}


@shared_task
def check_open_calls():
    """Open fault calls that have just missed a target get their finding while still open."""
    return {"found": calls.check_open_calls()}


@shared_task
def propose_missed_patrols():
    """Weeks without a confirmed patrol visit, once the confirmation grace is over, are proposed as F15."""
    return {"proposed": patrols.propose_missed_weeks()}
