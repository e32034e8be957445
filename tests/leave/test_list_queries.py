"""The leave list and the calendar read a constant number of queries (at most 15), with 10 rows as with 1,000."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.leave_seed import bulk_leaves, bulk_staff

MAX_QUERIES = 15
pytestmark = pytest.mark.usefixtures("no_session_renewal")


def queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize(("url", "params"), [
    ("leave:list", {"scope": "team"}),
    ("leave:list", {"scope": "team", "state": "open", "q": "l0"}),
    ("leave:calendar", {"month": "2026-03"}),
    ("leave:absence_list", {}),
])
def test_leave_pages_cost_the_same_for_10_and_1000_requests(client, org, url, params):
    client.force_login(org.head)
    client.get(reverse(url), params)  # the first request of a session does extra work
    people = bulk_staff(department=org.it, count=10, prefix="l", supervisor=org.supervisor)
    bulk_leaves(people=people, count=10, department=org.it, first_day=datetime.date(2026, 3, 2))
    with_ten, _ = queries(client, reverse(url), params)
    more = bulk_staff(department=org.it, count=90, prefix="m", supervisor=org.supervisor)
    bulk_leaves(people=people + more, count=990, department=org.it, first_day=datetime.date(2026, 3, 2))
    with_thousand, response = queries(client, reverse(url), params)
    assert with_thousand == with_ten
    assert with_thousand <= MAX_QUERIES


def test_the_balance_list_costs_the_same_for_10_and_1000_people(client, org, hr):
    from decimal import Decimal

    from leave.models import LeaveBalance

    client.force_login(hr)
    client.get(reverse("leave:balance_list"))
    people = bulk_staff(department=org.it, count=10, prefix="b")
    LeaveBalance.objects.bulk_create([LeaveBalance(person=p, year=2026, entitlement=Decimal("5")) for p in people])
    with_ten, _ = queries(client, reverse("leave:balance_list"), {"year": "2026"})
    more = bulk_staff(department=org.it, count=990, prefix="c")
    LeaveBalance.objects.bulk_create([LeaveBalance(person=p, year=2026, entitlement=Decimal("5")) for p in more])
    with_thousand, response = queries(client, reverse("leave:balance_list"), {"year": "2026"})
    assert len(response.context["rows"]) == 25
    assert with_thousand == with_ten
    assert with_thousand <= MAX_QUERIES


@pytest.mark.parametrize("params", [{"scope": "team"}, {"scope": "team", "state": "open"}])
def test_hrs_leave_list_costs_the_same_for_10_and_1000_requests(client, org, hr, params):
    client.force_login(hr)
    client.get(reverse("leave:list"), params)
    people = bulk_staff(department=org.it, count=10, prefix="l")
    bulk_leaves(people=people, count=10, department=org.it, first_day=datetime.date(2026, 3, 2))
    with_ten, response = queries(client, reverse("leave:list"), params)
    ten_rows = len(response.context["page"].object_list)
    more = bulk_staff(department=org.it, count=90, prefix="m")
    bulk_leaves(people=people + more, count=990, department=org.it, first_day=datetime.date(2026, 3, 2))
    with_thousand, response = queries(client, reverse("leave:list"), params)
    assert with_thousand == with_ten
    assert with_thousand <= MAX_QUERIES
    assert (ten_rows, len(response.context["page"].object_list)) == (
        10 if "state" not in params else 5, 25)


def test_a_page_of_the_leave_list_keeps_its_order(client, org, hr):
    """Ids first, then the rows: the newest start first, ties by the newest request, as before."""
    from leave.models import LeaveRequest

    people = bulk_staff(department=org.it, count=30, prefix="l")
    bulk_leaves(people=people, count=60, department=org.it, first_day=datetime.date(2026, 3, 2))
    client.force_login(hr)

    pages = [client.get(reverse("leave:list"), {"scope": "team", "page": n}).context["page"].object_list
             for n in (1, 2, 3)]

    assert [leave.pk for page in pages for leave in page] == list(
        LeaveRequest.objects.order_by("-starts_on", "-pk").values_list("pk", flat=True))
    assert [leave.person.username for leave in pages[0][:2]] == list(
        LeaveRequest.objects.order_by("-starts_on", "-pk").values_list("person__username", flat=True)[:2])
