"""The incident list, the statements and the home page's providers read a constant number of rows, however many
incidents there are.

Every page also pays for its shell (session, menu, the bell, other domains' context processors); that part is the
same on every page, so it is measured on a page that does not exist (the 404 page has the same shell) and the
page's own queries are held to at most 15.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from discipline import home
from discipline.models import Incident, Rule
from tests.factories import StaffProfileFactory, UserFactory

MAX_OWN_QUERIES = 15


def add_incidents(org, count):
    """count incidents spread over several people and rules, written directly (the services are tested elsewhere)."""
    people = [org.employee] + [
        StaffProfileFactory(user=UserFactory(), department=org.it).user for n in range(3)]
    rules = list(Rule.objects.filter(revision__schedule__code__in=["fines", "points"], amount__isnull=False, measure="")
                 .exclude(effect=Rule.Effect.MULTIPLIER))
    Incident.objects.bulk_create([
        Incident(person=people[n % len(people)], department=org.it, rule=rules[n % len(rules)],
                 occurred_on=datetime.date(2026, 11, 1 + n % 25), facts=f"事实{n}", recorded_by=org.head,
                 state=Incident.State.CONFIRMED if n % 3 else Incident.State.APPEALED, amount=rules[n % len(rules)].amount)
        for n in range(count)
    ])


def queries(client, url, params=None, status=200):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == status
    return len(captured)


def shell_queries(client):
    return queries(client, "/no-such-page/", status=404)


@pytest.mark.parametrize(("role", "url", "params"), [
    ("head", reverse("discipline:incident_list"), {}),
    ("head", reverse("discipline:incident_list"), {"state": "open", "category": "attendance"}),
    ("hr", reverse("discipline:incident_list"), {"month": "2026-11"}),
    ("employee", reverse("discipline:incident_list"), {}),
    ("hr", reverse("discipline:department_statement", args=["it", 2026, 11]), {}),
    ("employee", reverse("discipline:person_statement", args=["1101", 2026, 11]), {}),
])
def test_queries_do_not_grow_with_the_number_of_incidents(client, org, role, url, params):
    client.force_login(org.by_role(role))
    client.get(url)  # the first request of a session does extra work
    add_incidents(org, 10)

    with_ten = queries(client, url, params)
    add_incidents(org, 990)
    with_a_thousand = queries(client, url, params)

    assert Incident.objects.count() == 1000
    assert with_a_thousand == with_ten
    assert with_a_thousand - shell_queries(client) <= MAX_OWN_QUERIES


@pytest.mark.parametrize(("role", "provider", "items"), [
    ("head", home.pending_for_reviewer, 50),  # proposals to confirm and appeals to decide, at most 50
    ("supervisor", home.pending_for_reviewer, 50),
    ("employee", home.pending_for_person, 50),  # incidents to acknowledge
    ("employee", home.my_appeals, 50),
])
def test_the_home_page_providers_read_one_query(org, role, provider, items):
    add_incidents(org, 1000)
    Incident.objects.filter(pk__in=Incident.objects.filter(state=Incident.State.CONFIRMED).values("pk")[:200]).update(
        state=Incident.State.PROPOSED)
    user = org.by_role(role)

    with CaptureQueriesContext(connection) as captured:
        work = provider(user)

    assert (len(captured), len(work)) == (1, items)
