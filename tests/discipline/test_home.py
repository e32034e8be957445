"""The home page: heads see incidents to confirm and appeals to decide; staff their incidents to acknowledge."""

import pytest
from django.urls import reverse

from discipline import services
from discipline.models import Incident

from .conftest import day


@pytest.fixture
def waiting(org, record):
    proposal = services.incident_propose(person=org.employee, rule_code="F4b", occurred_on=day(11, 20),
                                         facts="请假半天", source=Incident.Source.LEAVE)
    appealed = record("F13", day(11, 10))
    services.incident_appeal(incident=appealed, by=org.employee, reason="在机房抢修")
    to_acknowledge = record("F2", day(11, 3), measured_value=2)
    deputys = record("F13", day(11, 10), person=org.supervisor)
    services.incident_appeal(incident=deputys, by=org.supervisor, reason="参加院里会议")
    return {"proposal": proposal, "appealed": appealed, "to_acknowledge": to_acknowledge, "deputys": deputys}


def urls(items):
    """Work items' or incidents' addresses, sorted."""
    return sorted(item.url if hasattr(item, "url") else item.get_absolute_url() for item in items)


def test_the_head_confirms_proposals_and_decides_appeals(client, org, waiting):
    client.force_login(org.head)

    response = client.get(reverse("home"))

    assert urls(item for item in response.context["pending"] if item.url.startswith("/discipline/")) == urls(
        [waiting["proposal"], waiting["appealed"], waiting["deputys"]])
    page = response.content.decode()
    assert f'href="{waiting["proposal"].get_absolute_url()}"' in page


def test_the_deputy_does_not_decide_their_own_appeal(client, org, waiting):
    client.force_login(org.supervisor)

    pending = client.get(reverse("home")).context["pending"]

    assert urls(item for item in pending if item.url.startswith("/discipline/")) == urls(
        [waiting["proposal"], waiting["appealed"]])


def test_the_person_acknowledges_and_follows_their_appeal(client, org, waiting):
    client.force_login(org.employee)

    response = client.get(reverse("home"))

    assert urls(item for item in response.context["pending"] if item.url.startswith("/discipline/")) == urls(
        [waiting["to_acknowledge"]])
    assert urls(item for item in response.context["my_requests"] if item.url.startswith("/discipline/")) == urls(
        [waiting["appealed"]])


def test_others_have_nothing_from_discipline(client, org, waiting):
    for role in ("hr", "outsider"):
        client.force_login(org.by_role(role))
        response = client.get(reverse("home"))
        assert [item for item in response.context["pending"] if item.url.startswith("/discipline/")] == []
