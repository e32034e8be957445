"""Incidents in the bell: "waiting for you" while the incident waits for that person (confirm, acknowledge or
appeal, decide an appeal), done at the next step whoever takes it."""

from discipline import services
from discipline.models import Incident
from notifications.models import Notification

from .conftest import day


def waiting():
    return sorted(Notification.objects.waiting().values_list("recipient__username", flat=True))


def test_a_proposal_waits_for_both_leaders_until_one_confirms(org):
    incident = services.incident_propose(person=org.employee, rule_code="F4b", occurred_on=day(11, 20),
                                         facts="请假半天（已批准）", source=Incident.Source.LEAVE)
    assert waiting() == ["1100", "1102"]

    services.incident_confirm(incident=incident, by=org.supervisor)

    assert waiting() == ["1101"]  # now the person acknowledges or appeals
    assert sorted(Notification.objects.filter(recipient__in=[org.head, org.supervisor])
                  .values_list("outcome", flat=True)) == ["done", "done"]


def test_acknowledging_ends_the_persons_work_and_tells_the_recorder_as_news(org, record):
    incident = record("F13", day(11, 3), by=org.supervisor)
    assert waiting() == ["1101"]

    services.incident_acknowledge(incident=incident, by=org.employee)

    assert waiting() == []
    assert list(Notification.objects.filter(recipient=org.supervisor).values_list("kind", flat=True)) == ["news"]


def test_an_appeal_waits_for_the_leaders_until_decided(org, record):
    incident = record("F13", day(11, 3))
    services.incident_appeal(incident=incident, by=org.employee, reason="在机房处理故障，已报备")
    assert waiting() == ["1100", "1102"]

    services.incident_uphold(incident=incident, by=org.head, reason="核实不属实")

    assert waiting() == []
    assert list(Notification.objects.filter(recipient=org.employee, kind="news").values_list("kind", flat=True)) == [
        "news"]
