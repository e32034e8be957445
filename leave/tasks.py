"""Beat tasks (outbox/schedules.py). Each is idempotent and calls a service."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def remind_overdue_returns():
    """A leave not closed by its end date: the leaders (and the person) are reminded once."""
    return {"reminded": services.remind_overdue_returns()}


@shared_task
def open_leave_year():
    """On 1 January (and any day after, harmlessly): open the year's annual leave with the carry-over."""
    return {"opened": services.balances_open_year(year=timezone.localdate().year)}


@shared_task
def recount_year(year):
    """Queued when a year's holiday notice is loaded (workcalendar): every leave in that year counted again."""
    return services.leave_recount_year(year=year)
