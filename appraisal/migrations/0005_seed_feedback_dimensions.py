"""The 360° dimensions from the policy (考核办法 二、考核内容; 年度考核: 工作表现、业绩、能力和职业道德)."""

from django.db import migrations

DIMENSIONS = [
    ("工作任务完成情况", "工作目标达成情况、工作量、工作质量"),
    ("团队合作和沟通", "与团队成员之间的协作、信息共享"),
    ("知识和技能水平", "在岗期间学习和提升的能力"),
    ("职业道德", "遵守制度纪律、保守医院机密、服务态度"),
]


def seed(apps, schema_editor):
    Dimension = apps.get_model("appraisal", "FeedbackDimension")
    if Dimension.objects.exists():
        return
    Dimension.objects.bulk_create([Dimension(order=i, name=name, description=text)
                                   for i, (name, text) in enumerate(DIMENSIONS, 1)])


class Migration(migrations.Migration):
    dependencies = [("appraisal", "0004_feedback_360")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
