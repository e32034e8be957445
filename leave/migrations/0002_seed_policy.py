"""Reference data of leave that production needs as much as the demo; admins edit it afterwards.

- the leave types of 授权审批及人员离岗制度 (离岗类别: 年假、事假、病假、产假) and the usual others (婚假、丧假、调休),
  each with its document rule and, for 事假, the fine schedule's deduction rules (F4a 请假一天扣罚50元, F4b 半天30元);
- the leave policy row (F5 未经科主任批准不按时上班 for absences; 5 days carried over);
- the approval chain: 直接上级 → 科室负责人, and the head's extension step when longer than 7 working days
  (离岗时间一般不得超过7个工作日，如有特殊情况需延长离岗时间，需提前向信息科负责人请假并说明理由).
"""

from django.db import migrations

TYPES = [
    # code, name, description, needs document, paid, annual balance, may be requested afterwards, full, half
    ("annual", "年假", "带薪年休假，按人事科核定的年假天数", False, True, True, False, "", ""),
    ("personal", "事假", "经科主任批准，请假一天扣罚50元，请假半天扣罚30元", False, False, False, False, "F4a", "F4b"),
    ("sick", "病假", "须附医院诊断证明或病假条", True, True, False, True, "", ""),
    ("maternity", "产假", "须附相关证明材料", True, True, False, False, "", ""),
    ("marriage", "婚假", "须附结婚证", True, True, False, False, "", ""),
    ("bereavement", "丧假", "直系亲属丧事", False, True, False, True, "", ""),
    ("compensatory", "调休", "以加班或值班时间调换休息", False, True, False, False, "", ""),
]
CHAIN = [
    # order, label, approver, condition, days, always ask
    (1, "直接上级审批", "supervisor", "always", None, False),
    (2, "科室负责人审批", "department_head", "always", None, False),
    (3, "延长离岗审批（超过7个工作日）", "department_head", "over_days", 7, True),
]


def seed(apps, schema_editor):
    LeaveType = apps.get_model("leave", "LeaveType")
    LeavePolicy = apps.get_model("leave", "LeavePolicy")
    RequestType = apps.get_model("approvals", "RequestType")
    ChainRule = apps.get_model("approvals", "ChainRule")
    LeavePolicy.objects.get_or_create(pk=1)
    for order, (code, name, description, document, paid, annual, afterwards, full, half) in enumerate(TYPES, 1):
        LeaveType.objects.get_or_create(code=code, defaults={
            "name": name, "description": description, "needs_document": document, "is_paid": paid,
            "uses_annual_balance": annual, "may_start_in_past": afterwards, "full_day_rule_code": full,
            "half_day_rule_code": half, "sort_order": order * 10})
    request_type, created = RequestType.objects.get_or_create(
        code="leave.request", defaults={"name": "请假（离岗）申请", "step_working_days": 1})
    if created:
        for order, label, approver, condition, days, always in CHAIN:
            ChainRule.objects.create(request_type=request_type, order=order, label=label, approver=approver,
                                     condition=condition, condition_days=days, always_ask=always)


class Migration(migrations.Migration):
    dependencies = [("leave", "0001_initial"), ("approvals", "0002_chainrule_always_ask")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
