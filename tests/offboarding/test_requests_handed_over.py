"""On the date, the person's open requests are closed and the approval steps waiting for them passed on."""

from approvals.models import ApprovalRequest, ChainRule, Step
from approvals.services import request_create, request_submit
from audit.models import AuditEntry
from offboarding import services
from tests.factories import stand_in_request_type

from .helpers import confirm_everything, hand_over_everything


def _request_type(code, approver):
    request_type = stand_in_request_type(code)
    ChainRule.objects.create(request_type=request_type, order=1, label="审批", approver=approver)
    return request_type


def _submitted(code, applicant):
    request = request_create(request_type_code=code, subject=applicant.profile, applicant=applicant, title=f"{code}申请")
    return request_submit(request=request, by=applicant)


def test_open_requests_are_closed_and_waiting_steps_reassigned_with_a_note(people):
    org = people.org
    _request_type("supervised", ChainRule.Approver.SUPERVISOR)
    _request_type("to_head", ChainRule.Approver.DEPARTMENT_HEAD)
    waiting_for_him = _submitted("supervised", org.employee)  # 艾丽's supervisor is 鲍勃
    his_own = _submitted("to_head", org.supervisor)
    assert waiting_for_him.steps.get().assignee == org.supervisor
    handover = services.handover_start(person=org.supervisor, kind="departure", effective_on=people.clock_today(),
                                       successor=people.successor, by=org.hr)
    hand_over_everything(handover)
    confirm_everything(handover, people)
    services.handover_passwords_changed(handover=handover, by=people.successor)

    services.handover_complete(handover=handover, by=org.hr)

    step = Step.objects.get(request=waiting_for_him)
    his_own.refresh_from_db()
    assert (step.state, step.assignee, step.fallback) == (Step.State.ACTIVE, org.head, None)
    assert his_own.state == ApprovalRequest.State.WITHDRAWN
    note = f"鲍勃 left the hospital on 2026-11-02 (handover #{handover.pk})."
    assert AuditEntry.objects.filter(action="approvals.step.reassign").values_list("after", flat=True).get() == {
        "step": "审批", "assignee": "1100", "note": note}
    assert AuditEntry.objects.filter(action="approvals.request.close").values_list("after", flat=True).get()[
        "note"] == note
