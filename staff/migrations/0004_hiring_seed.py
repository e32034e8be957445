"""Reference data of hiring and probation that production needs as much as the demo; admins edit it afterwards.

- the policy's numbers (HiringPolicy, one row with the model's defaults: 20–35, 本科, 3 days, 3 months, 14 days);
- the exclusions of 信息科人员录用制度 第三条 (不得录用的情形; the age rule is computed from the ID number);
- the onboarding items of 医院信息科人员录用制度 四、2 (入职手续);
- the approval chains: 用人计划 (人事科审核 → 院办公会议批准, recorded by 人事科 with the meeting date) and the
  end-of-probation assessment (人事科审核).
"""

from django.db import migrations

EXCLUSIONS = [
    ("剥夺政治权利尚未恢复，被判刑或被通缉，尚未结案", "screening"),
    ("参加非法组织", "screening"),
    ("品行恶劣，吸食毒品", "screening"),
    ("拖欠公款，有记录在案", "screening"),
    ("经医院体检，本单位认为不合格", "medical"),
]
ONBOARDING = [
    ("《员工入职登记表》", True),
    ("学历证明（毕业证书）复印件", True),
    ("学位证明复印件", True),
    ("职称证明复印件（如有）", False),
    ("个人简历", True),
    ("近期相片2张", True),
    ("身份证复印件", True),
    ("户口本复印件", True),
    ("体检表", True),
]
REQUEST_TYPES = [
    # code, name, working days per step, steps (label, role): the office meeting does not sit every day
    ("staff.headcount", "用人计划", 5, [("人事科审核", "人事科"), ("院办公会议批准（人事科登记会议日期）", "人事科")]),
    ("staff.probation_assessment", "试用期考核", 2, [("人事科审核", "人事科")]),
]


def seed(apps, schema_editor, app_label="staff"):
    """`app_label` "hiring" puts the data back on today's models (the models moved to the hiring app)."""
    HiringPolicy = apps.get_model(app_label, "HiringPolicy")
    HiringExclusion = apps.get_model(app_label, "HiringExclusion")
    OnboardingRequirement = apps.get_model(app_label, "OnboardingRequirement")
    RequestType = apps.get_model("approvals", "RequestType")
    ChainRule = apps.get_model("approvals", "ChainRule")
    HiringPolicy.objects.get_or_create(pk=1)
    if not HiringExclusion.objects.exists():
        for order, (text, stage) in enumerate(EXCLUSIONS, start=1):
            HiringExclusion.objects.create(text=text, stage=stage, order=order)
    if not OnboardingRequirement.objects.exists():
        for order, (name, required) in enumerate(ONBOARDING, start=1):
            OnboardingRequirement.objects.create(name=name, order=order, is_required=required)
    for code, name, days, steps in REQUEST_TYPES:
        request_type, created = RequestType.objects.get_or_create(
            code=code, defaults={"name": name, "step_working_days": days})
        if created:
            for order, (label, role) in enumerate(steps, start=1):
                ChainRule.objects.create(request_type=request_type, order=order, label=label, approver="role",
                                         role=role)


class Migration(migrations.Migration):
    dependencies = [("staff", "0003_hiring"), ("approvals", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
