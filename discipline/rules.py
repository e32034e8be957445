"""Who may do what in discipline (考核): incidents are recorded and reviewed by the head or deputy of the
person's department."""

from core.roles import is_hr
from staff.rules import leads_department, works_with_it_department


def can_use_discipline(user):
    """The discipline menu (违纪考核): the IT department's rules apply to its staff; their leaders, HR, the VP and
    auditors follow them. Other departments see nothing of it."""
    return works_with_it_department(user)


def can_record_incident(user, person):
    """Record an incident for someone: a leader of their department, never for themselves or for the head."""
    profile = getattr(person, "profile", None)
    department = profile.department if profile is not None else None
    return leads_department(user, department) and person.pk not in (user.pk, department.head_id)


def can_review_incident(user, incident):
    """Confirm a proposal, decide an appeal or cancel: a leader of the incident's department, not the person."""
    return leads_department(user, incident.department) and incident.person_id != user.pk


def can_see_incident(user, incident):
    return user.pk == incident.person_id or leads_department(user, incident.department) or is_hr(user)


def can_see_department_statement(user, department):
    """A department's monthly discipline statement: its leaders, and HR (for payroll)."""
    return leads_department(user, department) or is_hr(user)


def can_see_person_statement(user, person):
    profile = getattr(person, "profile", None)
    return user.pk == person.pk or is_hr(user) or (
        profile is not None and leads_department(user, profile.department))


def can_publish_revision(user):
    """Put a new revision of a discipline schedule into force (admins with the permission)."""
    return user.is_superuser or user.has_perm("discipline.publish_revision")
