"""Findings: what the duty records found against a person, proposed for a head to confirm.

Nothing here punishes: a finding with a rule code becomes a *proposed* discipline incident (source "dutyroster")
that the head confirms or cancels in Discipline; a finding with points is offered as a line of the person's monthly
scorecard, which the reviewer accepts or dismisses. A head may dismiss a finding here with a reason, which cancels
its proposal. The finding keeps the evidence (the call, the handover, the log…) and the proposal, both ways.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.models import Scorecard
from appraisal.services import evidence_lines_propose
from audit.services import audit_record
from core.errors import ServiceError, require, required_text
from discipline import services as discipline
from discipline.assessment import IncidentInputError
from discipline.models import Incident

from .. import rules
from ..models import Finding, month_start

Kind = Finding.Kind


def _snapshot(finding):
    return {"kind": finding.kind, "person": finding.person.username, "date": finding.occurred_on,
            "state": finding.state, "rule": finding.rule_code, "points": finding.points,
            "incident": finding.incident_id}


def _scorecard_follows(finding, by):
    """A finding with points recorded (or dismissed) after the person's self-assessment was submitted reaches the
    scorecard under review at once: the reviewer need not ask again for the month's records to see it (or see it
    go)."""
    if finding.points is None:
        return
    scorecard = Scorecard.objects.filter(user=finding.person_id, period=month_start(finding.occurred_on),
                                         state=Scorecard.State.REVIEW).first()
    if scorecard is not None:
        evidence_lines_propose(scorecard=scorecard, by=by)


@transaction.atomic
def finding_record(*, key, kind, person, occurred_on, facts, by=None, rule_code="", points=None,
                   measured_value=None, strict=False, **evidence):
    """Record a finding once (idempotent by `key`) and propose it.

    With a rule code the incident is proposed at once. When the rule cannot judge it (no revision in force, a
    department the schedule does not cover…) the finding stays, unproposed, with the reason in its facts — or,
    with `strict`, the caller's action is refused with that reason.
    """
    existing = Finding.objects.filter(key=key).first()
    if existing is not None:
        return existing
    profile = getattr(person, "profile", None)
    require(profile is not None, _("%(name)s has no staff record.") % {"name": person.display_name})
    finding = Finding(key=key, kind=kind, person=person, department=profile.department, occurred_on=occurred_on,
                      facts=facts, rule_code=rule_code, points=points, state=Finding.State.OPEN, **evidence)
    if rule_code:
        try:
            finding.incident = discipline.incident_propose(
                person=person, rule_code=rule_code, occurred_on=occurred_on, facts=facts,
                source=Incident.Source.DUTY_ROSTER, by=by, measured_value=measured_value)
        except IncidentInputError as error:
            if strict:
                raise ServiceError(error.message) from None
            finding.facts = _("%(facts)s\nNot proposed: %(why)s") % {"facts": facts, "why": error.message}
        else:
            finding.state = Finding.State.PROPOSED
    finding.save()
    audit_record(actor=by, action="dutyroster.finding.record", obj=finding, after=_snapshot(finding))
    _scorecard_follows(finding, by)
    return finding


@transaction.atomic
def finding_dismiss(*, finding, by, reason):
    """A head sets a finding aside (e.g. the call was logged late by mistake); its proposed incident is voided."""
    finding = Finding.objects.select_for_update(of=("self",)).select_related("person", "department", "incident").get(
        pk=finding.pk)
    require(rules.can_dismiss_finding(by, finding),
            _("Only the head or deputy head of the person's department may dismiss a finding."))
    require(finding.state != Finding.State.DISMISSED, _("This finding was already dismissed."))
    reason = required_text(reason, _("Please give a reason."), limit=300)
    require(finding.incident_id is None or finding.incident.state in (Incident.State.PROPOSED, Incident.State.CANCELLED),
            _("Its incident was confirmed already: cancel the incident in Discipline instead."))
    before = _snapshot(finding)
    if finding.incident_id and finding.incident.state == Incident.State.PROPOSED:
        discipline.incident_void(incident=finding.incident, by=by, reason=reason)
    finding.state, finding.decided_by, finding.decided_at = Finding.State.DISMISSED, by, timezone.now()
    finding.dismiss_reason = reason
    finding.save(update_fields=["state", "decided_by", "decided_at", "dismiss_reason"])
    audit_record(actor=by, action="dutyroster.finding.dismiss", obj=finding, before=before,
                 after={**_snapshot(finding), "reason": reason})
    _scorecard_follows(finding, by)
    return finding
