"""The handover's order, enforced: the successor confirms → IT revokes (certificate) → HR completes."""

import datetime

import pytest

from appraisal.rules import can_view_scorecard
from approvals.models import ApprovalRequest, Step
from approvals.services import Decision, step_decide
from authz import services as authz_services
from authz.models import Revocation
from core.errors import ServiceError
from discipline.rules import can_record_incident
from leave.models import Half, LeaveType
from leave.services import leave_apply
from notifications.models import Notification
from offboarding import services
from offboarding.models import ChecklistTemplateItem, EquipmentLine, Handover, HandoverItem
from staff.rules import is_department_leader, leads_department

from .helpers import (
    MONDAY,
    SHANGHAI,
    confirm_everything,
    hand_over_everything,
    refused,
    sign_revocation,
    start,
    through_to_certificate,
)

TEMPLATE_TITLES = [
    "原岗位负责的所有口令、工号及密码",
    "技术文档（系统配置、运维手册、应急预案等）",
    "合同档案（维保、采购合同及相关档案）",
    "报告、总结等与工作有关的信息资料",
    "分管的设备清单和设备",
    "在办工作（按工作内容和工作周期）及岗位职责、工作流程介绍",
    "特殊岗位移交手续（机房门禁卡、钥匙、UKey 等）",
]


def test_starting_builds_the_checklist_from_the_template_and_files_the_revocation(people):
    people.with_grant()

    handover = start(people)

    assert list(handover.items.values_list("title", flat=True)) == TEMPLATE_TITLES
    assert set(handover.items.values_list("owner__username", "state")) == {("1101", "pending")}
    assert handover.password_change_required is True
    revocation = handover.revocation
    assert (revocation.person, revocation.reason, revocation.effective_on) == (people.leaver, "departure",
                                                                               datetime.date(2026, 11, 2))
    assert revocation.approval.state == ApprovalRequest.State.PENDING
    assert Notification.objects.filter(recipient=people.successor, subject="You take over from 艾丽 (接交人员)",
                                       url=handover.get_absolute_url()).count() == 1


def test_the_checklist_follows_the_admins_template(people):
    ChecklistTemplateItem.objects.filter(category="contracts").update(is_active=False)
    ChecklistTemplateItem.objects.create(category="other", title="值班手机", applies_to="transfer", order=80)

    departure = start(people)

    assert "合同档案（维保、采购合同及相关档案）" not in departure.items.values_list("title", flat=True)
    assert "值班手机" not in departure.items.values_list("title", flat=True)


def test_bad_input_is_refused_and_nothing_changes(people):
    yesterday = datetime.date(2026, 11, 1)
    assert refused(start, people=people, effective_on=yesterday) == \
        "The date of the departure or transfer cannot be in the past."
    assert refused(services.handover_start, person=people.leaver, kind="departure", effective_on=MONDAY.date(),
                   successor=people.leaver, by=people.leaver) == \
        "Name a successor (接交人员) other than the person leaving the post."
    assert refused(start, people=people, kind="transfer") == "Choose the department the person moves to."
    assert refused(start, people=people, by=people.org.outsider) == \
        "Only the person concerned or HR can start a handover."
    assert refused(start, people=people, kind="holiday") == "Choose a departure or a transfer."
    assert Handover.objects.count() == 0

    start(people)
    assert refused(start, people=people, by=people.hr) == "A handover of 艾丽 is already under way."
    assert Handover.objects.count() == 1


def test_only_the_successor_confirms_each_item_once_it_is_handed_over(people):
    handover = start(people)
    item = handover.items.get(category="documents")

    assert refused(services.item_confirm, item=item, by=people.successor) == \
        "“技术文档（系统配置、运维手册、应急预案等）” has not been handed over yet."
    assert refused(services.item_hand_over, item=item, by=people.successor) == "Only 艾丽 hands this item over."
    services.item_hand_over(item=item, by=people.leaver, note="共享盘 \\\\it\\docs")
    assert refused(services.item_confirm, item=item, by=people.org.head) == \
        "Only the successor, 王工, confirms the handover."

    services.item_confirm(item=item, by=people.successor)

    item.refresh_from_db()
    assert (item.state, item.confirmed_by, item.confirmed_at) == (
        HandoverItem.State.CONFIRMED, people.successor, MONDAY)
    assert refused(services.item_confirm, item=item, by=people.successor) == \
        "“技术文档（系统配置、运维手册、应急预案等）” was already confirmed by 王工 on 2026-11-02 09:00."


def test_the_successor_sends_an_item_back_with_a_reason(people):
    handover = start(people)
    item = handover.items.get(category="contracts")
    services.item_hand_over(item=item, by=people.leaver, note="档案柜 3 号")

    assert refused(services.item_return, item=item, by=people.successor, note=" ") == "Say what is wrong or missing."
    services.item_return(item=item, by=people.successor, note="缺少机房空调维保合同")

    item.refresh_from_db()
    assert (item.state, item.returned_note) == (HandoverItem.State.PENDING, "缺少机房空调维保合同")
    assert Notification.objects.filter(recipient=people.leaver, subject="Sent back: 合同档案（维保、采购合同及相关档案）"
                                       ).count() == 1


def test_the_handover_is_confirmed_only_when_every_item_and_asset_is(people):
    handover = start(people)
    services.equipment_add(handover=handover, by=people.leaver, asset_number="ZC-2019-0042", name="ThinkPad T480",
                           disposition=EquipmentLine.Disposition.TRANSFERRED)
    assert refused(services.equipment_add, handover=handover, by=people.leaver, asset_number="ZC-2019-0042",
                   name="重复", disposition="returned") == "Asset ZC-2019-0042 is already on the list."
    hand_over_everything(handover)
    for item in handover.items.exclude(category="work"):
        services.item_confirm(item=item, by=people.successor)

    assert refused(services.handover_confirm, handover=handover, by=people.successor) == (
        "Confirm every item first; not yet confirmed: 在办工作（按工作内容和工作周期）及岗位职责、工作流程介绍、"
        "asset ZC-2019-0042.")
    handover.refresh_from_db()
    assert handover.state == Handover.State.OPEN

    confirm_everything(handover, people)

    handover.refresh_from_db()
    assert (handover.state, handover.confirmed_at) == (Handover.State.CONFIRMED, MONDAY)
    assert refused(services.handover_confirm, handover=handover, by=people.successor) == \
        "You already confirmed this handover on 2026-11-02 09:00."
    assert refused(services.item_hand_over, item=handover.items.first(), by=people.leaver) == \
        "The successor has already confirmed this handover: the checklist can no longer change."


def test_the_password_change_is_its_own_task_after_the_confirmation(people):
    handover = start(people)
    hand_over_everything(handover)

    assert refused(services.handover_passwords_changed, handover=handover, by=people.successor) == \
        "Confirm the handover first: the passwords are changed after checking them on the spot."
    confirm_everything(handover, people)
    assert refused(services.handover_passwords_changed, handover=handover, by=people.leaver) == \
        "Only the successor, 王工, confirms the handover."

    services.handover_passwords_changed(handover=handover, by=people.successor)

    handover.refresh_from_db()
    assert handover.passwords_changed_at == MONDAY
    assert refused(services.handover_passwords_changed, handover=handover, by=people.successor) == \
        "You already confirmed changing the passwords on 2026-11-02 09:00."


def test_it_cannot_revoke_before_the_successor_confirmed(people):
    people.with_grant()
    handover = start(people)
    revocation = sign_revocation(handover, people)

    assert refused(authz_services.revocation_execute, revocation=revocation, by=people.it) == (
        "The successor has not yet confirmed the handover of 艾丽: the accounts are revoked only after the "
        "successor has checked everything on the spot with the handed-over credentials (离岗交接).")
    revocation.refresh_from_db()
    assert revocation.issued_at is None

    hand_over_everything(handover)
    confirm_everything(handover, people)
    revocation = authz_services.revocation_execute(revocation=revocation, by=people.it)

    assert revocation.certificate_no == f"ZX-2026-{revocation.pk:05d}"


def test_hr_cannot_complete_before_the_gates_and_is_told_what_is_missing(people):
    people.with_grant()
    handover = start(people)

    assert refused(services.handover_complete, handover=handover, by=people.hr) == (
        "Cannot complete yet: The successor 王工 has not confirmed the handover yet (not yet confirmed: "
        + "、".join(TEMPLATE_TITLES) + "). The successor 王工 has not confirmed changing the handed-over passwords. "
        "IT has not yet revoked every account of 艾丽: the revocation (注销) and its certificate must come first.")

    hand_over_everything(handover)
    confirm_everything(handover, people)
    services.handover_passwords_changed(handover=handover, by=people.successor)
    assert refused(services.handover_complete, handover=handover, by=people.hr) == (
        "Cannot complete yet: IT has not yet revoked every account of 艾丽: the revocation (注销) and its "
        "certificate must come first.")
    handover.refresh_from_db()
    assert (handover.state, handover.completed_at) == (Handover.State.CONFIRMED, None)
    assert refused(services.handover_complete, handover=handover, by=people.org.head) == \
        "Only HR completes a departure or transfer (and not their own)."


def test_a_person_without_grants_needs_no_certificate(people):
    handover = start(people, by=people.hr)
    assert handover.revocation is None
    hand_over_everything(handover)
    confirm_everything(handover, people)
    services.handover_passwords_changed(handover=handover, by=people.successor)

    services.handover_complete(handover=handover, by=people.hr)

    handover.refresh_from_db()
    assert handover.state == Handover.State.COMPLETED


def test_sign_in_is_disabled_on_the_departure_date(people, clock, client):
    people.with_grant()
    handover = start(people, effective_on=datetime.date(2026, 11, 6))
    through_to_certificate(handover, people)

    services.handover_complete(handover=handover, by=people.hr)

    people.leaver.refresh_from_db()
    assert people.leaver.is_active is True
    clock.move_to(datetime.datetime(2026, 11, 5, 23, 59, tzinfo=SHANGHAI))
    assert services.apply_due_handovers() == 0
    assert client.login(username="1101", password=people.org.password) is True
    client.logout()

    clock.move_to(datetime.datetime(2026, 11, 6, 0, 1, tzinfo=SHANGHAI))
    assert services.apply_due_handovers() == 1
    assert services.apply_due_handovers() == 0  # idempotent

    people.leaver.refresh_from_db()
    handover.refresh_from_db()
    assert (people.leaver.is_active, people.leaver.profile.status) == (False, "departed")
    assert handover.applied_at == datetime.datetime(2026, 11, 6, 0, 1, tzinfo=SHANGHAI)
    assert client.login(username="1101", password=people.org.password) is False


def test_a_date_already_come_disables_sign_in_at_once(people):
    people.with_grant()
    handover = start(people)  # today
    through_to_certificate(handover, people)

    services.handover_complete(handover=handover, by=people.hr)

    people.leaver.refresh_from_db()
    assert people.leaver.is_active is False
    assert refused(services.handover_complete, handover=handover, by=people.hr) == \
        "This handover was already completed on 2026-11-02 09:00."


def test_a_transfer_moves_the_profile_on_the_date(people, clock):
    people.with_grant()
    ward = people.org.ward
    handover = start(people, kind="transfer", effective_on=datetime.date(2026, 11, 9), target_department=ward)
    assert handover.revocation.reason == Revocation.Reason.TRANSFER
    through_to_certificate(handover, people)
    services.handover_complete(handover=handover, by=people.hr)
    assert people.leaver.profile.department == people.org.it

    clock.move_to(datetime.datetime(2026, 11, 9, 0, 1, tzinfo=SHANGHAI))
    assert services.apply_due_handovers() == 1

    people.leaver.refresh_from_db()
    profile = people.leaver.profile
    profile.refresh_from_db()
    assert (people.leaver.is_active, profile.department, profile.post, profile.supervisor) == (
        True, ward, None, people.hospital.ward_head)


def test_a_called_off_handover_is_cancelled_and_its_revocation_closed(people):
    people.with_grant()
    handover = start(people)
    assert refused(services.handover_cancel, handover=handover, by=people.successor, reason="不走了") == (
        "Only HR or whoever started the handover can cancel it.")
    assert refused(services.handover_cancel, handover=handover, by=people.hr, reason=" ") == "Please give a reason."

    services.handover_cancel(handover=handover, by=people.hr, reason="本人撤回离职申请")

    handover.refresh_from_db()
    assert handover.state == Handover.State.CANCELLED
    assert handover.revocation.approval.state == ApprovalRequest.State.WITHDRAWN
    assert refused(services.handover_cancel, handover=handover, by=people.hr, reason="x") == (
        "This handover is Cancelled; it can no longer be cancelled.")
    assert start(people).state == Handover.State.OPEN  # a new one may start


def test_a_handover_whose_accounts_are_revoked_cannot_be_cancelled(people):
    people.with_grant()
    handover = through_to_certificate(start(people), people)
    message = refused(services.handover_cancel, handover=handover, by=people.hr, reason="不走了")
    assert message == (f"IT has already revoked the accounts of 艾丽 (certificate {handover.revocation.certificate_no}): "
                       "complete the handover, or ask for new accounts.")


def test_a_departing_leader_prompts_hr_and_admins_to_name_successors(people, org):
    handover = services.handover_start(person=org.supervisor, kind=Handover.Kind.DEPARTURE,
                                       effective_on=MONDAY.date(), successor=people.successor, by=people.hr)
    hand_over_everything(handover)
    confirm_everything(handover, people)
    services.handover_passwords_changed(handover=handover, by=people.successor)
    assert services.led_by(org.supervisor) == ([org.it], 1)  # deputy of 信息科, supervisor of 艾丽

    services.handover_complete(handover=handover, by=people.hr)

    told = Notification.objects.filter(subject="Name who now leads in place of 鲍勃")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["2100", "2101", "9100"]
    assert told.first().body == (
        "鲍勃 no longer leads: 信息科; direct reports: 1, supervised by their department's head until you name "
        "someone. Name the new head or deputy (departments, in administration) and the reports' new supervisor "
        "(their profiles).")
    assert services.led_by(org.supervisor) == ([], 0)


def test_a_transferred_deputy_loses_his_powers_on_the_date(people, org, clock):
    """1102, deputy of 信息科 and supervisor of 艾丽, moves to 心内科 (issue 12.6)."""
    from appraisal.models import Scorecard
    from appraisal.services import scorecards_create_for_month
    from audit.models import AuditEntry

    scorecards_create_for_month(period=datetime.date(2026, 11, 1))
    scorecard = Scorecard.objects.get(user=org.employee)
    assert scorecard.reviewer == org.supervisor
    leave = leave_apply(person=org.employee, by=org.employee, leave_type=LeaveType.objects.get(code="personal"),
                        starts_on=datetime.date(2026, 11, 16), start_half=Half.MORNING,
                        ends_on=datetime.date(2026, 11, 17), end_half=Half.AFTERNOON, reason="家中有事")
    waiting = Step.objects.get(request=leave.approval, state=Step.State.ACTIVE)
    assert waiting.assignee == org.supervisor  # her leave waits for him as her supervisor
    handover = services.handover_start(person=org.supervisor, kind=Handover.Kind.TRANSFER,
                                       effective_on=datetime.date(2026, 11, 9), successor=people.successor,
                                       by=people.hr, target_department=org.ward)
    hand_over_everything(handover)
    confirm_everything(handover, people)
    services.handover_passwords_changed(handover=handover, by=people.successor)
    services.handover_complete(handover=handover, by=people.hr)
    assert leads_department(org.supervisor, org.it) is True  # until the date

    clock.move_to(datetime.datetime(2026, 11, 9, 0, 1, tzinfo=SHANGHAI))
    assert services.apply_due_handovers() == 1

    org.it.refresh_from_db()
    org.employee.profile.refresh_from_db()
    scorecard.refresh_from_db()
    deputy = type(org.supervisor).objects.get(pk=org.supervisor.pk)
    assert (org.it.head, org.it.deputy) == (org.head, None)
    assert org.employee.profile.supervisor == org.head  # the head supervises until HR names someone
    assert scorecard.reviewer == org.head
    assert list(deputy.groups.values_list("name", flat=True)) == []  # no longer 科室负责人
    assert is_department_leader(deputy) is False
    assert can_record_incident(deputy, org.employee) is False
    assert can_view_scorecard(deputy, scorecard) is False
    waiting.refresh_from_db()
    assert (waiting.state, waiting.assignee) == (Step.State.ACTIVE, org.head)  # her leave went to the head
    with pytest.raises(ServiceError):
        step_decide(step=waiting, by=deputy, decision=Decision.APPROVE)
    assert list(AuditEntry.objects.filter(action__in=[
        "staff.leadership.end", "staff.supervisor.interim", "staff.role.remove", "appraisal.scorecard.reviewer",
    ]).order_by("pk").values_list("action", "actor_label")) == [
        ("staff.leadership.end", "多拉"), ("staff.supervisor.interim", "多拉"), ("staff.role.remove", "多拉"),
        ("appraisal.scorecard.reviewer", "多拉")]
