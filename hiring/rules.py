"""Who may do what in hiring and probation (录用与试用期): 人事科 runs recruitment; the department's leaders
follow their postings and assess their probationers; a posting's interview panel scores and sees the candidates'
files."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from approvals.rules import can_view_any_request
from core.roles import Role, has_role, is_hr

from staff.rules import leads_department


def can_manage_hiring(user):
    return is_hr(user)


def can_request_headcount(user):
    """用人计划 is raised by the using department: its head or deputy."""
    return user.is_authenticated and (user.headed_departments.exists() or user.deputised_departments.exists())


def can_view_headcount(user, headcount):
    return (is_hr(user) or leads_department(user, headcount.department) or user.pk == headcount.requested_by_id
            or can_view_any_request(user))


def is_on_panel(user, posting):
    return user.is_authenticated and posting.panel.filter(pk=user.pk).exists()


def can_view_posting(user, posting):
    return is_hr(user) or leads_department(user, posting.department) or is_on_panel(user, posting)


def can_see_candidate_files(user, candidate):
    """CVs and certificates: HR and the posting's interview panel only."""
    return is_hr(user) or is_on_panel(user, candidate.posting)


def can_view_probation(user, probation):
    profile = probation.profile
    return is_hr(user) or leads_department(user, profile.department) or user.pk == profile.supervisor_id


def can_assess_probation(user, probation):
    """The end-of-probation assessment: the head or deputy of the person's department, never the person."""
    profile = probation.profile
    return leads_department(user, profile.department) and user.pk != profile.user_id


def can_use_hiring(user):
    """The hiring menu: HR, department leaders and interview panel members (at most one query, once)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_can_use_hiring"):
        user._can_use_hiring = is_hr(user) or has_role(user, Role.DEPARTMENT_HEAD) or get_user_model().objects.filter(
            Q(headed_departments__isnull=False) | Q(deputised_departments__isnull=False)
            | Q(hiring_panels__isnull=False), pk=user.pk).exists()
    return user._can_use_hiring
