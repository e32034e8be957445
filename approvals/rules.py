"""Who may see an approval request and who may delegate their approvals."""

from django.utils import timezone

from core.roles import Role, has_role, role_names

from .models import VIEW_PERMISSION, Delegation
from .people import directory


def can_view_any_request(user):
    """Auditors (and the VP) see every request."""
    return user.has_perm("approvals.view_any_request")


def can_view_request(user, request, steps=None):
    """The applicant, everyone on the chain (people, their delegates; a role pool from the moment its step is
    reached: IT's executors see a request once it waits for them), auditors."""
    if can_view_any_request(user) or user.has_perm(VIEW_PERMISSION, request):
        return True
    steps = steps if steps is not None else list(request.steps.all())
    roles = role_names(user)
    department_id = directory().department_id_of(user)
    for step in steps:
        if (step.assignee_id is None and step.assignee_role in roles and step.activated_at is not None
                and step.assignee_department_id in (None, department_id)):
            return True
    assignees = {step.assignee_id for step in steps if step.assignee_id}
    today = timezone.localdate()
    return Delegation.objects.filter(
        delegate=user, delegator_id__in=assignees, starts_on__lte=today, ends_on__gte=today
    ).exists()


def can_delegate(user):
    """Department heads and deputies, the VP and subsystem owners hand over approvals while away."""
    return (directory().leads_a_department(user) or has_role(user, Role.VP_IT)
            or has_role(user, Role.SYSTEM_OWNER))
