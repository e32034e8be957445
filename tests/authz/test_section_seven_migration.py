"""authz 0006 gives a database seeded before it the chain of (七): the VP every time, not only for critical or
hospital-wide systems — unless an admin had edited the rules, which stay as they are."""

from authz import policy
from tests.migrator import migrate  # noqa: F401 (the fixture)

BEFORE = [("authz", "0005_consent_and_key_activities")]
AFTER = [("authz", "0006_section_seven_chain_and_key_activities")]
OLD = [(1, "科室负责人审核", "approve", "department_head", "always"),
       (2, "系统权限负责人审批", "approve", "system_owner", "always"),
       (3, "分管院长审批（关键系统）", "approve", "vp_it", "critical"),
       (4, "分管院长审批（全院系统）", "approve", "vp_it", "hospital_wide"),
       (5, "信息科开通账号", "execute", "it_executor", "always")]


def _set_old_chain(apps, code):
    ChainRule = apps.get_model("approvals", "ChainRule")
    request_type = apps.get_model("approvals", "RequestType").objects.get(code=code)
    ChainRule.objects.filter(request_type=request_type).delete()
    for order, label, kind, approver, condition in OLD:
        ChainRule.objects.create(request_type=request_type, order=order, label=label, kind=kind, approver=approver,
                                 condition=condition)


def test_the_seeded_chain_becomes_the_policy_s_and_an_edited_one_stays(migrate):
    apps = migrate(BEFORE)
    policy.load(apps)  # a transactional test before this one may have flushed the reference data
    _set_old_chain(apps, "authz.account")
    _set_old_chain(apps, "authz.change")
    apps.get_model("approvals", "ChainRule").objects.filter(request_type__code="authz.change", order=2).update(
        label="系统负责人审批（管理员改过）")

    apps = migrate(AFTER)
    rules = apps.get_model("approvals", "ChainRule").objects

    assert list(rules.filter(request_type__code="authz.account").order_by("order").values_list(
        "order", "label", "approver", "condition")) == [
        (1, "科室负责人审核", "department_head", "always"), (2, "审批科室审批（系统权限负责人）", "system_owner", "always"),
        (3, "分管院长审批", "vp_it", "always"), (4, "信息科开通账号", "it_executor", "always")]
    assert rules.filter(request_type__code="authz.change").count() == 5
    assert apps.get_model("authz", "KeyActivityKind").objects.count() == 3
