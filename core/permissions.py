"""Who may do what: small predicates, all in one place. Views and services ask these, never the raw groups."""

from django.utils import timezone

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


# Approvals -----------------------------------------------------------------------------------------

def can_view_any_request(user):
    """Auditors (and the VP) see every request."""
    return user.has_perm("approvals.view_any_request")


def can_view_request(user, request, steps=None):
    """The applicant, everyone on the chain (people, role pools, their delegates), IT executors, auditors."""
    if can_view_any_request(user) or user.has_perm("approvals.view_request", request):
        return True
    from approvals.models import Delegation

    steps = steps if steps is not None else list(request.steps.all())
    roles = role_names(user)
    department_id = getattr(getattr(user, "profile", None), "department_id", None)
    for step in steps:
        if step.assignee_id is None and step.assignee_role in roles and step.assignee_department_id in (None, department_id):
            return True
    assignees = {step.assignee_id for step in steps if step.assignee_id}
    today = timezone.localdate()
    return Delegation.objects.filter(
        delegate=user, delegator_id__in=assignees, starts_on__lte=today, ends_on__gte=today
    ).exists()


def can_delegate(user):
    """Department heads and deputies, the VP and subsystem owners hand over approvals while away."""
    return is_department_leader(user) or has_role(user, Role.VP_IT) or has_role(user, Role.SYSTEM_OWNER)


def can_view_audit_log(user):
    return user.has_perm("audit.view_auditentry")
