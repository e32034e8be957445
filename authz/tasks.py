"""Beat tasks (outbox/schedules.py). Each is idempotent and calls a service."""

from celery import shared_task

from . import services


@shared_task
def expire_external_access():
    """End outside technicians' access whose window is over (外来技术人员: 限时授权)."""
    return {"expired": services.external_access_expire_due()}


@shared_task
def open_access_reviews():
    """Open this quarter's access reviews once, and remind the leaders of reviews left open too long."""
    return {"opened": services.access_reviews_open(), "reminded": services.access_review_reminders()}


@shared_task
def remind_password_change():
    """Remind new account holders who have not confirmed changing the initial password (当天修改初始口令)."""
    return {"reminded": services.password_change_reminders()}
