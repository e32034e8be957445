"""Long work on the embedded default (eager tasks, no worker): enqueue(..., background=True) runs it in a thread
after commit, so the HTTP request answers at once and the page can show progress. Tests otherwise run it inline."""

import pytest
from django.db import transaction

from notifications.models import Notification
from outbox import services
from outbox.models import OutboxMessage
from tests.factories import UserFactory

TASK = "notifications.tasks.email_notification"


def notification():
    return Notification.objects.create(recipient=UserFactory(), subject="导出完成", body="", url="/")


@pytest.mark.django_db
def test_in_tests_background_work_still_runs_inline_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    started = []
    monkeypatch.setattr(services, "start_background", started.append)

    with django_capture_on_commit_callbacks(execute=True):
        message = services.enqueue(TASK, notification().pk, background=True)

    message.refresh_from_db()
    assert (started, message.sent_at is not None, message.attempts) == ([], True, 1)


@pytest.mark.django_db
def test_with_threads_on_the_request_only_starts_a_thread(django_capture_on_commit_callbacks, monkeypatch, settings):
    settings.OUTBOX_BACKGROUND_THREADS = True
    started = []
    monkeypatch.setattr(services, "start_background", started.append)

    with django_capture_on_commit_callbacks(execute=True):
        message = services.enqueue(TASK, notification().pk, background=True)
        ordinary = services.enqueue(TASK, notification().pk)

    message.refresh_from_db()
    ordinary.refresh_from_db()
    assert (started, message.sent_at, message.attempts) == ([message.pk], None, 0)
    assert ordinary.sent_at is not None  # work not marked background still runs at once


@pytest.mark.django_db(transaction=True)
def test_the_thread_runs_the_work_once_and_a_racing_flush_does_not_run_it_again(settings, monkeypatch):
    settings.OUTBOX_BACKGROUND_THREADS = True
    runs = []
    monkeypatch.setattr(services, "registered_task", lambda name: type("T", (), {
        "apply": staticmethod(lambda args: runs.append(tuple(args)))}))
    with transaction.atomic():
        message = OutboxMessage.objects.create(task_name=TASK, args=[7])

    services.start_background(message.pk).join(timeout=10)
    services.flush_outbox()

    message.refresh_from_db()
    assert (runs, message.attempts, message.sent_at is not None) == ([(7,)], 1, True)
