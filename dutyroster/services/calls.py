"""Fault calls (报修) timed against the targets in force when they came in, and complaints (投诉) linked to them.

A call's responsible person is whoever took it (谁接谁负责); a ticket filed in Xinke goes to the person on the duty
phone (值主班人员负责接听电话和处理问题). A missed target becomes a finding against that person: a late response
(15 minutes), a fault left unattended (1 hour) or a major outage not restored (12 hours), each offered as the line
of the post's scorecard; a complaint found true is proposed as F16 and Q4a.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import require, required_text
from audit.services import audit_record
from notifications.services import Outcome, notify, work_done
from staff.rules import is_it_staff

from .. import rules
from ..models import Complaint, DutyPolicy, FaultCall, Finding
from ..selectors import phone_duty
from . import findings

State = FaultCall.State
# A call recorded after the fact (its receipt back-dated) gets this long to have its times filled in before a step
# not yet done counts as missed; a step done late counts at once.
RECORDING_GRACE = datetime.timedelta(minutes=30)


def _snapshot(call):
    return {"state": call.state, "taken_by": getattr(call.taken_by, "username", ""), "responded_at": call.responded_at,
            "handling_at": call.handling_at, "resolved_at": call.resolved_at, "is_major": call.is_major}


def _lock(call):
    return FaultCall.objects.select_for_update(of=("self",)).select_related(
        "department", "taken_by__profile", "received_by").get(pk=call.pk)


def _when(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "—"


@transaction.atomic
def call_record(*, by, department, summary, caller="", caller_phone="", channel=FaultCall.Channel.PHONE,
                received_at=None, details="", location="", system="", is_major=False, taken_by=None,
                responded_by_phone=False):
    """IT staff record a call (phone or in person); anyone files a ticket for their own department."""
    now = timezone.now()
    policy = DutyPolicy.current()
    it = is_it_staff(by)
    if not it:
        profile = getattr(by, "profile", None)
        require(profile is not None and profile.is_active_staff(), _("Only active staff can report a fault."))
        channel, department, received_at, taken_by = FaultCall.Channel.TICKET, profile.department, now, None
        caller, responded_by_phone = caller or by.display_name, False
    require(channel in FaultCall.Channel.values, _("Choose how the call came in."))
    received_at = received_at or now
    require(received_at <= now, _("The time is in the future."))
    require(now - received_at <= datetime.timedelta(days=7), _("A call is recorded within a week of coming in."))
    duty = phone_duty(received_at)
    if taken_by is None and it and channel != FaultCall.Channel.TICKET:
        taken_by = by
    if taken_by is None and duty is not None:
        taken_by = duty.person
    if taken_by is not None:
        require(is_it_staff(taken_by), _("%(name)s is not on the IT department's staff.") % {
            "name": taken_by.display_name})
    call = FaultCall.objects.create(
        department=department, caller=required_text(caller, _("Name the caller."), limit=50),
        caller_phone=(caller_phone or "").strip()[:20], channel=channel, received_at=received_at,
        received_by=by, taken_by=taken_by, assignment=duty if duty and taken_by and duty.person_id == taken_by.pk
        else None, summary=required_text(summary, _("Say what is wrong."), limit=200),
        details=(details or "").strip()[:4000],
        location=(location or "").strip()[:100], system=(system or "").strip()[:100], is_major=is_major,
        responded_at=received_at if responded_by_phone else None,
        state=State.RESPONDED if responded_by_phone else State.NEW,
        response_minutes=policy.response_minutes, unattended_minutes=policy.unattended_minutes,
        outage_hours=policy.major_outage_hours)
    audit_record(actor=by, action="dutyroster.call.record", obj=call, after=_snapshot(call))
    if taken_by is not None and taken_by.pk != by.pk:
        notify(recipient=taken_by, subject=_("Fault call %(number)s: %(summary)s") % {
            "number": call.number, "summary": call.summary}, body=f"{department.name} {call.caller} {call.location}",
            url=call.get_absolute_url(), work=call)
    check_breaches(call, now=now)
    return call


def _act_time(call, moment, earliest):
    now = timezone.now()
    moment = moment or now
    require(moment <= now, _("The time is in the future."))
    require(moment >= earliest, _("The time comes before %(when)s.") % {"when": _when(earliest)})
    return moment


def _require_it(by):
    require(is_it_staff(by), _("Only the IT department's staff act on fault calls."))


@transaction.atomic
def call_respond(*, call, by, at=None):
    """First response, by phone included (接科室电话后…响应（包括电话）)."""
    call = _lock(call)
    _require_it(by)
    require(call.state == State.NEW, _("This call is %(state)s.") % {"state": call.get_state_display()})
    before = _snapshot(call)
    call.responded_at = _act_time(call, at, call.received_at)
    call.state = State.RESPONDED
    call.taken_by = call.taken_by or by
    call.save(update_fields=["responded_at", "state", "taken_by", "updated_at"])
    audit_record(actor=by, action="dutyroster.call.respond", obj=call, before=before, after=_snapshot(call))
    check_breaches(call)
    return call


@transaction.atomic
def call_start(*, call, by, at=None):
    """Someone is on it: on site or remotely (the 1-hour unattended limit stops)."""
    call = _lock(call)
    _require_it(by)
    require(call.state in (State.NEW, State.RESPONDED), _("This call is %(state)s.") % {
        "state": call.get_state_display()})
    before = _snapshot(call)
    call.handling_at = _act_time(call, at, call.received_at)
    call.responded_at = call.responded_at or call.handling_at
    call.state = State.HANDLING
    call.taken_by = call.taken_by or by
    call.save(update_fields=["handling_at", "responded_at", "state", "taken_by", "updated_at"])
    audit_record(actor=by, action="dutyroster.call.start", obj=call, before=before, after=_snapshot(call))
    check_breaches(call)
    return call


@transaction.atomic
def call_resolve(*, call, by, resolution, at=None):
    call = _lock(call)
    _require_it(by)
    require(call.is_open(), _("This call is %(state)s.") % {"state": call.get_state_display()})
    before = _snapshot(call)
    call.resolved_at = _act_time(call, at, call.received_at)
    call.handling_at = call.handling_at or call.resolved_at
    call.responded_at = call.responded_at or call.handling_at
    call.resolution = required_text(resolution, _("Say what was done."), limit=4000)
    call.state = State.RESOLVED
    call.taken_by = call.taken_by or by
    call.save(update_fields=["resolved_at", "handling_at", "responded_at", "resolution", "state", "taken_by",
                             "updated_at"])
    audit_record(actor=by, action="dutyroster.call.resolve", obj=call, before=before, after=_snapshot(call))
    work_done(call)
    check_breaches(call)
    if call.received_by_id and not is_it_staff(call.received_by):
        notify(recipient=call.received_by, subject=_("Your fault report %(number)s was resolved") % {
            "number": call.number}, body=call.resolution, url=call.get_absolute_url())
    return call


@transaction.atomic
def call_assign(*, call, by, person):
    """The main shift sends someone to the department (安排值白班人员到现场处理): they become responsible."""
    call = _lock(call)
    _require_it(by)
    require(call.is_open(), _("This call is %(state)s.") % {"state": call.get_state_display()})
    require(is_it_staff(person), _("%(name)s is not on the IT department's staff.") % {"name": person.display_name})
    require(person.pk != call.taken_by_id, _("%(name)s already has this call.") % {"name": person.display_name})
    before = _snapshot(call)
    call.taken_by = person
    call.save(update_fields=["taken_by", "updated_at"])
    audit_record(actor=by, action="dutyroster.call.assign", obj=call, before=before, after=_snapshot(call))
    work_done(call, outcome=Outcome.MOVED)
    if person.pk != by.pk:
        notify(recipient=person, subject=_("Fault call %(number)s is yours: %(summary)s") % {
            "number": call.number, "summary": call.summary},
            body=f"{call.department.name} {call.caller} {call.location}", url=call.get_absolute_url(), work=call)
    return call


@transaction.atomic
def call_cancel(*, call, by, reason):
    """A duplicate or a call that was not a fault: cancelled with a reason. Findings it already caused stay for the
    head to dismiss (a cancellation must not erase a breach)."""
    call = _lock(call)
    require(is_it_staff(by) or call.received_by_id == by.pk, _("Only IT staff or the reporter cancel a call."))
    require(call.is_open(), _("This call is %(state)s.") % {"state": call.get_state_display()})
    reason = required_text(reason, _("Please give a reason."), limit=300)
    before = _snapshot(call)
    call.state, call.cancel_reason = State.CANCELLED, reason
    call.save(update_fields=["state", "cancel_reason", "updated_at"])
    audit_record(actor=by, action="dutyroster.call.cancel", obj=call, before=before,
                 after={**_snapshot(call), "reason": reason})
    work_done(call, outcome=Outcome.CANCELLED)
    return call


def _responsible(call):
    if call.taken_by_id:
        return call.taken_by
    duty = phone_duty(call.received_at)
    return duty.person if duty is not None else None


def check_breaches(call, now=None):
    """Record a finding for each target the call has missed; returns the new ones (one per call and kind). A step not done
    yet counts once the recording grace is over, so that a call entered after the fact is not found late before
    its times are filled in."""
    now = now or timezone.now()
    done = {Finding.Kind.RESPONSE_LATE: call.responded_at, Finding.Kind.UNATTENDED: call.handling_at,
            Finding.Kind.OUTAGE: call.resolved_at}
    known = set(call.findings.values_list("kind", flat=True)) if call.pk else set()
    breaches = [kind for kind in call.breaches(now) if kind not in known
                and (done[kind] is not None or now >= call.created_at + RECORDING_GRACE)]
    if not breaches:
        return []
    person = _responsible(call)
    if person is None or getattr(person, "profile", None) is None:
        return []
    policy = DutyPolicy.current()
    found = []
    day = timezone.localtime(call.received_at).date()
    head = _("%(number)s %(department)s “%(summary)s”, received %(received)s") % {
        "number": call.number, "department": call.department.name, "summary": call.summary,
        "received": _when(call.received_at)}
    for kind in breaches:
        if kind == Finding.Kind.RESPONSE_LATE:
            facts = _("%(head)s: responded %(responded)s, target %(minutes)d minutes (接科室电话后%(minutes)d分钟内响应)."
                      ) % {"head": head, "responded": _when(call.responded_at) if call.responded_at
                           else _("not yet"), "minutes": call.response_minutes}
            points = policy.response_points
        elif kind == Finding.Kind.UNATTENDED:
            facts = _("%(head)s: handling started %(started)s, limit %(minutes)d minutes (软、硬件故障在1小时内无人处理)."
                      ) % {"head": head, "started": _when(call.handling_at) if call.handling_at else _("not yet"),
                           "minutes": call.unattended_minutes}
            points = policy.unattended_points
        else:
            facts = _("%(head)s: major outage restored %(resolved)s, target %(hours)d hours (系统出现重大故障，在%(hours)d"
                      "小时内未恢复功能).") % {"head": head, "resolved": _when(call.resolved_at) if call.resolved_at
                                          else _("not yet"), "hours": call.outage_hours}
            points = policy.outage_points
        found.append(findings.finding_record(key=f"call:{call.pk}:{kind}", kind=kind, person=person,
                                             occurred_on=day, facts=facts, points=points, call=call))
    return found


def check_open_calls(now=None):
    """The beat: open calls that have just missed a target get their finding while still open."""
    now = now or timezone.now()
    count = 0
    for call in FaultCall.objects.open().select_related("department", "taken_by__profile"):
        count += len(check_breaches(call, now=now))
    return count


# Complaints --------------------------------------------------------------------------------------------------------

@transaction.atomic
def complaint_record(*, by, person, department, received_on, complaint_text, call=None):
    require(rules.can_record_complaint(by, person),
            _("A complaint is recorded by a leader of the person's department, never about oneself."))
    require(received_on <= timezone.localdate(), _("The date is in the future."))
    complaint = Complaint.objects.create(
        call=call, department=department, person=person, received_on=received_on,
        text=required_text(complaint_text, _("Write down the complaint.")), recorded_by=by)
    audit_record(actor=by, action="dutyroster.complaint.record", obj=complaint, after={
        "person": person.username, "department": department.name, "call": getattr(call, "pk", None)})
    return complaint


@transaction.atomic
def complaint_decide(*, complaint, by, upheld, note):
    """经查属实: the complaint is proposed as the fine (F16) and the points deduction (Q4a) for the head to confirm."""
    complaint = (Complaint.objects.select_for_update(of=("self",))
                 .select_related("person__profile", "department", "call").get(pk=complaint.pk))
    require(rules.can_record_complaint(by, complaint.person),
            _("A complaint is checked by a leader of the person's department, never about oneself."))
    require(complaint.state == Complaint.State.RECEIVED, _("This complaint was already checked."))
    note = required_text(note, _("Write down what the check found."))
    before = {"state": complaint.state}
    complaint.state = Complaint.State.UPHELD if upheld else Complaint.State.UNFOUNDED
    complaint.decided_by, complaint.decided_at, complaint.decision_note = by, timezone.now(), note
    complaint.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=by, action="dutyroster.complaint.decide", obj=complaint, before=before,
                 after={"state": complaint.state, "note": note})
    if upheld:
        policy = DutyPolicy.current()
        facts = _("Complaint from %(department)s on %(date)s%(call)s: %(text)s") % {
            "department": complaint.department.name, "date": f"{complaint.received_on:%Y-%m-%d}",
            "call": f" ({complaint.call.number})" if complaint.call_id else "", "text": complaint.text}
        for code in (policy.complaint_fine_rule, policy.complaint_points_rule):
            if code:
                findings.finding_record(key=f"complaint:{complaint.pk}:{code}", kind=Finding.Kind.COMPLAINT,
                                        person=complaint.person, occurred_on=complaint.received_on, facts=facts,
                                        rule_code=code, complaint=complaint, call=complaint.call, by=by)
    return complaint
