"""leave.services: applying, the chain, deductions, cover, return, cancellation, absences, balances.

Today is Monday 2026-09-21 (conftest); messages are compared in Chinese, the UI's language.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from approvals.models import ApprovalRequest, Step
from approvals.services import Decision
from core.errors import ServiceError
from discipline.models import Incident, Revision
from discipline.services import revision_clone, revision_publish
from leave import services
from leave.models import Absence, Half, LeaveBalance, LeavePolicy, LeaveRequest
from notifications.models import Notification


D = datetime.date
AM, PM = Half.MORNING, Half.AFTERNOON


def refusal(call):
    with pytest.raises(ServiceError) as refused:
        call()
    return refused.value.message


def chain(leave):
    return list(Step.objects.filter(request=leave.approval, round=leave.approval.round).order_by("order")
                .values_list("label", "assignee__username", "state"))


# Applying and the chain ------------------------------------------------------------------------------------------

def test_a_short_leave_goes_to_the_supervisor_then_the_head(apply):
    leave = apply(D(2026, 9, 22), D(2026, 9, 23))
    assert leave.state == LeaveRequest.State.PENDING
    assert leave.working_days == Decimal("2")
    assert chain(leave) == [("直接上级审批", "1102", "active"), ("科室负责人审批", "1100", "waiting")]


def test_seven_working_days_across_national_day_need_no_extension(apply):
    leave = apply(D(2026, 9, 28), D(2026, 10, 12))
    assert leave.working_days == Decimal("7")
    assert [label for label, _, _ in chain(leave)] == ["直接上级审批", "科室负责人审批"]


def test_more_than_seven_working_days_need_the_heads_extension_step(apply, approve):
    leave = apply(D(2026, 9, 28), D(2026, 10, 13), extension_reason="家人手术，需陪护")
    assert leave.working_days == Decimal("8")
    assert chain(leave) == [("直接上级审批", "1102", "active"), ("科室负责人审批", "1100", "waiting"),
                            ("延长离岗审批（超过7个工作日）", "1100", "waiting")]
    leave = approve(leave)
    assert leave.state == LeaveRequest.State.APPROVED
    assert [state for _, _, state in chain(leave)] == ["approved", "approved", "approved"]


def test_the_extension_needs_a_reason(apply):
    assert refusal(lambda: apply(D(2026, 9, 28), D(2026, 10, 13))) == (
        "请假超过 7 个工作日：请说明需要延长离岗的理由（延长离岗理由）。")
    assert LeaveRequest.objects.count() == 0


def test_overlapping_leave_is_refused(apply):
    apply(D(2026, 9, 22), D(2026, 9, 23), start_half=PM)
    message = refusal(lambda: apply(D(2026, 9, 23), D(2026, 9, 24), code="compensatory"))
    assert message == "与您 2026-09-22 下午 – 2026-09-23 下午 的事假重叠（待审批）。"
    assert LeaveRequest.objects.count() == 1


def test_touching_half_days_do_not_overlap(apply, balance):
    apply(D(2026, 9, 22), D(2026, 9, 22), end_half=AM)
    leave = apply(D(2026, 9, 22), D(2026, 9, 22), code="annual", start_half=PM)
    assert leave.working_days == Decimal("0.5")


def test_a_withdrawn_leave_frees_its_days(apply):
    first = apply(D(2026, 9, 22), D(2026, 9, 22))
    services.leave_withdraw(leave=first, by=first.person)
    first.refresh_from_db()
    assert first.state == LeaveRequest.State.WITHDRAWN
    assert apply(D(2026, 9, 22), D(2026, 9, 22)).working_days == Decimal("1")


@pytest.mark.parametrize(("start", "end", "start_half", "end_half", "message"), [
    (D(2026, 9, 24), D(2026, 9, 23), AM, PM, "请假结束时间早于开始时间。"),
    (D(2026, 9, 24), D(2026, 9, 24), PM, AM, "请假结束时间早于开始时间。"),
    (D(2026, 10, 1), D(2026, 10, 7), AM, PM, "所选日期均为周末或法定节假日，无需请假。"),
    (D(2026, 9, 18), D(2026, 9, 18), AM, PM, "事假须提前申请：第一天已经过去。"),
])
def test_bad_periods_are_refused(apply, start, end, start_half, end_half, message):
    assert refusal(lambda: apply(start, end, start_half=start_half, end_half=end_half)) == message
    assert LeaveRequest.objects.count() == 0
    assert ApprovalRequest.objects.count() == 0


def test_sick_leave_needs_a_document_and_may_be_asked_afterwards(apply):
    assert refusal(lambda: apply(D(2026, 9, 18), D(2026, 9, 18), code="sick")) == "病假需要证明材料：请附上。"
    certificate = SimpleUploadedFile("诊断证明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    leave = apply(D(2026, 9, 18), D(2026, 9, 18), code="sick", document=certificate)
    # The original name is kept for the download; on disk the name is generated (core.uploads.upload_to).
    assert (leave.document_name, leave.document.name.startswith("leave/"), "诊断证明" in leave.document.name) == (
        "诊断证明.pdf", True, False)
    assert leave.working_days == Decimal("1")


def test_the_cover_cannot_be_away_at_the_same_time(apply, org, colleague):
    apply(D(2026, 9, 22), D(2026, 9, 23), person=colleague, cover=org.employee)
    assert refusal(lambda: apply(D(2026, 9, 23), D(2026, 9, 23))) == (
        "范文 在此期间请假（2026-09-22 上午 – 2026-09-23 下午），不能代理工作。")


# Annual leave balance --------------------------------------------------------------------------------------------

def test_annual_leave_needs_a_balance(apply):
    assert refusal(lambda: apply(D(2026, 9, 22), D(2026, 9, 22), code="annual")) == "人事科尚未设置您 2026 年的年假。"


def test_balance_arithmetic(apply, approve, balance):
    balance.carried_over = Decimal("2")
    balance.save()
    taken = approve(apply(D(2026, 9, 21), D(2026, 9, 24), code="annual"))  # Monday to Thursday: 4 days
    waiting = apply(D(2026, 9, 28), D(2026, 9, 30), code="annual", start_half=PM)  # 2.5 days
    assert (taken.working_days, waiting.working_days) == (Decimal("4"), Decimal("2.5"))
    # 10 + 2 − 4 taken − 2.5 waiting = 5.5 left. 10-8 to 10-15 morning (Saturday 10-10 works) is 6.5: refused.
    assert refusal(lambda: apply(D(2026, 10, 8), D(2026, 10, 15), code="annual", end_half=AM)) == (
        "年假不足：2026 年还剩 5.5 天，本次申请 6.5 天。")
    assert apply(D(2026, 10, 8), D(2026, 10, 14), code="annual", end_half=AM).working_days == Decimal("5.5")


def test_annual_leave_does_not_cross_the_new_year(apply, org):
    LeaveBalance.objects.create(person=org.employee, year=2025, entitlement=Decimal("10"))
    with time_machine.travel(datetime.datetime(2025, 12, 1, 9, 0), tick=False):
        assert refusal(lambda: apply(D(2025, 12, 31), D(2026, 1, 5), code="annual")) == (
            "年假按年度计算：请分别申请至12月31日和自1月1日起的假期。")


def test_a_year_without_its_holiday_notice_is_counted_provisionally(apply):
    leave = apply(D(2026, 12, 30), D(2027, 1, 4))
    assert (leave.working_days, leave.count_provisional) == (Decimal("3"), True)  # 1-1 元旦 is statutory
    assert leave.approval.title == "艾丽 · 事假 · 12-30–01-04 · 3 天（暂算）"


def test_opening_a_year_carries_unused_days_over_up_to_the_policy(apply, approve, org, balance):
    approve(apply(D(2026, 9, 22), D(2026, 9, 22), code="annual"))  # 1 of 10 taken: 9 unused, 5 carried
    LeaveBalance.objects.create(person=org.supervisor, year=2026, entitlement=Decimal("5"))
    opened = services.balances_open_year(year=2027)
    assert opened == 7  # everyone active: the six of the base fixture and the colleague
    rows = {b.person.username: (b.entitlement, b.carried_over) for b in LeaveBalance.objects.filter(year=2027)}
    assert rows["1101"] == (Decimal("10"), Decimal("5"))
    assert rows["1102"] == (Decimal("5"), Decimal("5"))
    assert rows["1100"] == (LeavePolicy.current().default_entitlement_days, Decimal("0"))
    assert services.balances_open_year(year=2027) == 0  # idempotent


def test_only_hr_sets_a_balance(org, hr):
    assert refusal(lambda: services.balance_set(person=org.employee, year=2026, entitlement=Decimal("5"),
                                                carried_over=Decimal("0"), by=org.head)) == "只有人事科可以设置年假。"
    balance = services.balance_set(person=org.employee, year=2026, entitlement=Decimal("7.5"),
                                   carried_over=Decimal("1"), by=hr, note="工龄满10年")
    assert (balance.entitlement, balance.carried_over, balance.note) == (Decimal("7.5"), Decimal("1"), "工龄满10年")


# Approval, the cover, deductions ---------------------------------------------------------------------------------

def test_the_final_approval_needs_a_cover(apply, org, colleague):
    leave = apply(D(2026, 9, 22), D(2026, 9, 22), cover=None)
    decide_all_first = Step.objects.get(request=leave.approval, order=1)
    from approvals.services import step_decide

    step_decide(step=decide_all_first, by=org.supervisor, decision=Decision.APPROVE)
    last = Step.objects.get(request=leave.approval, order=2)
    assert refusal(lambda: step_decide(step=last, by=org.head, decision=Decision.APPROVE)) == (
        "最终批准前，请在请假单页面指定 艾丽 离岗期间的工作代理人。")
    services.leave_set_cover(leave=leave, by=org.head, cover=colleague)
    step_decide(step=last, by=org.head, decision=Decision.APPROVE)
    leave.refresh_from_db()
    assert (leave.state, leave.cover, leave.cover_named_by) == (LeaveRequest.State.APPROVED, colleague, org.head)


def test_the_cover_is_notified_on_approval(apply, approve, colleague):
    leave = apply(D(2026, 9, 22), D(2026, 9, 23))
    assert Notification.objects.filter(recipient=colleague).count() == 0
    approve(leave)
    assert list(Notification.objects.filter(recipient=colleague).values_list("subject", flat=True)) == [
        "您代理 艾丽 的工作：2026-09-22 上午 – 2026-09-23 下午"]


def test_only_leaders_name_the_cover(apply, org, colleague):
    leave = apply(D(2026, 9, 22), D(2026, 9, 23), cover=None)
    assert refusal(lambda: services.leave_set_cover(leave=leave, by=org.employee, cover=colleague)) == (
        "只有本人的直接上级或科室负责人可以指定工作代理人。")
    assert refusal(lambda: services.leave_set_cover(leave=leave, by=org.outsider, cover=colleague)) == (
        "只有本人的直接上级或科室负责人可以指定工作代理人。")


def amounts(leave):
    return [(i.occurred_on, i.rule.code, i.amount, i.state) for i in leave.deductions.order_by("occurred_on", "pk")]


def test_an_approved_personal_leave_settles_the_schedules_deductions(apply, approve):
    # Tuesday afternoon to Thursday morning: half, full, half.
    leave = approve(apply(D(2026, 9, 22), D(2026, 9, 24), start_half=PM, end_half=AM))
    assert amounts(leave) == [
        (D(2026, 9, 22), "F4b", Decimal("30.00"), Incident.State.ACKNOWLEDGED),
        (D(2026, 9, 23), "F4a", Decimal("50.00"), Incident.State.ACKNOWLEDGED),
        (D(2026, 9, 24), "F4b", Decimal("30.00"), Incident.State.ACKNOWLEDGED),
    ]
    assert leave.deductions.order_by("occurred_on").first().facts == "事假 2026-09-22（半天），请假单 #%d" % leave.pk


def test_no_deduction_before_approval_or_for_other_types(apply, approve, balance):
    waiting = apply(D(2026, 9, 22), D(2026, 9, 22))
    annual = approve(apply(D(2026, 9, 23), D(2026, 9, 23), code="annual"))
    assert (amounts(waiting), amounts(annual)) == ([], [])


def test_deductions_come_from_the_revision_in_force_each_day(apply, approve, org):
    revision = Revision.objects.filter(rules__code="F4a").get()
    draft = revision_clone(revision=revision, by=org.admin)
    draft.rules.filter(code="F4a").update(amount=Decimal("80"))
    revision_publish(revision=draft, effective_from=D(2026, 9, 24), by=org.admin)
    leave = approve(apply(D(2026, 9, 23), D(2026, 9, 24)))
    assert [(day, amount) for day, _, amount, _ in amounts(leave)] == [
        (D(2026, 9, 23), Decimal("50.00")), (D(2026, 9, 24), Decimal("80.00"))]


def test_a_rejected_leave_settles_nothing(apply, approve):
    leave = approve(apply(D(2026, 9, 22), D(2026, 9, 22)), decision=Decision.REJECT, comment="人手不足")
    assert (leave.state, amounts(leave)) == (LeaveRequest.State.REJECTED, [])


# Cancelling and coming back --------------------------------------------------------------------------------------

def test_cancelling_before_the_start_voids_the_deductions(apply, approve, org):
    leave = approve(apply(D(2026, 9, 23), D(2026, 9, 23)))
    services.leave_cancel(leave=leave, by=org.employee, reason="事情已处理")
    leave.refresh_from_db()
    assert leave.state == LeaveRequest.State.CANCELLED
    assert [state for _, _, _, state in amounts(leave)] == [Incident.State.CANCELLED]


def test_a_started_leave_cannot_be_cancelled(apply, approve, org):
    leave = approve(apply(D(2026, 9, 22), D(2026, 9, 23)))
    with time_machine.travel(datetime.datetime(2026, 9, 22, 10, 0), tick=False):
        assert refusal(lambda: services.leave_cancel(leave=leave, by=org.employee, reason="x")) == (
            "假期已经开始：请改为登记返岗。")


def test_back_early_gives_the_untaken_days_back(apply, approve, org):
    leave = approve(apply(D(2026, 9, 22), D(2026, 9, 24)))  # Tuesday to Thursday: 3 × 50
    with time_machine.travel(datetime.datetime(2026, 9, 23, 14, 0), tick=False):
        services.leave_return(leave=leave, by=org.employee, back_on=D(2026, 9, 23), back_half=PM)
    leave.refresh_from_db()
    assert (leave.state, leave.working_days, leave.period_text()) == (
        LeaveRequest.State.CLOSED, Decimal("1.5"), "2026-09-22 上午 – 2026-09-24 下午")
    assert [(day, code, state) for day, code, _, state in amounts(leave)] == [
        (D(2026, 9, 22), "F4a", Incident.State.ACKNOWLEDGED),
        (D(2026, 9, 23), "F4a", Incident.State.CANCELLED),
        (D(2026, 9, 23), "F4b", Incident.State.ACKNOWLEDGED),
        (D(2026, 9, 24), "F4a", Incident.State.CANCELLED),
    ]


def test_back_late_is_an_absence_proposed_to_the_head(apply, approve, org):
    leave = approve(apply(D(2026, 9, 22), D(2026, 9, 22)))
    with time_machine.travel(datetime.datetime(2026, 9, 25, 9, 0), tick=False):
        services.leave_return(leave=leave, by=org.supervisor, back_on=D(2026, 9, 24), back_half=PM)
    absence = Absence.objects.get()
    assert (absence.starts_on, absence.ends_on, absence.source) == (
        D(2026, 9, 23), D(2026, 9, 24), Absence.Source.OVERSTAY)
    assert (absence.incident.rule.code, absence.incident.state, absence.incident.amount) == (
        "F5", Incident.State.PROPOSED, Decimal("200.00"))


def test_the_return_cannot_be_in_the_future_or_before_the_leave(apply, approve, org):
    leave = approve(apply(D(2026, 9, 22), D(2026, 9, 23)))
    assert refusal(lambda: services.leave_return(leave=leave, by=org.employee, back_on=D(2026, 9, 23),
                                                 back_half=AM)) == "只能在返岗之后登记返岗。"
    assert refusal(lambda: services.leave_return(leave=leave, by=org.employee, back_on=D(2026, 9, 22),
                                                 back_half=AM)) == "返岗时间必须晚于请假的第一个半天。"
    assert refusal(lambda: services.leave_return(leave=leave, by=org.outsider, back_on=D(2026, 9, 21),
                                                 back_half=AM)) == "只有本人或其上级可以登记返岗。"


def test_an_unclosed_leave_reminds_the_leaders_once(apply, approve, org):
    leave = approve(apply(D(2026, 9, 22), D(2026, 9, 22)))
    assert services.remind_overdue_returns(today=D(2026, 9, 22)) == 0
    assert services.remind_overdue_returns(today=D(2026, 9, 23)) == 1
    assert services.remind_overdue_returns(today=D(2026, 9, 24)) == 0
    subjects = set(Notification.objects.filter(url=leave.get_absolute_url(), recipient__in=[org.head, org.supervisor])
                   .values_list("subject", flat=True))
    assert "艾丽 的假期已于 2026-09-22 结束，尚未登记返岗" in subjects


# Absences --------------------------------------------------------------------------------------------------------

def test_a_recorded_absence_is_proposed_to_the_head(org):
    absence = services.absence_record(person=org.employee, by=org.supervisor, starts_on=D(2026, 9, 18),
                                      ends_on=D(2026, 9, 18), note="未请假未到岗")
    assert (absence.incident.rule.code, absence.incident.state, absence.incident.source) == (
        "F5", Incident.State.PROPOSED, Incident.Source.LEAVE)


def test_an_absence_on_approved_leave_is_refused(apply, approve, org):
    approve(apply(D(2026, 9, 22), D(2026, 9, 22)))
    with time_machine.travel(datetime.datetime(2026, 9, 23, 9, 0), tick=False):
        assert refusal(lambda: services.absence_record(
            person=org.employee, by=org.supervisor, starts_on=D(2026, 9, 22), ends_on=D(2026, 9, 22),
            note="x")) == "艾丽 在这些日期有已批准的请假（2026-09-22 上午 – 2026-09-22 下午）。"
    assert Absence.objects.count() == 0


def test_only_leaders_record_absences(org):
    assert refusal(lambda: services.absence_record(person=org.employee, by=org.outsider, starts_on=D(2026, 9, 18),
                                                   ends_on=D(2026, 9, 18), note="x")) == "只能为您所负责科室的员工登记缺勤。"
