"""人员授权审批制度 (六) and (七) in the data.

(七): an account request or permission change goes 科室负责人 → 审批科室 → 分管院长 (every time) → IT. A database
seeded before has the vice president only for critical or hospital-wide systems (two conditional rules): when its
rules are still as seeded they become the policy's chain; rules an admin edited are left alone.
(六): the kinds of key activity and their request types (created by policy.load when missing).
"""

from django.db import migrations

from authz import policy

# The rules as the first seeding wrote them (order, label, approver, condition); the fifth is IT's step.
OLD_RULES = [(1, "科室负责人审核", "department_head", "always"), (2, "系统权限负责人审批", "system_owner", "always"),
             (3, "分管院长审批（关键系统）", "vp_it", "critical"), (4, "分管院长审批（全院系统）", "vp_it", "hospital_wide")]


def seed(apps, schema_editor):
    ChainRule = apps.get_model("approvals", "ChainRule")
    for code in ("authz.account", "authz.change"):
        rules = {rule.order: rule for rule in ChainRule.objects.filter(request_type__code=code)}
        as_seeded = (
            sorted(rules) == [1, 2, 3, 4, 5]
            and all((rules[order].label, rules[order].approver, rules[order].condition) == (label, approver, condition)
                    for order, label, approver, condition in OLD_RULES)
            and (rules[5].kind, rules[5].approver) == ("execute", "it_executor")
        )
        if not as_seeded:
            continue
        rules[2].label = "审批科室审批（系统权限负责人）"
        rules[2].save(update_fields=["label"])
        rules[3].label, rules[3].condition = "分管院长审批", "always"
        rules[3].save(update_fields=["label", "condition"])
        rules[4].delete()
        rules[5].order = 4
        rules[5].save(update_fields=["order"])
    policy.load(apps)
    policy.load_key_activities(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("authz", "0005_consent_and_key_activities"),
        ("approvals", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
