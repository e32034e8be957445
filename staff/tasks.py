"""Celery's autodiscovery imports each app's tasks module; the staff app's tasks live beside their domain."""

from .hiring_tasks import notice_reminders, probation_reminders  # noqa: F401
