"""Background work of the appraisal cycle. Each task takes plain arguments, is idempotent and calls a service."""

from celery import shared_task
from django.utils import timezone

from . import services
from .models import month_start, parse_month


def _period(month):
    return parse_month(month) if month else month_start(timezone.localdate())


@shared_task
def create_month_scorecards(month=None):
    """Beat task on the 1st: the month's scorecard for every active staff member (again: creates nothing)."""
    return services.scorecards_create_for_month(period=_period(month))


@shared_task
def send_reminders():
    """Beat task, daily: self-assessments due soon, reviews overdue."""
    return services.reminders_send()


@shared_task
def rollup_month(month, user_id=None):
    from staff.models import User

    by = User.objects.filter(pk=user_id).first() if user_id else None
    result = services.month_rollup(period=parse_month(month), by=by)
    return {"scorecards": result.scorecards, "completed": result.completed, "closed": result.newly_closed}


@shared_task
def rollup_due_months():
    """Beat task, daily: close the months whose review deadline has passed (the policy's day; again: nothing)."""
    return [period.strftime("%Y-%m") for period in services.rollup_due_months()]


@shared_task
def run_export(job_id):
    services.export_job_run(job_id=job_id)


@shared_task
def fail_stalled_exports():
    """Beat task: exports whose progress stopped are shown as failed, to be started again."""
    return {"failed": services.export_jobs_fail_stalled()}
