"""Redis down (issue 12.1): with the production cache and session configuration and the broker unreachable, a
person signs in, opens pages and applies for leave; the e-mails wait in the outbox and are sent once Redis is back.

The broker's port is closed (nothing listens there), as when Redis has stopped. The second test starts a real
redis-server on that port afterwards and sees the waiting work handed over.
"""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

import config.settings
from leave.models import LeaveRequest
from notifications.models import Notification
from outbox.models import OutboxMessage
from outbox.services import flush_outbox
from tests.redis_server import ThrowawayRedis, celery_broker, queued_tasks, require_redis_server

from .test_views import form_data

TASK = "notifications.tasks.email_notification"


@pytest.fixture
def redis_down(tmp_path, db):
    """A Redis address where nothing listens, and the cache configured for it as in production."""
    server = ThrowawayRedis(tmp_path)  # a free port, not started
    try:
        with override_settings(CACHES=config.settings.cache_settings(redis_url=server.url, testing=False)):
            with celery_broker(server.url):
                yield server
    finally:
        server.stop()


def sign_in_and_apply(client, org, leave_type, cover, capture):
    response = client.post(reverse("account_login"), {"login": "1101", "password": org.password})
    assert (response.status_code, response.url) == (302, reverse("home"))
    assert client.get(reverse("home")).status_code == 200
    with capture(execute=True):
        response = client.post(reverse("leave:new"), form_data(leave_type=leave_type.pk, cover=cover.pk))
    leave = LeaveRequest.objects.get()
    assert (response.status_code, response.url) == (302, reverse("leave:detail", args=[leave.pk]))
    assert client.get(response.url).status_code == 200
    return leave


def test_production_keeps_sessions_and_limits_off_redis(redis_down):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.CACHES == {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                           "LOCATION": "xinke_cache"}}


def test_redis_down_sign_in_and_leave_work_and_the_mail_waits(client, org, types, colleague, redis_down,
                                                             django_capture_on_commit_callbacks):
    sign_in_and_apply(client, org, types["personal"], colleague, django_capture_on_commit_callbacks)

    notified = Notification.objects.get(recipient=org.supervisor)
    waiting = list(OutboxMessage.objects.pending())
    assert [(message.task_name, message.args) for message in waiting] == [(TASK, [notified.pk])]
    assert waiting[0].attempts == 1
    assert "Connection refused" in waiting[0].last_error
    assert notified.emailed_at is None


@pytest.mark.redis
def test_once_redis_is_back_the_waiting_mail_is_handed_over(client, org, types, colleague, redis_down,
                                                           django_capture_on_commit_callbacks):
    require_redis_server()
    sign_in_and_apply(client, org, types["personal"], colleague, django_capture_on_commit_callbacks)
    notified = Notification.objects.get(recipient=org.supervisor)
    assert OutboxMessage.objects.pending().count() == 1

    redis_down.start()  # Redis comes back on the same address
    assert flush_outbox() == 1

    assert OutboxMessage.objects.pending().count() == 0
    assert queued_tasks(redis_down) == [(TASK, [notified.pk])]
