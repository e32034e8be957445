"""Who may do what with leave (请假/离岗): the person, their supervisor and department leaders, the cover, the
chain, HR."""

from approvals.rules import can_view_any_request, can_view_request
from core.roles import is_hr
from staff.rules import leads_department, supervises, works_with_it_department


def can_use_leave(user):
    """The leave menu: the IT department's staff and those who handle their leave (HR, the VP, auditors); the
    clinical departments keep their own leave outside Xinke."""
    return works_with_it_department(user)


def can_view_leave(user, leave):
    if user.pk in (leave.person_id, leave.cover_id) or is_hr(user) or can_view_any_request(user):
        return True
    if leads_department(user, leave.department) or supervises(user, leave.person):
        return True
    return leave.approval_id is not None and can_view_request(user, leave.approval)


def can_manage_leave(user, leave):
    """Name the cover, record the return: the person's supervisor or a leader of their department, not the person."""
    return user.pk != leave.person_id and (leads_department(user, leave.department) or supervises(user, leave.person))


def can_see_leave_type(user, leave):
    """Sick or maternity leave is personal: colleagues on the calendar see only that the person is away."""
    return user.pk == leave.person_id or is_hr(user) or can_manage_leave(user, leave)


def can_manage_leave_balances(user):
    return is_hr(user)
