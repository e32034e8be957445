import pytest

from approvals.models import ApprovalRequest, Delegation, Step
from approvals.services import Decision, request_submit, request_withdraw, step_decide
from audit.models import AuditEntry
from core.errors import ServiceError
from notifications.models import Notification


def active_step(request):
    return Step.objects.get(request=request, state=Step.State.ACTIVE)


def test_submit_computes_the_chain_and_assigns_the_first_step(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)

    steps = list(request.steps.order_by("order").values_list("label", "assignee__username", "state"))
    assert steps == [("直接上级审批", "1102", "active"), ("科室负责人审批", "1100", "waiting")]
    assert request.state == ApprovalRequest.State.PENDING
    assert Notification.objects.filter(recipient=org.supervisor).count() == 1


def test_approvals_in_order_finish_the_request(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)
    step_decide(step=active_step(request), by=org.supervisor, decision=Decision.APPROVE)
    step_decide(step=active_step(request), by=org.head, decision=Decision.APPROVE)

    request.refresh_from_db()
    assert request.state == ApprovalRequest.State.APPROVED
    actions = list(AuditEntry.objects.filter(object_id=str(request.pk), object_type="approvals.approvalrequest")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["approvals.request.create", "approvals.request.submit", "approvals.step.approve",
                       "approvals.step.approve", "approvals.request.approve"]


def test_out_of_turn_is_refused_and_changes_nothing(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)
    second = request.steps.get(order=2)

    with pytest.raises(ServiceError) as refused:
        step_decide(step=second, by=org.head, decision=Decision.APPROVE)

    assert refused.value.message == "This step is not waiting for a decision."
    assert active_step(request).order == 1


def test_a_stranger_cannot_decide(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)

    with pytest.raises(ServiceError) as refused:
        step_decide(step=active_step(request), by=org.outsider, decision=Decision.APPROVE)

    assert refused.value.message == "This step is not yours to decide."


def test_deciding_twice_is_refused(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)
    step = active_step(request)
    step_decide(step=step, by=org.supervisor, decision=Decision.APPROVE)

    with pytest.raises(ServiceError) as refused:
        step_decide(step=step, by=org.supervisor, decision=Decision.APPROVE)

    assert refused.value.message == "This step was already decided by 鲍勃."


def test_nobody_approves_their_own_request(org, make_request):
    # The head applies: the chain skips them (their supervisor is nobody, so the deputy steps in).
    request = request_submit(request=make_request(org.head), by=org.head)

    assignees = list(request.steps.order_by("order").values_list("assignee__username", flat=True))
    assert "1100" not in assignees
    with pytest.raises(ServiceError) as refused:
        step_decide(step=active_step(request), by=org.head, decision=Decision.APPROVE)
    assert refused.value.message == "You cannot decide on your own request."


def test_reject_needs_a_reason_and_ends_the_request(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)
    with pytest.raises(ServiceError):
        step_decide(step=active_step(request), by=org.supervisor, decision=Decision.REJECT, comment="  ")

    step_decide(step=active_step(request), by=org.supervisor, decision=Decision.REJECT, comment="人手不足")

    request.refresh_from_db()
    assert request.state == ApprovalRequest.State.REJECTED
    assert list(request.steps.order_by("order").values_list("state", flat=True)) == ["rejected", "cancelled"]


def test_return_then_resubmit_restarts_the_chain(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)
    step_decide(step=active_step(request), by=org.supervisor, decision=Decision.APPROVE)
    step_decide(step=active_step(request), by=org.head, decision=Decision.RETURN, comment="请补充病假证明")
    request.refresh_from_db()
    assert request.state == ApprovalRequest.State.RETURNED

    request_submit(request=request, by=org.employee)

    request.refresh_from_db()
    assert request.round == 2
    assert active_step(request).assignee == org.supervisor


def test_return_can_restart_from_the_returning_step(org, make_request, leave_type):
    leave_type.restart_on_resubmit = "returning"
    leave_type.save()
    request = request_submit(request=make_request(org.employee), by=org.employee)
    step_decide(step=active_step(request), by=org.supervisor, decision=Decision.APPROVE)
    step_decide(step=active_step(request), by=org.head, decision=Decision.RETURN, comment="日期有误")

    request_submit(request=request, by=org.employee)

    assert active_step(request).assignee == org.head
    assert request.steps.get(round=2, order=1).state == Step.State.APPROVED


def test_withdraw_before_the_final_decision(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)
    with pytest.raises(ServiceError):
        request_withdraw(request=request, by=org.supervisor)

    request_withdraw(request=request, by=org.employee)

    request.refresh_from_db()
    assert request.state == ApprovalRequest.State.WITHDRAWN
    with pytest.raises(ServiceError) as refused:
        step_decide(step=request.steps.get(order=1), by=org.supervisor, decision=Decision.APPROVE)
    assert refused.value.message == "This request is Withdrawn; nothing more can be decided."


def test_a_delegate_decides_for_the_head(org, make_request):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    Delegation.objects.create(delegator=org.head, delegate=org.hr, starts_on=today,
                              ends_on=today + datetime.timedelta(days=3))
    request = request_submit(request=make_request(org.employee), by=org.employee)
    step_decide(step=active_step(request), by=org.supervisor, decision=Decision.APPROVE)

    step_decide(step=active_step(request), by=org.hr, decision=Decision.APPROVE)

    request.refresh_from_db()
    assert request.state == ApprovalRequest.State.APPROVED
    assert request.steps.get(order=2).decided_by == org.hr


def test_an_expired_delegation_gives_nothing(org, make_request):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    Delegation.objects.create(delegator=org.head, delegate=org.hr, starts_on=today - datetime.timedelta(days=5),
                              ends_on=today - datetime.timedelta(days=1))
    request = request_submit(request=make_request(org.employee), by=org.employee)
    step_decide(step=active_step(request), by=org.supervisor, decision=Decision.APPROVE)

    with pytest.raises(ServiceError):
        step_decide(step=active_step(request), by=org.hr, decision=Decision.APPROVE)
