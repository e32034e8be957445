"""`Request` becomes `ApprovalRequest` (it read like the HTTP request in every view). The rows, their ids and
the content type stay; the default permissions follow the new name, so the per-request view permissions
already granted (django-guardian rows point at the permission by id) keep working."""

from django.db import migrations, models

import approvals.models

RENAMED = ("add", "change", "delete", "view")


def rename_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.filter(app_label="approvals", model__in=["request", "approvalrequest"])
    for action in RENAMED:
        for permission in Permission.objects.filter(content_type__in=content_types, codename=f"{action}_request"):
            # Made by a migrate that ran post_migrate with the new name only: empty, the old one has the rows.
            Permission.objects.filter(content_type=permission.content_type,
                                      codename=f"{action}_approvalrequest").delete()
            permission.codename = f"{action}_approvalrequest"
            permission.name = f"Can {action} approval request"
            permission.save(update_fields=["codename", "name"])


def restore_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for action in RENAMED:
        Permission.objects.filter(content_type__app_label="approvals", codename=f"{action}_approvalrequest").update(
            codename=f"{action}_request", name=f"Can {action} request")


class Migration(migrations.Migration):

    # After every migration that made a foreign key to the old name (a fresh database runs them first).
    dependencies = [
        ("approvals", "0003_step_due_provisional"),
        ("authz", "0002_seed_policy"),
        ("leave", "0002_seed_policy"),
        ("staff", "0004_hiring_seed"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameModel("Request", "ApprovalRequest"),
        migrations.AlterField(
            model_name="requesttype",
            name="code",
            field=models.CharField(max_length=50, unique=True, validators=[approvals.models.code_validator],
                                   verbose_name="code"),
        ),
        migrations.RunPython(rename_permissions, restore_permissions),
    ]
