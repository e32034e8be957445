"""Every change to a handover (离岗交接) goes through these functions (keyword-only; ServiceError for refusals).

The order the policies set, enforced here and in authz's gates:
1. the person hands each checklist item over; the successor (接交人员) checks each one on the spot and confirms
   the handover (接交人员现场进入相关系统确认无误后方为交接成功);
2. IT revokes every grant and issues the certificate (注销确认证明) — authz refuses before step 1 is done
   (gates.BEFORE_REVOCATION, registered in offboarding/gates.py);
3. HR completes (人力资源部收到注销确认证明后方可办理离岗或转岗手续): on the date, sign-in is disabled (departure)
   or the profile moves (transfer), and the person's open requests and waiting approvals are closed or passed on.
The successor also confirms changing the handed-over passwords (接交人员要及时更换密码); passwords are never stored.
"""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import services as approval_services
from approvals.models import ApprovalRequest
from approvals.services import requests_hand_over
from audit.services import audit_record
from authz import gates
from authz import services as authz_services
from authz.models import Grant, Revocation
from authz.rules import can_file_revocation
from core.errors import ServiceError
from core.roles import Role
from notifications.services import Outcome, notify, work_done
from staff.directory import people_with_role
from staff.models import Department, StaffProfile
from staff.services import leadership_end

from .models import Category, ChecklistTemplateItem, EquipmentLine, Handover, HandoverItem
from .rules import (
    can_cancel_handover, can_complete_handover, can_confirm_handover, can_edit_equipment, can_hand_over_item, can_start_handover,
)

LIVE_REVOCATION_STATES = (*ApprovalRequest.UNDECIDED_STATES, ApprovalRequest.State.APPROVED)


def _content(handover):
    return {
        "person": handover.person.username, "kind": handover.kind, "effective_on": handover.effective_on,
        "successor": handover.successor.username, "department": str(handover.department),
        "target_department": str(handover.target_department or ""), "target_post": str(handover.target_post or ""),
        "state": handover.state,
    }


def _hr_people():
    return list(people_with_role(Role.HR).order_by("pk")[:20])


def _tell(people, *, subject, body="", url="", skip=(), work=None):
    """Notify each person once, leaving out those in `skip`. `work`: see notifications.services.notify()."""
    seen = {person.pk for person in skip if person is not None}
    for person in people:
        if person is None or person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        notify(recipient=person, subject=subject, body=body, url=url, work=work)


def _locked(handover):
    return Handover.objects.select_for_update(of=("self",)).select_related(
        "person", "successor", "department", "target_department", "target_post").get(pk=handover.pk)


def _names(handover):
    return {"name": handover.person.display_name, "successor": handover.successor.display_name}


def _require_handing_over(handover):
    if handover.state == Handover.State.OPEN:
        return
    if handover.state == Handover.State.CONFIRMED:
        raise ServiceError(_("The successor has already confirmed this handover: the checklist can no longer "
                             "change."))
    raise ServiceError(_("This handover is %(state)s; nothing more can change.") % {
        "state": handover.get_state_display()})


def _active_profile(user):
    profile = StaffProfile.objects.select_related("department", "post").filter(user=user).first()
    if profile is None or not profile.is_active_staff() or not user.is_active:
        return None
    return profile


# Start ---------------------------------------------------------------------------------------------

def handover_start(*, person, kind, effective_on, successor, by, target_department=None, target_post=None,
                   note=""):
    """The person or HR starts a departure or transfer: the checklist from the template, and the revocation of
    the person's accounts filed with IT (reason departure/transfer, effective on the date)."""
    if not can_start_handover(by, person):
        raise ServiceError(_("Only the person concerned or HR can start a handover."))
    profile = _active_profile(person)
    if profile is None:
        raise ServiceError(_("%(name)s is not current staff: there is nothing to hand over.") % {
            "name": person.display_name})
    if kind not in Handover.Kind.values:
        raise ServiceError(_("Choose a departure or a transfer."))
    if effective_on is None or effective_on < timezone.localdate():
        raise ServiceError(_("The date of the departure or transfer cannot be in the past."))
    if successor is None or successor.pk == person.pk:
        raise ServiceError(_("Name a successor (接交人员) other than the person leaving the post."))
    if _active_profile(successor) is None:
        raise ServiceError(_("%(name)s is not current staff and cannot take over.") % {
            "name": successor.display_name})
    if kind == Handover.Kind.TRANSFER:
        if target_department is None:
            raise ServiceError(_("Choose the department the person moves to."))
        if target_department.pk == profile.department_id and (target_post is None or target_post.pk == profile.post_id):
            raise ServiceError(_("A transfer needs a new department or a new post."))
    else:
        target_department = target_post = None
    if Handover.objects.open().filter(person=person).exists():
        raise ServiceError(_("A handover of %(name)s is already under way.") % {"name": person.display_name})
    templates = [item for item in ChecklistTemplateItem.objects.filter(is_active=True) if item.applies(kind)]
    if not templates:
        raise ServiceError(_("The handover checklist is empty: please ask an administrator to set up its items."))
    with transaction.atomic():
        handover = Handover.objects.create(
            person=person, department=profile.department, post=profile.post, kind=kind, effective_on=effective_on,
            target_department=target_department, target_post=target_post, successor=successor,
            note=(note or "").strip(), started_by=by,
            password_change_required=any(item.category == Category.CREDENTIALS for item in templates))
        head = profile.department.head
        HandoverItem.objects.bulk_create([
            HandoverItem(handover=handover, category=item.category, title=item.title, guidance=item.guidance,
                         order=item.order,
                         owner=head if (item.owner == ChecklistTemplateItem.Owner.HEAD and head is not None
                                        and head.pk != person.pk) else person)
            for item in templates])
        audit_record(actor=by, action="offboarding.handover.start", obj=handover, after=_content(handover))
        _file_revocation(handover, by, quiet=True)
        names = _names(handover)
        _tell([successor], subject=_("You take over from %(name)s (接交人员)") % names,
              body=_("Check each item of the handover on the spot and confirm it in Xinke; then change the "
                     "handed-over passwords."), url=handover.get_absolute_url(), skip=[by], work=handover)
        _tell([person, *profile.department.leaders(), *_hr_people()],
              subject=_("Handover of %(name)s started") % names, url=handover.get_absolute_url(), skip=[by])
    return handover


def _live_revocation(person):
    return (Revocation.objects.filter(person=person, approval__state__in=LIVE_REVOCATION_STATES, issued_at__isnull=True)
            .order_by("-pk").first())


def _file_revocation(handover, by, quiet):
    """Link the person's revocation under way, or file and submit one. quiet: a refusal leaves the handover
    without one (the detail page offers the button); otherwise it is raised."""
    existing = _live_revocation(handover.person)
    if existing is not None:
        revocation = existing
    elif not Grant.objects.active().filter(user=handover.person).exists():
        if quiet:
            return None
        raise ServiceError(_("%(name)s holds no grants on any information system: there is nothing to revoke.")
                           % {"name": handover.person.display_name})
    else:
        reason = Revocation.Reason.DEPARTURE if handover.kind == Handover.Kind.DEPARTURE else Revocation.Reason.TRANSFER
        try:
            with transaction.atomic():
                revocation = authz_services.revocation_create(
                    person=handover.person, reason=reason, effective_on=handover.effective_on, by=by,
                    note=_("Handover #%(pk)s: IT revokes after the successor's confirmation.") % {"pk": handover.pk})
                authz_services.subject_submit(subject=revocation, by=by)
                revocation.approval.refresh_from_db()
        except ServiceError:
            if quiet:
                return None
            raise
    handover.revocation = revocation
    handover.save(update_fields=["revocation"])
    audit_record(actor=by, action="offboarding.handover.revocation", obj=handover,
                 after={"revocation": revocation.pk})
    return revocation


@transaction.atomic
def handover_file_revocation(*, handover, by):
    """File (or link) the revocation when starting the handover could not: grants appeared later, the first one
    was rejected or withdrawn."""
    handover = _locked(handover)
    if not can_file_revocation(by, handover.person):
        raise ServiceError(_("Only the person, a leader of their department or HR can ask for a revocation."))
    if not handover.is_open():
        raise ServiceError(_("This handover is %(state)s; nothing more can change.") % {
            "state": handover.get_state_display()})
    current = handover.revocation
    if current is not None and (current.issued_at is not None or current.approval.state in LIVE_REVOCATION_STATES):
        raise ServiceError(_("The revocation of %(name)s is already filed.") % {"name": handover.person.display_name})
    return _file_revocation(handover, by, quiet=False)


# The checklist -------------------------------------------------------------------------------------

def _locked_item(item):
    return HandoverItem.objects.select_for_update(of=("self",)).select_related("handover", "confirmed_by").get(
        pk=item.pk)


@transaction.atomic
def item_hand_over(*, item, by, note=""):
    """The owner marks an item handed over, saying what and where (never the password itself)."""
    item = _locked_item(item)
    handover = _locked(item.handover)
    if not can_hand_over_item(by, item, handover):
        raise ServiceError(_("Only %(name)s hands this item over.") % {"name": item.owner.display_name})
    _require_handing_over(handover)
    if item.state != HandoverItem.State.PENDING:
        raise ServiceError(_("“%(item)s” was already handed over.") % {"item": item.title})
    before = {"state": item.state}
    item.state = HandoverItem.State.HANDED_OVER
    item.note = (note or "").strip()[:500]
    item.handed_over_at = timezone.now()
    item.returned_note = ""
    item.save(update_fields=["state", "note", "handed_over_at", "returned_note"])
    work_done(item)  # an item sent back, handed over again
    audit_record(actor=by, action="offboarding.item.hand_over", obj=handover, before=before,
                 after={"item": item.title, "state": item.state, "note": item.note})
    if not handover.items.filter(state=HandoverItem.State.PENDING).exists():
        _tell([handover.successor], subject=_("Everything of %(name)s is handed over: please check it") % _names(
            handover), url=handover.get_absolute_url(), skip=[by], work=handover)
    return item


@transaction.atomic
def item_confirm(*, item, by):
    """The successor checked the item on the spot (for credentials: signed in with them) and confirms it."""
    item = _locked_item(item)
    handover = _locked(item.handover)
    if not can_confirm_handover(by, handover):
        raise ServiceError(_("Only the successor, %(successor)s, confirms the handover.") % _names(handover))
    _require_handing_over(handover)
    if item.state == HandoverItem.State.CONFIRMED:
        raise ServiceError(_("“%(item)s” was already confirmed by %(name)s on %(when)s.") % {
            "item": item.title, "name": item.confirmed_by.display_name,
            "when": timezone.localtime(item.confirmed_at).strftime("%Y-%m-%d %H:%M")})
    if item.state != HandoverItem.State.HANDED_OVER:
        raise ServiceError(_("“%(item)s” has not been handed over yet.") % {"item": item.title})
    item.state = HandoverItem.State.CONFIRMED
    item.confirmed_at, item.confirmed_by = timezone.now(), by
    item.save(update_fields=["state", "confirmed_at", "confirmed_by"])
    audit_record(actor=by, action="offboarding.item.confirm", obj=handover, before={"state": "handed_over"},
                 after={"item": item.title, "state": item.state})
    return item


@transaction.atomic
def item_return(*, item, by, note):
    """The successor found something wrong or missing: the item goes back to its owner, with why."""
    item = _locked_item(item)
    handover = _locked(item.handover)
    if not can_confirm_handover(by, handover):
        raise ServiceError(_("Only the successor, %(successor)s, confirms the handover.") % _names(handover))
    _require_handing_over(handover)
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("Say what is wrong or missing."))
    if item.state != HandoverItem.State.HANDED_OVER:
        raise ServiceError(_("Only an item handed over and not yet confirmed can be sent back."))
    item.state = HandoverItem.State.PENDING
    item.returned_note = note[:500]
    item.handed_over_at = None
    item.save(update_fields=["state", "returned_note", "handed_over_at"])
    audit_record(actor=by, action="offboarding.item.return", obj=handover, before={"state": "handed_over"},
                 after={"item": item.title, "state": item.state, "note": item.returned_note})
    _tell([item.owner], subject=_("Sent back: %(item)s") % {"item": item.title}, body=note,
          url=handover.get_absolute_url(), skip=[by], work=item)
    return item


@transaction.atomic
def equipment_add(*, handover, by, asset_number, name, disposition):
    handover = _locked(handover)
    if not can_edit_equipment(by, handover):
        raise ServiceError(_("Only the person leaving, a leader of their department or HR lists the equipment."))
    _require_handing_over(handover)
    asset_number, name = (asset_number or "").strip(), (name or "").strip()
    if not asset_number or not name:
        raise ServiceError(_("Enter the asset number and the equipment."))
    if disposition not in EquipmentLine.Disposition.values:
        raise ServiceError(_("Choose whether it is returned or handed to the successor."))
    if handover.equipment.filter(asset_number=asset_number).exists():
        raise ServiceError(_("Asset %(number)s is already on the list.") % {"number": asset_number})
    line = EquipmentLine.objects.create(handover=handover, asset_number=asset_number[:50], name=name[:100],
                                        disposition=disposition, added_by=by)
    audit_record(actor=by, action="offboarding.equipment.add", obj=handover,
                 after={"asset_number": line.asset_number, "name": line.name, "disposition": disposition})
    return line


@transaction.atomic
def equipment_remove(*, line, by):
    handover = _locked(line.handover)
    line = EquipmentLine.objects.select_for_update().get(pk=line.pk)
    if not can_edit_equipment(by, handover):
        raise ServiceError(_("Only the person leaving, a leader of their department or HR lists the equipment."))
    _require_handing_over(handover)
    if line.confirmed_at is not None:
        raise ServiceError(_("Asset %(number)s was already confirmed by the successor.") % {
            "number": line.asset_number})
    audit_record(actor=by, action="offboarding.equipment.remove", obj=handover,
                 before={"asset_number": line.asset_number, "name": line.name})
    line.delete()


@transaction.atomic
def equipment_confirm(*, line, by):
    handover = _locked(line.handover)
    line = EquipmentLine.objects.select_for_update().get(pk=line.pk)
    if not can_confirm_handover(by, handover):
        raise ServiceError(_("Only the successor, %(successor)s, confirms the handover.") % _names(handover))
    _require_handing_over(handover)
    if line.confirmed_at is not None:
        raise ServiceError(_("Asset %(number)s was already confirmed.") % {"number": line.asset_number})
    line.confirmed_at, line.confirmed_by = timezone.now(), by
    line.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(actor=by, action="offboarding.equipment.confirm", obj=handover,
                 after={"asset_number": line.asset_number, "disposition": line.disposition})
    return line


# The successor's confirmation and the password change -------------------------------------------

def unconfirmed(handover):
    """What the successor has not confirmed yet: item titles, then asset numbers."""
    items = [item.title for item in handover.items.exclude(state=HandoverItem.State.CONFIRMED).order_by("order", "pk")]
    assets = list(handover.equipment.filter(confirmed_at__isnull=True).values_list("asset_number", flat=True))
    return items + [_("asset %(number)s") % {"number": number} for number in assets]


@transaction.atomic
def handover_confirm(*, handover, by):
    """The successor confirms the whole handover: from now on IT may revoke the person's accounts."""
    handover = _locked(handover)
    if not can_confirm_handover(by, handover):
        raise ServiceError(_("Only the successor, %(successor)s, confirms the handover.") % _names(handover))
    if handover.state != Handover.State.OPEN:
        if handover.confirmed_at is not None:
            raise ServiceError(_("You already confirmed this handover on %(when)s.") % {
                "when": timezone.localtime(handover.confirmed_at).strftime("%Y-%m-%d %H:%M")})
        _require_handing_over(handover)
    missing = unconfirmed(handover)
    if missing:
        raise ServiceError(_("Confirm every item first; not yet confirmed: %(items)s.") % {"items": "、".join(missing)})
    handover.state = Handover.State.CONFIRMED
    handover.confirmed_at = timezone.now()
    handover.save(update_fields=["state", "confirmed_at"])
    if handover.passwords_done():
        work_done(handover)  # the successor's part is over (else when the passwords are changed)
    audit_record(actor=by, action="offboarding.handover.confirm", obj=handover, before={"state": "open"},
                 after={"state": handover.state})
    names = _names(handover)
    revocation = handover.revocation
    _tell([handover.person, handover.started_by, *handover.department.leaders(),
           revocation.applicant if revocation else None],
          subject=_("%(successor)s confirmed the handover of %(name)s") % names,
          body=_("IT may now revoke the accounts of %(name)s and issue the certificate.") % names,
          url=handover.get_absolute_url(), skip=[by])
    return handover


@transaction.atomic
def handover_passwords_changed(*, handover, by):
    """The successor confirms having changed every handed-over password (接交人员要及时更换密码)."""
    handover = _locked(handover)
    if not can_confirm_handover(by, handover):
        raise ServiceError(_("Only the successor, %(successor)s, confirms the handover.") % _names(handover))
    if not handover.password_change_required:
        raise ServiceError(_("No passwords were handed over in this handover."))
    if handover.passwords_changed_at is not None:
        raise ServiceError(_("You already confirmed changing the passwords on %(when)s.") % {
            "when": timezone.localtime(handover.passwords_changed_at).strftime("%Y-%m-%d %H:%M")})
    if handover.state == Handover.State.OPEN:
        raise ServiceError(_("Confirm the handover first: the passwords are changed after checking them on the "
                             "spot."))
    if handover.state == Handover.State.CANCELLED:
        _require_handing_over(handover)
    handover.passwords_changed_at = timezone.now()
    handover.save(update_fields=["passwords_changed_at"])
    work_done(handover)
    audit_record(actor=by, action="offboarding.handover.passwords_changed", obj=handover,
                 after={"passwords_changed_at": handover.passwords_changed_at})
    return handover


# HR's completion and the date ---------------------------------------------------------------------

def completion_refusals(handover):
    """What is still missing before HR may complete: empty when nothing is."""
    refusals = []
    names = _names(handover)
    if handover.state == Handover.State.OPEN:
        missing = unconfirmed(handover)
        if missing:
            refusals.append(_("The successor %(successor)s has not confirmed the handover yet (not yet confirmed: "
                              "%(items)s).") % {**names, "items": "、".join(missing)})
        else:
            refusals.append(_("The successor %(successor)s has not confirmed the handover yet.") % names)
    if not handover.passwords_done():
        refusals.append(_("The successor %(successor)s has not confirmed changing the handed-over passwords.") % names)
    gate_refusals = gates.OFFBOARDING.refusals(handover.person)
    refusals += gate_refusals
    if not gate_refusals and not gates.revocation_certificate_exists(handover.person) and Grant.objects.filter(
            user=handover.person).exists():
        refusals.append(_("IT has not issued the cancellation certificate (注销确认证明) of %(name)s yet.") % names)
    return refusals


@transaction.atomic
def handover_complete(*, handover, by):
    """HR completes the departure or transfer once the successor confirmed everything and the certificate exists.
    On the date (at once when it has come) sign-in is disabled or the profile moves."""
    handover = _locked(handover)
    if not can_complete_handover(by, handover):
        raise ServiceError(_("Only HR completes a departure or transfer (and not their own)."))
    if handover.state == Handover.State.COMPLETED:
        raise ServiceError(_("This handover was already completed on %(when)s.") % {
            "when": timezone.localtime(handover.completed_at).strftime("%Y-%m-%d %H:%M")})
    if handover.state == Handover.State.CANCELLED:
        _require_handing_over(handover)
    refusals = completion_refusals(handover)
    if refusals:
        raise ServiceError(_("Cannot complete yet: %(missing)s") % {"missing": " ".join(refusals)})
    before = {"state": handover.state}
    handover.state = Handover.State.COMPLETED
    handover.completed_at, handover.completed_by = timezone.now(), by
    handover.save(update_fields=["state", "completed_at", "completed_by"])
    work_done(handover, *handover.items.all())
    audit_record(actor=by, action="offboarding.handover.complete", obj=handover, before=before,
                 after={"state": handover.state})
    names = {**_names(handover), "date": handover.effective_on.strftime("%Y-%m-%d")}
    if handover.kind == Handover.Kind.DEPARTURE:
        body = _("Sign-in of %(name)s is disabled on %(date)s.") % names
    else:
        body = _("%(name)s moves to the new department on %(date)s.") % names
    _tell([handover.person, handover.successor, *handover.department.leaders(),
           *(handover.target_department.leaders() if handover.target_department else [])],
          subject=_("HR completed the handover of %(name)s") % names, body=body, url=handover.get_absolute_url(),
          skip=[by])
    if handover.effective_on <= timezone.localdate():
        _apply(handover)
    return handover


@transaction.atomic
def handover_cancel(*, handover, by, reason):
    """The departure or transfer is called off before HR completes it: the handover is cancelled with the reason, and
    the revocation filed for it is closed — unless IT already revoked the accounts, which cannot be undone here."""
    handover = _locked(handover)
    if not can_cancel_handover(by, handover):
        raise ServiceError(_("Only HR or whoever started the handover can cancel it."))
    if not handover.is_open():
        raise ServiceError(_("This handover is %(state)s; it can no longer be cancelled.") % {
            "state": handover.get_state_display()})
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Please give a reason."))
    revocation = handover.revocation
    if revocation is not None and revocation.issued_at is not None:
        raise ServiceError(_("IT has already revoked the accounts of %(name)s (certificate %(number)s): complete the "
                             "handover, or ask for new accounts.") % {
            "name": handover.person.display_name, "number": revocation.certificate_no})
    before = {"state": handover.state}
    handover.state = Handover.State.CANCELLED
    handover.cancelled_at = timezone.now()
    handover.save(update_fields=["state", "cancelled_at"])
    work_done(handover, *handover.items.all(), outcome=Outcome.CANCELLED)
    audit_record(actor=by, action="offboarding.handover.cancel", obj=handover, before=before,
                 after={"state": handover.state, "reason": reason})
    if revocation is not None and revocation.approval_id:
        approval_services.request_close(request=revocation.approval, by=by, note=_(
            "The handover of %(name)s was cancelled: %(reason)s") % {"name": handover.person.display_name,
                                                                     "reason": reason})
    _tell([handover.person, handover.successor, *handover.department.leaders(), *_hr_people()],
          subject=_("Handover of %(name)s cancelled") % _names(handover), body=reason,
          url=handover.get_absolute_url(), skip=[by])
    return handover


def _apply(handover):
    """On the date: a departure disables sign-in (离岗人员不得再使用其工号密码); a transfer moves the profile. The
    person's open requests are closed and the approvals waiting for them passed on, with a note."""
    person = handover.person
    profile = StaffProfile.objects.select_for_update().get(user=person)
    before = {"is_active": person.is_active, "department": str(profile.department), "post": str(profile.post or "")}
    if handover.kind == Handover.Kind.DEPARTURE:
        person.is_active = False
        person.save(update_fields=["is_active"])
        profile.status = StaffProfile.Status.DEPARTED
        profile.save(update_fields=["status"])
        note = _("%(name)s left the hospital on %(date)s (handover #%(pk)s).")
    else:
        head = handover.target_department.head
        profile.department = handover.target_department
        profile.post = handover.target_post
        profile.supervisor = head if head is not None and head.pk != person.pk else None
        profile.save(update_fields=["department", "post", "supervisor"])
        note = _("%(name)s moved to %(department)s on %(date)s (handover #%(pk)s).")
    note = note % {"name": person.display_name, "date": handover.effective_on.strftime("%Y-%m-%d"),
                   "pk": handover.pk, "department": str(handover.target_department or "")}
    closed, reassigned = requests_hand_over(person=person, by=handover.completed_by, note=note)
    departments, reports = leadership_end(person=person, by=handover.completed_by, note=note,
                                          keep=handover.target_department)
    _ask_for_new_leaders(person, departments, reports)
    handover.applied_at = timezone.now()
    handover.save(update_fields=["applied_at"])
    audit_record(actor=handover.completed_by, action="offboarding.handover.apply", obj=handover, before=before,
                 after={"is_active": person.is_active, "department": str(profile.department),
                        "post": str(profile.post or ""), "closed_requests": closed, "reassigned_steps": reassigned})
    return True


def led_by(person):
    """What the person leads: departments (head or deputy) and direct reports. On the date of the departure or
    transfer that ends (staff.services.leadership_end) and HR is asked to name the successors."""
    departments = list(Department.objects.filter(Q(head=person) | Q(deputy=person)).order_by("sort_order", "name"))
    return departments, StaffProfile.objects.filter(supervisor=person).exclude(user=person).count()


def _ask_for_new_leaders(person, departments, reports):
    if not departments and not reports:
        return
    admins = people_with_role(Role.ADMIN).order_by("pk")[:20]
    _tell([*_hr_people(), *admins],
          subject=_("Name who now leads in place of %(name)s") % {"name": person.display_name},
          body=_("%(name)s no longer leads: %(departments)s; direct reports: %(reports)d, supervised by their "
                 "department's head until you name someone. Name the new head or deputy (departments, in "
                 "administration) and the reports' new supervisor (their profiles).") % {
              "name": person.display_name, "reports": reports,
              "departments": "、".join(str(department) for department in departments) or "—"},
          url=reverse("admin:staff_department_changelist"))


@transaction.atomic
def handover_apply(*, handover, today=None):
    """Idempotent: applies a completed handover once its date has come; False when there is nothing to do."""
    handover = _locked(handover)
    today = today or timezone.localdate()
    if handover.state != Handover.State.COMPLETED or handover.applied_at is not None or handover.effective_on > today:
        return False
    return _apply(handover)


def apply_due_handovers(today=None):
    """For the beat task: every completed handover whose date has come and that is not applied yet."""
    today = today or timezone.localdate()
    due = Handover.objects.filter(state=Handover.State.COMPLETED, applied_at__isnull=True,
                                  effective_on__lte=today).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if handover_apply(handover=Handover(pk=pk), today=today))
