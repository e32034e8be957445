import logging
import threading

from celery import current_app
from celery.exceptions import NotRegistered
from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)


def enqueue(task_name, *args, background=False):
    """Queue a task by name with JSON arguments (ids, not objects).

    The row is written in the caller's transaction, so work is never queued for a change that
    rolled back, and never lost when the broker is down: flush_outbox publishes what is left.

    background=True is for long work a person watches (an export with a progress bar). With a broker
    it changes nothing. On the embedded default (eager tasks, no worker) the task would otherwise run
    inside the HTTP request that queued it, so the page could show no progress: instead a daemon
    thread of this process publishes (and so runs) it once the transaction has committed, and the
    request answers at once. If the process dies first, the message is still pending and the beat
    task outbox.tasks.flush runs it. Tests turn the thread off (OUTBOX_BACKGROUND_THREADS) and run the
    task inline as before.
    """
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args))
    if background and runs_in_thread():
        transaction.on_commit(lambda: start_background(message.pk))
    else:
        transaction.on_commit(lambda: publish(message.pk))
    return message


def runs_in_thread():
    return current_app.conf.task_always_eager and getattr(settings, "OUTBOX_BACKGROUND_THREADS", False)


def start_background(message_id):
    thread = threading.Thread(target=_publish_in_thread, args=(message_id,), name=f"outbox-{message_id}",
                              daemon=True)
    thread.start()
    return thread


def _publish_in_thread(message_id):
    try:
        publish(message_id)
    except Exception:  # noqa: BLE001 - the task records its own failure; never kill the server
        logger.exception("Background work %s failed", message_id)
    finally:
        connections.close_all()  # this thread's connections only


def publish(message_id):
    """Hand one message to the broker (or, with no broker, run it here). True once handed over."""
    if current_app.conf.task_always_eager:
        # In-process (the embedded default): claim the message with one conditional UPDATE in autocommit, then
        # run the task outside any lock. A background thread and the beat's flush may race for the same message;
        # on SQLite a read-then-write transaction would fail at once ("database is locked") instead of waiting.
        claimed = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1)
        if not claimed:
            return True
        message = OutboxMessage.objects.get(pk=message_id)
        registered_task(message.task_name).apply(args=message.args)
        return True
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id, sent_at__isnull=True).first()
        if message is None:
            return True
        message.attempts += 1
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


_import_lock = threading.Lock()


def registered_task(task_name):
    """The task object by name. Outside a worker Celery imports the apps' tasks modules only on demand; two
    threads asking at once (the dev server's requests, eager tasks) would otherwise see a half-done import."""
    try:
        return current_app.tasks[task_name]
    except NotRegistered:
        with _import_lock:
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

