"""Changes to people's records. Views and commands call these; history is kept by simple-history."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

from audit.services import audit_record

from .models import Department, StaffProfile
from .roles import Role

# Domains that hold their own copy of who leads whom (the appraisal's reviewer of an open scorecard) register a
# function fn(*, person, by, note) here, called when the person's leadership ends (register in AppConfig.ready()).
LEADERSHIP_HANDOVER = []


def register_leadership_handover(fn):
    LEADERSHIP_HANDOVER.append(fn)


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
    reports = list(StaffProfile.objects.select_for_update().filter(supervisor=person).exclude(user=person)
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
