"""The approval-subject contract: hooks registered per request type, the chain read from the subject's facts,
one service that attaches and submits (and resubmits), and a clear error for a code no app handles."""

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from approvals.models import ApprovalRequest, ChainRule, RequestType, Step
from approvals.selectors import applicable_rules
from approvals.services import Decision, request_create, request_submit, request_withdraw, step_decide
from approvals.subjects import ChainFacts, hooks_for, register_subject, registered_codes, unregister_subject
from audit.models import AuditEntry
from core.errors import ServiceError
from core.roles import Role
from tests.factories import DepartmentFactory, StaffProfileFactory, UserFactory


def test_every_seeded_request_type_has_its_hooks(db):
    seeded = set(RequestType.objects.values_list("code", flat=True))

    assert seeded == {"authz.account", "authz.change", "authz.revocation", "authz.privileged", "authz.external",
                      "leave.request", "staff.headcount", "staff.probation_assessment", "dutyroster.swap",
                      "training.plan", "training.external"}
    assert seeded <= set(registered_codes())


def test_a_code_no_app_handles_is_a_clear_error(org):
    RequestType.objects.create(code="nobody.handles", name="无人处理")

    with pytest.raises(ImproperlyConfigured) as error:
        request_create(request_type_code="nobody.handles", subject=org.employee.profile, applicant=org.employee,
                       title="x")

    assert "nobody.handles" in str(error.value)
    assert ApprovalRequest.objects.count() == 0


def test_registering_other_hooks_for_a_code_is_refused(db):
    with pytest.raises(ImproperlyConfigured):
        register_subject("leave.request")
    assert hooks_for("leave.request").context.__name__ == "leave_chain_facts"


class Recorder:
    """Hooks that remember how the engine called them."""

    def __init__(self, facts=ChainFacts(), refuse=""):
        self.facts, self.refuse, self.calls = facts, refuse, []

    def context(self, subject):
        self.calls.append(("context", subject.pk))
        return self.facts

    def check(self, subject, *, step, by):
        self.calls.append(("check", step.label, by.username))
        if self.refuse:
            raise ServiceError(self.refuse)

    def finished(self, subject, *, outcome, by):
        self.calls.append(("finished", outcome, by.username))


@pytest.fixture
def recorded(db):
    """A two-step type whose second step applies only beyond 3 working days, with recording hooks."""
    made = []

    def make(**options):
        hooks = Recorder(**options)
        register_subject("test.recorded", context=hooks.context, check=hooks.check, finished=hooks.finished)
        made.append(hooks)
        return hooks

    request_type = RequestType.objects.create(code="test.recorded", name="记录")
    ChainRule.objects.create(request_type=request_type, order=1, label="上级", approver=ChainRule.Approver.SUPERVISOR)
    ChainRule.objects.create(request_type=request_type, order=2, label="延长", approver=ChainRule.Approver.DEPARTMENT_HEAD,
                             condition=ChainRule.Condition.OVER_WORKING_DAYS, condition_days=3, always_ask=True)
    yield make
    unregister_subject("test.recorded")


def _submit(org):
    request = request_create(request_type_code="test.recorded", subject=org.employee.profile, applicant=org.employee,
                             title="测试")
    return request_submit(request=request, by=org.employee)


def test_the_chain_follows_the_subjects_facts(org, recorded):
    short = recorded(facts=ChainFacts(working_days=Decimal("2")))
    assert list(_submit(org).steps.values_list("label", flat=True)) == ["上级"]
    unregister_subject("test.recorded")
    recorded(facts=ChainFacts(working_days=Decimal("4")))
    assert list(_submit(org).steps.order_by("order").values_list("label", flat=True)) == ["上级", "延长"]
    assert short.calls == [("context", org.employee.profile.pk)]


def test_check_is_asked_before_each_approval_and_may_refuse(org, recorded):
    hooks = recorded(refuse="还缺材料")
    request = _submit(org)
    step = request.steps.get()

    with pytest.raises(ServiceError) as refused:
        step_decide(step=step, by=org.supervisor, decision=Decision.APPROVE)

    assert refused.value.message == "还缺材料"
    assert Step.objects.get(pk=step.pk).state == Step.State.ACTIVE
    assert hooks.calls[1:] == [("check", "上级", "1102")]


@pytest.mark.parametrize("decision, outcome", [(Decision.APPROVE, "approved"), (Decision.REJECT, "rejected")])
def test_finished_hears_the_outcome_once(org, recorded, decision, outcome):
    hooks = recorded()
    request = _submit(org)

    step_decide(step=request.steps.get(), by=org.supervisor, decision=decision, comment="理由")

    assert [call for call in hooks.calls if call[0] == "finished"] == [("finished", outcome, "1102")]


def test_finished_hears_a_withdrawal(org, recorded):
    hooks = recorded()
    request = _submit(org)

    request_withdraw(request=request, by=org.employee)

    assert hooks.calls[-1] == ("finished", "withdrawn", "1101")


def test_a_return_is_not_an_end(org, recorded):
    hooks = recorded()
    request = _submit(org)

    step_decide(step=request.steps.get(), by=org.supervisor, decision=Decision.RETURN, comment="补充")

    assert [call[0] for call in hooks.calls] == ["context"]


def test_the_system_owner_step_and_the_hospital_wide_fallback_come_from_the_facts(org):
    owner = DepartmentFactory(code="medical", name="医务科")
    owner_head = StaffProfileFactory(user=UserFactory(username="3100", name="医务科长"), department=owner).user
    owner.head = owner_head
    owner.save()
    vp = StaffProfileFactory(user=UserFactory(username="0100", name="副院长", roles=[Role.VP_IT]), department=owner).user
    register_subject("test.owned", context=lambda subject: ChainFacts(owner_department=owner, hospital_wide=True))
    request_type = RequestType.objects.create(code="test.owned", name="系统")
    ChainRule.objects.create(request_type=request_type, order=1, label="系统负责人",
                             approver=ChainRule.Approver.SYSTEM_OWNER)
    ChainRule.objects.create(request_type=request_type, order=2, label="分管院长", approver=ChainRule.Approver.VP_IT,
                             condition=ChainRule.Condition.CRITICAL_SYSTEM)
    try:
        request = request_submit(request=request_create(request_type_code="test.owned", subject=org.employee.profile,
                                                        applicant=org.employee, title="x"), by=org.employee)
    finally:
        unregister_subject("test.owned")

    assert list(request.steps.values_list("label", "assignee__username", "fallback__username")) == [
        ("系统负责人", "3100", "0100")]


def test_the_preview_applies_the_same_rules(org, recorded):
    assert [rule.label for rule in applicable_rules("test.recorded", ChainFacts(working_days=Decimal("5")))] == [
        "上级", "延长"]
    assert [rule.label for rule in applicable_rules("test.recorded", ChainFacts())] == ["上级"]


def test_the_timeline_keeps_entries_from_before_the_rename(org, make_request):
    from types import SimpleNamespace

    from approvals.selectors import timeline
    from audit.services import audit_record

    request = make_request(org.employee)
    old_label = SimpleNamespace(pk=request.pk, _meta=SimpleNamespace(label_lower="approvals.request"))
    audit_record(actor=org.employee, action="approvals.request.submit", obj=old_label)

    assert list(timeline(request).values_list("object_type", "action")) == [
        ("approvals.approvalrequest", "approvals.request.create"), ("approvals.request", "approvals.request.submit")]
    assert AuditEntry.objects.for_object(request).count() == 2
