"""Who may do what: small predicates, all in one place. Views and services ask these, never the raw groups."""

from django.db.models import Q
from django.utils import timezone

from .roles import Role, has_role, role_names


def is_hr(user):
    return has_role(user, Role.HR) or user.is_superuser


def is_admin(user):
    return user.is_superuser or has_role(user, Role.ADMIN)


def is_department_leader(user):
    """Head or deputy of some department (科室负责人)."""
    if not user.is_authenticated:
        return False
    if has_role(user, Role.DEPARTMENT_HEAD):
        return True
    if not hasattr(user, "_leads_a_department"):
        from django.db.models import Q

        from staff.models import Department

        user._leads_a_department = Department.objects.filter(Q(head=user) | Q(deputy=user)).exists()
    return user._leads_a_department


def leads_department(user, department):
    return department is not None and department.is_led_by(user)


def must_use_mfa(user):
    """TOTP is required for everyone with powers over others or their data: admins, department heads and
    deputies, the VP, HR (they see unmasked ID numbers) and auditors."""
    return (user.is_staff or is_admin(user) or is_department_leader(user) or is_hr(user)
            or has_role(user, Role.VP_IT) or has_role(user, Role.AUDITOR))


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
    if can_view_any_request(user) or user.has_perm("approvals.view_approvalrequest", request):
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


# Discipline (考核): incidents are recorded and reviewed by the head or deputy of the person's department.

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


# Leave (请假/离岗): the person, their supervisor and department leaders, the cover, the chain, HR.

def supervises(user, person):
    profile = getattr(person, "profile", None)
    return profile is not None and user.pk is not None and profile.supervisor_id == user.pk


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


def can_publish_revision(user):
    """Put a new revision of a discipline schedule into force (admins with the permission)."""
    return user.is_superuser or user.has_perm("discipline.publish_revision")


# Appraisal (绩效考核): the person, their reviewer (direct supervisor or department head), HR.

def reviews_scorecard(user, scorecard):
    """The reviewer (考评人) assigned to the scorecard, or the head of its department; never the person."""
    if not user.is_authenticated or user.pk == scorecard.user_id:
        return False
    return user.pk in (scorecard.reviewer_id, scorecard.department.head_id)


def can_view_all_scorecards(user):
    return is_hr(user) or user.has_perm("appraisal.view_all_scorecards")


def can_view_scorecard(user, scorecard):
    return user.pk == scorecard.user_id or reviews_scorecard(user, scorecard) or can_view_all_scorecards(user)


def can_self_assess(user, scorecard):
    return user.pk == scorecard.user_id


def can_reopen_scorecard(user, scorecard):
    """Only the head of the scorecard's department reopens a confirmed or closed scorecard."""
    return user.pk == scorecard.department.head_id and user.pk != scorecard.user_id


def can_export_scorecards(user):
    """HR exports score sheets and rolls months up."""
    return is_hr(user) or user.has_perm("appraisal.export_scorecards")


def can_view_department_appraisal(user, department):
    """A department's month overview and year: its head or deputy, and HR."""
    return leads_department(user, department) or can_view_all_scorecards(user)


def can_view_person_appraisal(user, profile):
    """A person's year of scorecards: the person, their supervisor, their department's head or deputy, HR."""
    return (user.pk in (profile.user_id, profile.supervisor_id) or leads_department(user, profile.department)
            or can_view_all_scorecards(user))


def can_open_feedback_round(user, department):
    """The head of the department opens its 360° round (360度评估) and chooses the raters."""
    return user.is_authenticated and department is not None and user.pk == department.head_id


def can_manage_feedback_round(user, feedback_round):
    return can_open_feedback_round(user, feedback_round.department)


def can_view_feedback_round(user, feedback_round):
    """The round's page (who rates whom, answered or not, the anonymous results): its head and HR."""
    return can_manage_feedback_round(user, feedback_round) or can_view_all_scorecards(user)


def can_answer_feedback(user, request):
    """Only the rater asked answers; nobody else ever sees that rater's answers."""
    return user.is_authenticated and user.pk == request.rater_id


# Authorization (授权审批): accounts and permissions on the hospital's information systems.

def is_it_staff(user):
    """A current member of the IT department (信息科): carries out accounts, confirms privileged changes."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_it_staff"):
        from staff.models import Department, StaffProfile

        profile = StaffProfile.objects.select_related("department").filter(user=user).first()
        if profile is not None:
            user.profile = profile  # cached: the page shell reads it too
        user._is_it_staff = bool(profile and profile.is_active_staff() and profile.department.kind == Department.Kind.IT)
    return user._is_it_staff


def can_view_all_grants(user):
    """The whole grants register: IT, HR, the VP and auditors (others see their own and what they lead)."""
    return is_it_staff(user) or user.has_perm("authz.view_all_grants")


def can_view_authz_request(user, subject):
    """The applicant (and the person a revocation concerns); once submitted, also whoever may see its approval
    (the chain, the VP, auditors), IT, HR for accounts and revocations, the leaders of its department and of the
    department owning its system."""
    if user.pk in (subject.applicant_id, getattr(subject, "person_id", None)):
        return True
    approval = subject.approval
    if approval is None or approval.state == approval.State.DRAFT:
        return False
    if is_it_staff(user) or can_view_request(user, approval) or (subject.HR_VISIBLE and is_hr(user)):
        return True
    system = getattr(subject, "system", None)
    return leads_department(user, approval.department) or (
        system is not None and leads_department(user, system.owner_department))


def can_file_revocation(user, person):
    """注销: the person, a leader of their department (权限负责人) or HR."""
    profile = getattr(person, "profile", None)
    return user.pk == person.pk or is_hr(user) or (profile is not None and leads_department(user, profile.department))


def can_review_access(user, review):
    """A department's quarterly access review: its head or deputy, or the VP in charge of IT."""
    return leads_department(user, review.department) or has_role(user, Role.VP_IT)


# Hiring and probation (录用与试用期): 人事科 runs recruitment; the department's leaders follow their postings
# and assess their probationers; a posting's interview panel scores and sees the candidates' files.

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
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        user._can_use_hiring = is_hr(user) or has_role(user, Role.DEPARTMENT_HEAD) or get_user_model().objects.filter(
            Q(headed_departments__isnull=False) | Q(deputised_departments__isnull=False)
            | Q(hiring_panels__isnull=False), pk=user.pk).exists()
    return user._can_use_hiring


# Offboarding and transfer (离岗交接): the person or HR starts it; the successor (接交人员) confirms each item;
# HR completes it after the certificate (注销确认证明). The leaders of the departments concerned follow it.

def can_start_handover(user, person):
    return user.is_authenticated and (user.pk == person.pk or is_hr(user))


def can_view_handover(user, handover):
    if user.pk in (handover.person_id, handover.successor_id, handover.started_by_id) or is_hr(user):
        return True
    return leads_department(user, handover.department) or leads_department(user, handover.target_department)


def can_hand_over_item(user, item, handover):
    """Mark an item handed over: its owner or the person leaving the post."""
    return user.pk in (item.owner_id, handover.person_id)


def can_confirm_handover(user, handover):
    """Only the successor checks and confirms, on the spot (接交人员现场确认)."""
    return user.pk == handover.successor_id


def can_edit_equipment(user, handover):
    """The equipment list: the person leaving, HR, a leader of their department."""
    return user.pk == handover.person_id or is_hr(user) or leads_department(user, handover.department)


def can_complete_handover(user, handover):
    return is_hr(user) and user.pk != handover.person_id


def can_cancel_handover(user, handover):
    """Call a handover off (the person stays): HR, or whoever started it."""
    return is_hr(user) or user.pk == handover.started_by_id


def can_use_offboarding(user):
    """The handover menu: HR, IT staff, department leaders, and anyone named in a handover (one query, once)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_can_use_offboarding"):
        from offboarding.models import Handover

        user._can_use_offboarding = (is_hr(user) or is_department_leader(user) or is_it_staff(user)
                                     or Handover.objects.filter(Q(person=user) | Q(successor=user)).exists())
    return user._can_use_offboarding
