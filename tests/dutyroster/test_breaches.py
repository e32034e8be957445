"""Breaches witnessed on duty (值班违规): recorded against the person on a duty by a leader, a team leader or (for
the kinds it answers for) the main shift of that day, and proposed as the kind's rule (admin data): the fine or the
points, the threshold and the doubling on repeats are the discipline rule's."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEntry
from core.errors import ServiceError
from discipline import services as discipline
from discipline.models import Incident
from dutyroster.models import Breach, BreachKind, Finding, TeamLeader
from dutyroster.selectors import breach_kinds_for
from dutyroster.services.breaches import breach_record

from .conftest import NOW, assign, at

D = datetime.date


@pytest.fixture
def kinds(db):
    return {kind.code: kind for kind in BreachKind.objects.all()}


def test_the_seeded_kinds_name_the_policy_rules(kinds):
    assert [(k.code, k.rule_code, k.measure, sorted(t.code for t in k.duty_types.all()), k.recorder)
            for k in BreachKind.objects.all()] == [
        ("phone_general", "F12", "minutes", ["general"], "leaders"),
        ("phone_service", "Q6", "minutes", ["main"], "leaders"),
        ("sleeping", "F19", "", [], "leaders"),
        ("disobeyed", "Q7a", "", ["day", "day_aux"], "main_shift"),
        ("cleaning", "Q7b", "", ["day_aux"], "leaders"),
        ("unreachable", "R19", "", [], "leaders"),
    ]


def test_the_unanswered_phone_doubles_on_the_second_time(org, november, types, kinds):
    first = assign(november, org.employee, D(2026, 11, 10), types["main"])
    second = assign(november, org.employee, D(2026, 11, 14), types["main"])
    one = breach_record(assignment=first, kind=kinds["phone_service"], by=org.head, occurred_at=at(D(2026, 11, 10), 22),
                        minutes=8, facts="儿科打印机故障，服务电话8分钟无人接听")
    two = breach_record(assignment=second, kind=kinds["phone_service"], by=org.head,
                        occurred_at=at(D(2026, 11, 14), 23), minutes=6, facts="服务电话6分钟无人接听")
    found = [breach.finding for breach in (one, two)]
    assert [(f.kind, f.state, f.rule_code, f.points, f.person, f.occurred_on, f.assignment_id) for f in found] == [
        (Finding.Kind.BREACH, Finding.State.PROPOSED, "Q6", None, org.employee, D(2026, 11, 10), first.pk),
        (Finding.Kind.BREACH, Finding.State.PROPOSED, "Q6", None, org.employee, D(2026, 11, 14), second.pk)]
    for finding in found:  # 依次加倍 counts confirmed incidents: the head confirms both
        discipline.incident_confirm(incident=finding.incident, by=org.head)
    incidents = [Incident.objects.get(pk=f.incident_id) for f in found]
    assert [(i.source, i.state, i.measured_value, i.amount) for i in incidents] == [
        (Incident.Source.DUTY_ROSTER, Incident.State.CONFIRMED, Decimal("8.00"), Decimal("3.00")),
        (Incident.Source.DUTY_ROSTER, Incident.State.CONFIRMED, Decimal("6.00"), Decimal("6.00"))]
    assert found[0].title() == "服务电话无人接听5分钟"
    assert found[0].evidence() == (str(one), reverse("duty:assignment", args=[first.pk]))
    assert AuditEntry.objects.filter(action="dutyroster.breach.record").count() == 2


def test_the_general_duty_phone_is_a_fine_above_three_minutes(org, november, types, kinds):
    shift = assign(november, org.supervisor, D(2026, 11, 12), types["general"])
    with pytest.raises(ServiceError, match="F12"):
        breach_record(assignment=shift, kind=kinds["phone_general"], by=org.head, occurred_at=at(D(2026, 11, 12), 20),
                      minutes=3, facts="总值班电话3分钟未接")
    assert Breach.objects.count() == 0  # refused as a whole: the rule does not apply to 3 minutes
    breach = breach_record(assignment=shift, kind=kinds["phone_general"], by=org.head,
                           occurred_at=at(D(2026, 11, 12), 20), minutes=6, facts="总值班电话6分钟未接")
    assert (breach.finding.incident.rule.code, breach.finding.incident.amount, breach.minutes) == (
        "F12", Decimal("20.00"), 6)


def test_sleeping_and_unreachable_apply_to_every_duty(org, november, types, kinds):
    shift = assign(november, org.employee, D(2026, 11, 13), types["on_call"])
    asleep = breach_record(assignment=shift, kind=kinds["sleeping"], by=org.supervisor,
                           occurred_at=at(D(2026, 11, 14), 3), minutes=40, facts="夜间值班期间睡觉，急诊电话由保安转告")
    unreachable = breach_record(assignment=shift, kind=kinds["unreachable"], by=org.supervisor,
                                occurred_at=at(D(2026, 11, 13), 21), facts="手机关机，急诊科两次联系不上")
    assert (asleep.minutes, asleep.finding.incident.rule.code, asleep.finding.incident.amount) == (
        None, "F19", Decimal("50.00"))
    assert (unreachable.finding.incident.rule.code, unreachable.finding.incident.amount) == ("R19", None)


def test_the_main_shift_records_a_day_shift_that_did_not_obey(org, november, types, kinds, colleague):
    assign(november, colleague, D(2026, 11, 16), types["main"])
    day = assign(november, org.employee, D(2026, 11, 16), types["day"])
    assert [kind.code for kind in breach_kinds_for(colleague, day)] == ["disobeyed"]
    assert [kind.code for kind in breach_kinds_for(org.head, day)] == ["sleeping", "disobeyed", "unreachable"]
    assert breach_kinds_for(org.employee, day) == []  # never about oneself
    breach = breach_record(assignment=day, kind=kinds["disobeyed"], by=colleague, occurred_at=at(D(2026, 11, 16), 8, 40),
                           facts="安排去急诊科更换打印机，无故拒绝")
    assert (breach.finding.incident.rule.code, breach.finding.incident.amount, breach.recorded_by) == (
        "Q7a", Decimal("3.00"), colleague)
    with pytest.raises(ServiceError, match="组长"):
        breach_record(assignment=day, kind=kinds["sleeping"], by=colleague, occurred_at=at(D(2026, 11, 16), 8, 50),
                      facts="x")


def test_a_team_leader_records_the_cleaning(org, november, types, kinds, colleague):
    TeamLeader.objects.create(department=org.it, person=colleague)
    aux = assign(november, org.employee, D(2026, 11, 11), types["day_aux"])
    breach = breach_record(assignment=aux, kind=kinds["cleaning"], by=colleague, occurred_at=at(D(2026, 11, 11), 17),
                           facts="卫生检查不合格，机房地面有纸屑")
    assert (breach.finding.incident.rule.code, breach.finding.incident.amount) == ("Q7b", Decimal("3.00"))


def test_refusals(org, november, december, types, kinds, colleague):
    main = assign(november, org.employee, D(2026, 11, 14), types["main"])
    with pytest.raises(ServiceError, match="不适用于"):  # Q7b is the assisting day shift's
        breach_record(assignment=main, kind=kinds["cleaning"], by=org.head, occurred_at=at(D(2026, 11, 14), 12),
                      facts="x")
    with pytest.raises(ServiceError, match="分钟数"):
        breach_record(assignment=main, kind=kinds["phone_service"], by=org.head, occurred_at=at(D(2026, 11, 14), 12),
                      facts="x")
    with pytest.raises(ServiceError, match="值班时间内"):
        breach_record(assignment=main, kind=kinds["sleeping"], by=org.head, occurred_at=at(D(2026, 11, 12), 12),
                      facts="x")
    with pytest.raises(ServiceError, match="晚于现在"):
        later = assign(november, colleague, D(2026, 11, 16), types["main"])
        breach_record(assignment=later, kind=kinds["sleeping"], by=org.head, occurred_at=NOW + datetime.timedelta(
            hours=1), facts="x")
    with pytest.raises(ServiceError, match="组长"):
        breach_record(assignment=main, kind=kinds["sleeping"], by=org.employee, occurred_at=at(D(2026, 11, 14), 12),
                      facts="x")
    draft = assign(december, org.employee, D(2026, 12, 1), types["main"])
    with time_machine.travel(at(D(2026, 12, 2)), tick=False), pytest.raises(ServiceError, match="尚未发布"):
        breach_record(assignment=draft, kind=kinds["sleeping"], by=org.head, occurred_at=at(D(2026, 12, 1), 12),
                      facts="x")
    kinds["sleeping"].is_active = False
    kinds["sleeping"].save()
    with pytest.raises(ServiceError, match="不再登记"):
        breach_record(assignment=main, kind=kinds["sleeping"], by=org.head, occurred_at=at(D(2026, 11, 14), 12),
                      facts="x")
    assert Breach.objects.count() == 0


def test_a_kind_without_a_rule_offers_its_points_on_the_scorecard(org, november, types):
    kind = BreachKind.objects.create(code="late_log", name="值班记录未当班填写", points=Decimal("1.5"))
    shift = assign(november, org.employee, D(2026, 11, 14), types["main"])
    breach = breach_record(assignment=shift, kind=kind, by=org.head, occurred_at=at(D(2026, 11, 14), 12), facts="补记")
    assert (breach.finding.state, breach.finding.points, breach.finding.incident) == (
        Finding.State.OPEN, Decimal("1.50"), None)


def test_the_kind_is_validated_against_its_rule(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Q6"):
        BreachKind(code="x", name="x", rule_code="Q6").full_clean()  # Q6 is measured in minutes
    with pytest.raises(ValidationError):
        BreachKind(code="y", name="y").full_clean()  # neither a rule nor points
    BreachKind(code="z", name="z", rule_code="Q6", measure="minutes").full_clean()


def test_the_head_records_it_on_the_shift_page(client, org, november, types, kinds):
    shift = assign(november, org.employee, D(2026, 11, 14), types["main"])
    client.force_login(org.head)
    page = client.get(reverse("duty:assignment", args=[shift.pk]))
    assert [str(kind) for kind in page.context["breach_form"].fields["kind"].queryset] == [
        "服务电话无人接听5分钟", "值班期间睡觉", "值班期间关机联系不上"]
    response = client.post(reverse("duty:breach_new", args=[shift.pk]), {
        "kind": kinds["phone_service"].pk, "occurred_at": "2026-11-14 22:05", "minutes": "7",
        "facts": "服务电话7分钟无人接听"})
    assert response.status_code == 302
    breach = Breach.objects.get()
    assert (breach.kind, breach.minutes, breach.recorded_by, breach.finding.incident.amount) == (
        kinds["phone_service"], 7, org.head, Decimal("3.00"))
    page = client.get(reverse("duty:assignment", args=[shift.pk]))
    assert "服务电话7分钟无人接听" in page.content.decode()
    assert org.employee.notifications.filter(subject="值班违规已登记：服务电话无人接听5分钟").count() == 1


def test_the_person_on_duty_sees_it_but_cannot_record(client, org, november, types, kinds):
    shift = assign(november, org.employee, D(2026, 11, 14), types["main"])
    client.force_login(org.employee)
    page = client.get(reverse("duty:assignment", args=[shift.pk]))
    assert (page.context["breach_form"], list(page.context["breaches"])) == (None, [])
    assert client.post(reverse("duty:breach_new", args=[shift.pk]), {"kind": kinds["sleeping"].pk}).status_code == 404
