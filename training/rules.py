"""Who may do what in training: small predicates, asked by views and services (never the raw groups).

科主任负责教育培训的组织工作: the head and deputy of a department run its training (plan, exams, everyone's hours);
a session's organiser runs that session; attendance and exam answers are seen by the person, the organiser and the
leaders, and nobody else.
"""

from approvals.rules import can_view_any_request, can_view_request
from core.roles import is_hr
from staff.rules import is_department_leader, leads_department, works_with_it_department


def follows_it_training(user):
    """The training menu beyond one's own record (sessions, exams, plans, hours, the question bank): the IT
    department's training, run by its leaders for its staff and followed by HR, the VP and auditors. Anyone else
    finds the sessions they are on under "My training"."""
    return works_with_it_department(user)


def _department_of(user):
    profile = getattr(user, "profile", None)
    return profile.department if profile is not None else None


def is_member(user, department):
    """An active member of the department (its staff see its approved plan and its sessions)."""
    profile = getattr(user, "profile", None)
    return (department is not None and profile is not None and profile.department_id == department.pk
            and profile.is_active_staff())


def runs_training(user, department):
    """The head or deputy of the department: the plan, exams, sessions and hours of all its staff."""
    return user.is_authenticated and leads_department(user, department)


def leads_person(user, person):
    """The leaders of a person's department and their direct supervisor (never the person)."""
    if user.pk == person.pk:
        return False
    profile = getattr(person, "profile", None)
    if profile is None:
        return False
    return leads_department(user, profile.department) or profile.supervisor_id == user.pk


# The annual plan ----------------------------------------------------------------------------------------------

def can_draw_up_plan(user, department):
    return runs_training(user, department)


def can_view_plan(user, plan):
    """Drafts: the department's leaders. Submitted: also whoever may see its approval. In force: its staff, HR."""
    if runs_training(user, plan.department):
        return True
    approval = plan.approval if plan.approval_id else None
    if approval is not None and approval.state != approval.State.DRAFT and (
            can_view_any_request(user) or can_view_request(user, approval)):
        return True
    return plan.state in (plan.State.APPROVED, plan.State.SUPERSEDED) and (
        is_member(user, plan.department) or is_hr(user))


def can_edit_plan(user, plan):
    return plan.is_editable() and runs_training(user, plan.department)


# Sessions and attendance ---------------------------------------------------------------------------------------

def can_schedule_session(user, department):
    """The department's leaders, and in the IT department any of its staff (the security administrator trains the
    wards, a colleague leads the study group)."""
    from staff.models import Department

    return user.is_authenticated and (leads_department(user, department) or (
        is_member(user, department) and department.kind == Department.Kind.IT))


def can_manage_session(user, session):
    """Edit, tick attendance, show the QR code, close or cancel: the organiser and the department's leaders."""
    return user.is_authenticated and (user.pk == session.organiser_id or leads_department(user, session.department))


def can_view_attendance_sheet(user, session):
    """The whole sheet: the organiser, the trainer and the leaders. Each attendee sees only their own row."""
    return can_manage_session(user, session) or (session.trainer_id is not None and user.pk == session.trainer_id)


def can_view_session(user, session, attendance=None):
    """The department's staff, the people on the list (from other departments too), the organiser and trainer."""
    return (can_view_attendance_sheet(user, session) or is_member(user, session.department)
            or attendance is not None)


# The hours ledger ------------------------------------------------------------------------------------------------

def can_view_hours(user, person):
    """A person's hours and training record (个人培训档案): the person, their leaders and supervisor, HR."""
    return user.pk == person.pk or leads_person(user, person) or is_hr(user)


def can_view_department_hours(user, department):
    return leads_department(user, department) or is_hr(user)


def can_export_hours(user):
    """The annual summary: HR for the whole hospital, leaders for their departments."""
    return is_hr(user) or is_department_leader(user)


def can_view_external(user, record):
    """External training: the person, their department's leaders, HR; once submitted also the approval chain."""
    if user.pk == record.person_id or leads_department(user, record.department) or is_hr(user):
        return True
    approval = record.approval if record.approval_id else None
    return approval is not None and approval.state != approval.State.DRAFT and (
        can_view_any_request(user) or can_view_request(user, approval))


def can_confirm_external(user, record):
    """The hours of external training are credited once the head (or deputy) confirms the certificate."""
    return leads_department(user, record.department) and user.pk != record.person_id


def can_decide_self_study(user, record):
    return leads_department(user, record.department) and user.pk != record.person_id


def can_view_self_study(user, record):
    return user.pk == record.person_id or leads_department(user, record.department) or is_hr(user)


def can_view_slides(user, deck):
    """The month's slides are the department's shared documentation: its members and leaders."""
    return user.pk == deck.person_id or is_member(user, deck.department) or leads_department(user, deck.department)


# Exams --------------------------------------------------------------------------------------------------------------

def can_manage_exams(user, department):
    """The question bank and the exams of a department: its leaders."""
    return runs_training(user, department)


def can_manage_exam(user, exam):
    return user.is_authenticated and (user.pk == exam.created_by_id or leads_department(user, exam.department))


def can_view_attempt(user, attempt):
    """An exam paper and its answers: the person, the exam's organiser, the person's leaders. Others: 404."""
    return (user.pk == attempt.person_id or can_manage_exam(user, attempt.exam)
            or leads_person(user, attempt.person))


def can_mark_attempt(user, attempt):
    return user.pk != attempt.person_id and can_manage_exam(user, attempt.exam)


def can_view_evidence(user, person):
    """The training facts behind a scorecard: the person, their leaders and supervisor, HR."""
    return can_view_hours(user, person)
