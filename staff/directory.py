"""The organisation's answers to the approval engine's questions about people (approvals.people.Directory)."""

from django.contrib.auth import get_user_model

from approvals.people import Directory
from core.roles import Role

from .models import Department, StaffProfile
from .rules import is_department_leader


def _profile(user):
    try:
        return user.profile
    except StaffProfile.DoesNotExist:
        return None


def department_of(user):
    profile = _profile(user)
    return profile.department if profile is not None else None


def department_id_of(user):
    profile = _profile(user) if user.is_authenticated else None
    return profile.department_id if profile is not None else None


def supervisor_of(user):
    profile = _profile(user)
    return profile.supervisor if profile is not None else None


def leaders_of(department):
    return department.leaders() if department is not None else []


def people_with_role(role, department=None):
    """Active people holding a role, optionally only those of one department."""
    people = get_user_model().objects.filter(groups__name=role, is_active=True)
    if department is not None:
        people = people.filter(profile__department=department)
    return people.distinct()


def on_probation():
    """New hires on probation (试用期): they learn the work before they carry out IT's execution steps alone
    (approvals.executors)."""
    return get_user_model().objects.filter(profile__status=StaffProfile.Status.PROBATION)


def vp_it():
    return people_with_role(Role.VP_IT).order_by("pk").first()


def it_department():
    return Department.objects.filter(kind=Department.Kind.IT, is_active=True).order_by("sort_order").first()


DIRECTORY = Directory(
    department_of=department_of, department_id_of=department_id_of, supervisor_of=supervisor_of,
    leaders_of=leaders_of, leads_a_department=is_department_leader, vp_it=vp_it, it_department=it_department,
    people_with_role=people_with_role,
)
