"""In-app notifications: the list, the bell, marking read, and the e-mail copy sent exactly once."""

from django.conf import settings as project_settings
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import email_notification
from outbox.models import OutboxMessage
from tests.html import find_all, text_by_id

LIST = reverse("notifications:list")


def open_url(notification):
    return reverse("notifications:open", args=[notification.pk])


def bell(client):
    """The bell's news figure, or None when it shows none."""
    response = client.get(reverse("home"))
    found = find_all(response, "data-testid", "bell-news")
    return found[0][1]["data-count"] if found else None


def test_a_notification_appears_in_the_list_and_the_bell(client, org):
    notification = notify(recipient=org.employee, subject="请完成本月自评", body="截止 11 月 30 日", url="/staff/")
    notify(recipient=org.outsider, subject="别人的通知")
    client.force_login(org.employee)

    response = client.get(LIST)

    assert response.status_code == 200
    assert [n.pk for n in response.context["page"].object_list] == [notification.pk]
    assert text_by_id(response, f"notification-{notification.pk}").startswith("请完成本月自评")
    assert "别人的通知" not in response.content.decode()
    assert find_all(response, "data-testid", "bell-news")[0][1]["data-count"] == "1"
    classes = find_all(response, "id", f"notification-{notification.pk}")[0][1]["class"].split()
    assert "notification-unread" in classes


def test_no_bell_count_without_unread_notifications(client, org):
    client.force_login(org.employee)

    assert bell(client) is None


def test_mark_read_with_a_post_follows_the_link(client, org):
    notification = notify(recipient=org.employee, subject="请假已批准", url="/staff/1101/")
    client.force_login(org.employee)
    assert bell(client) == "1"

    response = client.post(open_url(notification))

    assert response.status_code == 302
    assert response.url == "/staff/1101/"
    notification.refresh_from_db()
    assert notification.is_read is True
    assert bell(client) is None


def test_mark_read_without_a_link_returns_to_the_list(client, org):
    notification = notify(recipient=org.employee, subject="系统维护通知")
    client.force_login(org.employee)

    response = client.post(open_url(notification))

    assert response.status_code == 302
    assert response.url == LIST
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_a_link_to_another_site_is_not_followed(client, org):
    notification = notify(recipient=org.employee, subject="钓鱼", url="https://evil.example/login")
    client.force_login(org.employee)

    response = client.post(open_url(notification))

    assert response.status_code == 302
    assert response.url == LIST


def test_mark_read_with_htmx_returns_the_item_and_the_bells_new_figures(client, org):
    notification = notify(recipient=org.employee, subject="培训报名已确认")
    notify(recipient=org.employee, subject="待您审批", work=org.it)
    client.force_login(org.employee)

    response = client.post(open_url(notification), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert [t.name for t in response.templates] == [
        "notifications/_read.html", "notifications/_item.html", "notifications/_bell.html", "notifications/_bell.html"]
    page = response.content.decode()
    assert page.startswith("<li ")
    assert find_all(page, "lang") == []  # not the whole page
    [(tag, attrs, text)] = find_all(page, "id", f"notification-{notification.pk}")
    assert (tag, attrs["class"]) == ("li", "list-group-item")
    assert text.startswith("培训报名已确认")
    assert find_all(page, "hx-post") == []  # no "mark as read" button any more
    assert [(attrs["id"], attrs["hx-swap-oob"]) for _tag, attrs, _text in find_all(page, "hx-swap-oob")] == [
        ("bell-phone", "true"), ("bell", "true")]
    assert [attrs["data-count"] for _tag, attrs, _text in find_all(page, "data-count")] == ["1"]  # waiting only
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_marking_read_twice_keeps_the_first_time(client, org):
    notification = notify(recipient=org.employee, subject="通知")
    client.force_login(org.employee)
    client.post(open_url(notification))
    first_read_at = Notification.objects.get(pk=notification.pk).read_at

    client.post(open_url(notification))

    assert Notification.objects.get(pk=notification.pk).read_at == first_read_at


def test_another_persons_notification_is_404(client, org):
    notification = notify(recipient=org.outsider, subject="只给艾琳")
    client.force_login(org.employee)

    assert client.post(open_url(notification)).status_code == 404
    assert client.post(open_url(notification), headers={"HX-Request": "true"}).status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_marking_read_needs_a_post(client, org):
    notification = notify(recipient=org.employee, subject="通知")
    client.force_login(org.employee)

    assert client.get(open_url(notification)).status_code == 405
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_mark_all_read_only_touches_my_notifications(client, org):
    mine = [notify(recipient=org.employee, subject=f"通知{n}") for n in range(3)]
    theirs = notify(recipient=org.outsider, subject="别人的")
    client.force_login(org.employee)

    response = client.post(reverse("notifications:mark_all_read"))

    assert response.status_code == 302
    assert response.url == f"{LIST}?tab=news"
    assert Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).count() == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert bell(client) is None


def test_the_email_copy_is_sent_once_after_commit(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=org.employee, subject="请审批请假", body="鲍勃申请年假 3 天", url="/staff/")
        assert len(mail.outbox) == 0  # nothing goes out before the transaction commits

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.subject, message.to) == ("请审批请假", ["1101@hospital.example"])
    assert message.body == f"鲍勃申请年假 3 天\n\n{project_settings.SITE_URL}/staff/"
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert OutboxMessage.objects.get().sent_at is not None


def test_running_the_email_task_twice_sends_once(org):
    notification = notify(recipient=org.employee, subject="培训通知")

    assert email_notification(notification.pk) is True
    assert email_notification(notification.pk) is False
    assert email_notification.apply(args=[notification.pk]).get() is False

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["1101@hospital.example"]


def test_publishing_the_outbox_twice_sends_once(org, django_capture_on_commit_callbacks):
    from outbox.services import flush_outbox, publish

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=org.employee, subject="培训通知")
    message = OutboxMessage.objects.get()

    assert publish(message.pk) is True
    assert flush_outbox() == 0
    assert len(mail.outbox) == 1


def test_no_email_for_a_person_without_an_address(org, django_capture_on_commit_callbacks):
    org.employee.email = ""
    org.employee.save()

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=org.employee, subject="站内通知")

    assert len(mail.outbox) == 0
    assert OutboxMessage.objects.count() == 0
    assert email_notification(notification.pk) is False


def test_the_list_needs_sign_in(client, org):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={LIST}"
