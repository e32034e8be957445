"""Changes to people's records. Views and commands call these; history is kept by simple-history."""

import secrets

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audit.services import audit_record
from core import permissions
from core.errors import ServiceError
from core.roles import Role

from .models import Department, StaffProfile, User

# Domains that hold their own copy of who leads whom (the appraisal's reviewer of an open scorecard) register a
# function fn(*, person, by, note) here, called when the person's leadership ends (register in AppConfig.ready()).
LEADERSHIP_HANDOVER = []


def register_leadership_handover(fn):
    LEADERSHIP_HANDOVER.append(fn)


# No 0/O, 1/l/I: the password is read off a slip of paper.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def can_issue_initial_password(by, user):
    """HR (who creates people) and administrators (IT, who resets passwords), never for themselves."""
    return (permissions.is_hr(by) or permissions.is_admin(by)) and by.pk != user.pk and (
        by.is_superuser or not user.is_superuser)


@transaction.atomic
def initial_password_issue(*, user, by):
    """A new initial password for someone who has none yet (an imported person) or has forgotten theirs. Returns it:
    it is shown once to the person issuing it and only its hash is kept; it must be changed at the next sign-in
    (申请人应在收到通知的当天修改初始口令)."""
    if not can_issue_initial_password(by, user):
        raise ServiceError(_("Only HR and administrators hand over initial passwords, and not their own."))
    user = User.objects.select_for_update().get(pk=user.pk)
    profile = StaffProfile.objects.filter(user=user).first()
    if not user.is_active or (profile is not None and profile.status == StaffProfile.Status.DEPARTED):
        raise ServiceError(_("%(name)s has left or their account is disabled: no password is handed over.") % {
            "name": user.display_name})
    first = not user.has_usable_password()
    password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(12))
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=by, action="staff.account.initial_password", obj=user,
                 after={"first": first})  # never the password itself
    return password


@transaction.atomic
def profile_update(*, form, by):
    """Save HR's edit of a profile (the form has been validated); who and when go into its history."""
    profile = form.save(commit=False)
    profile._history_user = by
    profile.user.save(update_fields=["name", "email"])
    profile.save()
    return profile


@transaction.atomic
def document_add(*, profile, form, by):
    document = form.save(commit=False)
    document.profile = profile
    document.original_name = form.cleaned_data["file"].name[:200]
    document.uploaded_by = by
    document.save()
    return document


def _interim_supervisor(department, person):
    """Who supervises the department's people until HR names someone: its head, else its deputy."""
    for leader in (department.head, department.deputy):
        if leader is not None and leader.pk != person.pk and leader.is_active:
            return leader
    return None


@transaction.atomic
def leadership_end(*, person, by, note, keep=None):
    """The person no longer leads where they led (a transfer or departure on its date): they stop being head or
    deputy of every department but `keep`, their direct reports go to the department's head (or deputy) until
    HR names a supervisor, and the 科室负责人 role goes when they lead nothing any more. Each change is audited.
    Returns (the departments left, the number of reports passed on) for the message asking HR for successors."""
    departments = list(Department.objects.select_for_update().filter(Q(head=person) | Q(deputy=person))
                       .exclude(pk=getattr(keep, "pk", None)).order_by("sort_order", "name"))
    for department in departments:
        before = {"head": department.head_id, "deputy": department.deputy_id}
        if department.head_id == person.pk:
            department.head = None
        if department.deputy_id == person.pk:
            department.deputy = None
        department._history_user = by
        department.save(update_fields=["head", "deputy"])
        audit_record(actor=by, action="staff.leadership.end", obj=department, before=before,
                     after={"head": department.head_id, "deputy": department.deputy_id, "note": note})
    # of=("self",): PostgreSQL locks no row of a LEFT JOIN (a department without a head or deputy).
    reports = list(StaffProfile.objects.select_for_update(of=("self",)).filter(supervisor=person).exclude(user=person)
                   .select_related("department__head", "department__deputy"))
    for profile in reports:
        interim = _interim_supervisor(profile.department, person)
        profile.supervisor = interim
        profile._history_user = by
        profile.save(update_fields=["supervisor"])
        audit_record(actor=by, action="staff.supervisor.interim", obj=profile, before={"supervisor": person.pk},
                     after={"supervisor": interim.pk if interim else None, "note": note})
    still_leads = Department.objects.filter(Q(head=person) | Q(deputy=person)).exists()
    if not still_leads and person.groups.filter(name=Role.DEPARTMENT_HEAD.value).exists():
        person.groups.remove(Group.objects.get(name=Role.DEPARTMENT_HEAD.value))
        audit_record(actor=by, action="staff.role.remove", obj=person, before={"role": Role.DEPARTMENT_HEAD.value},
                     after={"note": note})
    for handover in LEADERSHIP_HANDOVER:
        handover(person=person, by=by, note=note)
    return departments, len(reports)


SLIPS_AT_ONCE = 50  # hashing each password takes a noticeable moment (PBKDF2): a department a sheet at a time


def without_password(department):
    """Active people of a department who have no usable password yet (imported, never handed one)."""
    return (User.objects.filter(profile__department=department, is_active=True,
                                profile__status__in=StaffProfile.ACTIVE_STATUSES, password__startswith="!")
            .order_by("username"))


def initial_password_slips(*, department, by):
    """Hand over initial passwords to the next people of a department who have none: [(工号, 姓名, 科室, password)],
    at most SLIPS_AT_ONCE; each is audited like a single one."""
    people = list(without_password(department)[:SLIPS_AT_ONCE])
    if not people:
        raise ServiceError(_("Everyone in %(department)s already has a password.") % {"department": department.name})
    return [(person.username, person.display_name, department.name,
             initial_password_issue(user=person, by=by)) for person in people]
