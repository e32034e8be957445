"""Privileged changes (重要更改操作, the two-person rule) and outside technicians' time-boxed access (外来技术人员)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from approvals.models import ApprovalRequest
from approvals.services import Decision, step_decide
from audit.models import AuditEntry
from authz import services, tasks
from authz.models import ExternalAccess, PrivilegedChange
from core.errors import ServiceError
from notifications.models import Notification

from .hospital import active_step, system

TZ = timezone.get_current_timezone()
MONDAY_EVENING = datetime.datetime(2026, 11, 23, 21, 0, tzinfo=TZ)


def refused(call, **kwargs):
    with pytest.raises(ServiceError) as refusal:
        call(**kwargs)
    return refusal.value.message


def change(hospital, by=None, system_code="doctor_ws", start=MONDAY_EVENING, hours=2):
    by = by or hospital.it
    planned = services.privileged_change_create(
        by=by, title="HIS 数据库索引重建", target_kind="database", target="HIS 主库", system=system(system_code),
        plan="低峰期重建索引", steps="1. 备份 2. 重建 3. 校验", rollback_plan="从备份恢复",
        window_start=start, window_end=start + datetime.timedelta(hours=hours))
    services.subject_submit(subject=planned, by=by)
    planned.approval.refresh_from_db()
    return planned


def approved(hospital, **kwargs):
    with time_machine.travel(MONDAY_EVENING - datetime.timedelta(hours=5), tick=False):
        planned = change(hospital, **kwargs)
        while planned.approval.state == ApprovalRequest.State.PENDING:
            step = active_step(planned)
            step_decide(step=step, by=step.assignee, decision=Decision.APPROVE)
            planned.approval.refresh_from_db()
    return planned


def test_only_it_staff_propose_a_change(hospital):
    assert refused(services.privileged_change_create, by=hospital.nurse, title="x", target_kind="server", target="x",
                   plan="x", steps="x", rollback_plan="x", window_start=MONDAY_EVENING,
                   window_end=MONDAY_EVENING + datetime.timedelta(hours=1)) == (
        "Privileged changes are proposed by IT staff.")


def test_the_window_is_checked(hospital):
    assert refused(services.privileged_change_create, by=hospital.it, title="x", target_kind="server", target="x",
                   plan="x", steps="x", rollback_plan="x", window_start=MONDAY_EVENING,
                   window_end=MONDAY_EVENING) == "The end must come after the start (2026-11-23 21:00)."
    assert refused(services.privileged_change_create, by=hospital.it, title="x", target_kind="server", target="x",
                   plan="x", steps="x", rollback_plan="x", window_start=MONDAY_EVENING,
                   window_end=MONDAY_EVENING + datetime.timedelta(days=4)) == "A time window is at most 72 hours."


def test_the_head_approves_and_a_hospital_wide_system_needs_the_vp(hospital):
    ordinary = change(hospital)
    wide = change(hospital, by=hospital.it2, system_code="network")

    assert list(ordinary.approval.steps.values_list("label", "assignee__username")) == [("信息科主任审批", "1100")]
    assert list(wide.approval.steps.order_by("order").values_list("label", "assignee__username")) == [
        ("信息科主任审批", "1100"), ("分管院长审批（全院系统）", "0100")]


def test_two_different_technicians_must_confirm(hospital):
    planned = approved(hospital)

    with time_machine.travel(MONDAY_EVENING + datetime.timedelta(minutes=5), tick=False):
        services.privileged_change_confirm(change=planned, by=hospital.it)
        message = refused(services.privileged_change_confirm, change=planned, by=hospital.it)
        assert message == ("You have already confirmed. A second technician, another person, must confirm too "
                           "(two-person rule).")
        assert refused(services.privileged_change_close, change=planned, by=hospital.it, outcome="succeeded",
                       test_result="ok", operation_log="log") == (
            "Two different technicians must confirm they are present before the result is recorded.")
        services.privileged_change_confirm(change=planned, by=hospital.it2)
        assert refused(services.privileged_change_confirm, change=planned,
                       by=hospital.org.supervisor) == "Two technicians have already confirmed."

    planned.refresh_from_db()
    assert (planned.first_confirmed_by, planned.second_confirmed_by, planned.progress()) == (
        hospital.it, hospital.it2, "executing")


def test_someone_outside_it_cannot_be_the_second_technician(hospital):
    planned = approved(hospital)

    with time_machine.travel(MONDAY_EVENING + datetime.timedelta(minutes=5), tick=False):
        services.privileged_change_confirm(change=planned, by=hospital.it)
        assert refused(services.privileged_change_confirm, change=planned,
                       by=hospital.nurse) == "Only IT technicians confirm that they are present."


def test_confirming_outside_the_window_or_before_approval_is_refused(hospital):
    with time_machine.travel(MONDAY_EVENING - datetime.timedelta(hours=5), tick=False):
        pending = change(hospital)
        assert refused(services.privileged_change_confirm, change=pending,
                       by=hospital.it2) == "The change is not approved yet."
    planned = approved(hospital, by=hospital.it2)

    with time_machine.travel(MONDAY_EVENING - datetime.timedelta(hours=1), tick=False):
        assert refused(services.privileged_change_confirm, change=planned, by=hospital.it) == (
            "The approved time window is 2026-11-23 21:00 – 2026-11-23 23:00; the change can be carried out only then.")


def test_the_result_and_log_close_the_change(hospital):
    planned = approved(hospital)
    with time_machine.travel(MONDAY_EVENING + datetime.timedelta(minutes=5), tick=False):
        services.privileged_change_confirm(change=planned, by=hospital.it)
        services.privileged_change_confirm(change=planned, by=hospital.it2)
    Notification.objects.all().delete()

    assert refused(services.privileged_change_close, change=planned, by=hospital.it2, outcome="succeeded",
                   test_result=" ", operation_log="log") == "Record both the test result and the operation log."
    assert refused(services.privileged_change_close, change=planned, by=hospital.nurse, outcome="succeeded",
                   test_result="ok", operation_log="log") == (
        "Only the technicians who carried out the change record its result.")
    services.privileged_change_close(change=planned, by=hospital.it2, outcome="succeeded", test_result="响应正常",
                                     operation_log="21:05 备份；21:40 完成")

    planned.refresh_from_db()
    assert (planned.progress(), planned.closed_by, planned.test_result) == ("closed", hospital.it2, "响应正常")
    assert list(Notification.objects.values_list("recipient__username", flat=True).order_by("pk")) == ["1100", "1101"]
    assert refused(services.privileged_change_close, change=planned, by=hospital.it, outcome="succeeded",
                   test_result="x", operation_log="x") == "This change is closed."
    actions = list(AuditEntry.objects.filter(object_type="authz.privilegedchange").order_by("pk")
                   .values_list("action", flat=True))
    assert actions == ["authz.privilegedchange.create", "authz.privilegedchange.confirm",
                       "authz.privilegedchange.confirm", "authz.privilegedchange.close"]


# Outside technicians -------------------------------------------------------------------------------

def external(hospital, start=MONDAY_EVENING, hours=4, system_code="doctor_ws", supervisor=None):
    access = services.external_access_create(
        by=hospital.it, technician_name="马工", company="东华软件", purpose="版本升级排查", system=system(system_code),
        terminal="机房 OPS-02", supervisor=supervisor or hospital.it2, starts_at=start,
        ends_at=start + datetime.timedelta(hours=hours))
    services.subject_submit(subject=access, by=hospital.it)
    access.approval.refresh_from_db()
    return access


def approve_all(subject):
    while subject.approval.state == ApprovalRequest.State.PENDING:
        step = active_step(subject)
        step_decide(step=step, by=step.assignee, decision=Decision.APPROVE)
        subject.approval.refresh_from_db()


def test_the_supervisor_must_be_it_staff_and_the_window_bounded(hospital):
    assert refused(services.external_access_create, by=hospital.it, technician_name="马工", company="东华",
                   purpose="x", system=system("doctor_ws"), terminal="OPS-02", supervisor=hospital.nurse,
                   starts_at=MONDAY_EVENING, ends_at=MONDAY_EVENING + datetime.timedelta(hours=1)) == (
        "The supervisor must be a member of the IT department.")
    assert refused(services.external_access_create, by=hospital.it, technician_name="马工", company="东华",
                   purpose="x", system=system("doctor_ws"), terminal="OPS-02", supervisor=hospital.it2,
                   starts_at=MONDAY_EVENING, ends_at=MONDAY_EVENING + datetime.timedelta(days=8)) == (
        "Access is granted for at most 7 days.")


def test_the_chain_follows_the_system(hospital):
    ordinary = external(hospital)
    critical = external(hospital, system_code="cashier")

    assert list(ordinary.approval.steps.order_by("order").values_list("assignee__username", flat=True)) == [
        "1100", "3100"]
    assert list(critical.approval.steps.order_by("order").values_list("assignee__username", flat=True)) == [
        "1100", "3300", "0100"]


def test_access_expires_automatically_once(hospital):
    with time_machine.travel(MONDAY_EVENING - datetime.timedelta(hours=3), tick=False):
        access = external(hospital)
        approve_all(access)
        assert access.access_state() == "scheduled"
    with time_machine.travel(MONDAY_EVENING + datetime.timedelta(hours=1), tick=False):
        assert tasks.expire_external_access() == {"expired": 0}
        access.refresh_from_db()
        assert access.access_state() == "active"
    Notification.objects.all().delete()

    with time_machine.travel(MONDAY_EVENING + datetime.timedelta(hours=4, minutes=1), tick=False):
        assert tasks.expire_external_access() == {"expired": 1}
        assert tasks.expire_external_access() == {"expired": 0}  # idempotent

    access.refresh_from_db()
    assert (access.access_state(), access.end_reason, access.ended_by) == ("ended", "expired", None)
    assert sorted(Notification.objects.values_list("recipient__username", "subject")) == [
        ("1101", "Access of 马工 has ended: close it on 机房 OPS-02"),
        ("1105", "Access of 马工 has ended: close it on 机房 OPS-02")]
    assert AuditEntry.objects.filter(action="authz.externalaccess.expire", object_id=str(access.pk)).count() == 1


def test_an_approval_after_the_window_ends_it_at_once(hospital):
    with time_machine.travel(MONDAY_EVENING - datetime.timedelta(hours=3), tick=False):
        access = external(hospital, hours=1)
    with time_machine.travel(MONDAY_EVENING + datetime.timedelta(hours=2), tick=False):
        approve_all(access)

    access.refresh_from_db()
    assert (access.access_state(), access.end_reason) == ("ended", "expired")


def test_the_supervisor_ends_it_early(hospital):
    with time_machine.travel(MONDAY_EVENING - datetime.timedelta(hours=3), tick=False):
        access = external(hospital)
        approve_all(access)
    with time_machine.travel(MONDAY_EVENING + datetime.timedelta(hours=1), tick=False):
        assert refused(services.external_access_end, access=access, by=hospital.nurse) == (
            "Only the supervisor, the requester or the IT department's leaders can end it.")
        services.external_access_end(access=access, by=hospital.it2)
        assert refused(services.external_access_end, access=access, by=hospital.it2) == "This access is not in force."

    access.refresh_from_db()
    assert (access.end_reason, access.ended_by) == ("ended_early", hospital.it2)
    assert ExternalAccess.objects.due_to_expire(timezone.now()).count() == 0


def test_a_pending_request_never_expires_by_itself(hospital):
    with time_machine.travel(MONDAY_EVENING - datetime.timedelta(hours=3), tick=False):
        access = external(hospital, hours=1)
    with time_machine.travel(MONDAY_EVENING + datetime.timedelta(hours=2), tick=False):
        assert tasks.expire_external_access() == {"expired": 0}
    assert PrivilegedChange.objects.count() == 0
    access.refresh_from_db()
    assert access.ended_at is None
