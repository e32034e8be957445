"""Every change to leave: checked, saved atomically, written to the audit log, notified.

A leave request is an approval subject (approvals.subjects): the domain side of one ApprovalRequest (direct
supervisor → department head, and the head's extension step when it is longer than the rule's N working days).
The engine's hooks, registered in leave/apps.py, are leave_chain_facts, leave_check_final_step and leave_decided
(the leave's state follows the outcome there, and only there); an approved leave with a deduction rule (事假) settles its deduction lines in the
discipline domain, from the revision in force on each day.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import services as approvals
from approvals.models import ApprovalRequest, ChainRule, Step
from approvals.subjects import ChainFacts
from audit.services import audit_record
from core.errors import ServiceError, require, required_text
from core.workdays import UnknownCalendarYear
from discipline import services as discipline
from discipline.assessment import IncidentInputError, rule_in_force
from discipline.models import Incident
from notifications.services import notify, notify_each, work_done
from staff.directory import people_with_role
from staff.models import StaffProfile
from core.roles import Role
from discipline.rules import can_record_incident

from . import days as leave_days
from .models import HALF_DAY, Absence, Half, LeaveBalance, LeavePolicy, LeaveRequest, slot, slot_date
from .rules import can_manage_leave, can_manage_leave_balances
from .selectors import annual_usage

State = LeaveRequest.State
PREVIEW_LINES = 50


def _snapshot(leave):
    return {
        "state": leave.state, "type": leave.leave_type.code, "period": leave.period_text(),
        "working_days": leave.working_days, "provisional": leave.count_provisional,
        "cover": leave.cover.username if leave.cover_id else "",
    }


def _leaders_of(leave):
    """Who is told about the leave besides the approvers: the supervisor and the department's leaders."""
    people = [leave.person.profile.supervisor, *leave.department.leaders()]
    seen, result = set(), []
    for person in people:
        if person is not None and person.pk != leave.person_id and person.pk not in seen:
            seen.add(person.pk)
            result.append(person)
    return result


def extension_threshold():
    """The N of the leave chain's “longer than N working days” step (7 in the policy), or None."""
    return (ChainRule.objects.filter(request_type__code=LeaveRequest.REQUEST_TYPE,
                                     condition=ChainRule.Condition.OVER_WORKING_DAYS)
            .order_by("condition_days").values_list("condition_days", flat=True).first())


# Checking a period -----------------------------------------------------------------------------------------------

@dataclass
class Preview:
    """What a requested period amounts to, for the form's live preview and for the checks."""

    days: list = field(default_factory=list)
    days_off: list = field(default_factory=list)
    total: Decimal = Decimal("0")
    threshold: int | None = None
    deductions: list = field(default_factory=list)  # [(date, portion, rule)]
    errors: list = field(default_factory=list)
    provisional: list = field(default_factory=list)  # years counted before their holiday notice was loaded

    @property
    def needs_extension(self):
        return self.threshold is not None and self.total > self.threshold

    @property
    def deduction_total(self):
        return sum((rule.amount or Decimal("0") for _, _, rule in self.deductions), Decimal("0"))


def _deduction_rules(person, leave_type, days):
    """[(date, portion, rule)]: the rule in force on each day, full day or half day, where its schedule applies to
    the person's department (the fine schedule is 信息科's)."""
    lines = []
    kind = person.profile.department.kind
    for day, portion in days:
        code = leave_type.full_day_rule_code if portion == 1 else leave_type.half_day_rule_code
        if code:
            rule = rule_in_force(code, day)
            if rule.revision.schedule.department_kind == kind:
                lines.append((day, portion, rule))
    return lines


def leave_preview(*, person, leave_type, starts_on, start_half, ends_on, end_half, exclude=None, today=None):
    """Count the days and find every reason the period cannot be requested (Preview.errors)."""
    today = today or timezone.localdate()
    preview = Preview(threshold=extension_threshold())
    if ends_on < starts_on or (ends_on == starts_on and start_half == Half.AFTERNOON and end_half == Half.MORNING):
        preview.errors.append(_("The leave ends before it starts."))
        return preview
    if (ends_on - starts_on).days > 366:
        preview.errors.append(_("A leave request covers at most a year."))
        return preview
    try:
        counted = leave_days.count(starts_on, start_half, ends_on, end_half)
    except UnknownCalendarYear as unknown:
        preview.errors.append(str(unknown))
        return preview
    preview.days, preview.days_off, preview.total = counted.days, counted.days_off, counted.total
    preview.provisional = counted.provisional
    if not preview.days:
        preview.errors.append(_("These days are all weekends or public holidays: there is nothing to request."))
        return preview
    if starts_on < today and not leave_type.may_start_in_past:
        preview.errors.append(_("%(type)s must be requested in advance: the first day has already passed.") % {
            "type": leave_type.name})
    clash = (LeaveRequest.objects.holding_time().filter(person=person)
             .overlapping(slot(starts_on, start_half), slot(ends_on, end_half)))
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    clash = clash.select_related("leave_type").first()
    if clash is not None:
        preview.errors.append(_("This overlaps your %(type)s of %(period)s (%(state)s).") % {
            "type": clash.leave_type.name, "period": clash.period_text(), "state": clash.get_state_display()})
    try:
        preview.deductions = _deduction_rules(person, leave_type, preview.days)
    except IncidentInputError as error:
        preview.errors.append(error.message)
    if leave_type.uses_annual_balance:
        _check_balance(preview, person, leave_type, starts_on, ends_on, exclude)
    return preview


def _check_balance(preview, person, leave_type, starts_on, ends_on, exclude):
    if starts_on.year != ends_on.year:
        preview.errors.append(_("Annual leave is counted per year: please make one request up to 31 December "
                                "and another from 1 January."))
        return
    balance = LeaveBalance.objects.filter(person=person, year=starts_on.year).first()
    if balance is None:
        preview.errors.append(_("HR has not set your annual leave for %(year)d yet.") % {"year": starts_on.year})
        return
    usage = annual_usage([person.pk], starts_on.year, exclude=exclude).get(person.pk, {})
    left = balance.remaining(usage.get("used", Decimal("0")), usage.get("pending", Decimal("0")))
    if preview.total > left:
        preview.errors.append(_("Not enough annual leave: %(left)s days left in %(year)d, %(asked)s asked.") % {
            "left": _days(left), "year": starts_on.year, "asked": _days(preview.total)})


def _days(value):
    return f"{Decimal(value).normalize():f}"


def _check_cover(person, cover, first_slot, last_slot):
    if cover is None:
        return
    require(cover.pk != person.pk, _("You cannot cover your own work."))
    require(cover.is_active and StaffProfile.objects.active().filter(user=cover).exists(),
            _("%(name)s is not an active member of staff.") % {"name": cover.display_name})
    away = LeaveRequest.objects.holding_time().filter(person=cover).overlapping(first_slot, last_slot).first()
    require(away is None, _("%(name)s is on leave during these days (%(period)s) and cannot cover.") % {
        "name": cover.display_name, "period": away.period_text() if away else ""})


def _check_period(preview, leave_type, extension_reason, document, has_document=False):
    require(not preview.errors, " ".join(preview.errors))
    if preview.needs_extension:
        require((extension_reason or "").strip(), _(
            "The leave is longer than %(days)d working days: explain why it needs an extension (延长离岗理由).") % {
            "days": preview.threshold})
    if leave_type.needs_document:
        require(document is not None or has_document,
                _("%(type)s needs a supporting document: please attach it.") % {"type": leave_type.name})


# Applying --------------------------------------------------------------------------------------------------------

@transaction.atomic
def leave_apply(*, person, by, leave_type, starts_on, start_half, ends_on, end_half, reason, extension_reason="",
                cover=None, document=None, today=None):
    """The person asks for leave; it goes to the approval chain at once. (`today`: the demo writes history.)"""
    require(by.pk == person.pk, _("Only the person can ask for their own leave."))
    profile = StaffProfile.objects.select_for_update().filter(user=person).first()  # one request at a time
    require(profile is not None and profile.status in StaffProfile.ACTIVE_STATUSES,
            _("Only active staff can ask for leave."))
    require(leave_type.is_active, _("This leave type is no longer in use."))
    reason = required_text(reason, _("Please give the reason for the leave."))
    preview = leave_preview(person=person, leave_type=leave_type, starts_on=starts_on, start_half=start_half,
                            ends_on=ends_on, end_half=end_half, today=today)
    _check_period(preview, leave_type, extension_reason, document)
    leave = LeaveRequest(
        person=person, department=profile.department, leave_type=leave_type, reason=reason,
        extension_reason=(extension_reason or "").strip() if preview.needs_extension else "",
        working_days=preview.total, count_provisional=bool(preview.provisional), cover=cover,
        cover_named_by=by if cover else None,
    )
    leave.set_period(starts_on, start_half, ends_on, end_half)
    _check_cover(person, cover, leave.first_slot, leave.last_slot)
    if document is not None:
        leave.document_name = document.name[:200]
        leave.document.save(document.name, document, save=False)
    leave.save()
    approvals.submit_for_approval(subject=leave, by=by, action="leave.request.apply", after=_snapshot(leave),
                                  department=profile.department)
    leave.refresh_from_db()
    return leave


@transaction.atomic
def leave_resubmit(*, leave, by, leave_type, starts_on, start_half, ends_on, end_half, reason, extension_reason="",
                   cover=None, document=None):
    """After an approver returned it for changes, the person corrects the request and sends it again."""
    leave = LeaveRequest.objects.select_for_update(of=("self",)).select_related("approval").get(pk=leave.pk)
    require(by.pk == leave.person_id, _("Only the person can change their leave request."))
    require(leave.is_editable(), _("This leave request is not waiting for changes."))
    reason = required_text(reason, _("Please give the reason for the leave."))
    preview = leave_preview(person=leave.person, leave_type=leave_type, starts_on=starts_on, start_half=start_half,
                            ends_on=ends_on, end_half=end_half, exclude=leave)
    _check_period(preview, leave_type, extension_reason, document, has_document=bool(leave.document))
    before = _snapshot(leave)
    leave.leave_type, leave.reason, leave.working_days = leave_type, reason, preview.total
    leave.count_provisional, leave.recount_days, leave.recount_problem = bool(preview.provisional), None, ""
    leave.extension_reason = (extension_reason or "").strip() if preview.needs_extension else ""
    leave.set_period(starts_on, start_half, ends_on, end_half)
    _check_cover(leave.person, cover, leave.first_slot, leave.last_slot)
    if cover != leave.cover:
        leave.cover, leave.cover_named_by = cover, (by if cover else None)
    if document is not None:
        leave.document_name = document.name[:200]
        leave.document.save(document.name, document, save=False)
    leave.save()
    approvals.submit_for_approval(subject=leave, by=by, action="leave.request.resubmit", before=before,
                                  after=_snapshot(leave))
    leave.refresh_from_db()
    return leave


@transaction.atomic
def leave_withdraw(*, leave, by):
    """The person takes back a request that is still waiting (the engine then tells the leave)."""
    require(by.pk == leave.person_id, _("Only the person can withdraw their leave request."))
    require(leave.state == State.PENDING, _("This leave request is %(state)s and can no longer be withdrawn.") % {
        "state": leave.get_state_display()})
    approvals.request_withdraw(request=leave.approval, by=by)
    leave.refresh_from_db()
    return leave


# The engine's hooks ----------------------------------------------------------------------------------------------

def _is_last_step(step):
    return not Step.objects.filter(request_id=step.request_id, round=step.round, order__gt=step.order,
                                   state=Step.State.WAITING).exists()


def leave_chain_facts(leave):
    """The `context` hook: the head's extension step applies beyond N working days (延长离岗)."""
    return ChainFacts(working_days=leave.working_days)


def leave_check_final_step(leave, *, step, by):
    """The `check` hook: the approver of the last step names who covers the work (离岗期间…将相关工作安排给其他人员负责)."""
    if _is_last_step(step) and leave.cover_id is None:
        raise ServiceError(_("Name who covers %(name)s's work while away (on the leave request's page) before the "
                             "final approval.") % {"name": leave.person.display_name})


def leave_decided(leave, *, outcome, by):
    """The `finished` hook: the leave's own state follows the approval's outcome."""
    leave = LeaveRequest.objects.select_for_update(of=("self",)).select_related(
        "person", "leave_type", "cover", "department").get(pk=leave.pk)
    if leave.state != State.PENDING:
        return
    before = _snapshot(leave)
    state = {ApprovalRequest.State.APPROVED: State.APPROVED, ApprovalRequest.State.REJECTED: State.REJECTED,
             ApprovalRequest.State.WITHDRAWN: State.WITHDRAWN}.get(outcome)
    if state is None:
        return
    leave.state = state
    leave.save(update_fields=["state", "updated_at"])
    audit_record(actor=by, action=f"leave.request.{state}", obj=leave, before=before, after=_snapshot(leave))
    if state == State.APPROVED:
        _sync_deductions(leave, by, _("Leave approved."))
        if leave.cover_id:
            _notify_cover(leave)


def _notify_cover(leave):
    notify(recipient=leave.cover,
           subject=_("You cover %(name)s's work: %(period)s") % {
               "name": leave.person.display_name, "period": leave.period_text()},
           body=_("%(name)s is on %(type)s (%(days)s working days); their work is yours meanwhile.") % {
               "name": leave.person.display_name, "type": leave.leave_type.name, "days": _days(leave.working_days)},
           url=leave.get_absolute_url())


# Deductions (请假扣罚) -----------------------------------------------------------------------------------------

def _deduction_facts(leave, day, portion):
    return _("%(type)s on %(date)s (%(portion)s), leave request #%(number)d") % {
        "type": leave.leave_type.name, "date": day.isoformat(),
        "portion": _("full day") if portion == 1 else _("half day"), "number": leave.pk}


def _sync_deductions(leave, by, reason):
    """Make the deduction lines match the days the leave takes: settle what is missing, void what is not taken."""
    wanted = {}
    if leave.state in LeaveRequest.TAKEN_STATES and leave.deducts():
        days = leave_days.count_slots(leave.first_slot, leave.last_slot).days
        for day, portion, rule in _deduction_rules(leave.person, leave.leave_type, days):
            wanted[(rule.code, day, _deduction_facts(leave, day, portion))] = None
    for incident in leave.deductions.select_related("rule").exclude(state=Incident.State.CANCELLED):
        key = (incident.rule.code, incident.occurred_on, incident.facts)
        if key in wanted:
            wanted[key] = incident
        else:
            discipline.incident_void(incident=incident, by=by, reason=reason)
    for (code, day, facts), incident in wanted.items():
        if incident is None:
            leave.deductions.add(discipline.incident_settle(
                person=leave.person, rule_code=code, occurred_on=day, facts=facts,
                source=Incident.Source.LEAVE, by=by))


# Cover, cancellation, return -------------------------------------------------------------------------------------

@transaction.atomic
def leave_set_cover(*, leave, by, cover):
    leave = LeaveRequest.objects.select_for_update(of=("self",)).select_related("person__profile", "department").get(
        pk=leave.pk)
    require(can_manage_leave(by, leave),
            _("Only the person's supervisor or a leader of their department names the cover."))
    require(leave.state in LeaveRequest.OPEN_STATES, _("This leave is %(state)s; the cover can no longer change.") % {
        "state": leave.get_state_display()})
    require(cover is not None, _("Choose who covers the work."))
    require(cover.pk != leave.cover_id, _("%(name)s already covers this leave.") % {"name": cover.display_name})
    _check_cover(leave.person, cover, leave.first_slot, leave.last_slot)
    before = _snapshot(leave)
    leave.cover, leave.cover_named_by = cover, by
    leave.save(update_fields=["cover", "cover_named_by", "updated_at"])
    audit_record(actor=by, action="leave.request.cover", obj=leave, before=before, after=_snapshot(leave))
    if leave.state == State.APPROVED:
        _notify_cover(leave)
    return leave


@transaction.atomic
def leave_cancel(*, leave, by, reason, today=None):
    """An approved leave that has not begun is called off by the person or their leader."""
    today = today or timezone.localdate()
    leave = LeaveRequest.objects.select_for_update(of=("self",)).select_related("person__profile", "department").get(
        pk=leave.pk)
    require(by.pk == leave.person_id or can_manage_leave(by, leave),
            _("Only the person or their leaders can cancel this leave."))
    require(leave.state == State.APPROVED, _("Only an approved leave can be cancelled."))
    require(leave.starts_on > today, _("The leave has begun: record the return to work instead."))
    reason = required_text(reason, _("Please give a reason."))
    before = _snapshot(leave)
    leave.state = State.CANCELLED
    leave.save(update_fields=["state", "updated_at"])
    audit_record(actor=by, action="leave.request.cancel", obj=leave, before=before,
                 after={**_snapshot(leave), "reason": reason})
    _sync_deductions(leave, by, _("Leave cancelled: %(reason)s") % {"reason": reason})
    subject = _("Leave cancelled: %(title)s") % {"title": str(leave)}
    notify_each([*_leaders_of(leave), leave.person, leave.cover], skip=(by,), subject=subject, body=reason,
                url=leave.get_absolute_url())
    return leave


@transaction.atomic
def leave_return(*, leave, by, back_on, back_half, today=None):
    """The person (or their leader) records the first half day back at work; the leave is closed.

    Back early: the untaken days stop counting (balance and deductions). Back late: the working days between the
    end of the leave and the return are an absence without approval (无故超假不归), proposed to the head.
    """
    today = today or timezone.localdate()
    leave = LeaveRequest.objects.select_for_update(of=("self",)).select_related(
        "person__profile", "department", "leave_type").get(pk=leave.pk)
    require(by.pk == leave.person_id or can_manage_leave(by, leave),
            _("Only the person or their leaders can record the return to work."))
    require(leave.state == State.APPROVED, _("Only an approved leave can be closed by a return to work."))
    require(back_half in Half.values, _("Choose morning or afternoon."))
    back_slot = slot(back_on, back_half)
    require(back_slot > leave.first_slot, _("The return must come after the first half day of the leave."))
    require(back_on <= today, _("A return can be recorded only once it has happened."))
    before = _snapshot(leave)
    overstay = []
    if back_slot <= leave.last_slot:
        leave.last_slot = back_slot - 1
        counted = leave_days.count_slots(leave.first_slot, leave.last_slot)
        leave.working_days, leave.count_provisional = counted.total, bool(counted.provisional)
        leave.recount_days, leave.recount_problem = None, ""
    else:
        overstay = leave_days.working_slots_between(leave.last_slot + 1, back_slot - 1)
    leave.state = State.CLOSED
    leave.returned_on, leave.return_half, leave.returned_recorded_by = back_on, back_half, by
    leave.save(update_fields=["state", "last_slot", "working_days", "count_provisional", "recount_days",
                              "recount_problem", "returned_on", "return_half", "returned_recorded_by", "updated_at"])
    audit_record(actor=by, action="leave.request.return", obj=leave, before=before, after=_snapshot(leave))
    work_done(leave)  # the reminders to record the return
    _sync_deductions(leave, by, _("Back at work early."))
    if overstay:
        first, _half = slot_date(overstay[0])
        last, _half = slot_date(overstay[-1])
        absence_create(person=leave.person, department=leave.department, starts_on=first, ends_on=last,
                        source=Absence.Source.OVERSTAY, leave=leave, by=None, note=_(
                            "Back on %(back)s, but the approved leave (#%(number)d) ended on %(end)s.") % {
                            "back": back_on.isoformat(), "number": leave.pk, "end": leave.ends_on.isoformat()})
    if by.pk == leave.person_id:
        notify_each(_leaders_of(leave), subject=_("%(name)s is back at work") % {"name": leave.person.display_name},
                    body=leave.period_text(), url=leave.get_absolute_url())
    return leave


# Absences without approval (旷工) --------------------------------------------------------------------------------

def absence_create(*, person, department, starts_on, ends_on, source, note, by, leave=None, half="", basis=""):
    """Record an absence and propose the policy's rule for it (F5); `basis` says how it came about."""
    policy = LeavePolicy.current()
    absence = Absence.objects.create(person=person, department=department, starts_on=starts_on, ends_on=ends_on,
                                     half=half, source=source, note=note, leave=leave, recorded_by=by)
    facts = _("Away without approved leave from %(start)s to %(end)s: %(note)s") % {
        "start": starts_on.isoformat(), "end": ends_on.isoformat(), "note": note}
    if half:
        facts = _("Away without approved leave on %(period)s: %(note)s") % {"period": absence.period_text(),
                                                                            "note": note}
    rule = _absence_rule(policy, starts_on)
    chain = f"{basis} → {rule.code} {rule.text.rstrip('。;；')}" if basis else ""
    try:
        absence.incident = discipline.incident_propose(
            person=person, rule_code=rule.code, occurred_on=starts_on, facts=facts, source=Incident.Source.LEAVE,
            by=by, basis=chain)
    except IncidentInputError as error:
        raise ServiceError(error.message) from None
    absence.save(update_fields=["incident"])
    audit_record(actor=by, action="leave.absence.record", obj=absence, after={
        "person": person.username, "from": starts_on, "to": ends_on, "half": half, "source": source,
        "incident": absence.incident_id})
    return absence


def _absence_rule(policy, day):
    try:
        return rule_in_force(policy.absence_rule_code, day)
    except IncidentInputError as error:
        raise ServiceError(error.message) from None


@transaction.atomic
def absence_record(*, person, by, starts_on, ends_on, note, today=None):
    """A leader records days someone was away without approval; the head confirms the proposed incident."""
    today = today or timezone.localdate()
    require(can_record_incident(by, person),
            _("You may record absences only for the staff of a department you lead."))
    require(ends_on >= starts_on, _("The last day comes before the first day."))
    require(ends_on <= today, _("An absence can be recorded only once it has happened."))
    note = required_text(note, _("Please describe what happened."))
    first, last = slot(starts_on, Half.MORNING), slot(ends_on, Half.AFTERNOON)
    leave = LeaveRequest.objects.filter(person=person, state__in=LeaveRequest.TAKEN_STATES).overlapping(
        first, last).first()
    require(leave is None, _("%(name)s has approved leave on these days (%(period)s).") % {
        "name": person.display_name, "period": leave.period_text() if leave else ""})
    require(not Absence.objects.counting().filter(person=person).overlapping(first, last).exists(),
            _("An absence of %(name)s is already recorded on these days.") % {"name": person.display_name})
    return absence_create(person=person, department=person.profile.department, starts_on=starts_on,
                           ends_on=ends_on, source=Absence.Source.RECORDED, note=note, by=by)


# Annual leave balances -------------------------------------------------------------------------------------------

@transaction.atomic
def balance_set(*, person, year, entitlement, carried_over, by, note=""):
    require(can_manage_leave_balances(by), _("Only HR sets annual leave."))
    require(entitlement is not None and entitlement >= 0 and carried_over is not None and carried_over >= 0,
            _("Days cannot be negative."))
    require(entitlement % HALF_DAY == 0 and carried_over % HALF_DAY == 0, _("Use whole or half days."))
    balance, created = LeaveBalance.objects.select_for_update().get_or_create(
        person=person, year=year, defaults={"entitlement": entitlement, "carried_over": carried_over})
    before = {} if created else {"entitlement": balance.entitlement, "carried_over": balance.carried_over,
                                 "note": balance.note}
    balance.entitlement, balance.carried_over = entitlement, carried_over
    balance.note, balance.updated_by = (note or "").strip()[:200], by
    balance.save()
    audit_record(actor=by, action="leave.balance.set", obj=balance, before=before, after={
        "entitlement": entitlement, "carried_over": carried_over, "note": balance.note})
    for leave in LeaveRequest.objects.filter(person=person, starts_on__year=year, recount_days__isnull=False,
                                             state__in=LeaveRequest.HOLDING_STATES):
        leave_recount(leave=leave, by=by)  # an official count that the balance held back may fit now
    return balance


@transaction.atomic
def balances_open_year(*, year, by=None):
    """Open a year's annual leave for every active member of staff who has none yet (idempotent).

    The entitlement is last year's (HR adjusts it), or the policy's default; unused days are carried over up to the
    policy's limit.
    """
    if by is not None:
        require(can_manage_leave_balances(by), _("Only HR sets annual leave."))
    policy = LeavePolicy.current()
    User = get_user_model()
    people = list(User.objects.filter(is_active=True, profile__status__in=StaffProfile.ACTIVE_STATUSES)
                  .exclude(leave_balances__year=year).values_list("pk", flat=True))
    previous = {b.person_id: b for b in LeaveBalance.objects.filter(year=year - 1, person_id__in=people)}
    usage = annual_usage(list(previous), year - 1)
    created = []
    for person_id in people:
        last = previous.get(person_id)
        if last is None:
            entitlement, carried = policy.default_entitlement_days, Decimal("0")
        else:
            used = usage.get(person_id, {})
            left = last.remaining(used.get("used", Decimal("0")))
            entitlement, carried = last.entitlement, max(Decimal("0"), min(left, policy.carry_over_max_days))
        created.append(LeaveBalance(person_id=person_id, year=year, entitlement=entitlement, carried_over=carried,
                                    updated_by=by))
    LeaveBalance.objects.bulk_create(created)
    if created:
        audit_record(actor=by, action="leave.balance.open_year", obj=policy, after={"year": year, "people": len(created)})
    return len(created)


# Recount when a year's holiday notice is loaded (core.workdays.register_dependent, in apps.py) ---------------------

RECOUNT_UNCHANGED, RECOUNT_CONFIRMED, RECOUNT_APPLIED, RECOUNT_FLAGGED = "unchanged", "confirmed", "applied", "flagged"


def _holding_in_year(year):
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (LeaveRequest.objects.holding_time().overlapping(slot(first, Half.MORNING), slot(last, Half.AFTERNOON))
            .order_by("pk"))


def _recount_problem(leave, total):
    """Why a new count cannot simply replace the old one, or ""."""
    if total > leave.working_days and leave.leave_type.uses_annual_balance:
        year = leave.starts_on.year
        balance = LeaveBalance.objects.filter(person_id=leave.person_id, year=year).first()
        usage = annual_usage([leave.person_id], year, exclude=leave).get(leave.person_id, {})
        left = balance.remaining(usage.get("used", Decimal("0")), usage.get("pending", Decimal("0"))) \
            if balance else Decimal("0")
        if total > left:
            return _("Not enough annual leave for the official count: %(left)s days left in %(year)d, %(asked)s "
                     "counted. HR adjusts the balance, or the leave is changed.") % {
                "left": _days(left), "year": year, "asked": _days(total)}
    threshold = extension_threshold()
    if leave.state == State.PENDING and threshold is not None and leave.working_days <= threshold < total:
        return _("On the official calendar the leave is longer than %(days)d working days and needs the department "
                 "head's extension step: an approver returns it for changes, and the person resubmits it.") % {
            "days": threshold}
    return ""


def _approvers_of(leave):
    """Who approved the leave in its current round, or is asked to now."""
    if leave.approval_id is None:
        return []
    people = {}
    for step in (Step.objects.filter(request_id=leave.approval_id, round=leave.approval.round)
                 .select_related("decided_by", "assignee")):
        person = step.decided_by if step.decided_by_id else step.assignee if step.state == Step.State.ACTIVE else None
        if person is not None and person.pk != leave.person_id:
            people[person.pk] = person
    return list(people.values())


def _save_count(leave):
    leave.save(update_fields=["working_days", "count_provisional", "recount_days", "recount_problem", "updated_at"])
    if leave.approval_id:
        ApprovalRequest.objects.filter(pk=leave.approval_id).update(title=leave.approval_title()[:200])


@transaction.atomic
def leave_recount(*, leave, by=None):
    """Count the leave's days again on the calendar as it is now (after a year's holiday notice was loaded).

    A changed count is applied and the person and the approvers are told, unless it would overdraw the annual leave
    balance or need an approval step the chain does not have: then it is flagged on the leave (recount_days) and
    they, and HR, are told; it is applied by a later recount once resolved (HR raising the balance recounts).
    """
    leave = LeaveRequest.objects.select_for_update(of=("self",)).select_related(
        "person__profile", "department", "leave_type", "approval").get(pk=leave.pk)
    if by is not None:
        require(by.pk == leave.person_id or can_manage_leave(by, leave)
                or can_manage_leave_balances(by),
                _("Only the person, their leaders or HR can recount this leave."))
    if leave.state not in LeaveRequest.HOLDING_STATES:
        return RECOUNT_UNCHANGED
    counted = leave_days.count_slots(leave.first_slot, leave.last_slot)
    provisional = bool(counted.provisional)
    before = _snapshot(leave)
    if counted.total == leave.working_days:
        if leave.count_provisional == provisional and leave.recount_days is None:
            return RECOUNT_UNCHANGED
        leave.count_provisional, leave.recount_days, leave.recount_problem = provisional, None, ""
        _save_count(leave)
        audit_record(actor=by, action="leave.request.recount", obj=leave, before=before, after=_snapshot(leave))
        return RECOUNT_CONFIRMED
    problem = _recount_problem(leave, counted.total)
    if problem:
        if leave.recount_days == counted.total and leave.recount_problem == problem[:300]:
            return RECOUNT_FLAGGED  # already flagged and told
        leave.recount_days, leave.recount_problem = counted.total, problem[:300]
        leave.save(update_fields=["recount_days", "recount_problem", "updated_at"])
        audit_record(actor=by, action="leave.request.recount_flagged", obj=leave, before=before,
                     after={**_snapshot(leave), "official_days": counted.total, "problem": problem})
        subject = _("Leave to look at: the official calendar counts %(new)s working days, not %(old)s (%(title)s)") % {
            "new": _days(counted.total), "old": _days(leave.working_days), "title": str(leave)}
        hr = _hr_people() if leave.leave_type.uses_annual_balance else []
        notify_each([leave.person, *_approvers_of(leave), *hr], subject=subject, body=problem,
                    url=leave.get_absolute_url())
        return RECOUNT_FLAGGED
    old = leave.working_days
    leave.working_days, leave.count_provisional, leave.recount_days, leave.recount_problem = (
        counted.total, provisional, None, "")
    _save_count(leave)
    audit_record(actor=by, action="leave.request.recount", obj=leave, before=before, after=_snapshot(leave))
    if leave.state in LeaveRequest.TAKEN_STATES:
        _sync_deductions(leave, by, _("Recounted on the official calendar."))
    subject = _("Leave recounted on the official calendar: %(old)s → %(new)s working days (%(title)s)") % {
        "old": _days(old), "new": _days(counted.total), "title": str(leave)}
    body = _("The holiday notice for the year was loaded; the leave's days were counted again.")
    notify_each([leave.person, *_approvers_of(leave)], subject=subject, body=body, url=leave.get_absolute_url())
    return RECOUNT_APPLIED


def _hr_people():
    return list(people_with_role(Role.HR).order_by("pk")[:20])


def leave_recount_year(*, year):
    """Every leave that holds days in `year`, recounted (idempotent). {outcome: how many}."""
    outcomes = {}
    for leave_id in _holding_in_year(year).values_list("pk", flat=True):
        outcome = leave_recount(leave=LeaveRequest(pk=leave_id))
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def recount_preview(year):
    """For the notice's preview (inside core.workdays.calendar_as_if): the leave whose count would change."""
    lines = []
    for leave in _holding_in_year(year).select_related("person", "leave_type"):
        total = leave_days.count_slots(leave.first_slot, leave.last_slot).total
        if total != leave.working_days:
            lines.append(_("Leave: %(title)s — %(old)s → %(new)s working days") % {
                "title": str(leave), "old": _days(leave.working_days), "new": _days(total)})
    if len(lines) > PREVIEW_LINES:
        lines = [*lines[:PREVIEW_LINES], _("… and %(count)d more leave requests") % {"count": len(lines) - PREVIEW_LINES}]
    return lines


# Reminders -------------------------------------------------------------------------------------------------------

def remind_overdue_returns(today=None):
    """Approved leave whose last day is past and no return recorded: the leaders are told once."""
    today = today or timezone.localdate()
    overdue = (LeaveRequest.objects.filter(state=State.APPROVED, ends_on__lt=today, overdue_reminded_at__isnull=True)
               .select_related("person__profile__supervisor", "department__head", "department__deputy", "leave_type"))
    count = 0
    for leave in overdue:
        with transaction.atomic():
            if not LeaveRequest.objects.filter(pk=leave.pk, overdue_reminded_at__isnull=True).update(
                    overdue_reminded_at=timezone.now()):
                continue
            notify_each(_leaders_of(leave),
                        subject=_("%(name)s's leave ended on %(date)s; no return recorded") % {
                            "name": leave.person.display_name, "date": leave.ends_on.isoformat()},
                        body=_("Record the return to work, or an absence if they did not come back."),
                        url=leave.get_absolute_url(), work=leave)
            notify(recipient=leave.person, subject=_("Please record your return to work"),
                   body=leave.period_text(), url=leave.get_absolute_url(), work=leave)
            count += 1
    return count
