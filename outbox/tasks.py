from celery import shared_task

from .services import flush_outbox


@shared_task
def flush():
    """Beat task: publish work that waited while the broker was down."""
    return flush_outbox()
