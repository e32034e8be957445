"""Pushes to WeCom/DingTalk robots, against a real local HTTP server: the message, the signature, the errcode,
retries with backoff then a report, the robots' rate (spread, never dropped), who gets what, secrets kept secret."""

import datetime
import json

import pytest
import time_machine
from django.conf import settings as project_settings
from django.utils import timezone

from audit.models import AuditEntry
from core.errors import ServiceError
from notifications import push
from notifications.models import Notification, PushChannel, PushDelivery, PushPreference
from notifications.services import notify, work_done

from .robot import (DINGTALK_PATH, OK, SECRET, dingtalk_accepts, dingtalk_channel, query, received,  # noqa: F401
                    robot, wecom_accepts, wecom_channel, wecom_webhook)

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def own_robot(org, robot):
    """The head pushes everything to his own WeCom robot."""
    channel = wecom_channel(robot, by=org.head, owner=org.head, name="查理的机器人")
    push.preference_save(user=org.head, source=PushPreference.Source.OWN, scope=PushPreference.Scope.ALL)
    return channel


def notify_committed(capture, **kwargs):
    with capture(execute=True):
        return notify(**kwargs)


def test_a_wecom_robot_receives_the_notification_as_markdown_with_an_absolute_link(
        org, robot, own_robot, django_capture_on_commit_callbacks):
    wecom_accepts(robot)

    notify_committed(django_capture_on_commit_callbacks, recipient=org.head, subject="待您审批：艾丽 · 年假",
                     body="艾丽的申请在“科室负责人审批”步骤等待您审批。", url="/approvals/7/", work=org.it)

    assert received(robot) == [{"msgtype": "markdown", "markdown": {"content": (
        "**待您审批：艾丽 · 年假**\n"
        "> 艾丽的申请在“科室负责人审批”步骤等待您审批。\n"
        f"[Open in Xinke]({project_settings.SITE_URL}/approvals/7/)")}}]
    delivery = PushDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("sent", 1, "")
    assert PushChannel.objects.get().last_sent_at is not None


def test_a_dingtalk_robot_receives_a_signed_message(org, robot, django_capture_on_commit_callbacks):
    dingtalk_accepts(robot)
    dingtalk_channel(robot, by=org.head, owner=org.head)
    push.preference_save(user=org.head, source=PushPreference.Source.OWN, scope=PushPreference.Scope.WORK)

    notify_committed(django_capture_on_commit_callbacks, recipient=org.head, subject="待您确认：违纪记录",
                     url="/discipline/3/", work=org.it)

    [body] = received(robot)
    assert body["markdown"]["title"] == "待您确认：违纪记录"
    assert body["markdown"]["text"].startswith("**待您确认：违纪记录**\n[Open in Xinke](")
    assert PushDelivery.objects.get().state == "sent"  # the server checked the signature (else errcode 310000)
    assert abs(int(query(robot)["timestamp"]) - timezone.now().timestamp() * 1000) < 60_000


def test_a_wrong_signing_secret_is_a_failure_even_with_http_200(org, robot, django_capture_on_commit_callbacks):
    dingtalk_accepts(robot, secret="SEC-the-robots-real-secret")
    dingtalk_channel(robot, by=org.head, owner=org.head, secret="SEC-a-mistyped-one")
    push.preference_save(user=org.head, source=PushPreference.Source.OWN, scope=PushPreference.Scope.WORK)

    notify_committed(django_capture_on_commit_callbacks, recipient=org.head, subject="待您处理", work=org.it)

    delivery = PushDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("waiting", 1, "errcode 310000: sign not match")


def test_an_errcode_is_retried_with_backoff_then_reported_to_admins_and_the_owner(
        org, robot, own_robot, clock, django_capture_on_commit_callbacks):
    wecom_accepts(robot, reply={"errcode": 93000, "errmsg": "invalid webhook url"})
    notify_committed(django_capture_on_commit_callbacks, recipient=org.head, subject="待您审批", work=org.it)
    delivery = PushDelivery.objects.get()

    waits = []
    for _attempt in range(4):
        delivery.refresh_from_db()
        assert delivery.state == "waiting"
        waits.append(int((delivery.next_attempt_at - timezone.now()).total_seconds() // 60))
        clock.move_to(delivery.next_attempt_at)
        assert push.deliveries_due() == [delivery.pk]
        push.push_due()

    delivery.refresh_from_db()
    assert waits == [1, 2, 4, 8]
    assert (delivery.state, delivery.attempts, delivery.last_error) == (
        "failed", 5, "errcode 93000: invalid webhook url")
    assert len(robot.log) == 5
    channel = PushChannel.objects.get()
    assert (channel.failing_since, channel.last_error) == (timezone.now(), "errcode 93000: invalid webhook url")
    reports = Notification.objects.filter(subject="Pushes to 查理的机器人 (WeCom group robot (企业微信群机器人)) are failing")
    assert sorted(reports.values_list("recipient__username", "kind", "url")) == [
        ("1100", "work", "/notifications/settings/"),
        ("9100", "work", f"/admin/notifications/pushchannel/{channel.pk}/change/")]
    assert PushDelivery.objects.count() == 1  # the report about the robot is not pushed to it


def test_a_channel_that_works_again_ends_the_failure_report(
        org, robot, own_robot, clock, django_capture_on_commit_callbacks):
    own_robot.failing_since, own_robot.last_error = timezone.now(), "HTTP 502"
    own_robot.save()
    notify(recipient=org.admin, subject="Pushes are failing", work=own_robot, push=False)
    wecom_accepts(robot)

    notify_committed(django_capture_on_commit_callbacks, recipient=org.head, subject="请假已批准")

    own_robot.refresh_from_db()
    assert (own_robot.failing_since, own_robot.last_error) == (None, "")
    assert Notification.objects.get(subject="Pushes are failing").outcome == "done"


def test_nothing_is_lost_while_the_robot_is_unreachable(org, robot, clock, django_capture_on_commit_callbacks):
    # The robot's host answers nothing: a port where nobody listens.
    channel = push.channel_save(by=org.head, kind="wecom", name="断网", owner=org.head,
                                webhook=wecom_webhook(robot).replace(str(robot.port), "9"))
    push.preference_save(user=org.head, source=PushPreference.Source.OWN, scope=PushPreference.Scope.ALL)
    notify_committed(django_capture_on_commit_callbacks, recipient=org.head, subject="请假已批准")
    delivery = PushDelivery.objects.get()
    assert (delivery.state, delivery.last_error.startswith("unreachable: ")) == ("waiting", True)
    assert "KEY-1" not in delivery.last_error

    # The network is back: the beat's push_due sends it at its retry time.
    channel.webhook_encrypted = push.encrypt(wecom_webhook(robot))
    channel.save()
    wecom_accepts(robot)
    clock.move_to(delivery.next_attempt_at)
    assert push.push_due() == 1

    assert [body["markdown"]["content"].splitlines()[0] for body in received(robot)] == ["**请假已批准**"]


def test_pushes_over_the_rate_wait_for_the_next_minute_and_none_is_dropped(
        org, robot, own_robot, clock, django_capture_on_commit_callbacks):
    wecom_accepts(robot)

    for n in range(25):
        notify_committed(django_capture_on_commit_callbacks, recipient=org.head, subject=f"消息{n}")
        clock.shift(datetime.timedelta(seconds=1))

    assert len(robot.log) == 20
    waiting = PushDelivery.objects.filter(state="waiting")
    assert waiting.count() == 5
    assert {d.next_attempt_at for d in waiting} == {NOW + datetime.timedelta(seconds=60)}  # the first slot freed
    assert push.push_due() == 0  # at 09:00:25 the minute is still full

    # Each second from 09:01:00 one of the first minute's slots frees up.
    clock.move_to(NOW + datetime.timedelta(seconds=60))
    sent = []
    for _second in range(5):
        sent.append(push.push_due())
        clock.shift(datetime.timedelta(seconds=1))

    assert sent == [1, 1, 1, 1, 1]
    assert sorted(body["markdown"]["content"].splitlines()[0] for body in received(robot)) == sorted(
        f"**消息{n}**" for n in range(25))
    times = sorted(PushDelivery.objects.values_list("sent_at", flat=True))
    assert len(times) == 25
    assert min(later - earlier for earlier, later in zip(times, times[20:])) >= datetime.timedelta(seconds=60)


def test_a_push_is_sent_once_even_when_asked_twice(org, robot, own_robot, django_capture_on_commit_callbacks):
    wecom_accepts(robot)
    notify_committed(django_capture_on_commit_callbacks, recipient=org.head, subject="请假已批准")
    delivery = PushDelivery.objects.get()

    assert push.delivery_send(delivery.pk) is None
    assert push.push_due() == 0
    assert len(robot.log) == 1


def test_a_push_left_sending_by_a_killed_worker_is_sent_again(org, robot, own_robot, clock):
    wecom_accepts(robot)
    delivery = PushDelivery.objects.create(channel=own_robot, title="t", text="**t**", state="sending",
                                           attempted_at=timezone.now(), attempts=1)

    assert push.deliveries_due() == []
    clock.shift(push.STALE_SENDING + datetime.timedelta(seconds=1))
    assert push.push_due() == 1

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 2)


# Who gets what ----------------------------------------------------------------------------------------------------

@pytest.fixture
def department_robot(org, robot):
    """信息科's group robot, set by the admin."""
    return wecom_channel(robot, by=org.admin, department=org.it, key="DEPT")


def test_a_departments_group_gets_only_work_with_the_persons_name_and_no_details(
        org, robot, department_robot, django_capture_on_commit_callbacks):
    wecom_accepts(robot, key="DEPT")

    notify_committed(django_capture_on_commit_callbacks, recipient=org.head, subject="请假已批准",
                     body="艾丽的年假 3 天")
    notify_committed(django_capture_on_commit_callbacks, recipient=org.head, subject="待您审批：艾丽 · 年假",
                     body="身份证号 11010519491231002X", url="/approvals/7/", work=org.it)
    notify_committed(django_capture_on_commit_callbacks, recipient=org.outsider, subject="心内科的待办", work=org.ward)

    assert [body["markdown"]["content"] for body in received(robot)] == [
        f"**查理: 待您审批：艾丽 · 年假**\n[Open in Xinke]({project_settings.SITE_URL}/approvals/7/)"]


def test_a_person_may_turn_pushes_off_or_choose_news_too(org, robot, own_robot, department_robot):
    work = notify(recipient=org.head, subject="待办", work=org.it)
    push.preference_save(user=org.head, source=PushPreference.Source.OFF, scope=PushPreference.Scope.ALL)
    assert push.channel_for(org.head, Notification.Kind.WORK) == (None, False)
    push.preference_save(user=org.head, source=PushPreference.Source.OWN, scope=PushPreference.Scope.WORK)
    assert push.channel_for(org.head, Notification.Kind.WORK) == (own_robot, False)
    assert push.channel_for(org.head, Notification.Kind.NEWS) == (None, False)
    push.preference_save(user=org.head, source=PushPreference.Source.DEPARTMENT, scope=PushPreference.Scope.ALL)
    assert push.channel_for(org.head, Notification.Kind.WORK) == (department_robot, True)
    assert push.channel_for(org.head, Notification.Kind.NEWS) == (None, False)
    assert push.channel_for(org.outsider, Notification.Kind.WORK) == (None, False)  # 心内科 has no robot
    assert PushDelivery.objects.filter(notification=work).count() == 1


def test_a_switched_off_channel_receives_nothing(org, robot, own_robot):
    push.channel_save(by=org.head, channel=own_robot, kind="wecom", name=own_robot.name, is_active=False)

    notify(recipient=org.head, subject="待办", work=org.it)

    assert PushDelivery.objects.count() == 0


def test_choosing_where_to_push_costs_a_few_queries(org, robot, department_robot, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert push.channel_for(org.head, Notification.Kind.WORK) == (department_robot, True)


# Channels: checks, secrets, audit ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, webhook, secret, message", [
    ("wecom", "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", "",
     "Paste the robot's whole webhook address, starting with https://."),
    ("wecom", "https://169.254.169.254/latest/meta-data?key=K", "",
     "Pushes go only to localhost (PUSH_WEBHOOK_HOSTS); not to 169.254.169.254."),
    ("wecom", "{server}/cgi-bin/webhook/send", "", "This is not a WeCom group robot (企业微信群机器人) webhook: its "
                                                  "address has no “key=”."),
    ("dingtalk", "{server}/robot/send?access_token=T", "", "Enter the robot's signing secret (加签, it starts with SEC)."),
    ("fax", "{server}/x?key=K", "", "Choose WeCom or DingTalk."),
])
def test_a_webhook_that_is_not_a_robots_is_refused(org, robot, kind, webhook, secret, message, settings):
    settings.PUSH_WEBHOOK_HOSTS = ["localhost"]
    webhook = webhook.format(server=robot.url_for("").rstrip("/").replace("127.0.0.1", "localhost"))

    with pytest.raises(ServiceError) as refused:
        push.channel_save(by=org.head, kind=kind, name="我的机器人", owner=org.head, webhook=webhook, secret=secret)

    assert refused.value.message == message
    assert PushChannel.objects.count() == 0


def test_secrets_are_stored_encrypted_and_audited_without_them(org, robot):
    channel = dingtalk_channel(robot, by=org.admin, department=org.it)

    stored = PushChannel.objects.filter(pk=channel.pk).values("webhook_encrypted", "secret_encrypted").get()
    assert "TOKEN-1" not in stored["webhook_encrypted"] and SECRET not in stored["secret_encrypted"]
    assert push.decrypt(stored["secret_encrypted"]) == SECRET
    push.channel_save(by=org.admin, channel=channel, kind="dingtalk", name="信息科钉钉群", secret="SEC-new")
    entries = AuditEntry.objects.filter(object_type="notifications.pushchannel").order_by("pk")
    assert [entry.action for entry in entries] == ["notifications.channel.create", "notifications.channel.change"]
    logged = json.dumps([[entry.before, entry.after] for entry in entries], ensure_ascii=False)
    assert "TOKEN-1" not in logged and "SEC" not in logged
    assert entries[1].after == {"kind": "dingtalk", "name": "信息科钉钉群", "person": "", "department": "信息科",
                                "active": True, "webhook": channel.webhook_hint, "signing_secret": True,
                                "webhook_changed": False, "secret_changed": True}
    assert channel.webhook_hint.startswith("localhost …") and channel.webhook_hint.endswith("EN-1")


def test_one_channel_per_person_and_per_department(org, robot):
    wecom_channel(robot, by=org.admin, department=org.it)

    with pytest.raises(ServiceError) as refused:
        wecom_channel(robot, by=org.admin, department=org.it)

    assert refused.value.message == "There is already a channel for 信息科."


def test_rotating_the_key_keeps_the_secrets_readable(org, robot, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PUSH_CHANNEL_KEYS = [old]
    channel = dingtalk_channel(robot, by=org.admin, department=org.it)
    settings.PUSH_CHANNEL_KEYS = [new, old]

    call_command("rotate_push_secrets", stdout=open("/dev/null", "w"))

    settings.PUSH_CHANNEL_KEYS = [new]
    channel.refresh_from_db()
    assert push.decrypt(channel.secret_encrypted) == SECRET
    assert AuditEntry.objects.filter(action="notifications.channel.rotate").count() == 1


def test_a_malformed_key_is_a_system_check_error(settings):
    from notifications.apps import check_push_keys

    settings.PUSH_CHANNEL_KEYS = ["not-a-fernet-key"]

    assert [error.id for error in check_push_keys()] == ["notifications.E001"]
    settings.PUSH_CHANNEL_KEYS = []
    assert check_push_keys() == []


def test_a_channel_removed_ends_its_failure_report(org, robot, own_robot):
    notify(recipient=org.admin, subject="Pushes are failing", work=own_robot, push=False)

    push.channel_delete(channel=own_robot, by=org.head)

    assert (Notification.objects.get().outcome, PushChannel.objects.count()) == ("cancelled", 0)
    assert AuditEntry.objects.filter(action="notifications.channel.delete").count() == 1
    assert work_done(own_robot) == 0


def test_pushes_speak_the_sites_language_whatever_the_request(org, robot, own_robot, settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("en"):
        notification = notify(recipient=org.head, subject="待您审批：艾丽 · 年假", url="/approvals/7/", work=org.it)

    assert PushDelivery.objects.get(notification=notification).text == (
        f"**待您审批：艾丽 · 年假**\n[在信科中打开]({settings.SITE_URL}/approvals/7/)")
