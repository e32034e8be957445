"""Fault calls timed against the targets of the day they came in: who is responsible, what counts as a response,
the findings a late response, an unattended fault or a major outage give, and complaints linked to calls."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from core.errors import ServiceError
from discipline.models import Incident
from dutyroster.models import Complaint, DutyPolicy, FaultCall, Finding
from dutyroster.services import calls as services
from notifications.models import Notification

from .conftest import NOW, assign

D = datetime.date
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def on_the_phone(org, november, types, colleague):
    """范文 on the main shift that runs now (16 November 08:00 → 17 November 08:00)."""
    return assign(november, colleague, D(2026, 11, 16), types["main"])


def test_it_staff_record_a_phone_call_and_are_responsible(org, on_the_phone):
    call = services.call_record(by=org.employee, department=org.ward, caller="韩雪", summary="打印机卡纸",
                                received_at=NOW - 3 * MINUTE, responded_by_phone=True)
    assert (call.taken_by, call.responded_at, call.state, call.response_minutes, call.number) == (
        org.employee, NOW - 3 * MINUTE, FaultCall.State.RESPONDED, 15, f"BX-{call.pk:06d}")


def test_a_ward_files_a_ticket_that_goes_to_the_duty_phone(org, on_the_phone, colleague):
    call = services.call_record(by=org.outsider, department=org.it, summary="电子病历打不开", caller="")
    assert (call.channel, call.department, call.caller, call.taken_by, call.assignment, call.state) == (
        FaultCall.Channel.TICKET, org.ward, "艾琳", colleague, on_the_phone, FaultCall.State.NEW)
    assert Notification.objects.get(recipient=colleague).subject == f"报修 {call.number}：电子病历打不开"


def test_the_targets_are_those_of_the_day_the_call_came_in(org, on_the_phone):
    DutyPolicy.objects.filter(pk=1).update(response_minutes=30)
    call = services.call_record(by=org.employee, department=org.ward, caller="韩雪", summary="打印机卡纸")
    DutyPolicy.objects.filter(pk=1).update(response_minutes=15)
    call.refresh_from_db()
    assert call.response_due() == NOW + 30 * MINUTE


def test_a_late_response_is_offered_as_the_scorecards_line(org, on_the_phone, colleague):
    call = services.call_record(by=org.outsider, department=org.ward, summary="腕带打印不出")
    with time_machine.travel(NOW + 32 * MINUTE, tick=False):
        services.call_respond(call=call, by=colleague)
    finding = Finding.objects.get()
    assert (finding.kind, finding.person, finding.points, finding.state, finding.incident, finding.call) == (
        Finding.Kind.RESPONSE_LATE, colleague, Decimal("2.00"), Finding.State.OPEN, None, call)
    assert finding.facts == (f"{call.number} 心内科“腕带打印不出”，接报于2026-11-16 09:00：响应于2026-11-16 09:32，"
                             "时限15分钟（接科室电话后15分钟内响应）。")


def test_on_time_nothing_is_found(org, on_the_phone, colleague):
    call = services.call_record(by=org.outsider, department=org.ward, summary="腕带打印不出")
    with time_machine.travel(NOW + 14 * MINUTE, tick=False):
        call = services.call_start(call=call, by=colleague)
        services.call_resolve(call=call, by=colleague, resolution="更换色带")
    assert Finding.objects.count() == 0


def test_the_beat_finds_an_open_call_nobody_handles(org, on_the_phone, colleague):
    services.call_record(by=org.outsider, department=org.ward, summary="腕带打印不出")
    with time_machine.travel(NOW + 16 * MINUTE, tick=False):
        assert services.check_open_calls() == 0  # recorded less than the grace ago
    with time_machine.travel(NOW + 31 * MINUTE, tick=False):
        assert services.check_open_calls() == 1
    with time_machine.travel(NOW + 61 * MINUTE, tick=False):
        assert services.check_open_calls() == 1
        assert services.check_open_calls() == 0
    assert list(Finding.objects.order_by("pk").values_list("kind", "person__username", "points")) == [
        ("response_late", "1103", Decimal("2.00")), ("unattended", "1103", Decimal("2.00"))]


def test_a_call_entered_after_the_fact_is_judged_by_its_times(org, on_the_phone):
    received = NOW - 3 * 60 * MINUTE
    call = services.call_record(by=org.employee, department=org.ward, caller="韩雪", summary="打印机卡纸",
                                received_at=received)
    call = services.call_respond(call=call, by=org.employee, at=received + 5 * MINUTE)
    call = services.call_start(call=call, by=org.employee, at=received + 70 * MINUTE)
    assert list(Finding.objects.values_list("kind", flat=True)) == ["unattended"]


def test_a_major_outage_not_restored_in_12_hours(org, on_the_phone):
    call = services.call_record(by=org.employee, department=org.ward, caller="检验科", summary="LIS 停工",
                                received_at=NOW - 13 * 60 * MINUTE, is_major=True, responded_by_phone=True)
    call = services.call_start(call=call, by=org.employee, at=NOW - 13 * 60 * MINUTE + 5 * MINUTE)
    services.call_resolve(call=call, by=org.employee, resolution="数据库恢复", at=NOW)
    assert list(Finding.objects.values_list("kind", "points")) == [("outage", Decimal("10.00"))]


def test_times_are_checked(org, on_the_phone):
    call = services.call_record(by=org.employee, department=org.ward, caller="韩雪", summary="打印机卡纸")
    with pytest.raises(ServiceError, match="时间不能晚于现在"):
        services.call_respond(call=call, by=org.employee, at=NOW + MINUTE)
    with pytest.raises(ServiceError, match="时间早于2026-11-16 09:00"):
        services.call_respond(call=call, by=org.employee, at=NOW - MINUTE)
    with pytest.raises(ServiceError, match="只有信息科人员可以处理报修"):
        services.call_respond(call=call, by=org.outsider)
    with pytest.raises(ServiceError, match="报修须在一周内登记"):
        services.call_record(by=org.employee, department=org.ward, caller="韩雪", summary="旧报修",
                             received_at=NOW - datetime.timedelta(days=8))


def test_the_main_shift_sends_a_colleague(org, on_the_phone, colleague):
    call = services.call_record(by=colleague, department=org.ward, caller="韩雪", summary="打印机卡纸",
                                responded_by_phone=True)
    call = services.call_assign(call=call, by=colleague, person=org.employee)
    assert call.taken_by == org.employee
    with pytest.raises(ServiceError, match="不是信息科人员"):
        services.call_assign(call=call, by=colleague, person=org.outsider)


def test_a_complaint_found_true_is_proposed_as_f16_and_q4a(org, on_the_phone):
    call = services.call_record(by=org.employee, department=org.ward, caller="韩雪", summary="打印机卡纸")
    complaint = services.complaint_record(by=org.head, person=org.employee, department=org.ward,
                                          received_on=D(2026, 11, 16), complaint_text="响应慢", call=call)
    with pytest.raises(ServiceError, match="由被投诉人所在科室的负责人核查"):
        services.complaint_decide(complaint=complaint, by=org.employee, upheld=True, note="属实")
    services.complaint_decide(complaint=complaint, by=org.head, upheld=True, note="经查属实")
    assert list(Finding.objects.order_by("rule_code").values_list(
        "rule_code", "incident__amount", "incident__state", "complaint", "call")) == [
        ("F16", Decimal("50.00"), Incident.State.PROPOSED, complaint.pk, call.pk),
        ("Q4a", Decimal("3.00"), Incident.State.PROPOSED, complaint.pk, call.pk)]
    assert Complaint.objects.get().state == Complaint.State.UPHELD


def test_a_complaint_not_upheld_proposes_nothing(org):
    complaint = services.complaint_record(by=org.head, person=org.employee, department=org.ward,
                                          received_on=D(2026, 11, 16), complaint_text="响应慢")
    services.complaint_decide(complaint=complaint, by=org.head, upheld=False, note="当时正在处理急诊故障")
    assert Finding.objects.count() == 0
    with pytest.raises(ServiceError, match="不得登记针对本人的投诉"):
        services.complaint_record(by=org.head, person=org.head, department=org.ward, received_on=D(2026, 11, 16),
                                  complaint_text="x")
