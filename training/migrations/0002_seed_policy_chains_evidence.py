"""Reference data of training that production needs as much as the demo; admins edit it afterwards.

- the training policy row (每年不少于20学时; sign-in, QR and reminder numbers);
- the approval chains: the annual plan is approved by the higher authority (信息科技部门制定年度培训计划，并报相关
  上级部门批准 — here the vice president in charge of IT, 分管院长); external training (外派培训) by the department
  head, then the vice president (it costs money and time away);
- the scorecard items of 004 绩效考核表 that ask about training records, with their wording and points.
"""

from decimal import Decimal

from django.db import migrations

PLAN_CHAIN = [(1, "分管院长审批（上级部门）", "vp_it")]
EXTERNAL_CHAIN = [(1, "科室负责人审批", "department_head"), (2, "分管院长审批", "vp_it")]

DEPUTY_ITEM = "负责全院信息系统使用技能培训（每周进行一次科员专业考核，负责医院新员工的培训）"
SECURITY_ITEM = "对医院各部门的计算机用户进行安全使用教育、培训及管理工作"
DOCUMENTS_ITEM = "制作技术文档，定期考核"
TUTORING_ITEM = "对信息科内技术岗位提供辅导和继续教育培训"
EVIDENCE = [
    # post, check, item, wording, points, threshold
    ("deputy_head", "weekly_test_not_held", DEPUTY_ITEM, "每周无考核记录扣2.5分", "2.5", None),
    ("deputy_head", "new_hire_untrained", DEPUTY_ITEM, "新员工无培训上岗扣5分", "5", None),
    ("deputy_head", "session_unrecorded", DEPUTY_ITEM, "其它培训无相关记录一次扣5分", "5", None),
    ("security_admin", "no_training_given", SECURITY_ITEM, "无相关培训记录扣3分", "3", None),
    ("security_admin", "no_signin_sheet", SECURITY_ITEM, "无培训人员名单与签名扣2分", "2", None),
    ("system_admin", "no_training_given", TUTORING_ITEM, "未进行辅导和教育培训的每次扣1分", "1", None),
] + [
    (post, check, DOCUMENTS_ITEM, wording, points, threshold)
    for post in ("security_admin", "database_admin", "network_admin", "system_admin")
    for check, wording, points, threshold in (
        ("slides_short", "制作信息化系统运行中的问题及处理方法PPT每月10张，不完成扣10分", "10", 10),
        ("weekly_test_missed", "不参与考核每周扣5分", "5", None),
    )
]


def seed(apps, schema_editor):
    TrainingPolicy = apps.get_model("training", "TrainingPolicy")
    EvidenceRule = apps.get_model("training", "EvidenceRule")
    Post = apps.get_model("staff", "Post")
    RequestType = apps.get_model("approvals", "RequestType")
    ChainRule = apps.get_model("approvals", "ChainRule")
    TrainingPolicy.objects.get_or_create(pk=1)
    for code, name, chain in (("training.plan", "年度培训计划审批", PLAN_CHAIN),
                              ("training.external", "外派培训申请", EXTERNAL_CHAIN)):
        request_type, created = RequestType.objects.get_or_create(code=code, defaults={"name": name})
        if created:
            for order, label, approver in chain:
                ChainRule.objects.create(request_type=request_type, order=order, label=label, approver=approver)
    if EvidenceRule.objects.exists():
        return
    posts = {post.code: post for post in Post.objects.all()}
    for code, check, item, wording, points, threshold in EVIDENCE:
        if code in posts:
            EvidenceRule.objects.create(post=posts[code], kind=check, item=item, wording=wording,
                                        points=Decimal(points), threshold=threshold)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("staff", "0002_seed_posts"),
        ("approvals", "0002_chainrule_always_ask"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
