"""The penalty comes out exactly as the schedule says: amounts, 依次加倍, the department's double, conversions."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from core.errors import ServiceError
from discipline import services
from audit.models import AuditEntry
from discipline.models import Incident, Rule

from .conftest import day


def amounts(incidents):
    return [incident.amount for incident in incidents]


def refreshed(*incidents):
    return [Incident.objects.get(pk=incident.pk) for incident in incidents]


def explanation(incident):
    with translation.override("en"):
        return incident.explanation()


def test_doubling_3_6_12_within_a_month_and_back_to_3_the_next_month(org, record):
    october = [record("Q2", day(10, 6)), record("Q2", day(10, 14)), record("Q2", day(10, 28))]
    november = record("Q2", day(11, 3))

    assert amounts(refreshed(*october, november)) == [Decimal("3"), Decimal("6"), Decimal("12"), Decimal("3")]
    assert [incident.sequence for incident in refreshed(*october, november)] == [1, 2, 3, 1]
    assert explanation(refreshed(october[1])[0]) == "Time 2, doubling on each repeat: 3 × 2 = 6 points"
    assert explanation(refreshed(october[2])[0]) == "Time 3, doubling on each repeat: 3 × 4 = 12 points"
    assert explanation(november) == "Time 1: 3 points"


def test_repeats_count_per_person_and_per_rule(org, record):
    record("Q2", day(11, 2))
    other_rule = record("Q3", day(11, 3))
    other_person = record("Q2", day(11, 4), person=org.supervisor)

    assert (other_rule.amount, other_person.amount) == (Decimal("3"), Decimal("3"))


def test_a_cancelled_incident_does_not_count_as_a_repeat(org, record):
    first = record("Q2", day(11, 2))
    second = record("Q2", day(11, 9))
    assert second.amount == Decimal("6")

    with translation.override("en"):
        services.incident_cancel(incident=first, by=org.head, reason="记录有误")
    third = record("Q2", day(11, 16))

    assert amounts(refreshed(second, third)) == [Decimal("3"), Decimal("6")]
    assert refreshed(first)[0].state == Incident.State.CANCELLED
    [event] = refreshed(second)[0].events.filter(action="recalculated")
    assert (event.actor, event.note) == (org.head, "Repeat 1 in the period: 6 points → 3 points")
    recalculated = AuditEntry.objects.get(action="discipline.incident.recalculate")
    assert (recalculated.object_id, recalculated.before["amount"], recalculated.after["amount"]) == (
        str(second.pk), "6.00", "3.00")


def test_an_earlier_incident_recorded_later_makes_the_later_one_a_repeat(org, record):
    later = record("Q6", day(11, 20), measured_value=8)
    earlier = record("Q6", day(11, 4), measured_value=6)

    assert amounts(refreshed(earlier, later)) == [Decimal("3"), Decimal("6")]


def test_a_proposal_does_not_count_until_it_is_confirmed(org, record):
    proposal = services.incident_propose(person=org.employee, rule_code="Q2", occurred_on=day(11, 2), facts="打卡记录",
                                         source=Incident.Source.LEAVE)
    second = record("Q2", day(11, 9))
    assert second.amount == Decimal("3")

    services.incident_confirm(incident=proposal, by=org.head)

    assert amounts(refreshed(proposal, second)) == [Decimal("3"), Decimal("6")]


def test_the_revision_in_force_on_the_incidents_date_judges_it(org, record, fines_revision):
    ninth = services.revision_clone(revision=fines_revision, by=org.admin)
    ninth.rules.filter(code="F2").update(amount=Decimal("30"))
    services.revision_publish(revision=ninth, effective_from=day(11, 10), by=org.admin)

    before = record("F2", day(11, 9), measured_value=3)
    on_the_day = record("F2", day(11, 10), measured_value=3)

    assert (before.amount, before.rule.revision.number) == (Decimal("20"), 8)
    assert (on_the_day.amount, on_the_day.rule.revision.number) == (Decimal("30"), 9)


def test_a_violation_of_hospital_rules_is_punished_double_by_the_department(org, record):
    incident = record("F3", day(11, 5), measured_value=40, breaks_hospital_rules=True)

    assert (incident.amount, incident.multiplier) == (Decimal("100"), Decimal("2"))
    assert explanation(incident) == (
        "40 minutes measured (rule: more than 15 minutes); fine of 50 yuan; breaks hospital rules, punished "
        "2-fold by the department: 50 × 2 = 100 yuan")


def test_the_double_is_refused_where_the_schedule_has_no_such_multiplier(org, record):
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        record("Q2", day(11, 5), breaks_hospital_rules=True)

    assert refused.value.message == (
        "医院信息科考核办法 has no multiplier for violations of hospital rules, or rule Q2 is not a fine or "
        "deduction it applies to.")
    assert Incident.objects.count() == 0


def test_late_by_60_minutes_is_recorded_through_the_lateness_flow(org, record):
    """R2 (迟到60分钟按旷工半天处理) converts; the attendance records record the absence and propose its fine."""
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        record("R2", day(11, 5), measured_value=75)

    assert refused.value.message == (
        "Rule R2 converts lateness into absence: record the lateness or early leave (迟到、早退) under Leave "
        "instead; it records the absence and proposes every rule that applies together.")
    assert Incident.objects.count() == 0


def test_late_within_five_minutes_is_fined_20_yuan_and_six_minutes_is_outside_the_rule(org, record):
    assert record("F2", day(11, 5), measured_value=5).amount == Decimal("20")
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        record("F2", day(11, 6), measured_value=6)

    assert refused.value.message == "Rule F2 applies to at most 5 minutes; 6 minutes is outside it."


def test_overtime_adds_2_points(org, record):
    incident = record("Q13", day(11, 7), measured_value=3)

    assert (incident.amount, incident.rule.effect) == (Decimal("2"), Rule.Effect.BONUS)
    assert explanation(incident) == "3 hours measured (rule: at least 2 hours); 2 points added"


def test_overtime_on_the_main_shift_earns_nothing(org, record):
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        record("Q13", day(11, 7), measured_value=3, on_main_shift=True)

    assert refused.value.message == "Rule Q13 does not apply on the main shift (值主班除外)."
    assert Incident.objects.count() == 0


def test_an_amount_per_item(org, record):
    incident = record("F9", day(11, 7), measured_value=3)

    assert incident.amount == Decimal("30")
    assert explanation(incident) == "10 yuan per item × 3 = 30 yuan"


def test_compensation_is_the_chosen_share_of_the_loss_within_the_rules_range(org, record):
    incident = record("R7", day(11, 7), measured_value=1200, compensation_percent=Decimal("40"))

    assert incident.amount == Decimal("480")
    assert explanation(incident) == "Compensation of 40% of the loss of 1200 yuan = 480 yuan"
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        record("R7", day(11, 8), measured_value=1200, compensation_percent=Decimal("70"))
    assert refused.value.message == "Rule R7 sets the share of the loss between 30% and 60%."


def test_the_months_bonus_rule_has_no_amount(org, record):
    incident = record("R19", day(11, 7))

    assert incident.amount is None
    assert explanation(incident) == "The month's bonus is forfeited"


# Bad input: a clear message, nothing changes ----------------------------------------------------------------

@pytest.mark.parametrize(("rule_code", "occurred_on", "measured", "message"), [
    ("F2", datetime.date(2022, 11, 11), 3,
     "No revision of 信息科考核办法和相关规定 was in force on 2022-11-11: the first took effect on 2022-11-12."),
    ("F2", datetime.date(2026, 11, 26), 3, "The date is in the future."),
    ("F3", day(11, 5), -20, "The measured value must be greater than zero."),
    ("F3", day(11, 5), 0, "The measured value must be greater than zero."),
    ("F3", day(11, 5), 100000, "100000 minutes is not believable for rule F3 (at most 720 minutes); please check it."),
    ("F3", day(11, 5), None, "Rule F3 needs the measured value in minutes."),
    ("F10", day(11, 5), 5, "Rule F10 takes no measured value; leave it empty."),
    ("F9", day(11, 5), 2.5, "The number of items must be a whole number."),
    ("F99", day(11, 5), None, "There is no rule F99."),
    ("F1", day(11, 5), None,
     "Rule F1 is the multiplier for violations of hospital rules: tick that box on the incident instead of "
     "choosing it."),
])
def test_bad_input_is_refused_with_a_clear_message(org, record, rule_code, occurred_on, measured, message):
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        record(rule_code, occurred_on, measured_value=measured)

    assert refused.value.message == message
    assert Incident.objects.count() == 0


def test_a_rule_only_in_a_draft_revision_is_not_in_force(org, record, fines_revision):
    draft = services.revision_clone(revision=fines_revision, by=org.admin)
    Rule.objects.create(revision=draft, code="F23", order=230, text="新规定", category="conduct", effect="fine",
                        amount=Decimal("100"))

    with translation.override("en"), pytest.raises(ServiceError) as refused:
        record("F23", day(11, 5))

    assert refused.value.message == (
        "Rule F23 is not part of revision 8 of 信息科考核办法和相关规定, which was in force on 2026-11-05.")
    assert Incident.objects.count() == 0


def test_a_rule_of_a_draft_revision_is_refused_when_checked_directly(org, fines_revision):
    from discipline.assessment import check_input

    draft = services.revision_clone(revision=fines_revision, by=org.admin)

    with translation.override("en"), pytest.raises(ServiceError) as refused:
        check_input(person=org.employee, rule=draft.rules.get(code="F10"), occurred_on=day(11, 5))

    assert refused.value.message == "Rule F10 belongs to a draft revision, which is not in force."
