"""Who may do what with the duty roster: small predicates, asked by views and services alike.

The roster belongs to a department (信息科): its head and deputy plan it; its members are on duty; a team leader
(组长, admin data) signs the logs and registers; published rosters and the duty board are open to everyone (the
wards need to know who is on duty). Clinical departments file fault tickets and confirm patrol visits.
"""

from core.roles import is_hr
from staff.rules import is_it_staff, leads_department, works_with_it_department


def follows_duty(user):
    """The rosters and the IT department's own duty records: IT staff and those who follow them (HR, the VP,
    auditors). The wards use the duty board, fault reports and patrol visits."""
    return works_with_it_department(user)


def member_of(user, department):
    profile = getattr(user, "profile", None)
    return (user.is_authenticated and profile is not None and department is not None
            and profile.department_id == department.pk and profile.is_active_staff())


def is_team_leader(user, department):
    from .models import TeamLeader

    if not user.is_authenticated or department is None:
        return False
    cache = getattr(user, "_duty_team_leader_of", None)
    if cache is None:
        cache = user._duty_team_leader_of = set(
            TeamLeader.objects.filter(person=user).values_list("department_id", flat=True))
    return department.pk in cache


# Rosters -------------------------------------------------------------------------------------------------------

def can_plan_roster(user, department):
    """Draft, edit and publish a department's roster; manage its rotations: the head and deputy (科主任)."""
    return leads_department(user, department)


def can_view_roster(user, roster):
    """A published roster is open to everyone; a draft only to those who plan it."""
    return roster.is_published() or can_plan_roster(user, roster.department)


def can_see_fairness(user, department):
    return can_plan_roster(user, department) or member_of(user, department) or is_hr(user)


def can_view_assignment(user, assignment):
    return (user.pk == assignment.person_id or member_of(user, assignment.roster.department)
            or can_plan_roster(user, assignment.roster.department))


# Handover, logs, registers ---------------------------------------------------------------------------------------

def can_view_duty_records(user, department):
    """Handover records, duty logs and registers: the department's staff, its leaders and team leaders."""
    return member_of(user, department) or can_plan_roster(user, department) or is_team_leader(user, department)


def can_sign(user, department, person_id):
    """Sign a duty log or a register entry: a team leader (组长) or a leader of the department, not for oneself."""
    return user.pk != person_id and (is_team_leader(user, department) or can_plan_roster(user, department))


def can_resolve_handover(user, handover):
    department = handover.outgoing.roster.department
    return can_plan_roster(user, department) and user.pk not in (
        handover.outgoing.person_id, getattr(handover.incoming, "person_id", None))


# Fault calls and complaints --------------------------------------------------------------------------------------

def can_handle_calls(user):
    """Record a phone call and act on calls: the IT department's staff."""
    return is_it_staff(user)


def can_view_call(user, call):
    """IT staff see every call; others see their own department's calls and their own tickets."""
    profile = getattr(user, "profile", None)
    return is_it_staff(user) or user.pk == call.received_by_id or (
        profile is not None and profile.department_id == call.department_id)


def can_view_call_report(user):
    from staff.models import Department

    return is_hr(user) or any(leads_department(user, department) for department in
                              Department.objects.filter(kind=Department.Kind.IT))


def can_record_complaint(user, person):
    """A complaint is recorded and checked by a leader of the person's department, never about oneself."""
    profile = getattr(person, "profile", None)
    return profile is not None and user.pk != person.pk and leads_department(user, profile.department)


def can_view_complaint(user, complaint):
    profile = getattr(complaint.person, "profile", None)
    return user.pk == complaint.person_id or (profile is not None and leads_department(user, profile.department))


# Patrols -----------------------------------------------------------------------------------------------------------

def can_record_visit(user, area):
    return user.pk == area.person_id


def can_confirm_visit(user, visit, confirmer_ids=None):
    """签名确认: the visited department's head or deputy, or a head nurse named on the area; never the visitor."""
    if user.pk == visit.person_id:
        return False
    if leads_department(user, visit.department):
        return True
    ids = confirmer_ids if confirmer_ids is not None else set(visit.area.confirmers.values_list("pk", flat=True))
    return user.pk in ids


def can_view_visit(user, visit):
    return (user.pk == visit.person_id or can_confirm_visit(user, visit)
            or can_plan_roster(user, getattr(visit.person.profile, "department", None)))


# Findings ----------------------------------------------------------------------------------------------------------

def can_review_findings(user, department):
    return can_plan_roster(user, department)


def can_view_finding(user, finding):
    return user.pk == finding.person_id or can_plan_roster(user, finding.department)


def can_dismiss_finding(user, finding):
    return can_plan_roster(user, finding.department) and user.pk != finding.person_id


# Breaches recorded on duty -------------------------------------------------------------------------------------------

def can_record_breaches(user, assignment):
    """Record a breach against the person on a duty: a leader or team leader of the department, never about oneself
    (the kinds a main-shift person may also record are asked of breach_kinds_for)."""
    department = assignment.roster.department
    return user.pk != assignment.person_id and (can_plan_roster(user, department) or is_team_leader(user, department))


def on_main_shift(user, assignment):
    """The user is on the main shift (值主班) of the same department that day: 值白班人员要服从值主班人员的安排."""
    from .models import Assignment, DutyType

    return user.pk != assignment.person_id and Assignment.objects.published().filter(
        roster__department_id=assignment.roster.department_id, person_id=user.pk, day=assignment.day,
        duty_type__category=DutyType.Category.MAIN).exists()


def can_record_breach(user, kind, assignment):
    if user.pk == assignment.person_id:
        return False
    if can_record_breaches(user, assignment):
        return True
    return kind.recorder == kind.Recorder.MAIN_SHIFT and on_main_shift(user, assignment)
