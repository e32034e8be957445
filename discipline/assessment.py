"""Judging an incident: which rule applies on its date, whether the input fits the rule, what it costs, and why.

The amount is rule amount (× items, for a per-item rule) × escalation for the n-th repeat in the counting
period (依次加倍: 1, 2, 4, …) × the department's multiplier for violations of hospital rules (双倍处罚); a
conversion (late ≥ 60 minutes → half a day's absence), a bonus, the month's bonus or a share of a loss
otherwise. explain() puts that into words: "第2次，依次加倍：3 × 2 = 6 分".
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.errors import ServiceError

from .models import Incident, Revision, Rule, Schedule
from .numbers import money, plain

ONE = Decimal("1")


class IncidentInputError(ServiceError):
    """Input that does not fit the rule; `field` names the form field it belongs to (None: the whole form)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# Which rule ------------------------------------------------------------------------------------------------------

def rule_in_force(code, day):
    """The rule with this code in the published revision in force on `day`, or IncidentInputError."""
    schedule = Schedule.objects.filter(revisions__rules__code=code).distinct().first()
    if schedule is None:
        raise IncidentInputError(_("There is no rule %(code)s.") % {"code": code}, "rule")
    revision = Revision.objects.filter(schedule=schedule).in_force_on(day).first()
    if revision is None:
        first = Revision.objects.filter(schedule=schedule).published().order_by("effective_from").first()
        if first is None:
            raise IncidentInputError(_("%(schedule)s has no published revision yet.") % {
                "schedule": schedule.name}, "rule")
        raise IncidentInputError(_(
            "No revision of %(schedule)s was in force on %(date)s: the first took effect on %(first)s."
        ) % {"schedule": schedule.name, "date": day, "first": first.effective_from}, "occurred_on")
    rule = revision.rules.filter(code=code).select_related("revision__schedule").first()
    if rule is None:
        raise IncidentInputError(_(
            "Rule %(code)s is not part of revision %(number)d of %(schedule)s, which was in force on %(date)s."
        ) % {"code": code, "number": revision.number, "schedule": schedule.name, "date": day}, "rule")
    return rule


def current_rules():
    """The recordable rules of every schedule's revision in force today, by schedule."""
    today = timezone.localdate()
    groups = []
    for schedule in Schedule.objects.all():
        revision = Revision.objects.filter(schedule=schedule).in_force_on(today).first()
        if revision is None:
            continue
        rules = [rule for rule in revision.rules.all() if rule.effect in Rule.RECORDABLE_EFFECTS]
        groups.append((schedule, revision, rules))
    return groups


# Does the input fit ------------------------------------------------------------------------------------------

def check_input(*, person, rule, occurred_on, measured_value=None, on_main_shift=False,
                breaks_hospital_rules=False, compensation_percent=None, today=None):
    """Raise IncidentInputError when the incident cannot be judged by the rule; return nothing otherwise."""
    today = today or timezone.localdate()
    if occurred_on > today:
        raise IncidentInputError(_("The date is in the future."), "occurred_on")
    if rule.revision.state != Revision.State.PUBLISHED:
        raise IncidentInputError(_("Rule %(code)s belongs to a draft revision, which is not in force.") % {
            "code": rule.code}, "rule")
    if rule.effect == Rule.Effect.ABSENCE:
        raise IncidentInputError(_(
            "Rule %(code)s converts lateness into absence: record the lateness or early leave (迟到、早退) under "
            "Leave instead; it records the absence and proposes every rule that applies together."
        ) % {"code": rule.code}, "rule")
    if rule.effect not in Rule.RECORDABLE_EFFECTS:
        raise IncidentInputError(_(
            "Rule %(code)s is the multiplier for violations of hospital rules: tick that box on the incident "
            "instead of choosing it."
        ) % {"code": rule.code}, "rule")
    profile = getattr(person, "profile", None)
    if profile is None or profile.department.kind != rule.revision.schedule.department_kind:
        raise IncidentInputError(_("%(schedule)s does not apply to %(person)s's department.") % {
            "schedule": rule.revision.schedule.name, "person": person.display_name}, "rule")
    _check_measured_value(rule, measured_value)
    if on_main_shift and rule.excluded_on_main_shift:
        raise IncidentInputError(_(
            "Rule %(code)s does not apply on the main shift (值主班除外)."
        ) % {"code": rule.code}, "on_main_shift")
    if breaks_hospital_rules and multiplier_rule(rule) is None:
        raise IncidentInputError(_(
            "%(schedule)s has no multiplier for violations of hospital rules, or rule %(code)s is not a fine "
            "or deduction it applies to."
        ) % {"schedule": rule.revision.schedule.name, "code": rule.code}, "breaks_hospital_rules")
    _check_share(rule, compensation_percent)


def _check_measured_value(rule, value):
    unit = rule.measure_unit_label()
    if not rule.measure:
        if value is not None:
            raise IncidentInputError(_("Rule %(code)s takes no measured value; leave it empty.") % {
                "code": rule.code}, "measured_value")
        return
    if value is None:
        raise IncidentInputError(_("Rule %(code)s needs the measured value in %(unit)s.") % {
            "code": rule.code, "unit": unit}, "measured_value")
    if value <= 0:
        raise IncidentInputError(_("The measured value must be greater than zero."), "measured_value")
    if rule.measure == Rule.Measure.ITEMS and value != value.to_integral_value():
        raise IncidentInputError(_("The number of items must be a whole number."), "measured_value")
    if rule.measured_max is not None and value > rule.measured_max:
        raise IncidentInputError(_(
            "%(value)s %(unit)s is not believable for rule %(code)s (at most %(max)s %(unit)s); please check it."
        ) % {"value": plain(value), "unit": unit, "code": rule.code, "max": plain(rule.measured_max)},
            "measured_value")
    if not rule.applies_to(value):
        raise IncidentInputError(_(
            "Rule %(code)s applies to %(condition)s; %(value)s %(unit)s is outside it."
        ) % {"code": rule.code, "condition": rule.condition_text(), "value": plain(value), "unit": unit},
            "measured_value")


def _check_share(rule, percent):
    if rule.effect != Rule.Effect.COMPENSATION:
        if percent is not None:
            raise IncidentInputError(_("Only compensation rules take a share of the loss."), "compensation_percent")
        return
    low, high = rule.share_min_percent, rule.share_max_percent
    if percent is None and low == high:
        return
    if percent is None or not (low <= percent <= high):
        raise IncidentInputError(_(
            "Rule %(code)s sets the share of the loss between %(low)s%% and %(high)s%%."
        ) % {"code": rule.code, "low": plain(low), "high": plain(high)}, "compensation_percent")


def multiplier_rule(rule):
    """The revision's multiplier for violations of hospital rules, when it applies to this rule."""
    if rule.effect not in Rule.ESCALATING_EFFECTS:
        return None
    return rule.revision.rules.filter(effect=Rule.Effect.MULTIPLIER).order_by("order").first()


# What it costs --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Assessment:
    sequence: int
    escalation_factor: int
    multiplier: Decimal
    amount: Decimal | None


def assess(rule, *, sequence, measured_value=None, multiplier=ONE, compensation_percent=None):
    """The amount for the n-th (sequence) incident of this rule in its counting period."""
    factor = 2 ** (sequence - 1) if rule.escalation == Rule.Escalation.DOUBLING else 1
    if rule.effect in Rule.ESCALATING_EFFECTS:
        amount = money(base_amount(rule, measured_value) * factor * multiplier)
    elif rule.effect in (Rule.Effect.BONUS, Rule.Effect.ABSENCE):
        amount = money(base_amount(rule, measured_value))
    elif rule.effect == Rule.Effect.COMPENSATION:
        amount = money(measured_value * share_percent(rule, compensation_percent) / 100)
    else:
        amount = None
    return Assessment(sequence, factor, multiplier if rule.effect in Rule.ESCALATING_EFFECTS else ONE, amount)


def base_amount(rule, measured_value):
    return rule.amount * (measured_value if rule.per_item else 1)


def share_percent(rule, percent):
    return percent if percent is not None else rule.share_min_percent


def period_bounds(period, day):
    """The first and last day of the counting period (month, quarter or year) that contains `day`."""
    if period == Rule.Period.YEAR:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    first_month = day.month if period == Rule.Period.MONTH else 3 * ((day.month - 1) // 3) + 1
    last_month = first_month if period == Rule.Period.MONTH else first_month + 2
    following = datetime.date(day.year + last_month // 12, last_month % 12 + 1, 1)
    return datetime.date(day.year, first_month, 1), following - datetime.timedelta(days=1)


def series(person_id, rule, day):
    """This person's incidents under the same rule (same schedule and code, any revision) in the year of `day`,
    which holds every counting period that contains `day`."""
    return list(
        Incident.objects.filter(
            person_id=person_id, rule__code=rule.code, rule__revision__schedule_id=rule.revision.schedule_id,
            occurred_on__year=day.year,
        ).exclude(state=Incident.State.CANCELLED).select_related("rule__revision").order_by("occurred_on", "pk")
    )


def sequence_in(incidents, incident):
    """1 + the counting incidents before this one in its rule's counting period (cancelled ones never count)."""
    start, end = period_bounds(incident.rule.escalation_period, incident.occurred_on)
    before = [
        other for other in incidents
        if other.pk != incident.pk and other.counts and start <= other.occurred_on <= end
        and (other.occurred_on, other.pk or 0) < (incident.occurred_on, incident.pk or float("inf"))
    ]
    return len(before) + 1


def assess_incident(incident, incidents):
    """Assess an incident among its series; `incidents` are the others from series()."""
    multiplier = ONE
    if incident.breaks_hospital_rules:
        factor_rule = multiplier_rule(incident.rule)
        multiplier = factor_rule.amount if factor_rule is not None else ONE
    return assess(
        incident.rule, sequence=sequence_in(incidents, incident), measured_value=incident.measured_value,
        multiplier=multiplier, compensation_percent=incident.compensation_percent,
    )


def apply(incident, assessment):
    """Store an assessment on the incident; True when anything changed."""
    new = (assessment.sequence, assessment.escalation_factor, assessment.multiplier, assessment.amount)
    old = (incident.sequence, incident.escalation_factor, incident.multiplier, incident.amount)
    incident.sequence, incident.escalation_factor, incident.multiplier, incident.amount = new
    return new != old


# In words --------------------------------------------------------------------------------------------------------

def amount_text(rule, amount):
    """ "40 yuan", "+2 points", "0.5 days", "the month's bonus", "recorded only"."""
    if rule.effect == Rule.Effect.MONTH_BONUS:
        return _("The month's bonus is forfeited")
    if amount is None:
        return _("Recorded only")
    sign = "+" if rule.effect == Rule.Effect.BONUS else ""
    return f"{sign}{plain(amount)} {rule.unit_label()}"


def explain(incident):
    """The computation in words, each step separated by a semicolon."""
    rule = incident.rule
    unit = rule.unit_label()
    steps = [incident.basis] if incident.basis else []
    condition = rule.condition_text()
    if condition and incident.measured_value is not None:
        steps.append(_("%(value)s %(unit)s measured (rule: %(condition)s)") % {
            "value": plain(incident.measured_value), "unit": rule.measure_unit_label(), "condition": condition})
    steps.extend(_amount_steps(incident, rule, unit))
    if incident.state == Incident.State.REDUCED and incident.reduced_amount is not None:
        steps.append(_("reduced on appeal to %(amount)s %(unit)s") % {
            "amount": plain(incident.final_amount()), "unit": unit})
    text = pgettext("separator between steps of a computation", "; ").join(str(step) for step in steps)
    return text[:1].upper() + text[1:]


def _amount_steps(incident, rule, unit):
    if rule.effect == Rule.Effect.MONTH_BONUS:
        return [_("the month's bonus is forfeited")]
    if rule.effect == Rule.Effect.RECORD:
        return [_("recorded; this rule sets no fixed penalty")]
    if rule.effect == Rule.Effect.ABSENCE:
        return [_("counted as %(days)s days of absence") % {"days": plain(incident.amount)}]
    if rule.effect == Rule.Effect.COMPENSATION:
        return [_("compensation of %(percent)s%% of the loss of %(loss)s yuan = %(total)s yuan") % {
            "percent": plain(share_percent(rule, incident.compensation_percent)),
            "loss": plain(incident.measured_value), "total": plain(incident.amount)}]
    steps = []
    base = base_amount(rule, incident.measured_value)
    if rule.per_item:
        steps.append(_("%(amount)s %(unit)s per item × %(count)s = %(total)s %(unit)s") % {
            "amount": plain(rule.amount), "unit": unit, "count": plain(incident.measured_value),
            "total": plain(base)})
    escalated = base * incident.escalation_factor
    if rule.effect == Rule.Effect.BONUS:
        if not rule.per_item:
            steps.append(_("%(total)s %(unit)s added") % {"total": plain(base), "unit": unit})
        return steps
    if rule.escalation == Rule.Escalation.DOUBLING and incident.sequence > 1:
        steps.append(_("time %(n)d, doubling on each repeat: %(base)s × %(factor)d = %(total)s %(unit)s") % {
            "n": incident.sequence, "base": plain(base), "factor": incident.escalation_factor,
            "total": plain(escalated), "unit": unit})
    elif rule.escalation == Rule.Escalation.DOUBLING:
        steps.append(_("time 1: %(total)s %(unit)s") % {"total": plain(escalated), "unit": unit})
    elif not rule.per_item and rule.effect == Rule.Effect.FINE:
        steps.append(_("fine of %(total)s yuan") % {"total": plain(escalated)})
    elif not rule.per_item:
        steps.append(_("%(total)s points deducted") % {"total": plain(escalated)})
    if incident.multiplier != ONE:
        steps.append(_(
            "breaks hospital rules, punished %(factor)s-fold by the department: %(before)s × %(factor)s = "
            "%(total)s %(unit)s"
        ) % {"factor": plain(incident.multiplier), "before": plain(escalated),
             "total": plain(escalated * incident.multiplier), "unit": unit})
    return steps
