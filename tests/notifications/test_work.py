"""Work waiting for someone (待您处理) versus news: notify(work=...), work_done(), the bell's two figures and the
notifications page's tabs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from notifications.services import Outcome, notify, work_done
from tests.html import find_all

LIST = reverse("notifications:list")


def figures(client):
    """The bell's figures on a page: (waiting, news), 0 where it shows none."""
    page = client.get(reverse("home"))
    found = {attrs["data-testid"]: int(attrs["data-count"]) for _tag, attrs, _text in find_all(page, "data-count")
             if attrs.get("data-testid", "").startswith("bell-")}
    return found.get("bell-waiting", 0), found.get("bell-news", 0)


def listed(response):
    return [n.subject for n in response.context["page"].object_list]


def test_work_waits_until_it_is_done_whoever_does_it(org):
    step = org.it  # any object can stand for the work
    for person in (org.head, org.supervisor):
        notify(recipient=person, subject="待您审批：艾丽的请假", url="/approvals/1/", work=step)

    assert Notification.objects.waiting().count() == 2

    assert work_done(step) == 2
    assert work_done(step) == 0  # idempotent

    done = Notification.objects.filter(recipient__in=[org.head, org.supervisor]).order_by("recipient__username")
    assert [(n.kind, n.outcome, n.done_at is not None, n.read_at) for n in done] == [
        ("work", "done", True, None), ("work", "done", True, None)]


def test_work_done_only_for_some_recipients(org):
    notify(recipient=org.head, subject="待您审批", work=org.it)
    notify(recipient=org.supervisor, subject="待您审批", work=org.it)

    assert work_done(org.it, recipients=[org.head], outcome=Outcome.MOVED) == 1

    assert list(Notification.objects.waiting().values_list("recipient__username", flat=True)) == ["1102"]
    assert Notification.objects.get(recipient=org.head).outcome == "moved"


def test_work_of_another_object_or_model_is_left_alone(org):
    notify(recipient=org.head, subject="信息科的事", work=org.it)
    notify(recipient=org.head, subject="心内科的事", work=org.ward)
    notify(recipient=org.head, subject="艾丽档案的事", work=org.employee.profile)

    work_done(org.ward, org.employee.profile, outcome=Outcome.CANCELLED)

    assert list(Notification.objects.waiting().values_list("subject", flat=True)) == ["信息科的事"]


def test_a_reminder_replaces_the_first_notice_of_the_same_work(org):
    first = notify(recipient=org.head, subject="待您审批", work=org.it)
    notify(recipient=org.supervisor, subject="待您审批", work=org.it)

    reminder = notify(recipient=org.head, subject="提醒：待您审批", work=org.it)

    first.refresh_from_db()
    assert (first.outcome, first.done_at is not None) == ("repeated", True)
    assert set(Notification.objects.waiting().values_list("pk", "recipient__username")) == {
        (reminder.pk, "1100"), (Notification.objects.get(recipient=org.supervisor).pk, "1102")}


def test_news_is_not_work(org):
    notification = notify(recipient=org.employee, subject="请假已批准")

    assert (notification.kind, notification.is_waiting) == ("news", False)
    assert work_done(org.it) == 0


def test_the_bell_shows_waiting_and_new_apart(client, org):
    notify(recipient=org.head, subject="待您审批一", work=org.it)
    notify(recipient=org.head, subject="待您审批二", work=org.ward)
    read_work = notify(recipient=org.head, subject="待您审批三", work=org.employee.profile)
    notify(recipient=org.head, subject="请假已批准")
    client.force_login(org.head)
    client.post(reverse("notifications:open", args=[read_work.pk]))  # reading work does not make it done

    assert figures(client) == (3, 1)

    work_done(org.it)
    client.post(reverse("notifications:mark_all_read"))

    assert figures(client) == (2, 0)
    assert Notification.objects.get(subject="待您审批二").read_at is None  # "mark all read" is for news


def test_no_figures_when_nothing_waits_and_all_is_read(client, org):
    notify(recipient=org.head, subject="待您审批", work=org.it)
    work_done(org.it)
    client.force_login(org.head)

    assert figures(client) == (0, 0)
    assert find_all(client.get(reverse("home")), "data-testid", "bell")[0][1]["aria-label"] == "Notifications"


def test_the_bell_says_both_figures_to_a_screen_reader(client, org):
    notify(recipient=org.head, subject="待您审批", work=org.it)
    notify(recipient=org.head, subject="消息一")
    notify(recipient=org.head, subject="消息二")
    client.force_login(org.head)

    [(_tag, attrs, _text)] = find_all(client.get(reverse("home")), "data-testid", "bell")

    assert attrs["aria-label"] == "Notifications: 1 waiting for you, 2 new"


def test_the_list_opens_on_waiting_work_and_keeps_history(client, org):
    notify(recipient=org.head, subject="旧的审批", work=org.ward)
    work_done(org.ward)
    notify(recipient=org.head, subject="待您审批", work=org.it)
    notify(recipient=org.head, subject="请假已批准")
    notify(recipient=org.employee, subject="别人的待办", work=org.it)
    client.force_login(org.head)

    response = client.get(LIST)

    assert response.context["tab"] == "waiting"
    assert listed(response) == ["待您审批"]
    assert [(key, count) for key, _label, count in response.context["tabs"]] == [
        ("waiting", 1), ("news", 1), ("all", None)]
    assert listed(client.get(LIST, {"tab": "news"})) == ["请假已批准"]
    assert listed(client.get(LIST, {"tab": "all"})) == ["请假已批准", "待您审批", "旧的审批"]
    states = [text for _tag, _attrs, text in find_all(client.get(LIST, {"tab": "all"}), "data-testid", "state")]
    assert states == ["Waiting for you", "Done"]


def test_the_list_opens_on_news_when_nothing_waits(client, org):
    notify(recipient=org.head, subject="请假已批准")
    client.force_login(org.head)

    assert client.get(LIST).context["tab"] == "news"
    assert client.get(LIST, {"tab": "nonsense"}).context["tab"] == "news"


def test_the_list_searches_the_subject(client, org):
    notify(recipient=org.head, subject="请假已批准")
    notify(recipient=org.head, subject="账号已开通")
    client.force_login(org.head)

    assert listed(client.get(LIST, {"tab": "all", "q": "账号"})) == ["账号已开通"]
    assert listed(client.get(LIST, {"tab": "all", "q": "x" * 5000})) == []


def test_marking_one_news_read_leaves_it_in_history(client, org):
    news = notify(recipient=org.head, subject="请假已批准")
    client.force_login(org.head)

    client.post(reverse("notifications:open", args=[news.pk]), headers={"HX-Request": "true"})

    assert figures(client) == (0, 0)
    assert listed(client.get(LIST, {"tab": "news"})) == ["请假已批准"]


@pytest.mark.parametrize("tab", ["waiting", "news", "all"])
def test_the_list_runs_a_constant_number_of_queries(client, org, tab):
    client.force_login(org.head)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST, {"tab": tab}).status_code == 200
        return len(captured)

    for n in range(10):
        notify(recipient=org.head, subject=f"待办{n}", work=org.employee.profile if n % 2 else org.it)
        notify(recipient=org.head, subject=f"消息{n}")
    queries()  # the first page of a session also caches the menu
    few = queries()
    Notification.objects.bulk_create(
        [Notification(recipient=org.head, subject=f"消息{n}") for n in range(300)]
        + [Notification(recipient=org.head, subject=f"待办{n}", kind=Notification.Kind.WORK) for n in range(300)])
    many = queries()

    assert few == many
    assert many <= 15
