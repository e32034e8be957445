"""The home page costs a small constant number of queries: its lists are kept per person until the data changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.authz_seed import bulk_hospital
from bench.leave_seed import bulk_leaves, bulk_staff
from core import home as home_registry
from notifications.services import notify
from tests.factories import DepartmentFactory

MAX_QUERIES = 15
pytestmark = pytest.mark.usefixtures("no_session_renewal")


def home_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured), response


def seed(org, count, prefix):
    """`count` waiting approvals for the ward's head, leave requests in IT and notifications for the head."""
    bulk_hospital(staff=count, requests=count, approver=org.head, executor=org.admin, prefix=prefix,
                  waiting_share=1, audit=False, department=DepartmentFactory(code=f"{prefix}dept"))
    people = bulk_staff(department=org.it, count=count, prefix=f"{prefix}l", supervisor=org.head)
    bulk_leaves(people=people, count=count, department=org.it)
    for number in range(min(count, 20)):
        notify(recipient=org.head, subject=f"通知{prefix}{number}")


@pytest.mark.parametrize("role", ["employee", "head", "hr"])
def test_home_costs_the_same_small_number_for_10_and_1000_rows(client, org, role):
    client.force_login(org.by_role(role))
    seed(org, 10, "q")
    client.get(reverse("home"))
    with_ten, response = home_queries(client)
    assert [item.url for item in response.context["pending"]] == [
        item.url for item in home_registry.pending_work(org.by_role(role))]

    seed(org, 1000, "r")  # notify() saves rows: the lists are asked again
    first, response = home_queries(client)
    with_thousand, again = home_queries(client)

    assert with_thousand == with_ten
    assert with_thousand <= MAX_QUERIES
    assert first > with_thousand  # the visit after a change asks every provider
    assert [item.url for item in again.context["pending"]] == [item.url for item in response.context["pending"]]
    assert [n.pk for n in again.context["news"]] == [n.pk for n in home_registry.news(org.by_role(role))]
    if role == "head":
        assert [n.subject for n in again.context["news"]][:1] == ["通知r19"]


def test_a_change_shows_on_the_next_visit(client, org):
    client.force_login(org.employee)
    client.get(reverse("home"))
    assert client.get(reverse("home")).context["news"] == []

    notification = notify(recipient=org.employee, subject="机房巡检提醒")

    assert [n.pk for n in client.get(reverse("home")).context["news"]] == [notification.pk]


def test_a_deleted_row_leaves_the_lists_at_once(client, org):
    notification = notify(recipient=org.employee, subject="机房巡检提醒")
    client.force_login(org.employee)
    assert [n.pk for n in client.get(reverse("home")).context["news"]] == [notification.pk]

    notification.delete()

    assert client.get(reverse("home")).context["news"] == []


def test_each_person_and_language_has_its_own_lists(client, org, monkeypatch):
    from django.test import Client

    seen = []
    monkeypatch.setattr(home_registry, "_pending", [lambda user: seen.append(user.username) or []])
    other = Client()
    client.force_login(org.employee)
    other.force_login(org.head)  # signing in saves the user: the lists' data changes
    for visitor in (client, other, client):
        visitor.get(reverse("home"))
    client.cookies["django_language"] = "en"
    client.get(reverse("home"))

    assert seen == [org.employee.username, org.head.username, org.employee.username]


def test_without_a_cache_the_page_is_drawn_from_the_database(client, org, monkeypatch):
    notification = notify(recipient=org.employee, subject="机房巡检提醒")
    client.force_login(org.employee)

    class Unreachable:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(home_registry, "cache", Unreachable())
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert [n.pk for n in response.context["news"]] == [notification.pk]
