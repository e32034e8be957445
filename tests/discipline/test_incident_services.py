"""The life of an incident: recorded or proposed, confirmed, acknowledged or appealed (申诉), then upheld,
reduced or cancelled with a reason; every step audited, notified and kept in the history."""

from decimal import Decimal

import pytest
from django.utils import translation

from audit.models import AuditEntry
from core.errors import ServiceError
from discipline import services
from discipline.models import Incident
from notifications.models import Notification

from .conftest import day


def actions(incident):
    return list(incident.events.values_list("action", flat=True))


def audit_actions(incident):
    return list(AuditEntry.objects.filter(object_type="discipline.incident", object_id=str(incident.pk))
                .order_by("pk").values_list("action", flat=True))


def subjects(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("subject", flat=True))


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_the_head_records_an_incident_which_is_confirmed_and_the_person_told(org, record, english):
    incident = record("F10", day(11, 5), facts="夜班未交班")

    assert (incident.state, incident.amount, incident.recorded_by, incident.department) == (
        Incident.State.CONFIRMED, Decimal("50"), org.head, org.it)
    assert actions(incident) == ["recorded"]
    assert audit_actions(incident) == ["discipline.incident.record"]
    assert subjects(org.employee) == ["A discipline incident was recorded for you: F10"]


def test_the_appeal_flow_reduced(org, record, english):
    incident = record("Q2", day(11, 3))
    incident = record("Q2", day(11, 12))
    assert incident.amount == Decimal("6")

    services.incident_appeal(incident=incident, by=org.employee, reason="当天地铁故障，有停运通知")
    assert subjects(org.head)[-1] == "艾丽 appealed an incident"
    assert subjects(org.supervisor)[-1] == "艾丽 appealed an incident"
    services.incident_reduce(incident=incident, by=org.head, reason="情况属实，减为3分", amount=Decimal("3"))

    incident.refresh_from_db()
    assert (incident.state, incident.amount, incident.final_amount(), incident.decided_by) == (
        Incident.State.REDUCED, Decimal("6"), Decimal("3"), org.head)
    assert (incident.appeal_reason, incident.decision_reason) == ("当天地铁故障，有停运通知", "情况属实，减为3分")
    assert actions(incident) == ["recorded", "appealed", "reduced"]
    assert audit_actions(incident) == ["discipline.incident.record", "discipline.incident.appeal",
                                       "discipline.incident.reduce"]
    assert subjects(org.employee)[-1] == "Your appeal was partly granted: 3 points"
    assert incident.explanation() == "Time 2, doubling on each repeat: 3 × 2 = 6 points; reduced on appeal to 3 points"


def test_a_reduced_incident_still_counts_as_a_repeat(org, record, english):
    first = record("Q2", day(11, 3))
    services.incident_appeal(incident=first, by=org.employee, reason="理由")
    services.incident_reduce(incident=first, by=org.head, reason="减为0", amount=Decimal("0"))

    assert record("Q2", day(11, 12)).amount == Decimal("6")


def test_the_appeal_upheld(org, record, english):
    incident = record("F2", day(11, 3), measured_value=4)
    services.incident_appeal(incident=incident, by=org.employee, reason="打卡机故障")

    services.incident_uphold(incident=incident, by=org.supervisor, reason="打卡机当日正常")

    incident.refresh_from_db()
    assert (incident.state, incident.final_amount(), incident.decided_by) == (
        Incident.State.UPHELD, Decimal("20"), org.supervisor)
    assert subjects(org.employee)[-1] == "Your appeal was not granted: the incident stands"


def test_the_appeal_cancelled_stops_counting(org, record, english):
    incident = record("F13", day(11, 3))
    services.incident_appeal(incident=incident, by=org.employee, reason="在机房处理故障，已报备")

    services.incident_cancel(incident=incident, by=org.head, reason="核实属实")

    incident.refresh_from_db()
    assert (incident.state, incident.counts) == (Incident.State.CANCELLED, False)
    assert actions(incident) == ["recorded", "appealed", "cancelled"]
    assert subjects(org.employee)[-1] == "A discipline incident of yours was cancelled: F13"


def test_the_person_acknowledges_and_the_recorder_is_told(org, record, english):
    incident = record("F13", day(11, 3), by=org.supervisor)

    services.incident_acknowledge(incident=incident, by=org.employee)

    assert Incident.objects.get(pk=incident.pk).state == Incident.State.ACKNOWLEDGED
    assert subjects(org.supervisor) == ["艾丽 acknowledged an incident"]
    assert audit_actions(incident) == ["discipline.incident.record", "discipline.incident.acknowledge"]


def test_a_proposal_from_the_leave_records_goes_to_the_head_and_deputy(org, english):
    incident = services.incident_propose(person=org.employee, rule_code="F4b", occurred_on=day(11, 20),
                                         facts="请假半天（已批准）", source=Incident.Source.LEAVE)

    assert (incident.state, incident.amount, incident.recorded_by) == (Incident.State.PROPOSED, Decimal("30"), None)
    assert subjects(org.head) == ["An incident for 艾丽 is waiting for your confirmation"]
    assert subjects(org.supervisor) == ["An incident for 艾丽 is waiting for your confirmation"]
    assert subjects(org.employee) == []

    services.incident_confirm(incident=incident, by=org.supervisor)

    assert Incident.objects.get(pk=incident.pk).state == Incident.State.CONFIRMED
    assert subjects(org.employee) == ["A discipline incident was confirmed for you: F4b"]
    assert actions(incident) == ["proposed", "confirmed"]


def test_proposing_the_same_facts_again_returns_the_same_proposal(org, english):
    arguments = {"person": org.employee, "rule_code": "F4b", "occurred_on": day(11, 20), "facts": "请假半天（已批准）",
                 "source": Incident.Source.LEAVE}
    first = services.incident_propose(**arguments)

    again = services.incident_propose(**arguments)

    assert (again.pk, Incident.objects.count(), subjects(org.head)) == (
        first.pk, 1, ["An incident for 艾丽 is waiting for your confirmation"])


def test_a_proposal_with_an_unknown_source_is_refused(org, english):
    with pytest.raises(ServiceError) as refused:
        services.incident_propose(person=org.employee, rule_code="F4b", occurred_on=day(11, 20), facts="x",
                                  source="manual")

    assert refused.value.message == "Unknown source of a proposed incident: manual."


# Who may do what -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["employee", "hr", "outsider", "admin"])
def test_only_the_head_or_deputy_of_the_persons_department_records(org, role, english):
    with pytest.raises(ServiceError) as refused:
        services.incident_record(person=org.employee, rule_code="F10", occurred_on=day(11, 5), facts="x",
                                 by=org.by_role(role))

    assert refused.value.message == "You may record incidents only for the staff of a department you lead."
    assert Incident.objects.count() == 0


def test_the_deputy_cannot_record_an_incident_for_the_head(org, english):
    with pytest.raises(ServiceError):
        services.incident_record(person=org.head, rule_code="F10", occurred_on=day(11, 5), facts="x",
                                 by=org.supervisor)
    assert Incident.objects.count() == 0


def test_someone_else_cannot_answer_for_the_person(org, record, english):
    incident = record("F10", day(11, 5))

    with pytest.raises(ServiceError) as refused:
        services.incident_appeal(incident=incident, by=org.supervisor, reason="代为申诉")

    assert refused.value.message == "Only the person concerned may appeal an incident."
    assert Incident.objects.get(pk=incident.pk).state == Incident.State.CONFIRMED


def test_the_person_cannot_decide_their_own_appeal(org, record, english):
    incident = record("F10", day(11, 5))
    services.incident_appeal(incident=incident, by=org.employee, reason="理由")

    with pytest.raises(ServiceError) as refused:
        services.incident_cancel(incident=incident, by=org.employee, reason="自己撤销")

    assert refused.value.message == "Only the head or deputy head of the person's department may do this."
    assert Incident.objects.get(pk=incident.pk).state == Incident.State.APPEALED


def test_an_appeal_needs_a_reason(org, record, english):
    incident = record("F10", day(11, 5))

    with pytest.raises(ServiceError) as refused:
        services.incident_appeal(incident=incident, by=org.employee, reason="   ")

    assert refused.value.message == "Please give a reason."
    assert Incident.objects.get(pk=incident.pk).state == Incident.State.CONFIRMED


def test_an_acknowledged_incident_cannot_be_appealed_afterwards(org, record, english):
    incident = record("F10", day(11, 5))
    services.incident_acknowledge(incident=incident, by=org.employee)

    with pytest.raises(ServiceError) as refused:
        services.incident_appeal(incident=incident, by=org.employee, reason="改主意了")

    assert refused.value.message == "This incident is Acknowledged; that cannot be done now."


def test_a_bonus_cannot_be_appealed(org, record, english):
    incident = record("Q13", day(11, 5), measured_value=2)

    with pytest.raises(ServiceError) as refused:
        services.incident_appeal(incident=incident, by=org.employee, reason="x")

    assert refused.value.message == "There is nothing to appeal: this incident adds points."


def test_a_reduction_must_be_below_the_amount(org, record, english):
    incident = record("F10", day(11, 5))
    services.incident_appeal(incident=incident, by=org.employee, reason="理由")

    with pytest.raises(ServiceError) as refused:
        services.incident_reduce(incident=incident, by=org.head, reason="x", amount=Decimal("50"))

    assert refused.value.message == "The reduced amount must be at least 0 and less than 50."
    assert Incident.objects.get(pk=incident.pk).state == Incident.State.APPEALED


def test_the_months_bonus_cannot_be_reduced_only_upheld_or_cancelled(org, record, english):
    incident = record("R19", day(11, 5))
    services.incident_appeal(incident=incident, by=org.employee, reason="手机没电")

    with pytest.raises(ServiceError) as refused:
        services.incident_reduce(incident=incident, by=org.head, reason="x", amount=Decimal("0"))

    assert refused.value.message == "This incident has no amount to reduce; uphold or cancel it."
