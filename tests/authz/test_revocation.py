"""Revocation (注销): the department's permission owner signs, HR signs, IT revokes everything and certifies it;
HR's completion of a transfer or departure waits for that certificate."""

import subprocess

import pytest
from django.utils import timezone

from approvals.models import ApprovalRequest
from approvals.services import Decision, step_decide
from authz import gates, services
from authz.certificates import certificate_pdf
from authz.models import Grant, Revocation
from core.errors import ServiceError
from notifications.models import Notification

from .hospital import active_step, granted


def refused(call, **kwargs):
    with pytest.raises(ServiceError) as refusal:
        call(**kwargs)
    return refusal.value.message


def revocation_for(person, by, reason="departure"):
    revocation = services.revocation_create(person=person, reason=reason, effective_on=timezone.localdate(), by=by,
                                            note="调往外院")
    services.subject_submit(subject=revocation, by=by)
    revocation.approval.refresh_from_db()
    return revocation


def signed(revocation, hospital):
    step_decide(step=active_step(revocation), by=hospital.ward_head, decision=Decision.APPROVE, comment="同意")
    step_decide(step=active_step(revocation), by=hospital.hr2, decision=Decision.APPROVE, comment="人事科已核实")
    return active_step(revocation)


@pytest.fixture
def holder(hospital):
    """The 心内科 nurse holds two systems' permission sets."""
    granted(hospital.nurse, hospital.it, "nurse_ws", ("病区护士", "护士长"), account_id="ailin")
    granted(hospital.nurse, hospital.it, "inpatient_pharmacy", ("药品退回",), account_id="ailin-yf")
    return hospital.nurse


def test_a_revocation_for_someone_with_no_grants_is_refused(hospital):
    message = refused(services.revocation_create, person=hospital.doctor, reason="departure",
                      effective_on=timezone.localdate(), by=hospital.ward_head)

    assert message == "梁医生 holds no grants on any information system: there is nothing to revoke."
    assert Revocation.objects.count() == 0


def test_only_the_person_their_leaders_or_hr_ask(hospital, holder):
    message = refused(services.revocation_create, person=holder, reason="departure",
                      effective_on=timezone.localdate(), by=hospital.doctor)

    assert message == "Only the person, a leader of their department or HR can ask for a revocation."


def test_the_chain_is_the_permission_owner_then_hr_then_it(hospital, holder):
    revocation = revocation_for(holder, by=holder)

    steps = list(revocation.approval.steps.order_by("order").values_list("label", "assignee__username",
                                                                         "assignee_role", "kind"))
    assert steps == [("部门权限负责人签批", "4900", "", "approve"), ("人力资源部门签批", None, "人事科", "approve"),
                     ("信息科注销并出具证明", None, "科员", "execute")]


def test_hr_filing_is_signed_by_another_hr_member(hospital, holder):
    revocation = revocation_for(holder, by=hospital.hr)
    step_decide(step=active_step(revocation), by=hospital.ward_head, decision=Decision.APPROVE)

    assert refused(step_decide, step=active_step(revocation), by=hospital.hr,
                   decision=Decision.APPROVE) == "You cannot decide on your own request."
    step_decide(step=active_step(revocation), by=hospital.hr2, decision=Decision.APPROVE)
    assert active_step(revocation).kind == "execute"


def test_it_revokes_every_grant_and_issues_the_certificate(hospital, holder):
    revocation = revocation_for(holder, by=holder)
    signed(revocation, hospital)
    Notification.objects.all().delete()

    services.revocation_execute(revocation=revocation, by=hospital.it)

    revocation.refresh_from_db()
    assert revocation.approval.state == ApprovalRequest.State.APPROVED
    assert revocation.certificate_no == f"ZX-{timezone.localtime(revocation.issued_at):%Y}-{revocation.pk:05d}"
    assert Grant.objects.active().filter(user=holder).count() == 0
    assert sorted(Grant.objects.filter(revocation=revocation).values_list("permission_set__name", flat=True)) == [
        "护士长", "病区护士", "药品退回"]
    told = Notification.objects.filter(subject=f"Accounts of 艾琳 revoked: certificate {revocation.certificate_no}")
    # the person (who asked), the permission owner who signed, the HR member who signed, the department's head
    assert sorted(told.values_list("recipient__username", flat=True)) == ["2101", "4100", "4900"]


def test_the_certificate_is_a_pdf_in_chinese(hospital, holder):
    revocation = revocation_for(holder, by=holder)
    signed(revocation, hospital)
    revocation = services.revocation_execute(revocation=revocation, by=hospital.it)

    pdf = certificate_pdf(revocation)

    assert pdf.startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert "信息系统账号注销确认证明" in text
    assert revocation.certificate_no in text
    assert "艾琳" in text and "ailin-yf" in text and "住院药房" in text
    assert "人力资源部门签批" in text and "吴芳" in text


def test_hr_cannot_complete_before_the_certificate_exists(hospital, holder):
    revocation = revocation_for(holder, by=holder)

    assert gates.revocation_certificate_exists(holder) is False
    assert gates.OFFBOARDING.refusals(holder) == [
        "IT has not yet revoked every account of 艾琳: the revocation (注销) and its certificate must come first."]
    signed(revocation, hospital)
    assert gates.OFFBOARDING.refusals(holder) != []  # both signatures are not enough: IT has not revoked

    services.revocation_execute(revocation=revocation, by=hospital.it)

    assert gates.revocation_certificate_exists(holder) is True
    assert gates.OFFBOARDING.refusals(holder) == []


def test_a_person_who_never_held_an_account_passes_the_offboarding_gate(hospital):
    assert gates.revocation_certificate_exists(hospital.doctor) is False
    assert gates.OFFBOARDING.refusals(hospital.doctor) == []


def test_a_new_grant_after_the_certificate_needs_a_new_one(hospital, holder):
    revocation = revocation_for(holder, by=holder)
    signed(revocation, hospital)
    services.revocation_execute(revocation=revocation, by=hospital.it)

    granted(holder, hospital.it, "doctor_ws", ("门诊医生",), account_id="ailin2")

    assert gates.revocation_certificate_exists(holder) is False


def test_revoking_before_the_signatures_or_twice_is_refused(hospital, holder):
    revocation = revocation_for(holder, by=holder)

    assert refused(services.revocation_execute, revocation=revocation,
                   by=hospital.it) == "This request is still waiting for approval."
    signed(revocation, hospital)
    services.revocation_execute(revocation=revocation, by=hospital.it)
    revocation.refresh_from_db()
    assert refused(services.revocation_execute, revocation=revocation,
                   by=hospital.it2) == f"The certificate {revocation.certificate_no} was already issued."


def test_a_second_revocation_while_one_is_under_way_is_refused(hospital, holder):
    revocation_for(holder, by=holder)

    assert refused(services.revocation_create, person=holder, reason="transfer", effective_on=timezone.localdate(),
                   by=hospital.hr) == "A revocation for 艾琳 is already under way."


def test_the_generic_done_cannot_skip_the_certificate(hospital, holder):
    revocation = revocation_for(holder, by=holder)
    step = signed(revocation, hospital)

    assert refused(step_decide, step=step, by=hospital.it, decision=Decision.APPROVE) == (
        "Carry this out from the request's page, where IT records what was done.")
    assert Grant.objects.active().filter(user=holder).count() == 3


def test_it_staff_do_not_revoke_their_own_accounts(hospital):
    granted(hospital.it2, hospital.it, "nurse_ws", ("病区护士",), account_id="zhanggong")
    revocation = revocation_for(hospital.it2, by=hospital.hr)
    while active_step(revocation).kind == "approve":
        step = active_step(revocation)
        step_decide(step=step, by=step.assignee or hospital.hr2, decision=Decision.APPROVE)

    assert refused(services.revocation_execute, revocation=revocation, by=hospital.it2) == (
        "You cannot revoke your own accounts: another member of IT does it.")
    services.revocation_execute(revocation=revocation, by=hospital.it)
    assert Grant.objects.active().filter(user=hospital.it2).count() == 0


def test_user_text_in_the_certificate_is_printed_as_typed(hospital, holder):
    """An approver's comment with "<" broke the certificate for everyone; "<link>" planted a link (issue 12.9)."""
    from approvals.models import Step
    from tests.pdf_hostile import HOSTILE, printed_as_typed

    revocation = revocation_for(holder, by=holder)
    signed(revocation, hospital)
    revocation = services.revocation_execute(revocation=revocation, by=hospital.it)
    Step.objects.filter(request=revocation.approval, state=Step.State.APPROVED).update(comment=" ".join(HOSTILE[:2]))
    type(revocation).objects.filter(pk=revocation.pk).update(note=" ".join(HOSTILE[2:]))
    revocation.refresh_from_db()

    assert printed_as_typed(certificate_pdf(revocation))
