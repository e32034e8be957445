"""Who may do what in authorization (授权审批): accounts and permissions on the hospital's information systems."""

from approvals.rules import can_view_request
from core.roles import Role, has_role, is_hr
from staff.rules import is_it_staff, leads_department


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
    return user.pk == person.pk or is_hr(user) or (
        profile is not None and leads_department(user, profile.department))


def can_review_access(user, review):
    """A department's quarterly access review: its head or deputy, or the VP in charge of IT."""
    return leads_department(user, review.department) or has_role(user, Role.VP_IT)
