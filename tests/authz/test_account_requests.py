"""Account (新用户) and permission change (权限变更) requests: the rules, IT's execution and the register."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from approvals.models import ApprovalRequest, Step
from approvals.services import Decision, request_submit, request_withdraw, step_decide
from audit.models import AuditEntry
from authz import gates, services
from authz.models import AccountRequest, Grant
from core.errors import ServiceError
from notifications.models import Notification

from .hospital import active_step, approve_until_it, draft, granted, sets, submitted, system

TZ = timezone.get_current_timezone()


def refused(call, **kwargs):
    with pytest.raises(ServiceError) as refusal:
        call(**kwargs)
    return refusal.value.message


def test_a_request_is_made_by_the_person_who_needs_it(hospital):
    message = refused(services.account_request_create, applicant=hospital.nurse, by=hospital.ward_head,
                      kind="new", system=system("nurse_ws"), permission_sets=sets("nurse_ws", "病区护士"),
                      reason="需要")

    assert message == "Accounts and permissions are requested by the person who needs them."
    assert AccountRequest.objects.count() == 0


def test_a_draft_waits_for_its_applicant(hospital):
    account_request = draft(hospital.nurse)

    assert account_request.approval.state == ApprovalRequest.State.DRAFT
    assert account_request.approval.title == "护士工作站 · 新用户 · 艾琳"
    assert account_request.approval.steps.count() == 0


@pytest.mark.parametrize("reason, expected", [
    ("", "Say why the work needs it."),
    ("   ", "Say why the work needs it."),
])
def test_a_reason_is_required(hospital, reason, expected):
    assert refused(services.account_request_create, applicant=hospital.nurse, by=hospital.nurse, kind="new",
                   system=system("nurse_ws"), permission_sets=sets("nurse_ws", "病区护士"), reason=reason) == expected


def test_permission_sets_must_belong_to_the_system(hospital):
    message = refused(services.account_request_create, applicant=hospital.nurse, by=hospital.nurse, kind="new",
                      system=system("nurse_ws"), permission_sets=sets("doctor_ws", "门诊医生"), reason="需要")

    assert message == "Choose permission sets of 护士工作站 only."


def test_a_new_account_needs_a_permission_set(hospital):
    message = refused(services.account_request_create, applicant=hospital.nurse, by=hospital.nurse, kind="new",
                      system=system("nurse_ws"), permission_sets=[], reason="需要")

    assert message == "Choose at least one permission set."


def test_one_open_request_per_system(hospital):
    draft(hospital.nurse)

    message = refused(services.account_request_create, applicant=hospital.nurse, by=hospital.nurse, kind="new",
                      system=system("nurse_ws"), permission_sets=sets("nurse_ws", "护士长"), reason="需要")

    assert message == "There is already an open request for 护士工作站; finish or withdraw it first."


def test_a_holder_asks_for_a_change_not_a_second_account(hospital):
    granted(hospital.nurse, hospital.it)

    message = refused(services.account_request_create, applicant=hospital.nurse, by=hospital.nurse, kind="new",
                      system=system("nurse_ws"), permission_sets=sets("nurse_ws", "护士长"), reason="需要")

    assert message == "There is already an account on 护士工作站: request a permission change instead."


def test_a_change_needs_an_account(hospital):
    message = refused(services.account_request_create, applicant=hospital.nurse, by=hospital.nurse, kind="change",
                      system=system("nurse_ws"), permission_sets=sets("nurse_ws", "护士长"), reason="需要")

    assert message == "There is no account on 护士工作站 yet: request a new account first."


def test_a_change_cannot_add_what_is_held_or_remove_what_is_not(hospital):
    granted(hospital.nurse, hospital.it)

    assert refused(services.account_request_create, applicant=hospital.nurse, by=hospital.nurse, kind="change",
                   system=system("nurse_ws"), permission_sets=sets("nurse_ws", "病区护士"),
                   reason="需要") == "Already held: 病区护士."
    assert refused(services.account_request_create, applicant=hospital.nurse, by=hospital.nurse, kind="change",
                   system=system("nurse_ws"), permission_sets=[], removed_sets=sets("nurse_ws", "护士长"),
                   reason="需要") == "Not held, so nothing to remove: 护士长."


def test_the_content_is_frozen_once_submitted(hospital):
    account_request = submitted(hospital.nurse)

    message = refused(services.account_request_update, account_request=account_request, by=hospital.nurse,
                      system=system("nurse_ws"), permission_sets=sets("nurse_ws", "护士长"), reason="改了")

    assert message.startswith("This request has been submitted: its content can no longer change.")
    assert list(account_request.permission_sets.values_list("name", flat=True)) == ["病区护士"]


def test_a_returned_request_is_edited_and_resubmitted(hospital):
    account_request = submitted(hospital.nurse)
    step_decide(step=active_step(account_request), by=hospital.ward_head, decision=Decision.RETURN,
                comment="请写明所在病区")

    services.account_request_update(account_request=account_request, by=hospital.nurse, system=system("nurse_ws"),
                                    permission_sets=sets("nurse_ws", "病区护士"), reason="心内科病区护士")
    services.subject_submit(subject=account_request, by=hospital.nurse)

    account_request.refresh_from_db()
    assert account_request.reason == "心内科病区护士"
    assert account_request.approval.round == 2
    assert active_step(account_request).assignee == hospital.ward_head
    actions = list(AuditEntry.objects.filter(object_type="authz.accountrequest").order_by("pk")
                   .values_list("action", flat=True))
    assert actions == ["authz.accountrequest.create", "authz.accountrequest.update"]


def test_only_the_applicant_edits(hospital):
    account_request = draft(hospital.nurse)

    assert refused(services.account_request_update, account_request=account_request, by=hospital.ward_head,
                   system=system("nurse_ws"), permission_sets=sets("nurse_ws", "护士长"),
                   reason="x") == "Only the applicant can change this request."


def test_the_onboarding_gate_stops_a_new_hire_without_hr_s_record(hospital):
    hospital.nurse.profile.hire_date = None
    hospital.nurse.profile.save()
    account_request = draft(hospital.nurse)

    message = refused(services.subject_submit, subject=account_request, by=hospital.nurse)

    assert message == ("HR has not completed the onboarding record of 艾琳 (hire date); an account can be "
                       "requested once it is recorded.")
    account_request.approval.refresh_from_db()
    assert account_request.approval.state == ApprovalRequest.State.DRAFT


def test_the_induction_gate_is_a_hook_the_training_domain_replaces(hospital):
    account_request = draft(hospital.nurse)
    original = gates.NEW_ACCOUNT.replace("induction", lambda user: False)
    try:
        message = refused(services.subject_submit, subject=account_request, by=hospital.nurse)
    finally:
        gates.NEW_ACCOUNT.replace("induction", original)

    assert message == "艾琳 has not passed the induction exam yet."
    assert gates.induction_passed(hospital.nurse) is True
    assert gates.NEW_ACCOUNT.names() == ["onboarding", "induction"]


def test_the_gates_do_not_apply_to_a_permission_change(hospital):
    granted(hospital.nurse, hospital.it)
    hospital.nurse.profile.hire_date = None
    hospital.nurse.profile.save()

    account_request = submitted(hospital.nurse, "nurse_ws", ["护士长"], kind="change")

    assert account_request.approval.state == ApprovalRequest.State.PENDING


def test_nobody_approves_their_own_request(hospital):
    # The head of 心内科 asks: the chain skips them (no deputy: the VP stands in) and refuses them.
    account_request = submitted(hospital.ward_head, "doctor_ws", ["医嘱审核"])

    first = active_step(account_request)
    assert first.assignee == hospital.vp
    assert refused(step_decide, step=first, by=hospital.ward_head,
                   decision=Decision.APPROVE) == "You cannot decide on your own request."


def test_out_of_turn_is_refused(hospital):
    account_request = submitted(hospital.nurse)
    owner_step = account_request.approval.steps.get(order=2)

    assert refused(step_decide, step=owner_step, by=hospital.nursing_head,
                   decision=Decision.APPROVE) == "This step is not waiting for a decision."
    assert refused(step_decide, step=active_step(account_request), by=hospital.medical_head,
                   decision=Decision.APPROVE) == "This step is not yours to decide."


def test_approving_twice_and_approving_a_withdrawn_request_are_refused(hospital):
    account_request = submitted(hospital.nurse)
    step = active_step(account_request)
    step_decide(step=step, by=hospital.ward_head, decision=Decision.APPROVE)

    assert refused(step_decide, step=step, by=hospital.ward_head,
                   decision=Decision.APPROVE) == "This step was already decided by 罗主任."
    request_withdraw(request=account_request.approval, by=hospital.nurse)
    assert refused(step_decide, step=account_request.approval.steps.get(order=2), by=hospital.nursing_head,
                   decision=Decision.APPROVE) == "This request is Withdrawn; nothing more can be decided."


def test_a_delegate_approves_for_the_head_on_leave(hospital):
    from approvals.models import Delegation

    today = timezone.localdate()
    Delegation.objects.create(delegator=hospital.ward_head, delegate=hospital.doctor, starts_on=today,
                              ends_on=today + datetime.timedelta(days=5))
    account_request = submitted(hospital.nurse)

    step_decide(step=active_step(account_request), by=hospital.doctor, decision=Decision.APPROVE)

    assert account_request.approval.steps.get(order=1).decided_by == hospital.doctor
    assert active_step(account_request).assignee == hospital.nursing_head


def test_it_cannot_close_its_step_from_the_inbox_without_recording_the_account(hospital):
    account_request = submitted(hospital.nurse)
    step = approve_until_it(account_request)

    message = refused(step_decide, step=step, by=hospital.it, decision=Decision.APPROVE)

    assert message == "Carry this out from the request's page, where IT records what was done."
    assert Step.objects.get(pk=step.pk).state == Step.State.ACTIVE


def test_it_executes_records_the_account_and_the_register_shows_the_grant(hospital):
    account_request = submitted(hospital.nurse)
    approve_until_it(account_request)
    Notification.objects.all().delete()

    services.account_request_execute(account_request=account_request, by=hospital.it, account_id=" ailin ",
                                     password_delivered=True)

    account_request.refresh_from_db()
    assert account_request.approval.state == ApprovalRequest.State.APPROVED
    assert (account_request.account_id, account_request.executed_by) == ("ailin", hospital.it)
    assert account_request.password_delivered_at is not None
    grants = list(Grant.objects.values_list("user__username", "system__code", "permission_set__name", "account_id",
                                            "request", "executed_by__username"))
    assert grants == [("4100", "nurse_ws", "病区护士", "ailin", account_request.pk, "1101")]
    told = list(Notification.objects.order_by("pk").values_list("recipient__username", "subject"))
    assert told == [
        ("4100", f"Approved: {account_request.approval.title}"),  # the engine
        ("4100", "Your account on 护士工作站 is open: change the initial password today"),
        ("4900", f"Done: {account_request.approval.title}"),  # the requesting department's head
        ("3200", f"Done: {account_request.approval.title}"),  # 资料反馈审批科室: the approving department's head
    ]


def test_no_password_field_exists_anywhere(db):
    names = {field.name for field in AccountRequest._meta.get_fields()} | {f.name for f in Grant._meta.get_fields()}

    assert [name for name in names if "password" in name and not name.endswith("_at")] == []


@pytest.mark.parametrize("account_id, delivered, expected", [
    ("", True, "Enter the account created on 护士工作站."),
    ("ailin", False, "Confirm that the initial password was handed to the applicant in person or in a sealed "
                     "envelope. It is never entered here."),
])
def test_execution_needs_the_account_and_the_out_of_band_password(hospital, account_id, delivered, expected):
    account_request = submitted(hospital.nurse)
    approve_until_it(account_request)

    assert refused(services.account_request_execute, account_request=account_request, by=hospital.it,
                   account_id=account_id, password_delivered=delivered) == expected
    assert Grant.objects.count() == 0


def test_execution_before_approval_or_by_someone_else_is_refused(hospital):
    account_request = submitted(hospital.nurse)

    assert refused(services.account_request_execute, account_request=account_request, by=hospital.it,
                   account_id="ailin", password_delivered=True) == "This request is still waiting for approval."
    approve_until_it(account_request)
    assert refused(services.account_request_execute, account_request=account_request, by=hospital.ward_head,
                   account_id="ailin", password_delivered=True) == "This step is for IT staff; you cannot carry it out."


def test_executing_twice_is_refused(hospital):
    account_request = granted(hospital.nurse, hospital.it)

    assert refused(services.account_request_execute, account_request=account_request, by=hospital.it2,
                   account_id="x", password_delivered=True) == "This was already carried out by 艾丽."
    assert Grant.objects.count() == 1


def test_an_account_of_someone_else_is_refused(hospital):
    granted(hospital.doctor, hospital.it, account_id="shared")
    account_request = submitted(hospital.nurse)
    approve_until_it(account_request)

    message = refused(services.account_request_execute, account_request=account_request, by=hospital.it,
                      account_id="shared", password_delivered=True)

    assert message == "The account shared on 护士工作站 belongs to someone else."


def test_a_permission_change_adds_and_removes_grants(hospital):
    granted(hospital.nurse, hospital.it, names=("病区护士",), account_id="ailin")
    change = submitted(hospital.nurse, "nurse_ws", ["护士长"], kind="change", removed=["病区护士"])
    approve_until_it(change)

    services.account_request_execute(account_request=change, by=hospital.it2, account_id="")

    held = list(Grant.objects.active().values_list("permission_set__name", "account_id"))
    assert held == [("护士长", "ailin")]
    ended = Grant.objects.get(revoked_at__isnull=False)
    assert (ended.permission_set.name, ended.revoked_by, ended.revoked_reason) == (
        "病区护士", hospital.it2, f"Removed by permission change #{change.pk}")


def test_the_applicant_confirms_changing_the_initial_password(hospital):
    account_request = granted(hospital.nurse, hospital.it)

    assert refused(services.password_change_confirm, account_request=account_request,
                   by=hospital.ward_head) == "Only the account holder can confirm this."
    services.password_change_confirm(account_request=account_request, by=hospital.nurse)

    account_request.refresh_from_db()
    assert account_request.password_changed_at is not None
    assert refused(services.password_change_confirm, account_request=account_request,
                   by=hospital.nurse) == "There is no initial password waiting to be changed."


def test_a_reminder_the_same_day_when_the_password_is_not_changed(hospital):
    def at(hour, minute=0):
        return time_machine.travel(datetime.datetime(2026, 11, 23, hour, minute, tzinfo=TZ), tick=False)

    with at(9):
        account_request = granted(hospital.nurse, hospital.it)
    Notification.objects.all().delete()

    with at(10):
        assert services.password_change_reminders() == 0  # not yet: it was handed over an hour ago
    with at(11, 30):
        assert services.password_change_reminders() == 1
        assert services.password_change_reminders() == 0  # once

    assert list(Notification.objects.values_list("recipient__username", "subject")) == [
        ("4100", "Reminder: change the initial password of 护士工作站 today")]
    account_request.refresh_from_db()
    assert account_request.password_reminded_at is not None


def test_a_rejection_ends_it_and_nothing_is_granted(hospital):
    account_request = submitted(hospital.nurse)
    step_decide(step=active_step(account_request), by=hospital.ward_head, decision=Decision.REJECT,
                comment="病区不需要")

    account_request.approval.refresh_from_db()
    assert account_request.approval.state == ApprovalRequest.State.REJECTED
    assert Grant.objects.count() == 0
    assert refused(services.subject_submit, subject=account_request,
                   by=hospital.nurse) == "This request has already been submitted."


def test_when_the_rules_have_no_execute_step_it_still_carries_it_out(hospital):
    from approvals.models import ChainRule

    ChainRule.objects.filter(request_type__code="authz.account", kind="execute").delete()
    account_request = submitted(hospital.nurse)
    approve_until_it(account_request)
    assert account_request.approval.state == ApprovalRequest.State.APPROVED
    assert Grant.objects.count() == 0  # approved, but nothing is open until IT does it

    services.account_request_execute(account_request=account_request, by=hospital.it, account_id="ailin",
                                     password_delivered=True)

    assert Grant.objects.active().count() == 1


def test_submitting_someone_else_s_request_is_refused(hospital):
    account_request = draft(hospital.nurse)

    assert refused(services.subject_submit, subject=account_request,
                   by=hospital.doctor) == "Only the applicant can submit this request."
    assert refused(request_submit, request=account_request.approval,
                   by=hospital.doctor) == "Only the applicant can submit this request."
