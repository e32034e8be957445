"""Swaps: asked by the person on a duty, accepted by the colleague, approved by the head through the approval
engine; only then do the duties change hands, recorded on the roster and told; conflicts refused at each step."""

import datetime

import pytest
from django.urls import reverse

from approvals.models import ApprovalRequest, Step
from approvals.services import Decision, step_decide
from core.errors import ServiceError
from dutyroster.models import AssignmentChange, Swap
from dutyroster.services import swaps as services
from notifications.models import Notification

from tests.approvals.panel_page import approve_on_the_page

from .conftest import assign

D = datetime.date


@pytest.fixture
def duties(org, november, types, colleague):
    """艾丽's main shift on the 20th, 范文's on the 24th (both ahead of today, the 16th)."""
    return assign(november, org.employee, D(2026, 11, 20), types["main"]), \
        assign(november, colleague, D(2026, 11, 24), types["main"])


def decide(swap, decision=Decision.APPROVE):
    step = Step.objects.get(request=swap.approval, state=Step.State.ACTIVE)
    step_decide(step=step, by=step.assignee, decision=decision, comment="同意")
    return Swap.objects.get(pk=swap.pk)


def test_asked_accepted_and_approved_the_duties_change_hands(org, duties, colleague):
    given, taken = duties
    swap = services.swap_ask(given=given, by=org.employee, colleague=colleague, taken=taken, reason="家中有事")
    assert (swap.state, swap.approval) == (Swap.State.ASKED, None)
    assert Notification.objects.get(recipient=colleague).subject == "艾丽请您代班：2026-11-20 值主班 · 艾丽"
    swap = services.swap_answer(swap=swap, by=colleague, accept=True, note="可以")
    assert (swap.state, swap.approval.state, swap.approval.applicant) == (
        Swap.State.PENDING, ApprovalRequest.State.PENDING, org.employee)
    step = Step.objects.get(request=swap.approval, state=Step.State.ACTIVE)
    assert step.assignee == org.head
    swap = decide(swap)
    given.refresh_from_db()
    taken.refresh_from_db()
    assert (swap.state, given.person, taken.person, given.sequence) == (Swap.State.APPROVED, colleague,
                                                                        org.employee, 1)
    assert list(AssignmentChange.objects.order_by("day").values_list("kind", "person_before__username",
                                                                      "person_after__username", "swap")) == [
        ("swapped", "1101", "1103", swap.pk), ("swapped", "1103", "1101", swap.pk)]


def test_the_head_reads_the_swap_on_the_approval_page(client, org, duties, colleague):
    given, taken = duties
    swap = services.swap_ask(given=given, by=org.employee, colleague=colleague, taken=taken, reason="家中有事")
    swap = services.swap_answer(swap=swap, by=colleague, accept=True, note="可以")
    assert [(str(label), str(value)) for label, value in swap.approval_facts()] == [
        ("换出的班", "2026-11-20 值主班 08:00–次日08:00: 艾丽 → 范文"),
        ("换入的班", "2026-11-24 值主班 08:00–次日08:00: 范文 → 艾丽"),
        ("理由", "家中有事"), ("同事备注", "可以")]
    client.force_login(org.head)
    page = client.get(reverse("approvals:request_detail", args=[swap.approval_id])).content.decode()
    assert "2026-11-24 值主班 08:00–次日08:00: 范文 → 艾丽" in page and "家中有事" in page


def test_a_cover_without_exchange(org, duties, colleague):
    given, _taken = duties
    swap = services.swap_ask(given=given, by=org.employee, colleague=colleague, reason="外出培训")
    swap = services.swap_answer(swap=swap, by=colleague, accept=True)
    decide(swap)
    given.refresh_from_db()
    assert given.person == colleague


def test_the_colleague_declines(org, duties, colleague):
    swap = services.swap_ask(given=duties[0], by=org.employee, colleague=colleague, reason="家中有事")
    with pytest.raises(ServiceError, match="只有被请求的同事可以答复"):
        services.swap_answer(swap=swap, by=org.employee, accept=True)
    swap = services.swap_answer(swap=swap, by=colleague, accept=False, note="那天有事")
    assert (swap.state, swap.approval) == (Swap.State.DECLINED, None)


def test_the_head_rejects_and_nothing_changes(org, duties, colleague):
    swap = services.swap_ask(given=duties[0], by=org.employee, colleague=colleague, reason="家中有事")
    swap = decide(services.swap_answer(swap=swap, by=colleague, accept=True), Decision.REJECT)
    duties[0].refresh_from_db()
    assert (swap.state, duties[0].person, AssignmentChange.objects.count()) == (Swap.State.REJECTED, org.employee, 0)


def test_withdrawn_before_and_during_the_approval(org, duties, colleague, third, november, types):
    swap = services.swap_ask(given=duties[0], by=org.employee, colleague=colleague, reason="家中有事")
    assert services.swap_withdraw(swap=swap, by=org.employee).state == Swap.State.WITHDRAWN
    swap = services.swap_ask(given=duties[0], by=org.employee, colleague=colleague, reason="家中有事")
    swap = services.swap_answer(swap=swap, by=colleague, accept=True)
    swap = services.swap_withdraw(swap=swap, by=org.employee)
    assert (swap.state, swap.approval.state) == (Swap.State.WITHDRAWN, ApprovalRequest.State.WITHDRAWN)


def test_an_exchange_breaking_the_rest_rule_is_refused(org, november, types, colleague):
    given = assign(november, org.employee, D(2026, 11, 20), types["main"])
    assign(november, colleague, D(2026, 11, 21), types["day"])  # the day after: no rest after a 24-hour duty
    with pytest.raises(ServiceError, match="换班会违反排班规定：范文 值主班 11-20：值主班（11-20）后24小时内应休息。"):
        services.swap_ask(given=given, by=org.employee, colleague=colleague, reason="家中有事")


def test_a_conflict_arising_before_the_approval_is_refused_at_the_approval(org, duties, colleague, november, types):
    swap = services.swap_ask(given=duties[0], by=org.employee, colleague=colleague, reason="家中有事")
    swap = services.swap_answer(swap=swap, by=colleague, accept=True)
    assign(november, colleague, D(2026, 11, 21), types["day"])
    with pytest.raises(ServiceError, match="换班会违反排班规定"):
        decide(swap)
    assert Swap.objects.get().state == Swap.State.PENDING


def test_only_ones_own_future_published_duty(org, duties, colleague, december, types):
    with pytest.raises(ServiceError, match="只有当班人员可以申请换班"):
        services.swap_ask(given=duties[1], by=org.employee, colleague=colleague, reason="x")
    with pytest.raises(ServiceError, match="换入的班必须是范文的班"):
        services.swap_ask(given=duties[0], by=org.employee, colleague=colleague, taken=duties[0], reason="x")
    draft = assign(december, org.employee, D(2026, 12, 3), types["main"])
    with pytest.raises(ServiceError, match="该值班所在的值班表尚未发布"):
        services.swap_ask(given=draft, by=org.employee, colleague=colleague, reason="x")
    services.swap_ask(given=duties[0], by=org.employee, colleague=colleague, reason="x")
    with pytest.raises(ServiceError, match="此班已有正在进行的换班"):
        services.swap_ask(given=duties[0], by=org.employee, colleague=colleague, reason="x")


def test_the_pages(client, org, duties, colleague):
    given, taken = duties
    client.force_login(org.employee)
    assert "申请与同事换班" in client.get(reverse("duty:assignment", args=[given.pk])).content.decode()
    response = client.post(reverse("duty:swap_new", args=[given.pk]),
                           {"colleague": colleague.pk, "taken": taken.pk, "reason": "家中有事"})
    swap = Swap.objects.get()
    assert response.url == reverse("duty:swap", args=[swap.pk])
    client.force_login(colleague)
    page = client.post(reverse("duty:swap_answer", args=[swap.pk]), {"decision": "accept", "note": ""},
                       follow=True).content.decode()
    assert "您已同意：换班等待科主任批准。" in page
    client.force_login(org.outsider)
    assert client.get(reverse("duty:swap", args=[swap.pk])).status_code == 404
    client.force_login(org.head)
    assert "艾丽的值主班" in client.get(reverse("approvals:inbox")).content.decode()


def test_the_head_decides_on_the_swaps_page_and_comes_back_to_it(client, org, duties, colleague):
    swap = services.swap_ask(given=duties[0], by=org.employee, colleague=colleague, taken=duties[1], reason="家中有事")
    swap = services.swap_answer(swap=swap, by=colleague, accept=True, note="可以")
    page = reverse("duty:swap", args=[swap.pk])
    step = Step.objects.get(request=swap.approval, state=Step.State.ACTIVE)

    approve_on_the_page(client, page, step=step, onlooker=org.employee, approver=org.head)

    assert Swap.objects.get(pk=swap.pk).state == Swap.State.APPROVED
