"""Every change to schedules and incidents: checked, saved atomically, written to the audit log, notified.

Incidents: recorded (confirmed at once) by the head or deputy of the person's department, or proposed by
another domain (leave, duty roster) for them to confirm; the person acknowledges or appeals (申诉); the
head upholds, reduces or cancels with a reason. When an incident starts or stops counting, the other
incidents of the same rule in its counting period are recalculated (依次加倍 counts confirmed repeats only).
"""

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ServiceError, require
from notifications.services import notify, notify_each, work_done
from staff.models import StaffProfile

from . import assessment
from .models import Incident, IncidentEvent, Revision, Rule
from .numbers import money, plain
from .rules import can_publish_revision, can_record_incident, can_review_incident

State = Incident.State
Action = IncidentEvent.Action
REASON_MAX = 2000


# Helpers ---------------------------------------------------------------------------------------------------------

def _snapshot(incident):
    return {
        "state": incident.state,
        "rule": incident.rule.code,
        "revision": incident.rule.revision.number,
        "occurred_on": incident.occurred_on,
        "sequence": incident.sequence,
        "amount": incident.amount,
        "reduced_amount": incident.reduced_amount,
    }


def _event(incident, action, actor, note=""):
    return IncidentEvent.objects.create(incident=incident, action=action, actor=actor, at=timezone.now(), note=note)


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Please give a reason."))
    if len(reason) > REASON_MAX:
        raise ServiceError(_("The reason is too long: at most %(max)d characters.") % {"max": REASON_MAX})
    return reason


def _leaders(incident):
    """Who reviews this incident: the head and deputy of its department, never the person."""
    return [user for user in incident.department.leaders() if user.pk != incident.person_id]


def _url(incident):
    return reverse("discipline:incident_detail", args=[incident.pk])


def _notify_person(incident, subject):
    """Work for the person while the incident waits for their acknowledgement or appeal, else news."""
    notify(recipient=incident.person, subject=subject, body=_incident_summary(incident), url=_url(incident),
           work=incident if incident.state in Incident.AWAITING_PERSON else None)


def _notify_leaders(incident, subject):
    """Work for the leaders while the incident waits for their confirmation or decision, else news."""
    notify_each(_leaders(incident), subject=subject, body=_incident_summary(incident), url=_url(incident),
                work=incident if incident.state in Incident.AWAITING_REVIEW else None)


def _incident_summary(incident):
    return _("%(date)s · %(code)s %(text)s · %(amount)s") % {
        "date": incident.occurred_on, "code": incident.rule.code, "text": incident.rule.short_text(60),
        "amount": incident.amount_text()}


def _change_state(incident, *, by, to, event, audit_action, note="", **fields):
    work_done(incident)  # what was waiting in the previous state (confirm, acknowledge, decide) is over
    before = _snapshot(incident)
    incident.state = to
    for name, value in fields.items():
        setattr(incident, name, value)
    incident.save(update_fields=["state", "updated_at", *fields])
    _event(incident, event, by, note)
    after = {**_snapshot(incident), **({"note": note} if note else {})}
    audit_record(actor=by, action=audit_action, obj=incident, before=before, after=after)


def _reprice_series(incident, by):
    """Recalculate every incident of the same rule in the year (its counting periods): repeats may have changed."""
    incidents = assessment.series(incident.person_id, incident.rule, incident.occurred_on)
    for other in incidents:
        before = _snapshot(other)
        if not assessment.apply(other, assessment.assess_incident(other, incidents)):
            continue
        other.save(update_fields=["sequence", "escalation_factor", "multiplier", "amount", "updated_at"])
        if other.pk == incident.pk:
            continue
        note = _("Repeat %(sequence)d in the period: %(before)s → %(after)s") % {
            "sequence": other.sequence, "before": assessment.amount_text(other.rule, before["amount"]),
            "after": assessment.amount_text(other.rule, other.amount)}
        _event(other, Action.RECALCULATED, by, note)
        audit_record(actor=by, action="discipline.incident.recalculate", obj=other, before=before,
                     after=_snapshot(other))
        if other.counts:
            _notify_person(other, _("An incident of yours was recalculated: %(note)s") % {"note": note})


def _require_state(incident, states):
    require(incident.state in states, _("This incident is %(state)s; that cannot be done now.") % {
        "state": incident.get_state_display()})


def _require_reviewer(incident, by):
    require(can_review_incident(by, incident),
            _("Only the head or deputy head of the person's department may do this."))


# Recording and proposing -----------------------------------------------------------------------------------------

def _build(*, person, rule_code, occurred_on, facts, source, state, by, measured_value=None,
           breaks_hospital_rules=False, on_main_shift=False, compensation_percent=None, today=None, basis=""):
    facts = (facts or "").strip()
    if not facts:
        raise assessment.IncidentInputError(_("Please describe what happened."), "facts")
    rule = assessment.rule_in_force(rule_code, occurred_on)
    assessment.check_input(
        person=person, rule=rule, occurred_on=occurred_on, measured_value=measured_value,
        on_main_shift=on_main_shift, breaks_hospital_rules=breaks_hospital_rules,
        compensation_percent=compensation_percent, today=today,
    )
    if compensation_percent is None and rule.effect == Rule.Effect.COMPENSATION:
        compensation_percent = rule.share_min_percent
    incident = Incident(
        person=person, department=person.profile.department, rule=rule, occurred_on=occurred_on, facts=facts,
        measured_value=measured_value, breaks_hospital_rules=breaks_hospital_rules, on_main_shift=on_main_shift,
        compensation_percent=compensation_percent, source=source, state=state, recorded_by=by,
        basis=(basis or "").strip(),
    )
    assessment.apply(incident, assessment.assess_incident(incident, assessment.series(person.pk, rule, occurred_on)))
    return incident


def incident_preview(*, person, rule_code, occurred_on, measured_value=None, breaks_hospital_rules=False,
                     on_main_shift=False, compensation_percent=None):
    """The incident as it would be recorded now, unsaved (for the form's live preview)."""
    return _build(person=person, rule_code=rule_code, occurred_on=occurred_on, facts="-",
                  source=Incident.Source.MANUAL, state=State.CONFIRMED, by=None, measured_value=measured_value,
                  breaks_hospital_rules=breaks_hospital_rules, on_main_shift=on_main_shift,
                  compensation_percent=compensation_percent)


@transaction.atomic
def incident_record(*, person, rule_code, occurred_on, facts, by, measured_value=None, breaks_hospital_rules=False,
                    on_main_shift=False, compensation_percent=None, evidence=None):
    """The head or deputy records an incident: it is confirmed at once and the person is told."""
    require(can_record_incident(by, person),
            _("You may record incidents only for the staff of a department you lead."))
    incident = _build(
        person=person, rule_code=rule_code, occurred_on=occurred_on, facts=facts, source=Incident.Source.MANUAL,
        state=State.CONFIRMED, by=by, measured_value=measured_value, breaks_hospital_rules=breaks_hospital_rules,
        on_main_shift=on_main_shift, compensation_percent=compensation_percent,
    )
    if evidence is not None:
        incident.evidence_name = evidence.name[:200]
        incident.evidence.save(evidence.name, evidence, save=False)
    incident.save()
    _event(incident, Action.RECORDED, by)
    audit_record(actor=by, action="discipline.incident.record", obj=incident, after=_snapshot(incident))
    _reprice_series(incident, by)
    _notify_person(incident, _("A discipline incident was recorded for you: %(code)s") % {"code": incident.rule.code})
    return incident


@transaction.atomic
def incident_propose(*, person, rule_code, occurred_on, facts, source, by=None, measured_value=None, basis=""):
    """Another domain (leave, duty roster) proposes an incident; the head or deputy confirms or cancels it.

    `basis` is that domain's reasoning for choosing the rule (shown before the computation in statements).

    Idempotent: proposing the same facts again for the same person, rule, day and source returns the incident
    already there (unless it was cancelled), so a task that runs twice proposes once.
    """
    require(source in Incident.Source.values and source != Incident.Source.MANUAL,
            _("Unknown source of a proposed incident: %(source)s.") % {"source": source})
    existing = Incident.objects.filter(
        person=person, rule__code=rule_code, occurred_on=occurred_on, source=source, facts=(facts or "").strip(),
    ).exclude(state=State.CANCELLED).first()
    if existing is not None:
        return existing
    incident = _build(person=person, rule_code=rule_code, occurred_on=occurred_on, facts=facts, source=source,
                      state=State.PROPOSED, by=by, measured_value=measured_value, basis=basis)
    incident.save()
    _event(incident, Action.PROPOSED, by, incident.get_source_display())
    audit_record(actor=by, action="discipline.incident.propose", obj=incident, after=_snapshot(incident))
    _notify_leaders(incident, _("An incident for %(person)s is waiting for your confirmation") % {
        "person": person.display_name})
    return incident


@transaction.atomic
def incident_settle(*, person, rule_code, occurred_on, facts, source, by):
    """A deduction another domain's own approval already settled (an approved 事假: 经科主任批准，请假一天扣罚50元).

    The head approved it and the person asked for it, so it is recorded as acknowledged, with nothing left to
    confirm or acknowledge. Idempotent like incident_propose.
    """
    require(source in Incident.Source.values and source != Incident.Source.MANUAL,
            _("Unknown source of a proposed incident: %(source)s.") % {"source": source})
    facts = (facts or "").strip()
    existing = Incident.objects.filter(
        person=person, rule__code=rule_code, occurred_on=occurred_on, source=source, facts=facts,
    ).exclude(state=State.CANCELLED).first()
    if existing is not None:
        return existing
    # Dated on the leave day, which may lie ahead: the approval that settles it has already happened.
    incident = _build(person=person, rule_code=rule_code, occurred_on=occurred_on, facts=facts, source=source,
                      state=State.ACKNOWLEDGED, by=by, today=max(occurred_on, timezone.localdate()))
    incident.save()
    _event(incident, Action.RECORDED, by, incident.get_source_display())
    audit_record(actor=by, action="discipline.incident.settle", obj=incident, after=_snapshot(incident))
    _reprice_series(incident, by)
    return incident


@transaction.atomic
def incident_void(*, incident, by, reason):
    """The domain that produced an incident takes it back (the leave was cancelled or cut short)."""
    require(incident.source != Incident.Source.MANUAL, _("Only incidents produced by another domain can be voided."))
    if incident.state == State.CANCELLED:
        return incident
    reason = _reason(reason)
    _change_state(incident, by=by, to=State.CANCELLED, event=Action.CANCELLED,
                  audit_action="discipline.incident.void", note=reason, decision_reason=reason, decided_by=by)
    _reprice_series(incident, by)
    return incident


# The review ------------------------------------------------------------------------------------------------------

@transaction.atomic
def incident_confirm(*, incident, by):
    _require_reviewer(incident, by)
    _require_state(incident, [State.PROPOSED])
    _change_state(incident, by=by, to=State.CONFIRMED, event=Action.CONFIRMED,
                  audit_action="discipline.incident.confirm")
    _reprice_series(incident, by)
    _notify_person(incident, _("A discipline incident was confirmed for you: %(code)s") % {"code": incident.rule.code})
    return incident


@transaction.atomic
def incident_acknowledge(*, incident, by):
    require(by.pk == incident.person_id, _("Only the person concerned may acknowledge an incident."))
    _require_state(incident, Incident.AWAITING_PERSON)
    _change_state(incident, by=by, to=State.ACKNOWLEDGED, event=Action.ACKNOWLEDGED,
                  audit_action="discipline.incident.acknowledge")
    subject = _("%(person)s acknowledged an incident") % {"person": by.display_name}
    if incident.recorded_by_id and incident.recorded_by_id != by.pk:
        notify(recipient=incident.recorded_by, subject=subject, body=_incident_summary(incident), url=_url(incident))
    else:
        _notify_leaders(incident, subject)
    return incident


@transaction.atomic
def incident_appeal(*, incident, by, reason):
    """The person appeals (申诉) with a reason; the head or deputy decides."""
    require(by.pk == incident.person_id, _("Only the person concerned may appeal an incident."))
    _require_state(incident, Incident.AWAITING_PERSON)
    require(incident.rule.effect != Rule.Effect.BONUS, _("There is nothing to appeal: this incident adds points."))
    reason = _reason(reason)
    _change_state(incident, by=by, to=State.APPEALED, event=Action.APPEALED,
                  audit_action="discipline.incident.appeal", note=reason, appeal_reason=reason)
    _notify_leaders(incident, _("%(person)s appealed an incident") % {"person": by.display_name})
    return incident


@transaction.atomic
def incident_uphold(*, incident, by, reason):
    _require_reviewer(incident, by)
    _require_state(incident, [State.APPEALED])
    reason = _reason(reason)
    _change_state(incident, by=by, to=State.UPHELD, event=Action.UPHELD, audit_action="discipline.incident.uphold",
                  note=reason, decision_reason=reason, decided_by=by)
    _notify_person(incident, _("Your appeal was not granted: the incident stands"))
    return incident


REDUCIBLE_EFFECTS = (Rule.Effect.FINE, Rule.Effect.DEDUCTION, Rule.Effect.ABSENCE, Rule.Effect.COMPENSATION)


@transaction.atomic
def incident_reduce(*, incident, by, reason, amount):
    """Grant part of the appeal: the incident still counts as a repeat, with the smaller amount."""
    _require_reviewer(incident, by)
    _require_state(incident, [State.APPEALED])
    require(incident.rule.effect in REDUCIBLE_EFFECTS,
            _("This incident has no amount to reduce; uphold or cancel it."))
    require(amount is not None and 0 <= amount < incident.amount, _(
        "The reduced amount must be at least 0 and less than %(amount)s."
    ) % {"amount": plain(incident.amount)})
    reason = _reason(reason)
    _change_state(incident, by=by, to=State.REDUCED, event=Action.REDUCED, audit_action="discipline.incident.reduce",
                  note=reason, decision_reason=reason, decided_by=by, reduced_amount=money(amount))
    _notify_person(incident, _("Your appeal was partly granted: %(amount)s") % {"amount": incident.amount_text()})
    return incident


@transaction.atomic
def incident_cancel(*, incident, by, reason):
    """Cancel a proposal, a confirmed incident or an appealed one: it stops counting, also as a repeat."""
    _require_reviewer(incident, by)
    _require_state(incident, Incident.CANCELLABLE_STATES)
    reason = _reason(reason)
    _change_state(incident, by=by, to=State.CANCELLED, event=Action.CANCELLED,
                  audit_action="discipline.incident.cancel", note=reason, decision_reason=reason, decided_by=by)
    _reprice_series(incident, by)
    _notify_person(incident, _("A discipline incident of yours was cancelled: %(code)s") % {
        "code": incident.rule.code})
    return incident


DECISIONS = {"uphold": incident_uphold, "reduce": incident_reduce, "cancel": incident_cancel}


def incident_decide(*, incident, by, decision, reason, amount=None):
    """The head's decision on an appeal: uphold, reduce (to amount) or cancel."""
    if decision == "reduce":
        return incident_reduce(incident=incident, by=by, reason=reason, amount=amount)
    if decision not in DECISIONS:
        raise ServiceError(_("Choose whether to uphold, reduce or cancel."))
    _require_state(incident, [State.APPEALED])
    return DECISIONS[decision](incident=incident, by=by, reason=reason)


# Revisions of a schedule -----------------------------------------------------------------------------------------

@transaction.atomic
def revision_clone(*, revision, by):
    """Copy a revision with all its rules into a new draft with the next number."""
    schedule = revision.schedule
    draft = schedule.revisions.filter(state=Revision.State.DRAFT).first()
    require(draft is None, _(
        "%(schedule)s already has a draft (revision %(number)d): change or delete it first."
    ) % {"schedule": schedule.name, "number": draft.number if draft else 0})
    number = (schedule.revisions.aggregate(top=Max("number"))["top"] or 0) + 1
    clone = Revision.objects.create(
        schedule=schedule, number=number, state=Revision.State.DRAFT,
        note=_("Based on revision %(number)d.") % {"number": revision.number},
    )
    rules = list(revision.rules.all())
    for rule in rules:
        rule.pk = None
        rule.revision = clone
    Rule.objects.bulk_create(rules)
    audit_record(actor=by, action="discipline.revision.clone", obj=clone,
                 after={"from": revision.number, "number": number, "rules": len(rules)})
    return clone


@transaction.atomic
def revision_publish(*, revision, effective_from, by):
    """Publish a draft: from effective_from on, incidents are judged by it."""
    revision = Revision.objects.select_for_update(of=("self",)).select_related("schedule").get(pk=revision.pk)
    schedule = revision.schedule
    require(can_publish_revision(by), _("You may not publish revisions."))
    require(revision.is_draft, _("Only a draft can be published."))
    require(effective_from is not None, _("Give the date from which the revision is in force."))
    rules = list(revision.rules.all())
    require(rules, _("A revision without rules cannot be published."))
    latest = schedule.revisions.published().order_by("-effective_from", "-number").first()
    if latest is not None:
        require(revision.number > latest.number, _(
            "The number must be greater than %(number)d, the latest published revision."
        ) % {"number": latest.number})
        require(effective_from > latest.effective_from, _(
            "The effective date must be after %(date)s, when revision %(number)d took effect."
        ) % {"date": latest.effective_from, "number": latest.number})
    judged = Incident.objects.filter(rule__revision__schedule=schedule, occurred_on__gte=effective_from).exclude(
        state=State.CANCELLED).order_by("-occurred_on").first()
    require(judged is None, _(
        "Incidents up to %(date)s were already judged by the revision then in force; choose an effective date "
        "after it."
    ) % {"date": judged.occurred_on if judged else ""})
    for rule in rules:
        rule.full_clean()
    before = {"state": revision.state, "effective_from": revision.effective_from}
    revision.state = Revision.State.PUBLISHED
    revision.effective_from = effective_from
    revision.published_at = timezone.now()
    revision.published_by = by
    revision.save(update_fields=["state", "effective_from", "published_at", "published_by"])
    audit_record(actor=by, action="discipline.revision.publish", obj=revision, before=before,
                 after={"state": revision.state, "effective_from": effective_from, "rules": len(rules)})
    subject = _("%(schedule)s, revision %(number)d, is in force from %(date)s") % {
        "schedule": schedule.name, "number": revision.number, "date": effective_from}
    members = StaffProfile.objects.filter(department__kind=schedule.department_kind,
                                          status__in=StaffProfile.ACTIVE_STATUSES).select_related("user")
    notify_each((profile.user for profile in members), subject=subject, url=reverse("discipline:rules"))
    return revision
