"""Lateness as one flow (issue 17.1): the minutes recorded once, the rules that apply proposed together.

Worked cases of the issue: 4 minutes late costs F2 20 元 and Q2 3 分; 75 minutes late is a half-day absence
that proposes F5 200 元 (and Q2), not 0 元; between 5 and 60 minutes the head decides (or the policy's gap rule
applies), never silently nothing.
"""

import datetime
from decimal import Decimal

import pytest

from core.errors import ServiceError
from discipline import selectors as discipline_selectors
from discipline import services as discipline
from discipline.models import Incident
from leave import lateness as services
from leave.models import Absence, Half, Lateness, LeavePolicy

D = datetime.date
AM, PM = Half.MORNING, Half.AFTERNOON
LATE, EARLY = Lateness.Kind.LATE, Lateness.Kind.EARLY


@pytest.fixture
def late(org):
    def record(minutes, day=D(2026, 9, 15), half=AM, kind=LATE, by=None, note="打卡记录"):
        return services.lateness_record(person=org.employee, by=by or org.supervisor, occurred_on=day, half=half,
                                        kind=kind, minutes=minutes, note=note)
    return record


def proposed(lateness):
    return sorted((incident.rule.code, incident.amount, incident.state)
                  for incident in lateness.incidents.select_related("rule"))


def test_four_minutes_late_proposes_f2_and_q2_together(late):
    lateness = late(4)

    assert proposed(lateness) == [("F2", Decimal("20.00"), "proposed"), ("Q2", Decimal("3.00"), "proposed")]
    assert (lateness.absence, lateness.decision) == (None, Lateness.Decision.NOT_NEEDED)
    f2 = lateness.incidents.get(rule__code="F2")
    assert (f2.measured_value, f2.source, f2.facts) == (Decimal("4.00"), Incident.Source.LEAVE, "迟到 4 分钟（上午）：打卡记录")


def test_seventy_five_minutes_late_is_a_half_day_absence_that_proposes_f5(late, org):
    lateness = late(75)

    assert proposed(lateness) == [("F5", Decimal("200.00"), "proposed"), ("Q2", Decimal("3.00"), "proposed")]
    absence = lateness.absence
    assert (absence.starts_on, absence.ends_on, absence.half, absence.source) == (
        D(2026, 9, 15), D(2026, 9, 15), AM, Absence.Source.LATENESS)
    assert absence.incident.rule.code == "F5"
    assert absence.incident.basis == (
        "迟到 75 分钟（上午） → R2 迟到60分钟按旷工半天处理（不少于 60 分钟） → 未经批准缺勤：2026-09-15 上午"
        " → F5 未经科主任批准,不按时上班,扣罚200元")


def test_the_statement_shows_the_chain_and_counts_half_a_day_of_absence(late, org):
    lateness = late(75)
    services.lateness_confirm_proposals(lateness=lateness, by=org.supervisor)

    statement = discipline_selectors.person_statement(org.employee, 2026, 9)

    assert (statement.totals.fines_yuan, statement.totals.points_lost, statement.totals.absence_days) == (
        Decimal("200.00"), Decimal("3.00"), Decimal("0.5"))
    f5 = next(incident for incident in statement.incidents if incident.rule.code == "F5")
    assert f5.explanation() == (
        "迟到 75 分钟（上午） → R2 迟到60分钟按旷工半天处理（不少于 60 分钟） → 未经批准缺勤：2026-09-15 上午"
        " → F5 未经科主任批准,不按时上班,扣罚200元；罚款 200 元")


def test_twenty_minutes_late_waits_for_the_head_never_silently_nothing(late, org):
    lateness = late(20)

    assert proposed(lateness) == [("Q2", Decimal("3.00"), "proposed")]
    assert lateness.decision == Lateness.Decision.PENDING
    assert services.judge(kind=LATE, minutes=20, half=AM, occurred_on=D(2026, 9, 15)).head_decides


def test_the_head_decides_no_further_penalty_with_the_reason_recorded(late, org):
    lateness = late(20)

    services.lateness_decide(lateness=lateness, by=org.head, reason="地铁故障，有站方证明")

    lateness.refresh_from_db()
    assert (lateness.decision, lateness.decision_reason, lateness.decided_by) == (
        Lateness.Decision.NO_PENALTY, "地铁故障，有站方证明", org.head)
    assert proposed(lateness) == [("Q2", Decimal("3.00"), "proposed")]


def test_the_head_decides_on_a_rule_which_is_confirmed_at_once(late, org):
    lateness = late(20)

    services.lateness_decide(lateness=lateness, by=org.head, rule_code="F3", reason="实际为擅自离岗")

    f3 = lateness.incidents.get(rule__code="F3")
    assert (f3.state, f3.amount, f3.measured_value) == (Incident.State.CONFIRMED, Decimal("50.00"), Decimal("20.00"))
    assert f3.basis == "迟到 20 分钟（上午） → F2、Q2、R2 的罚款均不适用于这一时长 → 科主任决定按 F3：实际为擅自离岗"
    assert Lateness.objects.get(pk=lateness.pk).decision == Lateness.Decision.RULE


def test_a_decision_needs_a_reason_and_is_taken_once(late, org):
    lateness = late(20)
    with pytest.raises(ServiceError):
        services.lateness_decide(lateness=lateness, by=org.head, reason=" ")
    services.lateness_decide(lateness=lateness, by=org.head, reason="情有可原")
    with pytest.raises(ServiceError) as refused:
        services.lateness_decide(lateness=lateness, by=org.head, reason="再来一次")
    assert refused.value.message == "这条迟到记录不在等待决定。"


def test_the_gap_rule_in_the_policy_replaces_the_heads_decision(late, org):
    policy = LeavePolicy.current()
    policy.lateness_gap_rule_code = "F3"
    policy.save()

    lateness = late(20)

    assert proposed(lateness) == [("F3", Decimal("50.00"), "proposed"), ("Q2", Decimal("3.00"), "proposed")]
    assert lateness.decision == Lateness.Decision.NOT_NEEDED
    assert lateness.incidents.get(rule__code="F3").basis == (
        "迟到 20 分钟（上午） → F2、Q2、R2 的罚款均不适用于这一时长 → 考勤规定指定 F3")


def test_leaving_early_by_75_minutes_is_not_converted_the_head_decides(late):
    lateness = late(75, half=PM, kind=EARLY)

    assert proposed(lateness) == [("Q2", Decimal("3.00"), "proposed")]
    assert (lateness.absence, lateness.decision) == (None, Lateness.Decision.PENDING)


def test_exactly_five_and_exactly_sixty_minutes(late):
    assert proposed(late(5)) == [("F2", Decimal("20.00"), "proposed"), ("Q2", Decimal("3.00"), "proposed")]
    assert late(60, day=D(2026, 9, 16)).absence.half == AM


def test_q2_doubles_on_the_second_confirmed_lateness_of_the_month(late, org):
    first = late(4)
    services.lateness_confirm_proposals(lateness=first, by=org.head)
    second = late(3, day=D(2026, 9, 17))
    services.lateness_confirm_proposals(lateness=second, by=org.head)

    assert second.incidents.get(rule__code="Q2").amount == Decimal("6.00")


def test_cancelling_voids_the_incidents_and_withdraws_the_absence(late, org):
    lateness = late(75)
    services.lateness_confirm_proposals(lateness=lateness, by=org.supervisor)

    services.lateness_cancel(lateness=lateness, by=org.head, reason="打卡机时间错误")

    assert {incident.state for incident in lateness.incidents.all()} == {Incident.State.CANCELLED}
    assert Absence.objects.get().cancelled_at is not None
    assert discipline_selectors.person_statement(org.employee, 2026, 9).totals.absence_days == Decimal("0")
    # The half day is free again: it can be recorded correctly.
    assert late(12).minutes == 12


def test_the_same_lateness_twice_and_lateness_on_leave_or_absence_are_refused(late, org):
    late(4)
    with pytest.raises(ServiceError) as twice:
        late(4)
    assert twice.value.message == "艾丽 的这条迟到记录已经登记。"
    late(75, day=D(2026, 9, 16))
    with pytest.raises(ServiceError) as absent:
        late(80, day=D(2026, 9, 16), kind=EARLY)
    assert absent.value.message == "艾丽 在那个半天已登记缺勤。"


@pytest.mark.parametrize(("minutes", "day", "by", "message"), [
    (0, D(2026, 9, 15), "supervisor", "分钟数请填 1 到 1440 之间的整数。"),
    (721, D(2026, 9, 15), "supervisor", "对条款 R2 而言 721 分钟不可信（至多 720）；请核对。"),
    (4, D(2026, 9, 22), "supervisor", "日期不能晚于今天。"),
    (4, D(2026, 9, 15), "outsider", "只能为您所负责科室的员工登记迟到、早退。"),
    (4, D(2026, 9, 15), "employee", "只能为您所负责科室的员工登记迟到、早退。"),
])
def test_bad_input_is_refused_and_changes_nothing(org, minutes, day, by, message):
    with pytest.raises(ServiceError) as refused:
        services.lateness_record(person=org.employee, by=getattr(org, by), occurred_on=day, half=AM, kind=LATE,
                                 minutes=minutes, note="x")
    assert refused.value.message == message
    assert (Lateness.objects.count(), Incident.objects.count()) == (0, 0)


def test_r2_cannot_be_recorded_directly_any_more(org):
    with pytest.raises(ServiceError) as refused:
        discipline.incident_record(person=org.employee, rule_code="R2", occurred_on=D(2026, 9, 15), facts="迟到75分钟",
                                   by=org.head, measured_value=Decimal("75"))
    assert refused.value.message.startswith("条款 R2 将迟到折算为旷工")


def test_the_policy_refuses_codes_no_schedule_has(db):
    policy = LeavePolicy.current()
    policy.late_rule_codes = "F2 Q2 X9"
    with pytest.raises(Exception) as invalid:
        policy.full_clean()
    assert invalid.value.message_dict == {"late_rule_codes": ["没有任何考核办法含有条款 X9。"]}
