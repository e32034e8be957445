"""Role basics every layer may read: the roles (Django groups) and which of them a user holds.

Which permissions each role carries is the organisation's table (staff/roles.py); which department someone
heads comes from the department, not from the role.
"""

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


def role_names(user):
    """The names of the user's roles, read once per request object."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_role_names"):
        user._role_names = frozenset(user.groups.values_list("name", flat=True))
    return user._role_names


def has_role(user, role):
    return role.value in role_names(user)
