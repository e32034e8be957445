"""The policy's catalogue and chains come from the data migration, and the engine computes each kind of chain."""

from approvals.models import ChainRule, RequestType
from authz.models import InformationSystem, PermissionSet

from .hospital import approve_until_it, submitted


def chain(account_request):
    return list(account_request.approval.steps.order_by("order").values_list("label", "assignee__username", "state"))


def test_the_catalogue_names_each_system_s_approving_department(db):
    owners = dict(InformationSystem.objects.values_list("name", "owner_department__code"))

    assert owners == {
        "医生工作站": "medical", "医技工作站": "medical", "病案管理系统": "medical", "护士工作站": "nursing",
        "住院处": "finance", "收款室": "finance", "住院药房": "pharmacy", "门诊药房": "pharmacy",
        "网络系统接入": "leadership", "数据中心与数据库": "leadership",
    }
    assert list(PermissionSet.objects.filter(system__code="doctor_ws").values_list("name", flat=True)) == [
        "门诊医生", "住院医生", "医嘱审核"]
    assert sorted(InformationSystem.objects.filter(is_critical=True).values_list("code", flat=True)) == [
        "cashier", "data_center", "medical_records"]
    assert sorted(InformationSystem.objects.filter(is_hospital_wide=True).values_list("code", flat=True)) == [
        "data_center", "network"]


def test_the_request_types_and_their_rules_are_data(db):
    """人员授权审批制度 (七): 被审批人 → 科室负责人 → (审批科室) → 分管院长审批 → 纸质同意书 → 信息科办理."""
    rules = list(ChainRule.objects.filter(request_type__code="authz.account").values_list(
        "order", "kind", "approver", "condition"))

    assert rules == [(1, "approve", "department_head", "always"), (2, "approve", "system_owner", "always"),
                     (3, "approve", "vp_it", "always"), (4, "execute", "it_executor", "always")]
    assert list(ChainRule.objects.filter(request_type__code="authz.revocation").values_list(
        "approver", "role")) == [("department_head", ""), ("role", "人事科"), ("it_executor", "")]
    assert set(RequestType.objects.filter(code__startswith="authz.").values_list("code", flat=True)) == {
        "authz.account", "authz.change", "authz.revocation", "authz.privileged", "authz.external",
        "authz.activity.golive", "authz.activity.network", "authz.activity.resource", "authz.activity.other"}


def test_ordinary_system_head_then_owner_then_the_vp_then_it(hospital):
    account_request = submitted(hospital.nurse, "nurse_ws", ["病区护士"])

    assert chain(account_request) == [
        ("科室负责人审核", "4900", "active"), ("审批科室审批（系统权限负责人）", "3200", "waiting"),
        ("分管院长审批", "0100", "waiting"), ("信息科开通账号", None, "waiting"),
    ]
    step = account_request.approval.steps.get(order=4)
    assert (step.kind, step.assignee_role, step.assignee_department) == ("execute", "科员", hospital.org.it)


def test_a_critical_system_goes_the_same_way(hospital):
    account_request = submitted(hospital.doctor, "medical_records", ["病案借阅"])

    assert chain(account_request) == [
        ("科室负责人审核", "4900", "active"), ("审批科室审批（系统权限负责人）", "3100", "waiting"),
        ("分管院长审批", "0100", "waiting"), ("信息科开通账号", None, "waiting"),
    ]


def test_hospital_wide_system_is_approved_by_the_vp_once(hospital):
    # 网络系统接入 is owned by 院领导, whose head is the VP: the VP's own rule is then not asked twice.
    account_request = submitted(hospital.doctor, "network", ["VPN 远程接入"])

    assert chain(account_request) == [
        ("科室负责人审核", "4900", "active"), ("审批科室审批（系统权限负责人）", "0100", "waiting"),
        ("分管院长审批", "0100", "skipped"), ("信息科开通账号", None, "waiting"),
    ]
    step = approve_until_it(account_request)
    assert step.label == "信息科开通账号"


def test_hospital_wide_steps_escalate_to_the_vp(hospital):
    account_request = submitted(hospital.doctor, "network", ["VPN 远程接入"])

    first = account_request.approval.steps.get(order=1)
    assert first.fallback == hospital.vp


def test_an_admin_may_relax_the_vp_to_critical_systems(hospital):
    # The policy's chain is the default; an admin relaxes it in the data (no code changes).
    ChainRule.objects.filter(request_type__code="authz.account", approver="vp_it").update(condition="critical")

    ordinary = submitted(hospital.nurse, "nurse_ws", ["病区护士"])
    critical = submitted(hospital.doctor, "medical_records", ["病案借阅"])

    assert [label for label, _who, _state in chain(ordinary)] == [
        "科室负责人审核", "审批科室审批（系统权限负责人）", "信息科开通账号"]
    assert [label for label, _who, _state in chain(critical)] == [
        "科室负责人审核", "审批科室审批（系统权限负责人）", "分管院长审批", "信息科开通账号"]
