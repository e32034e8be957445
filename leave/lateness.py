"""Lateness and early leave (迟到、早退) as one flow: the minutes recorded once, every rule that applies proposed.

The attendance policy (LeavePolicy) names the rules a late arrival and an early leave are judged by. judge()
reads each in the revision in force on the day:
- a rule with minute thresholds applies when they hold the minutes (F2: 5分钟以内, 扣罚20元);
- a rule without a measure applies every time (Q2: 扣3分, 依次加倍);
- a conversion into absence (R2: 迟到60分钟按旷工半天处理) records the absence like any other absence, which
  proposes the rule for an absence without approval (F5: 未经科主任批准，不按时上班，扣罚200元);
- when neither a fine nor a conversion covers the minutes (late 6–59 minutes with the seeded rules), the policy's
  gap rule is proposed, or — by default — the head decides: a rule or no further penalty, with the reason.
Each proposed incident carries the chain of reasoning as its basis (依据), which the statement shows.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ServiceError, require, required_text
from discipline import services as discipline
from discipline.assessment import IncidentInputError, rule_in_force
from discipline.models import Incident, Rule
from discipline.numbers import plain
from discipline.rules import can_record_incident
from notifications.services import notify, notify_each

from .models import HALF_DAY, Absence, Half, Lateness, LeavePolicy, LeaveRequest, slot
from .services import absence_create

# What a lateness costs in money: a fine, or a conversion into absence (which proposes the absence's fine).
MONEY_EFFECTS = (Rule.Effect.FINE, Rule.Effect.ABSENCE)
ARROW = " → "


@dataclass(frozen=True)
class Finding:
    rule: Rule
    basis: str


@dataclass
class Judgement:
    """Which rules a lateness meets, and why; `gap` when no fine or conversion covers the minutes."""

    summary: str
    findings: list = field(default_factory=list)  # rules proposed as incidents, with their basis
    absence: Finding | None = None  # the conversion into absence, if it applies
    gap: bool = False
    gap_rule: Finding | None = None

    @property
    def head_decides(self):
        return self.gap and self.gap_rule is None

    def proposals(self):
        return [*self.findings, *([self.gap_rule] if self.gap_rule else [])]


def _summary(kind, minutes, half):
    return _("%(kind)s %(minutes)d minutes (%(half)s)") % {
        "kind": _("late") if kind == Lateness.Kind.LATE else _("left early"), "minutes": minutes,
        "half": Half(half).label}


def _rule(code, day):
    try:
        return rule_in_force(code, day)
    except IncidentInputError as error:
        raise ServiceError(_("The attendance policy names rule %(code)s: %(error)s") % {
            "code": code, "error": error.message}) from None


def _applies(rule, minutes):
    if rule.measure == Rule.Measure.NONE:
        return True
    if rule.measure != Rule.Measure.MINUTES:
        raise ServiceError(_(
            "Rule %(code)s measures %(unit)s, not minutes; the attendance policy cannot judge lateness by it."
        ) % {"code": rule.code, "unit": rule.measure_unit_label()})
    if not rule.applies_to(minutes):
        return False
    if rule.measured_max is not None and minutes > rule.measured_max:
        raise ServiceError(_("%(minutes)d minutes is not believable for rule %(code)s (at most %(max)s); please "
                             "check it.") % {"minutes": minutes, "code": rule.code, "max": plain(rule.measured_max)})
    return True


def _why(summary, rule):
    """The basis of a rule that applies: the lateness, then why this rule (its thresholds are in the computation)."""
    if rule.measure == Rule.Measure.NONE:
        return ARROW.join([summary, _("%(code)s applies every time") % {"code": rule.code}])
    return summary


def judge(*, kind, minutes, half, occurred_on, policy=None):
    policy = policy or LeavePolicy.current()
    summary = _summary(kind, minutes, half)
    judgement = Judgement(summary=summary)
    covered = False
    for code in policy.lateness_codes(kind):
        rule = _rule(code, occurred_on)
        if not _applies(rule, minutes):
            continue
        covered = covered or rule.effect in MONEY_EFFECTS
        if rule.effect == Rule.Effect.ABSENCE:
            if rule.amount not in (HALF_DAY, 1):
                raise ServiceError(_("Rule %(code)s converts lateness into %(days)s days of absence; the attendance "
                                     "records convert into half a day or a whole day only.") % {
                    "code": rule.code, "days": plain(rule.amount)})
            judgement.absence = Finding(rule, ARROW.join([summary, _("%(code)s %(text)s (%(condition)s)") % {
                "code": rule.code, "text": rule.text.rstrip("。;；"), "condition": rule.condition_text()}]))
        else:
            judgement.findings.append(Finding(rule, _why(summary, rule)))
    judgement.gap = not covered
    if judgement.gap and policy.lateness_gap_rule_code:
        rule = _rule(policy.lateness_gap_rule_code, occurred_on)
        judgement.gap_rule = Finding(rule, ARROW.join([summary, _no_fine_text(policy, kind), _(
            "the attendance policy names %(code)s") % {"code": rule.code}]))
    return judgement


def _no_fine_text(policy, kind):
    return _("no fine of %(codes)s covers the minutes") % {"codes": "、".join(policy.lateness_codes(kind))}


# Recording --------------------------------------------------------------------------------------------------------

def _snapshot(lateness):
    return {"person": lateness.person.username, "date": lateness.occurred_on, "half": lateness.half,
            "kind": lateness.kind, "minutes": lateness.minutes, "state": lateness.state, "decision": lateness.decision,
            "incidents": sorted(lateness.incidents.values_list("pk", flat=True)) if lateness.pk else [],
            "absence": lateness.absence_id}


def _propose(lateness, finding, *, by, facts):
    measured = lateness.minutes if finding.rule.measure == Rule.Measure.MINUTES else None
    try:
        incident = discipline.incident_propose(
            person=lateness.person, rule_code=finding.rule.code, occurred_on=lateness.occurred_on, facts=facts,
            source=Incident.Source.LEAVE, by=by, measured_value=measured, basis=finding.basis)
    except IncidentInputError as error:
        raise ServiceError(error.message) from None
    lateness.incidents.add(incident)
    return incident


def _leaders(lateness):
    return [user for user in lateness.department.leaders() if user.pk != lateness.person_id]


def preview(*, person, kind, minutes, half, occurred_on):
    """What recording would propose, for the form's live preview."""
    return judge(kind=kind, minutes=minutes, half=half, occurred_on=occurred_on)


@transaction.atomic
def lateness_record(*, person, by, occurred_on, half, kind, minutes, note, today=None):
    """A leader records a late arrival or early leave; every rule that applies is proposed to the head at once."""
    today = today or timezone.localdate()
    require(can_record_incident(by, person),
            _("You may record lateness only for the staff of a department you lead."))
    require(kind in Lateness.Kind.values, _("Choose late arrival or early leave."))
    require(half in Half.values, _("Choose morning or afternoon."))
    require(isinstance(minutes, int) and 1 <= minutes <= 1440, _("Give the minutes as a whole number from 1 to 1440."))
    require(occurred_on <= today, _("The date is in the future."))
    note = required_text(note, _("Please describe what happened."))
    the_half = slot(occurred_on, half)
    leave = LeaveRequest.objects.filter(person=person, state__in=LeaveRequest.TAKEN_STATES).overlapping(
        the_half, the_half).first()
    require(leave is None, _("%(name)s was on approved leave then (%(period)s).") % {
        "name": person.display_name, "period": leave.period_text() if leave else ""})
    require(not Absence.objects.counting().filter(person=person).overlapping(the_half, the_half).exists(),
            _("An absence of %(name)s is already recorded for that half day.") % {"name": person.display_name})
    require(not Lateness.objects.active().filter(person=person, occurred_on=occurred_on, half=half, kind=kind).exists(),
            _("This lateness of %(name)s is already recorded.") % {"name": person.display_name})
    judgement = judge(kind=kind, minutes=minutes, half=half, occurred_on=occurred_on)
    lateness = Lateness.objects.create(
        person=person, department=person.profile.department, occurred_on=occurred_on, half=half, kind=kind,
        minutes=minutes, note=note, recorded_by=by,
        decision=Lateness.Decision.PENDING if judgement.head_decides else Lateness.Decision.NOT_NEEDED)
    facts = _("%(lateness)s: %(note)s") % {"lateness": judgement.summary, "note": note}
    for finding in judgement.proposals():
        _propose(lateness, finding, by=by, facts=facts)
    if judgement.absence is not None:
        whole_day = judgement.absence.rule.amount == 1
        lateness.absence = absence_create(
            person=person, department=lateness.department, starts_on=occurred_on, ends_on=occurred_on,
            half="" if whole_day else half, source=Absence.Source.LATENESS, note=facts, by=by,
            basis=ARROW.join([judgement.absence.basis, _("absent without approval: %(period)s") % {
                "period": occurred_on.isoformat() if whole_day else f"{occurred_on:%Y-%m-%d} {Half(half).label}"}]))
        lateness.save(update_fields=["absence"])
        if lateness.absence.incident_id:
            lateness.incidents.add(lateness.absence.incident)
    audit_record(actor=by, action="leave.lateness.record", obj=lateness, after=_snapshot(lateness))
    if judgement.head_decides:
        notify_each(_leaders(lateness), skip=(by,), subject=_(
            "Lateness of %(name)s: no fine covers it, please decide") % {"name": person.display_name},
            body=facts, url=lateness.get_absolute_url())
    return lateness


def _locked(lateness):
    return Lateness.objects.select_for_update(of=("self",)).select_related(
        "person__profile", "department", "absence").get(pk=lateness.pk)


@transaction.atomic
def lateness_decide(*, lateness, by, reason, rule_code=""):
    """The head decides a lateness no fine covers: a rule of the schedules (confirmed at once) or no penalty."""
    lateness = _locked(lateness)
    require(can_record_incident(by, lateness.person),
            _("Only the head or deputy head of the person's department may decide."))
    require(lateness.awaits_decision, _("This lateness is not waiting for a decision."))
    reason = required_text(reason, _("Please give a reason."))
    before = _snapshot(lateness)
    if rule_code:
        rule = _rule(rule_code, lateness.occurred_on)
        policy = LeavePolicy.current()
        basis = ARROW.join([_summary(lateness.kind, lateness.minutes, lateness.half),
                            _no_fine_text(policy, lateness.kind),
                            _("the head decided on %(code)s: %(reason)s") % {"code": rule.code, "reason": reason}])
        facts = _("%(lateness)s: %(note)s") % {"lateness": lateness.summary(), "note": lateness.note}
        incident = _propose(lateness, Finding(rule, basis), by=by, facts=facts)
        discipline.incident_confirm(incident=incident, by=by)
        lateness.decision = Lateness.Decision.RULE
    else:
        lateness.decision = Lateness.Decision.NO_PENALTY
    lateness.decision_reason, lateness.decided_by, lateness.decided_at = reason, by, timezone.now()
    lateness.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at", "updated_at"])
    audit_record(actor=by, action="leave.lateness.decide", obj=lateness, before=before,
                 after={**_snapshot(lateness), "reason": reason})
    notify(recipient=lateness.person, subject=_("The head decided on your lateness of %(date)s") % {
        "date": lateness.occurred_on.isoformat()}, body=reason, url=lateness.get_absolute_url())
    return lateness


@transaction.atomic
def lateness_confirm_proposals(*, lateness, by):
    """Confirm every incident the lateness proposed that is still waiting (the head's one click)."""
    lateness = _locked(lateness)
    require(lateness.state == Lateness.State.ACTIVE, _("This lateness was cancelled."))
    waiting = list(lateness.incidents.filter(state=Incident.State.PROPOSED).select_related("department"))
    require(waiting, _("Nothing is waiting for confirmation."))
    for incident in waiting:
        discipline.incident_confirm(incident=incident, by=by)
    return len(waiting)


@transaction.atomic
def lateness_cancel(*, lateness, by, reason):
    """Take back a lateness recorded by mistake: its incidents are voided and its absence withdrawn (kept)."""
    lateness = _locked(lateness)
    require(can_record_incident(by, lateness.person),
            _("Only the head or deputy head of the person's department may cancel it."))
    require(lateness.state == Lateness.State.ACTIVE, _("This lateness is already cancelled."))
    reason = required_text(reason, _("Please give a reason."))
    before = _snapshot(lateness)
    for incident in lateness.incidents.exclude(state=Incident.State.CANCELLED):
        discipline.incident_void(incident=incident, by=by, reason=reason)
    if lateness.absence is not None and lateness.absence.cancelled_at is None:
        lateness.absence.cancelled_at = timezone.now()
        lateness.absence.save(update_fields=["cancelled_at"])
    lateness.state, lateness.cancel_reason = Lateness.State.CANCELLED, reason
    lateness.save(update_fields=["state", "cancel_reason", "updated_at"])
    audit_record(actor=by, action="leave.lateness.cancel", obj=lateness, before=before,
                 after={**_snapshot(lateness), "reason": reason})
    notify(recipient=lateness.person, subject=_("Your lateness of %(date)s was cancelled") % {
        "date": lateness.occurred_on.isoformat()}, body=reason, url=lateness.get_absolute_url())
    return lateness
