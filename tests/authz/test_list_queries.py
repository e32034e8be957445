"""The approvals inbox and the grants register read a constant number of queries (at most 15) per page,
with 10 rows as with 1,000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.authz_seed import bulk_hospital

MAX_QUERIES = 15
pytestmark = pytest.mark.usefixtures("no_session_renewal")


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response


def page_rows(response):
    return len(response.context["page"].object_list)


@pytest.mark.parametrize("params", [{}, {"type": "authz.account"}])
def test_the_inbox_costs_the_same_for_10_and_1000_waiting_steps(client, hospital, params):
    client.force_login(hospital.ward_head)
    client.get(reverse("approvals:inbox"))  # the first request of a session does extra work
    bulk_hospital(staff=10, requests=10, approver=hospital.ward_head, executor=hospital.it, prefix="q",
                  waiting_share=1, audit=False)
    with_ten, response = queries(client, reverse("approvals:inbox"), params)
    assert response.context["page"].paginator.count == 10

    bulk_hospital(staff=1000, requests=990, approver=hospital.ward_head, executor=hospital.it, prefix="r",
                  waiting_share=1, audit=False)
    with_thousand, response = queries(client, reverse("approvals:inbox"), params)

    assert response.context["page"].paginator.count == 1000
    assert page_rows(response) == 25
    assert with_thousand == with_ten
    assert with_thousand <= MAX_QUERIES


@pytest.mark.parametrize("params", [{}, {"state": "all"}, {"q": "q0", "state": "active"}])
@pytest.mark.parametrize("role", ["it", "ward_head"])
def test_the_register_costs_the_same_for_10_and_1000_grants(client, hospital, role, params):
    client.force_login(getattr(hospital, role))
    client.get(reverse("authz:grant_list"))
    # The head of 心内科 sees the grants of the department's people; IT sees everyone's.
    department = hospital.org.ward if role == "ward_head" else None
    bulk_hospital(staff=10, requests=10, approver=hospital.ward_head, executor=hospital.it, prefix="q",
                  waiting_share=0, audit=False, department=department)
    with_ten, response = queries(client, reverse("authz:grant_list"), params)
    ten_rows = page_rows(response)

    bulk_hospital(staff=1000, requests=990, approver=hospital.ward_head, executor=hospital.it, prefix="r",
                  waiting_share=0, audit=False, department=department)
    with_thousand, response = queries(client, reverse("authz:grant_list"), params)

    assert with_thousand == with_ten
    assert with_thousand <= MAX_QUERIES
    if "q" not in params:
        assert (ten_rows, page_rows(response), response.context["page"].paginator.count) == (10, 50, 1000)


@pytest.mark.parametrize("url", ["authz:request_list", "authz:it_queue"])
def test_other_lists_do_not_grow_with_rows(client, hospital, url):
    client.force_login(hospital.it)
    client.get(reverse(url))
    bulk_hospital(staff=10, requests=10, approver=hospital.ward_head, executor=hospital.it, prefix="q",
                  waiting_share=0.5, audit=False)
    with_ten, _response = queries(client, reverse(url))
    bulk_hospital(staff=300, requests=290, approver=hospital.ward_head, executor=hospital.it, prefix="r",
                  waiting_share=0.5, audit=False)
    with_more, _response = queries(client, reverse(url))

    assert with_more == with_ten
    assert with_more <= MAX_QUERIES


def test_the_inbox_counts_its_steps_once(client, hospital):
    """The menu's badge and the inbox's pages count the same steps: one COUNT, and the badge shows it."""
    client.force_login(hospital.ward_head)
    client.get(reverse("approvals:inbox"))
    bulk_hospital(staff=30, requests=30, approver=hospital.ward_head, executor=hospital.it, prefix="q",
                  waiting_share=1, audit=False)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("approvals:inbox"))

    counts = [query["sql"] for query in captured if query["sql"].startswith("SELECT COUNT(*)")
              and '"approvals_step"' in query["sql"]]
    assert len(counts) == 1
    assert response.context["page"].paginator.count == 30
    assert response.content.decode().count('data-testid="approvals-count">30<') == 1


def test_a_filtered_inbox_still_badges_every_waiting_step(client, hospital):
    client.force_login(hospital.ward_head)
    bulk_hospital(staff=30, requests=30, approver=hospital.ward_head, executor=hospital.it, prefix="q",
                  waiting_share=1, audit=False)

    response = client.get(reverse("approvals:inbox"), {"type": "no.such.type"})

    assert response.context["page"].paginator.count == 0
    assert response.content.decode().count('data-testid="approvals-count">30<') == 1


def test_the_request_list_counts_no_further_than_a_cap(client, hospital, monkeypatch):
    """A full COUNT of every visible request was most of IT's list: past the cap it shows "N+ records" and no
    last page, and each next page counts a little further."""
    from authz import selectors
    from core import paging

    monkeypatch.setattr(paging, "COUNT_CAP", 30)
    client.force_login(hospital.it)
    bulk_hospital(staff=60, requests=60, approver=hospital.ward_head, executor=hospital.it, prefix="q",
                  waiting_share=0, audit=False)
    visible = selectors.visible_account_requests(hospital.it).count()
    assert 50 < visible <= 75

    first = client.get(reverse("authz:request_list"))
    paginator = first.context["page"].paginator
    assert (paginator.capped, paginator.counted, len(first.context["page"].object_list)) == (True, 30, 25)
    html = first.content.decode()
    assert "30+ records" in html and ">Last<" not in html and ">Next<" in html

    second = client.get(reverse("authz:request_list"), {"page": 2})
    assert (second.context["page"].number, second.context["page"].paginator.counted) == (2, 50)

    last = client.get(reverse("authz:request_list"), {"page": 3})
    paginator = last.context["page"].paginator
    assert (paginator.capped, paginator.count) == (False, visible)
    assert f"{visible} records" in last.content.decode()
    shown = [row.pk for page in (first, second, last) for row in page.context["page"].object_list]
    assert len(shown) == len(set(shown)) == visible
