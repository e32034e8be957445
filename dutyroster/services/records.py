"""Duty logs (值班记录 / 工作日志), signed off by the team leader (组长), and the registers kept on duty: data backups,
software updates, network-security monitoring, the machine-room forms and equipment loans."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import require, required_text
from audit.services import audit_record
from notifications.services import notify, notify_each, work_done

from .. import rules
from ..models import Assignment, DutyLog, DutyLogEntry, DutyPolicy, EquipmentLoan, Finding, RegisterEntry, TeamLeader
from . import findings

State = DutyLog.State
ENTRY_WINDOW = datetime.timedelta(hours=12)  # entries may be written up a little after the shift


def _log_snapshot(log):
    return {"state": log.state, "entries": log.entries.count(), "signed_by": getattr(log.signed_by, "username", "")}


def _signers(department, person):
    leaders = {user for user in department.leaders() if user.pk != person.pk}
    leads = {row.person for row in TeamLeader.objects.filter(department=department).select_related("person")
             if row.person_id != person.pk}
    return leads or leaders


@transaction.atomic
def log_entry_add(*, assignment, by, at, text_value):
    """The person on duty writes what happened, at the time it happened."""
    assignment = Assignment.objects.select_for_update(of=("self",)).select_related("duty_type", "roster").get(
        pk=assignment.pk)
    require(by.pk == assignment.person_id, _("Only the person on this duty writes its log."))
    require(assignment.duty_type.needs_log, _("%(duty)s keeps no duty log.") % {"duty": assignment.duty_type.name})
    require(assignment.roster.is_published(), _("The roster of this duty is not published yet."))
    require(assignment.starts_at <= at <= assignment.ends_at,
            _("The time must lie within the shift (%(start)s – %(end)s).") % {
                "start": f"{timezone.localtime(assignment.starts_at):%m-%d %H:%M}",
                "end": f"{timezone.localtime(assignment.ends_at):%m-%d %H:%M}"})
    require(at <= timezone.now(), _("The time is in the future."))
    require(timezone.now() <= assignment.ends_at + ENTRY_WINDOW,
            _("The shift ended more than 12 hours ago: the log can no longer be added to."))
    log, _created = DutyLog.objects.get_or_create(assignment=assignment)
    require(log.state == State.OPEN, _("The log was submitted for signature and can no longer change."))
    entry = DutyLogEntry.objects.create(log=log, at=at, text=required_text(text_value, _("Write what happened.")),
                                        recorded_by=by)
    audit_record(actor=by, action="dutyroster.log.entry", obj=log, after={"at": at, "text": entry.text})
    return entry


@transaction.atomic
def log_submit(*, assignment, by):
    """The person closes the log and asks the team leader to sign it."""
    log = DutyLog.objects.select_for_update(of=("self",)).select_related("assignment__roster__department").filter(
        assignment=assignment).first()
    require(log is not None and log.entries.exists(), _("Write at least one entry before submitting the log."))
    require(by.pk == log.assignment.person_id, _("Only the person on this duty submits its log."))
    require(log.state == State.OPEN, _("The log was already submitted."))
    before = _log_snapshot(log)
    log.state, log.submitted_at = State.SUBMITTED, timezone.now()
    log.save(update_fields=["state", "submitted_at"])
    audit_record(actor=by, action="dutyroster.log.submit", obj=log, before=before, after=_log_snapshot(log))
    work_done(log)  # a log sent back, submitted again
    notify_each(_signers(log.assignment.roster.department, by),
                subject=_("A duty log waits for your signature: %(shift)s") % {"shift": log.assignment},
                url=log.get_absolute_url(), work=log)
    return log


@transaction.atomic
def log_sign(*, log, by, note=""):
    """The team leader signs the log off (每日日志需经组长签字认可)."""
    log = DutyLog.objects.select_for_update(of=("self",)).select_related(
        "assignment__roster__department", "assignment__person").get(pk=log.pk)
    require(rules.can_sign(by, log.assignment.roster.department, log.assignment.person_id),
            _("Only a team leader or a head, not the person on duty, signs the log."))
    require(log.state == State.SUBMITTED, _("Only a submitted log can be signed."))
    before = _log_snapshot(log)
    log.state, log.signed_by, log.signed_at = State.SIGNED, by, timezone.now()
    log.sign_note = (note or "").strip()[:300]
    log.save(update_fields=["state", "signed_by", "signed_at", "sign_note"])
    audit_record(actor=by, action="dutyroster.log.sign", obj=log, before=before, after=_log_snapshot(log))
    work_done(log)  # for every signer told
    notify(recipient=log.assignment.person, subject=_("Your duty log was signed: %(shift)s") % {
        "shift": log.assignment}, body=log.sign_note, url=log.get_absolute_url())
    return log


@transaction.atomic
def log_return(*, log, by, note):
    """The team leader sends the log back for completion (记录不全)."""
    log = DutyLog.objects.select_for_update(of=("self",)).select_related(
        "assignment__roster__department", "assignment__person").get(pk=log.pk)
    require(rules.can_sign(by, log.assignment.roster.department, log.assignment.person_id),
            _("Only a team leader or a head, not the person on duty, signs the log."))
    require(log.state == State.SUBMITTED, _("Only a submitted log can be sent back."))
    note = required_text(note, _("Say what is missing."), limit=300)
    before = _log_snapshot(log)
    log.state, log.sign_note = State.OPEN, note
    log.save(update_fields=["state", "sign_note"])
    audit_record(actor=by, action="dutyroster.log.return", obj=log, before=before,
                 after={**_log_snapshot(log), "note": note})
    work_done(log)
    notify(recipient=log.assignment.person, subject=_("Your duty log was sent back: %(shift)s") % {
        "shift": log.assignment}, body=note, url=log.get_absolute_url(), work=log)
    return log


def missing_log_finding(*, assignment, by):
    """Offer “如无工作日志扣1分” for a shift whose log was never signed (the head's choice, from the list)."""
    require(rules.can_review_findings(by, assignment.roster.department),
            _("Only the head or deputy head of the department proposes this."))
    require(assignment.duty_type.needs_log and assignment.has_ended(),
            _("Only a finished shift that keeps a log can lack one."))
    log = DutyLog.objects.filter(assignment=assignment).first()
    require(log is None or not log.is_signed(), _("The log of this shift is signed."))
    policy = DutyPolicy.current()
    return findings.finding_record(
        key=f"log:{assignment.pk}", kind=Finding.Kind.LOG_MISSING, person=assignment.person,
        occurred_on=assignment.day, points=policy.missing_log_points, assignment=assignment, by=by,
        facts=_("No duty log signed by the team leader for %(shift)s (如无工作日志扣%(points)s分).") % {
            "shift": assignment, "points": f"{policy.missing_log_points.normalize():f}"})


# Registers ---------------------------------------------------------------------------------------------------------

def current_shift(person, moment):
    return (Assignment.objects.published().filter(person=person, starts_at__lte=moment, ends_at__gt=moment)
            .order_by("starts_at").first())


@transaction.atomic
def register_entry_add(*, book, by, occurred_at, subject, content, outcome):
    profile = getattr(by, "profile", None)
    require(rules.can_handle_calls(by) and profile is not None, _("Only the IT department's staff keep the registers."))
    require(book.is_active, _("This register is no longer kept."))
    require(occurred_at <= timezone.now(), _("The time is in the future."))
    require(outcome in RegisterEntry.Outcome.values, _("Choose the outcome."))
    entry = RegisterEntry.objects.create(
        book=book, department=profile.department, occurred_at=occurred_at, outcome=outcome, recorded_by=by,
        subject=required_text(subject, _("Name the system or equipment."), limit=100),
        content=required_text(content, _("Describe what was done.")), assignment=current_shift(by, occurred_at))
    audit_record(actor=by, action="dutyroster.register.entry", obj=entry, after={
        "book": book.code, "at": occurred_at, "subject": entry.subject, "outcome": outcome})
    return entry


@transaction.atomic
def register_entry_sign(*, entry, by):
    entry = RegisterEntry.objects.select_for_update(of=("self",)).select_related("department").get(pk=entry.pk)
    require(rules.can_sign(by, entry.department, entry.recorded_by_id),
            _("Only a team leader or a head, not the person who recorded it, signs an entry."))
    require(entry.signed_at is None, _("The entry is signed already."))
    entry.signed_by, entry.signed_at = by, timezone.now()
    entry.save(update_fields=["signed_by", "signed_at"])
    audit_record(actor=by, action="dutyroster.register.sign", obj=entry, after={"signed_by": by.username})
    return entry


@transaction.atomic
def loan_record(*, by, item, quantity, department, borrower, lent_at, due_on=None, asset_number="",
                is_spare_machine=False, note=""):
    require(rules.can_handle_calls(by), _("Only the IT department's staff lend equipment."))
    require(quantity and quantity > 0, _("Lend at least one."))
    require(lent_at <= timezone.now(), _("The time is in the future."))
    require(due_on is None or due_on >= timezone.localtime(lent_at).date(), _("The return date comes before the loan."))
    loan = EquipmentLoan.objects.create(
        item=required_text(item, _("Name the item."), limit=100), quantity=quantity, department=department,
        borrower=required_text(borrower, _("Say who borrowed it."), limit=50), lent_at=lent_at, due_on=due_on,
        lent_by=by,
        asset_number=(asset_number or "").strip()[:50], is_spare_machine=is_spare_machine,
        note=(note or "").strip()[:300])
    audit_record(actor=by, action="dutyroster.loan.lend", obj=loan, after={
        "item": loan.item, "quantity": quantity, "department": department.name, "borrower": loan.borrower})
    return loan


@transaction.atomic
def loan_return(*, loan, by, returned_at=None):
    loan = EquipmentLoan.objects.select_for_update().get(pk=loan.pk)
    require(rules.can_handle_calls(by), _("Only the IT department's staff take equipment back."))
    require(loan.is_out(), _("This item was already returned."))
    returned_at = returned_at or timezone.now()
    require(loan.lent_at <= returned_at <= timezone.now(), _("The return time must lie between the loan and now."))
    loan.returned_at, loan.returned_to = returned_at, by
    loan.save(update_fields=["returned_at", "returned_to"])
    audit_record(actor=by, action="dutyroster.loan.return", obj=loan, after={"returned_at": returned_at})
    return loan
