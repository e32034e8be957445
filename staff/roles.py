"""Roles are Django groups with explicit permissions, kept in step with this table after every migrate.

A person can hold several roles. Which department someone heads comes from Department.head/deputy,
not from the role.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    STAFF = "科员", _("Staff member")
    DEPARTMENT_HEAD = "科室负责人", _("Department head or deputy")
    HR = "人事科", _("Human resources")
    VP_IT = "分管院长", _("Vice president in charge of IT")
    SYSTEM_OWNER = "系统负责人", _("Subsystem owner")
    ADMIN = "管理员", _("Administrator")
    AUDITOR = "审计员", _("Auditor")


# "app_label.codename" for each role. Later domains add their permissions here.
ROLE_PERMISSIONS = {
    Role.STAFF: [
        "staff.view_department",
        "staff.view_post",
        "staff.view_staffprofile",
    ],
    Role.DEPARTMENT_HEAD: [
        "staff.view_department",
        "staff.view_post",
        "staff.view_staffprofile",
    ],
    Role.HR: [
        "staff.view_department",
        "staff.view_post",
        "staff.view_staffprofile",
        "staff.add_staffprofile",
        "staff.change_staffprofile",
        "staff.view_personal_data",
        "staff.view_staffdocument",
        "staff.add_staffdocument",
    ],
    Role.VP_IT: [
        "staff.view_department",
        "staff.view_post",
        "staff.view_staffprofile",
        "approvals.view_any_request",
        "audit.view_auditentry",
    ],
    Role.AUDITOR: [
        "staff.view_department",
        "staff.view_post",
        "staff.view_staffprofile",
        "approvals.view_any_request",
        "audit.view_auditentry",
    ],
    Role.SYSTEM_OWNER: [
        "staff.view_department",
        "staff.view_post",
        "staff.view_staffprofile",
    ],
    Role.ADMIN: [
        "staff.view_department",
        "staff.add_department",
        "staff.change_department",
        "staff.view_post",
        "staff.add_post",
        "staff.change_post",
        "staff.view_postduty",
        "staff.add_postduty",
        "staff.change_postduty",
        "staff.delete_postduty",
        "staff.view_postrequirement",
        "staff.add_postrequirement",
        "staff.change_postrequirement",
        "staff.delete_postrequirement",
        "staff.view_staffprofile",
        "staff.view_user",
        "audit.view_auditentry",
        "approvals.view_requesttype",
        "approvals.add_requesttype",
        "approvals.change_requesttype",
        "approvals.view_chainrule",
        "approvals.add_chainrule",
        "approvals.change_chainrule",
        "approvals.delete_chainrule",
        "approvals.view_delegation",
        "core.view_calendarday",
        "core.add_calendarday",
        "core.change_calendarday",
        "core.delete_calendarday",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
        "django_celery_beat.view_crontabschedule",
        "django_celery_beat.change_crontabschedule",
        "django_celery_beat.view_intervalschedule",
        "django_celery_beat.change_intervalschedule",
    ],
}


def ensure_roles():
    """Create the groups and set exactly the permissions of the table."""
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = []
        for name in perm_names:
            app_label, codename = name.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def ensure_roles_after_migrate(**kwargs):
    ensure_roles()


def has_role(user, role):
    return user.is_authenticated and any(g.name == role for g in user.groups.all())
