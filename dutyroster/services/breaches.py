"""Breaches witnessed on duty (值班违规): recorded against the person on a duty by someone entitled to, and proposed
through the finding hub like every other duty breach. What a kind costs is admin data: its discipline rule (the fine
or points, the threshold and the doubling on repeats are the rule's: F12 more than 3 minutes, Q6 5 minutes and
doubling) or, without a rule, the scorecard points of the kind."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import require, required_text
from audit.services import audit_record
from notifications.services import notify

from .. import rules
from ..models import Assignment, Breach, BreachKind, Finding
from . import findings

# A breach may be noticed a little before the shift formally begins or after it ends (the phone at 07:58).
MARGIN = datetime.timedelta(hours=1)
RECORD_WITHIN = datetime.timedelta(days=31)


def _when(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


@transaction.atomic
def breach_record(*, assignment, kind, by, occurred_at, facts, minutes=None):
    """Record what was witnessed and propose it: the kind's rule as a discipline incident for the head to confirm
    (refused with the rule's reason when it does not apply, e.g. the phone rang only 2 minutes), or its points as a
    scorecard line."""
    assignment = Assignment.objects.select_related("duty_type", "roster__department", "person__profile").get(
        pk=assignment.pk)
    kind = BreachKind.objects.prefetch_related("duty_types").get(pk=kind.pk)
    require(rules.can_record_breach(by, kind, assignment),
            _("Only a leader or team leader of the department (or the main shift, for the kinds it answers for) "
              "records a breach, never about oneself."))
    require(kind.is_active, _("This kind of breach is no longer recorded."))
    types = list(kind.duty_types.all())
    require(not types or assignment.duty_type in types, _("%(kind)s does not apply to %(duty)s.") % {
        "kind": kind.name, "duty": assignment.duty_type.name})
    require(assignment.roster.is_published(), _("The roster of this duty is not published yet."))
    now = timezone.now()
    require(occurred_at <= now, _("The time is in the future."))
    require(assignment.starts_at - MARGIN <= occurred_at <= assignment.ends_at + MARGIN,
            _("The time must lie within the shift (%(start)s – %(end)s).") % {
                "start": _when(assignment.starts_at), "end": _when(assignment.ends_at)})
    require(now - occurred_at <= RECORD_WITHIN, _("A breach is recorded within a month of happening."))
    if kind.measure == BreachKind.Measure.MINUTES:
        require(minutes is not None and minutes > 0, _("Give the number of minutes."))
    else:
        minutes = None
    facts = required_text(facts, _("Write down what happened."), limit=1000)
    breach = Breach.objects.create(kind=kind, assignment=assignment, occurred_at=occurred_at, minutes=minutes,
                                   facts=facts, recorded_by=by)
    summary = _("%(kind)s during %(shift)s at %(when)s%(minutes)s, recorded by %(by)s: %(facts)s") % {
        "kind": kind.name, "shift": assignment, "when": _when(occurred_at),
        "minutes": (_(" (%(minutes)d minutes)") % {"minutes": minutes}) if minutes else "",
        "by": by.display_name, "facts": facts}
    audit_record(actor=by, action="dutyroster.breach.record", obj=breach, after={
        "kind": kind.code, "person": assignment.person.username, "shift": assignment.pk,
        "at": occurred_at, "minutes": minutes, "facts": facts})
    finding = findings.finding_record(
        key=f"breach:{breach.pk}", kind=Finding.Kind.BREACH, person=assignment.person,
        occurred_on=timezone.localtime(occurred_at).date(), facts=summary, by=by, rule_code=kind.rule_code,
        points=None if kind.rule_code else kind.points, measured_value=Decimal(minutes) if minutes else None, strict=True, breach=breach,
        assignment=assignment)
    notify(recipient=assignment.person, subject=_("A breach was recorded on your duty: %(kind)s") % {
        "kind": kind.name}, body=summary, url=finding.get_absolute_url())
    return breach
