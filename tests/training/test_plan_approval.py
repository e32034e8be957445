"""The plan before the higher authority (上级部门): the head submits it, the vice president in charge of IT approves
(the chain of "training.plan", data in admin); a return lets the head change it; an approved revision replaces the
plan in force; withdrawing. Today is Monday 2026-11-16."""

import pytest
from django.urls import reverse

from approvals.models import ApprovalRequest, ChainRule, Step
from approvals.services import Decision, step_decide
from audit.models import AuditEntry
from core.errors import ServiceError
from notifications.models import Notification
from training.models import Plan
from training.services import plans

from tests.approvals.panel_page import approve_on_the_page
from tests.html import find_all

from .helpers import add_item, approved_plan, draft_plan, page_text, vice_president


@pytest.fixture
def vp(org):
    return vice_president()


def decide(plan, by, decision=Decision.APPROVE, comment="同意"):
    step = Step.objects.get(request=plan.approval, state=Step.State.ACTIVE)
    step_decide(step=step, by=by, decision=decision, comment=comment)
    plan.refresh_from_db()
    return plan


def test_the_chain_is_data(db):
    assert list(ChainRule.objects.filter(request_type__code="training.plan").values_list("label", "approver")) == [
        ("分管院长审批（上级部门）", "vp_it")]


def test_the_head_submits_and_the_vice_president_approves(org, vp):
    plan = plans.plan_submit(plan=draft_plan(org, items=2), by=org.head)
    assert (plan.state, plan.state_label(), plan.is_editable()) == ("draft", "待审批", False)
    step = Step.objects.get(request=plan.approval, state=Step.State.ACTIVE)
    assert (step.assignee, plan.approval.title, plan.approval.department) == (
        vp, "2026年度信息科培训计划（第1版）", org.it)
    plan = decide(plan, vp)
    assert (plan.state, plan.state_label()) == ("approved", "已批准，执行中")
    assert AuditEntry.objects.filter(action__in=["training.plan.submit", "training.plan.approved"]).count() == 2
    told = Notification.objects.filter(subject="2026年度培训计划已生效：2026年度信息科培训计划")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["1101", "1102", "9100"]


def test_an_empty_plan_is_not_submitted(org, vp):
    with pytest.raises(ServiceError) as refused:
        plans.plan_submit(plan=draft_plan(org, items=0), by=org.head)
    assert refused.value.message == "请先添加培训项目。"


def test_returned_changed_and_submitted_again(org, vp):
    plan = plans.plan_submit(plan=draft_plan(org), by=org.head)
    plan = decide(plan, vp, Decision.RETURN, "请增加网络安全培训")
    assert (plan.state, plan.state_label(), plan.is_editable()) == ("draft", "退回修改", True)
    add_item(org, plan, title="网络安全意识培训")
    plans.plan_submit(plan=plan, by=org.head)
    plan = decide(plan, vp)
    assert (plan.state, plan.items.count(), plan.approval.round) == ("approved", 2, 2)


def test_rejected(org, vp):
    plan = decide(plans.plan_submit(plan=draft_plan(org), by=org.head), vp, Decision.REJECT, "与医院规划不符")
    assert plan.state == "rejected"
    assert plans.open_revision(org.it, 2026) is None


def test_an_approved_revision_replaces_the_plan_in_force(org, vp):
    plan = approved_plan(org)
    revision = plans.plan_revise(plan=plan, by=org.head, reason="增加等保2.0培训")
    revision = plans.plan_submit(plan=revision, by=org.head)
    plan.refresh_from_db()
    assert plan.state == "approved"  # in force until the revision is approved
    revision = decide(revision, vp)
    plan.refresh_from_db()
    assert (plan.state, revision.state) == ("superseded", "approved")
    assert list(Plan.objects.in_force()) == [revision]


def test_withdrawing_a_submitted_plan(org, vp):
    plan = plans.plan_submit(plan=draft_plan(org), by=org.head)
    plan = plans.plan_withdraw(plan=plan, by=org.head)
    assert (plan.state, plan.approval.state) == ("withdrawn", ApprovalRequest.State.WITHDRAWN)


def test_through_the_pages(client, org, vp):
    plan = draft_plan(org)
    client.force_login(org.head)
    response = client.post(reverse("training:plan_submit", args=[plan.pk]), follow=True)
    assert "计划已提交审批。" in page_text(response)
    client.force_login(vp)
    page = client.get(reverse("training:plan_detail", args=[plan.pk]))  # the approver sees what he approves
    assert page.status_code == 200 and "分管院长审批（上级部门）" in page_text(page)
    step = Step.objects.get(request=Plan.objects.get().approval, state=Step.State.ACTIVE)
    client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve", "comment": "同意"})
    assert Plan.objects.get().state == "approved"
    client.force_login(org.employee)
    assert "已批准，执行中" in page_text(client.get(reverse("training:plan_detail", args=[plan.pk])))


def test_the_vice_president_reads_the_plan_on_the_approval_page(client, org, vp):
    plan = plans.plan_submit(plan=draft_plan(org, items=2), by=org.head)
    client.force_login(vp)
    response = client.get(reverse("approvals:request_detail", args=[plan.approval_id]))
    facts = [(term, " ".join(value.split())) for term, value in zip(
        [text for _tag, _attrs, text in find_all(response, "class", "col-sm-3")][3:],
        [text for _tag, _attrs, text in find_all(response, "data-testid", "approval-fact")])]
    assert facts == [("年度", "2026"), ("修订版", "1"), ("计划项目", "共 2 项，计划 8 学时"),
                     ("培训目标", "每人全年不少于20学时")]


def test_the_vice_president_decides_on_the_plans_page_and_comes_back_to_it(client, org, vp):
    plan = plans.plan_submit(plan=draft_plan(org), by=org.head)
    page = reverse("training:plan_detail", args=[plan.pk])
    step = Step.objects.get(request=plan.approval, state=Step.State.ACTIVE)

    approve_on_the_page(client, page, step=step, onlooker=org.head, approver=vp)

    assert Plan.objects.get().state == "approved"
