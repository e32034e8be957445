import logging

from celery import current_app
from celery.exceptions import NotRegistered
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)


def enqueue(task_name, *args):
    """Queue a task by name with JSON arguments (ids, not objects).

    The row is written in the caller's transaction, so work is never queued for a change that
    rolled back, and never lost when the broker is down: flush_outbox publishes what is left.
    """
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args))
    transaction.on_commit(lambda: publish(message.pk))
    return message


def publish(message_id):
    """Hand one message to the broker (or, with no broker, run it here). True once handed over."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id, sent_at__isnull=True).first()
        if message is None:
            return True
        message.attempts += 1
        if current_app.conf.task_always_eager:
            message.sent_at = timezone.now()
            message.save(update_fields=["attempts", "sent_at"])
        else:
            try:
                current_app.send_task(message.task_name, args=message.args, retry=False)
            except Exception as error:  # noqa: BLE001 - any broker failure leaves the message for later
                logger.warning("Broker unavailable for %s: %s", message, error)
                message.last_error = str(error)[:2000]
                message.save(update_fields=["attempts", "last_error"])
                return False
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save(update_fields=["attempts", "sent_at", "last_error"])
            return True
    # In-process (the embedded default): run the task after the row is marked, outside the lock.
    registered_task(message.task_name).apply(args=message.args)
    return True


def registered_task(task_name):
    """The task object by name. Outside a worker Celery imports the apps' tasks modules only on demand."""
    try:
        return current_app.tasks[task_name]
    except NotRegistered:
        current_app.loader.import_default_modules()  # runs autodiscover_tasks() of config/celery.py
        return current_app.tasks[task_name]


def flush_outbox(limit=500):
    """Publish messages that could not be handed over earlier, oldest first. Returns how many went."""
    sent = 0
    for message_id in OutboxMessage.objects.pending().values_list("pk", flat=True)[:limit]:
        if not publish(message_id):
            break
        sent += 1
    return sent

