"""The approval chain of a duty swap (换班): the head of the department approves (科室负责人审批); admins edit it."""

from django.db import migrations


def seed(apps, schema_editor):
    RequestType = apps.get_model("approvals", "RequestType")
    ChainRule = apps.get_model("approvals", "ChainRule")
    request_type, created = RequestType.objects.get_or_create(
        code="dutyroster.swap", defaults={"name": "换班申请", "step_working_days": 1})
    if created:
        ChainRule.objects.create(request_type=request_type, order=1, label="科室负责人审批",
                                 approver="department_head", condition="always")


class Migration(migrations.Migration):
    dependencies = [("dutyroster", "0004_swap_approval"), ("approvals", "0004_rename_request_approvalrequest")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
