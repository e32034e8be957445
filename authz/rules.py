"""Who may do what in authorization (授权审批): accounts and permissions on the hospital's information systems."""

from approvals.executors import execute_refusal
from approvals.models import ApprovalRequest, ChainRule, Step
from approvals.rules import can_view_request
from core.roles import Role, has_role, is_hr
from staff.rules import is_it_staff, leads_department


def can_view_all_grants(user):
    """The whole grants register: IT, HR, the VP and auditors (others see their own and what they lead)."""
    return is_it_staff(user) or user.has_perm("authz.view_all_grants")


def can_view_every_authz_request(user):
    """Every submitted request of the register: HR, the VP and auditors (IT sees them from its own step on)."""
    return user.has_perm("authz.view_all_grants")


def has_reached_it(approval):
    """IT's part has begun: its EXECUTE step was reached, or the request was approved (IT carries out an approved
    request whose chain has no EXECUTE step)."""
    return approval.state == ApprovalRequest.State.APPROVED or Step.objects.filter(
        request=approval, kind=ChainRule.Kind.EXECUTE, activated_at__isnull=False).exists()


def it_sees(user, subject):
    """IT staff see their own department's work from the start and the requests others put to IT from the moment
    IT's step is reached: not the reasons of every account request while its approvers still weigh them."""
    return is_it_staff(user) and (not subject.IT_SEES_FROM_ITS_STEP or has_reached_it(subject.approval))


def is_own_request(user, subject):
    """The applicant's, or (a revocation) the person whose accounts it ends: never carried out by them."""
    return user.pk in (subject.applicant_id, getattr(subject, "person_id", None))


def may_carry_out_approved(user, subject):
    """A request approved without an EXECUTE step is carried out by IT: a member allowed to execute
    (approvals.executors: not on probation, induction passed), never on a request of his own."""
    return is_it_staff(user) and not is_own_request(user, subject) and execute_refusal(user) is None


def can_view_authz_request(user, subject):
    """The applicant (and the person a revocation concerns); once submitted, also whoever may see its approval
    (the chain, the VP, auditors), IT from its step on, HR for accounts and revocations, the leaders of its
    department and of the department owning its system."""
    if is_own_request(user, subject):
        return True
    approval = subject.approval
    if approval is None or approval.state == approval.State.DRAFT:
        return False
    if can_view_request(user, approval) or (subject.HR_VISIBLE and is_hr(user)) or it_sees(user, subject):
        return True
    system = getattr(subject, "system", None)
    return leads_department(user, approval.department) or (
        system is not None and leads_department(user, system.owner_department))


def can_file_revocation(user, person):
    """注销: the person, a leader of their department (权限负责人) or HR."""
    profile = getattr(person, "profile", None)
    return user.pk == person.pk or is_hr(user) or (
        profile is not None and leads_department(user, profile.department))


def can_review_access(user, review):
    """A department's quarterly access review: its head or deputy, or the VP in charge of IT."""
    return leads_department(user, review.department) or has_role(user, Role.VP_IT)
