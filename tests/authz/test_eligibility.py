"""人员授权审批制度 (八): a permission set names the positions (职务) and titles (职称) it is granted to; anyone else is
refused, or let through to the owner with a flag, as the set says. The owner's page shows the applicant's rank."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from authz import services
from authz.models import PermissionSet
from core.errors import ServiceError
from staff.models import Position, ProfessionalTitle

from tests.html import find_all

from .hospital import draft, sets, submitted, system


def restrict(code, name, *, positions=(), titles=(), when=PermissionSet.WhenNotEligible.REFUSE):
    permission_set = PermissionSet.objects.get(system__code=code, name=name)
    permission_set.eligible_positions.set(Position.objects.filter(name__in=positions))
    permission_set.eligible_titles.set(ProfessionalTitle.objects.filter(name__in=titles))
    permission_set.when_not_eligible = when
    permission_set.save()
    return permission_set


def test_an_unrestricted_set_is_granted_to_anyone(hospital):
    assert submitted(hospital.nurse, "nurse_ws", ["病区护士"]).approval.state == "pending"


def test_a_set_for_some_titles_refuses_anyone_else(hospital):
    restrict("doctor_ws", "医嘱审核", positions=["主任", "副主任"], titles=["主任医师", "副主任医师"])

    with pytest.raises(ServiceError) as refused:
        services.account_request_create(applicant=hospital.doctor, by=hospital.doctor, kind="new",
                                        system=system("doctor_ws"), permission_sets=sets("doctor_ws", "医嘱审核"),
                                        reason="需要审核医嘱")

    assert refused.value.message == ("医嘱审核 is granted only to 主任、副主任 · 主任医师、副主任医师; your position and "
                                     "title (主治医师) do not qualify.")


def test_the_title_or_the_position_is_enough(hospital):
    restrict("doctor_ws", "医嘱审核", positions=["主任"], titles=["主治医师"])
    hospital.nurse.profile.position = Position.objects.get(name="主任")
    hospital.nurse.profile.save()

    assert draft(hospital.doctor, "doctor_ws", ["医嘱审核"]).pk
    assert draft(hospital.nurse, "doctor_ws", ["医嘱审核"]).pk


def test_a_restriction_added_after_the_draft_refuses_the_submission(hospital):
    account_request = draft(hospital.doctor, "doctor_ws", ["医嘱审核"])
    restrict("doctor_ws", "医嘱审核", titles=["主任医师"])

    with pytest.raises(ServiceError) as refused:
        services.subject_submit(subject=account_request, by=hospital.doctor)

    assert refused.value.message == ("医嘱审核 is granted only to 主任医师; your position and title (主治医师) do not "
                                     "qualify.")


def test_a_set_that_asks_the_owner_lets_the_request_through_flagged(client, hospital):
    restrict("nurse_ws", "护理质控", positions=["护士长"], when=PermissionSet.WhenNotEligible.ASK_OWNER)

    account_request = submitted(hospital.doctor, "nurse_ws", ["护理质控"])
    entry = AuditEntry.objects.get(action="authz.accountrequest.create", object_id=str(account_request.pk))
    assert entry.after["not_qualifying"] == ["护理质控"]

    from approvals.models import Step
    from approvals.services import Decision, step_decide

    step_decide(step=Step.objects.get(request=account_request.approval, state="active"), by=hospital.ward_head,
                decision=Decision.APPROVE)
    client.force_login(hospital.nursing_head)
    page = client.get(reverse("authz:request_detail", args=[account_request.pk]))

    assert page.context["can_decide"] is True
    assert [s.name for s in page.context["not_admitting"]] == ["护理质控"]
    html = page.content.decode()
    assert 'data-testid="not-qualifying"' in html
    assert "护理质控 is granted to 护士长." in html
    assert '<dd class="col-sm-8" data-testid="applicant-rank">— · 主治医师</dd>' in html
    approval_page = client.get(reverse("approvals:request_detail", args=[account_request.approval_id]))
    assert [text for _tag, _attrs, text in find_all(approval_page, "data-testid", "approval-fact")][1:] == [
        "护士工作站", "— · 主治医师", "护理质控", "护理质控", account_request.reason]


def test_a_qualifying_applicant_is_not_flagged(client, hospital):
    restrict("nurse_ws", "护理质控", titles=["主治医师"], when=PermissionSet.WhenNotEligible.ASK_OWNER)
    account_request = submitted(hospital.doctor, "nurse_ws", ["护理质控"])
    client.force_login(hospital.doctor)

    page = client.get(reverse("authz:request_detail", args=[account_request.pk]))

    assert page.context["not_admitting"] == []
    assert 'data-testid="not-qualifying"' not in page.content.decode()


def test_the_request_form_says_who_a_set_is_for(client, hospital):
    restrict("doctor_ws", "医嘱审核", titles=["主任医师", "副主任医师"])
    client.force_login(hospital.doctor)

    page = client.get(reverse("authz:permission_set_options"), {"system": system("doctor_ws").pk, "kind": "new"})

    assert "for 主任医师、副主任医师" in page.content.decode()
