"""A person's push settings page (their own robot, where and what is pushed, a test message) and the admins'
department channels in Django admin: secrets written once, never shown again."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from audit.models import AuditEntry
from notifications import push
from notifications.models import PushChannel, PushDelivery, PushPreference
from tests.html import find_all

from .robot import SECRET, dingtalk_webhook, received, robot, wecom_accepts, wecom_channel, wecom_webhook  # noqa: F401

SETTINGS = reverse("notifications:settings")


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def settings_post(robot, source="own", scope="work", kind="wecom", webhook=None, secret=""):
    return {"push-source": source, "push-scope": scope, "robot-kind": kind,
            "robot-webhook": wecom_webhook(robot) if webhook is None else webhook, "robot-secret": secret}


def test_the_page_shows_the_choices_and_the_departments_robot(client, org, robot):
    wecom_channel(robot, by=org.admin, department=org.it, key="DEPT")
    client.force_login(org.employee)

    response = client.get(SETTINGS)

    assert response.status_code == 200
    assert response.context["preference_form"].initial == {"source": "department", "scope": "work"}
    [(_tag, _attrs, text)] = find_all(response, "data-testid", "department-channel")
    assert " ".join(text.split()) == ("Your department (信息科) pushes to 信息科工作群 (WeCom group robot "
                                      "(企业微信群机器人)).")
    assert find_all(response, "data-testid", "send-test") == []


def test_a_person_sets_up_their_own_robot_which_is_never_shown_again(client, org, robot):
    client.force_login(org.head)

    response = client.post(SETTINGS, settings_post(robot, scope="all"))

    assert response.status_code == 302
    assert messages_of(response) == ["Your push settings are saved."]
    channel = PushChannel.objects.get(owner=org.head)
    assert (channel.kind, channel.name, channel.is_active) == ("wecom", "查理's robot", True)
    assert PushPreference.objects.filter(user=org.head).values_list("source", "scope").get() == ("own", "all")
    page = client.get(SETTINGS).content.decode()
    assert "KEY-1" not in page
    assert [attrs.get("value") for _tag, attrs, _text in find_all(page, "name", "robot-webhook")] == [None]
    assert find_all(page, "data-testid", "webhook-hint")[0][2] == channel.webhook_hint
    assert [entry.action for entry in AuditEntry.objects.order_by("pk")] == [
        "notifications.channel.create", "notifications.preference.change"]


def test_an_empty_webhook_keeps_the_stored_one(client, org, robot):
    channel = wecom_channel(robot, by=org.head, owner=org.head)
    client.force_login(org.head)

    client.post(SETTINGS, settings_post(robot, webhook="", scope="all"))

    channel.refresh_from_db()
    assert push.decrypt(channel.webhook_encrypted) == wecom_webhook(robot)
    assert AuditEntry.objects.filter(action="notifications.channel.change").count() == 0


@pytest.mark.parametrize("data, error", [
    ({"webhook": ""}, "Paste the robot's webhook address."),
    ({"webhook": "https://evil.example/hook?key=K"}, "Pushes go only to localhost (PUSH_WEBHOOK_HOSTS); not to "
                                                     "evil.example."),
    ({"kind": "dingtalk"}, "This is not a DingTalk custom robot (钉钉自定义机器人) webhook: its address has no "
                           "“access_token=”."),
])
def test_a_wrong_robot_is_refused_and_nothing_changes(client, org, robot, data, error):
    client.force_login(org.head)

    response = client.post(SETTINGS, settings_post(robot, **data))

    assert response.status_code == 200
    assert response.context["robot_form"].non_field_errors() == [error]
    assert (PushChannel.objects.count(), PushPreference.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)


def test_a_dingtalk_robot_needs_its_signing_secret(client, org, robot):
    client.force_login(org.head)

    refused = client.post(SETTINGS, settings_post(robot, kind="dingtalk", webhook=dingtalk_webhook(robot)))
    client.post(SETTINGS, settings_post(robot, kind="dingtalk", webhook=dingtalk_webhook(robot), secret=SECRET))

    assert refused.context["robot_form"].non_field_errors() == [
        "Enter the robot's signing secret (加签, it starts with SEC)."]
    assert push.decrypt(PushChannel.objects.get().secret_encrypted) == SECRET


def test_the_test_button_sends_a_message_now(client, org, robot):
    wecom_accepts(robot)
    wecom_channel(robot, by=org.head, owner=org.head, name="查理的机器人")
    client.force_login(org.head)

    response = client.post(reverse("notifications:push_test"))

    assert response.status_code == 302
    assert messages_of(response) == ["The test message was sent: look in the group chat."]
    [body] = received(robot)
    assert body["markdown"]["content"].startswith("**Xinke test message**\nSent by 查理 to 查理的机器人 (WeCom ")
    assert PushDelivery.objects.get().is_test is True


def test_a_failed_test_says_why(client, org, robot):
    wecom_accepts(robot, reply={"errcode": 93000, "errmsg": "invalid webhook url"})
    channel = wecom_channel(robot, by=org.head, owner=org.head)
    client.force_login(org.head)

    response = client.post(reverse("notifications:push_test"))

    assert messages_of(response) == ["The test message failed: errcode 93000: invalid webhook url"]
    channel.refresh_from_db()
    assert (channel.failing_since, len(robot.log)) == (None, 1)  # a test is tried once and reported to no one


def test_the_test_and_remove_buttons_need_a_robot_of_ones_own(client, org, robot):
    wecom_channel(robot, by=org.admin, department=org.it)
    client.force_login(org.head)

    assert client.post(reverse("notifications:push_test")).status_code == 404
    assert client.post(reverse("notifications:push_remove")).status_code == 404
    assert PushChannel.objects.count() == 1


def test_removing_my_robot_goes_back_to_the_departments(client, org, robot):
    client.force_login(org.head)
    client.post(SETTINGS, settings_post(robot))

    response = client.post(reverse("notifications:push_remove"))

    assert messages_of(response)[-1] == "Your robot is removed."
    assert PushChannel.objects.count() == 0
    assert PushPreference.objects.get(user=org.head).source == "department"
    assert AuditEntry.objects.filter(action="notifications.channel.delete").count() == 1


# Django admin: departments' robots ----------------------------------------------------------------------------

ADD = reverse("admin:notifications_pushchannel_add")


def admin_post(robot, org, **changes):
    return {"kind": "wecom", "name": "信息科工作群", "department": org.it.pk, "webhook": wecom_webhook(robot),
            "secret": "", "is_active": "on", **changes}


def test_an_admin_sets_a_departments_robot(client, org, robot):
    client.force_login(org.admin)

    response = client.post(ADD, admin_post(robot, org))

    assert response.status_code == 302
    channel = PushChannel.objects.get()
    assert (channel.department, channel.owner, channel.updated_by) == (org.it, None, org.admin)
    assert AuditEntry.objects.filter(action="notifications.channel.create", actor=org.admin).count() == 1
    page = client.get(reverse("admin:notifications_pushchannel_change", args=[channel.pk])).content.decode()
    assert "KEY-1" not in page and channel.webhook_hint in page


def test_admin_refuses_a_webhook_elsewhere_and_keeps_the_stored_one_when_left_empty(client, org, robot):
    client.force_login(org.admin)

    refused = client.post(ADD, admin_post(robot, org, webhook="http://10.0.0.8/hook?key=K"))
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {
        "webhook": ["Pushes go only to localhost (PUSH_WEBHOOK_HOSTS); not to 10.0.0.8."]}
    client.post(ADD, admin_post(robot, org))
    channel = PushChannel.objects.get()

    client.post(reverse("admin:notifications_pushchannel_change", args=[channel.pk]),
                admin_post(robot, org, webhook="", name="信息科值班群"))

    channel.refresh_from_db()
    assert (channel.name, push.decrypt(channel.webhook_encrypted)) == ("信息科值班群", wecom_webhook(robot))


def test_admin_sends_a_test_message_and_sends_failed_pushes_again(client, org, robot,
                                                                  django_capture_on_commit_callbacks):
    wecom_accepts(robot)
    channel = wecom_channel(robot, by=org.admin, department=org.it)
    failed = PushDelivery.objects.create(channel=channel, title="待您审批", text="**待您审批**", state="failed",
                                         attempts=5, last_error="HTTP 502")
    client.force_login(org.admin)

    client.post(reverse("admin:notifications_pushchannel_changelist"),
                {"action": "send_test", "_selected_action": [channel.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:notifications_pushdelivery_changelist"),
                    {"action": "send_again", "_selected_action": [failed.pk]})

    assert [body["markdown"]["content"].splitlines()[0] for body in received(robot)] == [
        "**Xinke test message**", "**待您审批**"]
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == ("sent", 1)


def test_the_deliveries_and_failing_channels_are_listed_for_admins(client, org, robot):
    channel = wecom_channel(robot, by=org.admin, department=org.it)
    PushChannel.objects.filter(pk=channel.pk).update(failing_since="2026-12-07T09:00+08:00", last_error="HTTP 502")
    client.force_login(org.admin)

    failing = client.get(reverse("admin:notifications_pushchannel_changelist"), {"failing": "yes"})
    pushes = client.get(reverse("admin:notifications_pushdelivery_changelist"), {"state": "failed"})

    assert list(failing.context["cl"].result_list) == [channel]
    assert pushes.status_code == 200
