"""The handover between shifts: counted items carried over, handed over, each count confirmed or disputed, taken
over only after the handover, disputes resolved by the head, omissions and missing handovers proposed (Q5, F10,
F11)."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from core.errors import ServiceError
from discipline.models import Incident
from dutyroster.models import EquipmentLoan, Finding, Handover, HandoverItem
from dutyroster.services import handover as services
from notifications.models import Notification

from .conftest import NOW, assign, at

D = datetime.date
Kind = HandoverItem.Kind


@pytest.fixture
def shifts(org, november, types, colleague):
    """The employee's main shift of 15 November (08:00 to 08:00), the colleague's of the 16th, running now."""
    return assign(november, org.employee, D(2026, 11, 15), types["main"]), \
        assign(november, colleague, D(2026, 11, 16), types["main"])


@pytest.fixture
def recorded(shifts, org):
    outgoing, _incoming = shifts
    handover = services.handover_start(assignment=outgoing, by=org.employee)
    services.item_add(handover=handover, by=org.employee, kind=Kind.SPARE, name="备用台式机", quantity=3,
                      location="库房2台、挂号处1台")
    services.item_add(handover=handover, by=org.employee, kind=Kind.TOOL, name="测线仪", quantity=1)
    return handover


def test_the_handover_opens_on_the_outgoing_shift_and_finds_the_next(shifts, org, colleague):
    outgoing, incoming = shifts
    handover = services.handover_start(assignment=outgoing, by=org.employee)
    assert (handover.state, handover.incoming) == (Handover.State.RECORDING, incoming)
    assert services.handover_start(assignment=outgoing, by=org.employee) == handover  # idempotent


def test_only_the_person_on_duty_opens_it(shifts, colleague):
    with pytest.raises(ServiceError, match="只有当班人员可以交班"):
        services.handover_start(assignment=shifts[0], by=colleague)


def test_counts_and_open_loans_are_carried_into_the_next_handover(recorded, shifts, org, colleague, third,
                                                                   november, types):
    EquipmentLoan.objects.create(item="备用台式机", quantity=1, department=org.ward, borrower="韩雪",
                                 lent_at=at(D(2026, 11, 14)), due_on=D(2026, 11, 20), lent_by=org.employee,
                                 asset_number="XX-0342")
    services.handover_submit(handover=recorded, by=org.employee)
    spare = recorded.items.get(kind=Kind.SPARE)
    services.item_check(item=spare, by=colleague, confirmed=False, counted=2, note="挂号处那台不在")
    services.item_check(item=recorded.items.get(kind=Kind.TOOL), by=colleague, confirmed=True)
    services.handover_take_over(handover=recorded, by=colleague)
    assign(november, third, D(2026, 11, 17), types["main"])
    with time_machine.travel(at(D(2026, 11, 17), 7), tick=False):
        following = services.handover_start(assignment=shifts[1], by=colleague)
    assert list(following.items.values_list("kind", "name", "quantity", "location", "note")) == [
        ("spare", "备用台式机", 2, "库房2台、挂号处1台", ""),  # the disputed count found
        ("tool", "测线仪", 1, "", ""),
        ("loan", "备用台式机", 1, "心内科 韩雪", "XX-0342 应于2026-11-20归还"),
    ]


def test_only_the_outgoing_person_records_until_the_handover(recorded, org, colleague):
    with pytest.raises(ServiceError, match="只有交班人可以修改交班记录"):
        services.item_add(handover=recorded, by=colleague, kind=Kind.TOOL, name="螺丝刀", quantity=1)
    with pytest.raises(ServiceError, match="请填写物品借给了谁"):
        services.item_add(handover=recorded, by=org.employee, kind=Kind.LOAN, name="投影仪", quantity=1)
    services.handover_submit(handover=recorded, by=org.employee)
    with pytest.raises(ServiceError, match="已交班，数量不能再修改"):
        services.item_update(item=recorded.items.first(), by=org.employee, quantity=5)


def test_the_next_shift_cannot_take_over_before_the_handover(recorded, colleague):
    with pytest.raises(ServiceError, match="艾丽尚未交班，交班前不能接班"):
        services.handover_take_over(handover=recorded, by=colleague)
    with pytest.raises(ServiceError, match="艾丽尚未交班"):
        services.item_check(item=recorded.items.first(), by=colleague, confirmed=True)


def test_handed_over_the_incoming_person_is_told(recorded, org, colleague):
    services.handover_submit(handover=recorded, by=org.employee, note="自助机待厂家")
    assert Notification.objects.filter(recipient=colleague).values_list("subject", flat=True).get() == \
        "请接艾丽的班"


def test_every_count_is_checked_before_the_take_over(recorded, org, colleague):
    services.handover_submit(handover=recorded, by=org.employee)
    with pytest.raises(ServiceError, match="还有2项未核对"):
        services.handover_take_over(handover=recorded, by=colleague)
    for item in recorded.items.all():
        services.item_check(item=item, by=colleague, confirmed=True)
    handover = services.handover_take_over(handover=recorded, by=colleague)
    assert (handover.state, handover.taken_over_by, handover.taken_over_at) == (Handover.State.TAKEN_OVER,
                                                                               colleague, NOW)


def test_a_disputed_count_goes_to_the_head(recorded, org, colleague):
    services.handover_submit(handover=recorded, by=org.employee)
    spare, tool = recorded.items.order_by("order")
    with pytest.raises(ServiceError, match="请填写异议说明"):
        services.item_check(item=spare, by=colleague, confirmed=False, counted=2)
    services.item_check(item=spare, by=colleague, confirmed=False, counted=2, note="挂号处那台不在")
    services.item_check(item=tool, by=colleague, confirmed=True)
    handover = services.handover_take_over(handover=recorded, by=colleague)
    assert handover.state == Handover.State.DISPUTED
    assert list(Notification.objects.filter(recipient__in=[org.head, org.supervisor]).values_list(
        "recipient__username", "body").order_by("recipient__username")) == [
        ("1100", "备用台式机: 3 → 2 (挂号处那台不在)"), ("1102", "备用台式机: 3 → 2 (挂号处那台不在)")]


def test_the_head_resolves_and_each_wrong_count_becomes_a_q5_line(recorded, org, colleague):
    services.handover_submit(handover=recorded, by=org.employee)
    spare, tool = recorded.items.order_by("order")
    services.item_check(item=spare, by=colleague, confirmed=False, counted=2, note="挂号处那台不在")
    services.item_check(item=tool, by=colleague, confirmed=True)
    services.handover_take_over(handover=recorded, by=colleague)
    with pytest.raises(ServiceError, match="交接双方本人不能处理"):
        services.handover_resolve(handover=recorded, by=colleague, resolution="少1台")
    handover = services.handover_resolve(handover=recorded, by=org.head, resolution="挂号处备用机已借出未登记",
                                         wrong_items=[spare])
    finding = Finding.objects.get()
    assert (handover.state, finding.kind, finding.person, finding.rule_code, finding.state) == (
        Handover.State.RESOLVED, Finding.Kind.OMISSION, org.employee, "Q5", Finding.State.PROPOSED)
    incident = finding.incident
    assert (incident.rule.code, incident.measured_value, incident.amount, incident.state, incident.source) == (
        "Q5", Decimal("1.00"), Decimal("3.00"), Incident.State.PROPOSED, Incident.Source.DUTY_ROSTER)
    assert finding.facts == "2026-11-15 值主班 · 艾丽交班：备用台式机登记3，实点2"


def test_the_incoming_person_reports_an_omission(recorded, org, colleague):
    services.handover_submit(handover=recorded, by=org.employee)
    with pytest.raises(ServiceError, match="只有接班人或科室负责人可以报告交接漏项"):
        services.omission_report(handover=recorded, by=org.employee, description="借出登记漏填")
    services.omission_report(handover=recorded, by=colleague, description="当日安装的打印机未登记")
    services.omission_report(handover=recorded, by=colleague, description="借出的投影仪未登记去向")
    assert list(Finding.objects.order_by("pk").values_list("kind", "rule_code", "incident__amount")) == [
        ("omission", "Q5", Decimal("3.00")), ("omission", "Q5", Decimal("3.00"))]


def test_missing_handovers_and_take_overs_are_proposed_after_the_grace(org, november, types, colleague, third):
    not_handed = assign(november, org.employee, D(2026, 11, 13), types["main"])
    handed = assign(november, colleague, D(2026, 11, 14), types["main"])
    assign(november, third, D(2026, 11, 15), types["main"])
    with time_machine.travel(at(D(2026, 11, 15), 8, 30), tick=False):
        handover = services.handover_start(assignment=handed, by=colleague)
        services.handover_submit(handover=handover, by=colleague)
    with time_machine.travel(at(D(2026, 11, 15), 8, 59), tick=False):
        assert services.propose_missing() == 1  # the 13th's, ended on the 14th at 08:00
    with time_machine.travel(at(D(2026, 11, 15), 9, 29), tick=False):
        assert services.propose_missing() == 0
    with time_machine.travel(at(D(2026, 11, 15), 9, 31), tick=False):
        assert services.propose_missing() == 1  # the 14th's handover, not taken over an hour after 08:30
        assert services.propose_missing() == 0
    assert list(Finding.objects.order_by("pk").values_list("kind", "person__username", "rule_code",
                                                            "incident__amount", "occurred_on")) == [
        ("handover_missing", "1101", "F10", Decimal("50.00"), D(2026, 11, 13)),
        ("takeover_missing", "1104", "F11", Decimal("30.00"), D(2026, 11, 15)),
    ]
    assert Finding.objects.get(kind="handover_missing").assignment == not_handed
