"""The transactional outbox (outbox/services.py).

- eager mode (the test default): work runs only after the transaction commits, never after a rollback;
- Redis down or hung: the request still answers quickly and the work waits in the outbox until
  flush_outbox hands it to the broker once Redis is back (a throwaway redis-server of our own);
- a real Celery worker, end to end, against REDIS_URL and the test database.
"""

import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, transaction

from config import celery_app
from notifications.models import Notification
from notifications.services import notify
from outbox.models import OutboxMessage
from outbox.services import enqueue, flush_outbox, publish
from tests.factories import UserFactory
from tests.redis_server import celery_broker, queued_tasks, throwaway_redis  # noqa: F401 (a fixture)

TASK = "notifications.tasks.email_notification"
ROOT = Path(__file__).resolve().parents[2]
# A correctness bound for "the request does not hang", not a performance target.
REQUEST_BOUND_SECONDS = 5
WORKER_WAIT_SECONDS = 30


def make_notification(subject="排班已发布"):
    recipient = UserFactory()
    return Notification.objects.create(recipient=recipient, subject=subject, body="请查看。", url="/roster/")


# --- eager mode (CELERY_TASK_ALWAYS_EAGER in tests) -------------------------------------------------


@pytest.mark.django_db
def test_enqueue_runs_the_task_only_after_commit(django_capture_on_commit_callbacks, mailoutbox):
    notification = make_notification()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            message = enqueue(TASK, notification.pk)
        # Written in the transaction, not yet published nor run.
        assert OutboxMessage.objects.get(pk=message.pk).sent_at is None
        assert mailoutbox == []

    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.attempts == 1
    assert message.last_error == ""
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert [mail.to for mail in mailoutbox] == [[notification.recipient.email]]


@pytest.mark.django_db(transaction=True)
def test_notify_in_a_committed_transaction_sends_the_mail_once(mailoutbox):
    recipient = UserFactory()

    with transaction.atomic():
        notification = notify(recipient=recipient, subject="培训提醒", body="明天上午九点。")
        assert mailoutbox == []

    message = OutboxMessage.objects.get()
    assert (message.task_name, message.args) == (TASK, [notification.pk])
    assert message.sent_at is not None
    assert len(mailoutbox) == 1
    # Publishing the same message again neither re-runs the task nor sends a second mail.
    assert publish(message.pk) is True
    assert flush_outbox() == 0
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_nothing_runs_when_the_transaction_rolls_back(mailoutbox):
    notification = make_notification()

    with pytest.raises(RuntimeError):
        with transaction.atomic():
            enqueue(TASK, notification.pk)
            raise RuntimeError("the change is refused")

    assert not OutboxMessage.objects.exists()
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


@pytest.mark.django_db
def test_flush_outbox_runs_work_left_pending(mailoutbox):
    notification = make_notification()
    message = OutboxMessage.objects.create(task_name=TASK, args=[notification.pk])  # e.g. the broker was down

    assert flush_outbox() == 1
    message.refresh_from_db()
    assert message.sent_at is not None
    assert len(mailoutbox) == 1
    assert flush_outbox() == 0


# --- Redis down: a throwaway redis-server of our own ------------------------------------------------


def timed_enqueue(*args):
    started = time.monotonic()
    with transaction.atomic():  # as in a view: the publish happens on commit
        message = enqueue(*args)
    return message, time.monotonic() - started


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_redis_down_the_request_answers_and_the_work_waits_until_flushed(throwaway_redis):
    notification = make_notification()

    with celery_broker(throwaway_redis.url):
        # A pooled connection that worked before Redis went away, as in a running web process.
        with celery_app.pool.acquire(block=True, timeout=2) as broker_connection:
            broker_connection.ensure_connection(max_retries=1)
        throwaway_redis.stop()

        message, elapsed = timed_enqueue(TASK, notification.pk)

        assert elapsed < REQUEST_BOUND_SECONDS, f"enqueue took {elapsed:.1f} s with Redis down"
        message.refresh_from_db()
        assert message.sent_at is None
        assert message.attempts == 1
        assert message.last_error
        assert flush_outbox() == 0  # still down: nothing handed over, nothing lost
        message.refresh_from_db()
        assert message.sent_at is None
        assert message.attempts == 2

        throwaway_redis.start()  # same port, empty
        assert flush_outbox() == 1

    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.last_error == ""
    assert queued_tasks(throwaway_redis) == [(TASK, [notification.pk])]
    with contextlib.closing(throwaway_redis.client()) as client:
        assert client.llen("celery") == 1


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_redis_hung_the_request_answers_within_the_socket_timeout(throwaway_redis):
    """A frozen Redis accepts connections and never answers; without socket timeouts publish hangs forever."""
    notification = make_notification()

    with celery_broker(throwaway_redis.url):
        throwaway_redis.pause()

        message, elapsed = timed_enqueue(TASK, notification.pk)

        assert elapsed < REQUEST_BOUND_SECONDS, f"enqueue took {elapsed:.1f} s with Redis frozen"
        message.refresh_from_db()
        assert message.sent_at is None
        assert message.last_error

        throwaway_redis.resume()
        assert flush_outbox() == 1

    message.refresh_from_db()
    assert message.sent_at is not None
    # At least once: a publish that timed out may still have reached Redis; the task is idempotent.
    assert (TASK, [notification.pk]) in queued_tasks(throwaway_redis)


# --- a real Celery worker ----------------------------------------------------------------------------


def worker_database_url():
    """DATABASE_URL of the test database pytest-django created (its name differs from DATABASE_URL's)."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a shared test database: set DATABASE_URL to PostgreSQL")
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A `celery -A config worker --pool=solo` with production settings, on REDIS_URL and the test database."""
    database_url = worker_database_url()
    env = {key: value for key, value in os.environ.items() if key not in {"XINKE_TESTING", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        DB_CONN_MAX_AGE="0",  # no connection left to the test database when the worker stops
        REDIS_URL=settings.REDIS_URL,
        DEBUG="0",
        SECRET_KEY=uuid.uuid4().hex * 2,
        AUDIT_KEY=settings.AUDIT_KEY,  # the worker appends to the test's audit chain
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",  # the mail shows in the worker's log
        PYTHONUNBUFFERED="1",
    )
    log_path = tmp_path / "worker.log"
    log = open(log_path, "wb")  # noqa: SIM115 - the child keeps it
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-c", "1", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"xinke-test-{uuid.uuid4().hex[:8]}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    log.close()
    process.log_path = log_path
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()  # warm shutdown
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_notification_mail(celery_worker):
    token = uuid.uuid4().hex
    recipient = UserFactory()

    with celery_broker(settings.REDIS_URL):
        with transaction.atomic():
            notification = notify(recipient=recipient, subject=f"worker e2e {token}", body="请查看。")

    message = OutboxMessage.objects.get()
    assert message.sent_at is not None, message.last_error

    deadline = time.monotonic() + WORKER_WAIT_SECONDS
    while True:
        notification.refresh_from_db()
        log = celery_worker.log_path.read_text(errors="replace")
        if notification.emailed_at is not None and token in log:
            break
        if celery_worker.poll() is not None:
            pytest.fail(f"the worker exited with code {celery_worker.returncode}:\n{log}")
        if time.monotonic() > deadline:
            pytest.fail(f"the worker did not send the mail within {WORKER_WAIT_SECONDS} s:\n{log}")
        time.sleep(0.2)

    assert f"Task {TASK}[" in log
    assert recipient.email in log
