"""`Request` became `ApprovalRequest`: the per-request view permissions granted before keep working."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import UserObjectPermission

from approvals.models import ApprovalRequest

migration = importlib.import_module("approvals.migrations.0004_rename_request_approvalrequest")


def test_a_view_permission_granted_under_the_old_name_still_opens_the_request(org, make_request):
    request = make_request(org.employee)
    content_type = ContentType.objects.get_for_model(ApprovalRequest)
    # As an older database has it: the permission under its old codename, granted on this request.
    Permission.objects.filter(content_type=content_type, codename="view_approvalrequest").delete()
    old = Permission.objects.create(content_type=content_type, codename="view_request", name="Can view request")
    UserObjectPermission.objects.create(user=org.head, permission=old, content_type=content_type,
                                        object_pk=str(request.pk))

    migration.rename_permissions(apps, None)

    head = type(org.head).objects.get(pk=org.head.pk)  # no cached permissions
    assert head.has_perm("approvals.view_approvalrequest", request)
    assert set(Permission.objects.filter(content_type=content_type).values_list("codename", flat=True)) == {
        "add_approvalrequest", "change_approvalrequest", "delete_approvalrequest", "view_approvalrequest",
        "view_any_request"}
    assert Permission.objects.get(pk=old.pk).name == "Can view approval request"
