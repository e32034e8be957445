"""Who may do what: small predicates, all in one place. Views and services ask these, never the raw groups."""

from staff.roles import Role


def role_names(user):
    """The names of the user's roles, read once per request object."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_role_names"):
        user._role_names = frozenset(user.groups.values_list("name", flat=True))
    return user._role_names


def has_role(user, role):
    return role.value in role_names(user)


def is_hr(user):
    return has_role(user, Role.HR) or user.is_superuser


def is_admin(user):
    return user.is_superuser or has_role(user, Role.ADMIN)


def is_department_leader(user):
    """Head or deputy of some department (科室负责人)."""
    if not user.is_authenticated:
        return False
    return has_role(user, Role.DEPARTMENT_HEAD) or user.headed_departments.exists() or user.deputised_departments.exists()


def leads_department(user, department):
    return department is not None and department.is_led_by(user)


def must_use_mfa(user):
    """TOTP is required for admins and department heads."""
    return user.is_staff or is_admin(user) or is_department_leader(user)


def can_see_personal_data(viewer, profile):
    """Unmasked ID and phone numbers: HR and the person themselves."""
    return viewer.pk == profile.user_id or is_hr(viewer) or viewer.has_perm("staff.view_personal_data")


def can_edit_profile(viewer, profile):
    return is_hr(viewer)


def can_see_documents(viewer, profile):
    """A person's documents (diplomas, certificates): HR and the person."""
    return viewer.pk == profile.user_id or is_hr(viewer)


def can_upload_documents(viewer, profile):
    return is_hr(viewer)
