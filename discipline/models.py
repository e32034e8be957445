"""The fine and point schedules (考核办法) with their revisions and rules, and the incidents judged by them.

A Schedule is one policy document (信息科考核办法和相关规定 in yuan, 医院信息科考核办法 in quality points,
信息科人员考核制度 for conversions, the month's bonus and compensation). It has numbered Revisions; an
incident is judged by the published revision in force on the day it happened. A revision that incidents
refer to is read-only: to change a rule, clone the revision into a draft and publish that.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.uploads import get_protected_storage, upload_to, validate_upload
from staff.models import Department

from .numbers import plain

AMOUNT = {"max_digits": 12, "decimal_places": 2}


class Schedule(models.Model):
    """One policy document with a unit: money in yuan, quality points, or other measures."""

    class Unit(models.TextChoices):
        YUAN = "yuan", _("Money in yuan (罚款)")
        POINTS = "points", _("Quality points (质量分)")
        MEASURES = "measures", _("Other measures (其他处理)")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    department_kind = models.CharField(
        _("applies to departments of kind"), max_length=20, choices=Department.Kind.choices,
        default=Department.Kind.IT,
    )
    in_force_since = models.DateField(
        _("in force since (执行日期)"), null=True, blank=True,
        help_text=_("When the policy first took effect; each revision has its own effective date."),
    )
    preamble = models.TextField(_("preamble"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("schedule (考核办法)")
        verbose_name_plural = _("schedules (考核办法)")

    def __str__(self):
        return self.name


class RevisionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Revision.State.PUBLISHED)

    def in_force_on(self, day):
        """Published revisions that had taken effect by `day`, the one in force first."""
        return self.published().filter(effective_from__lte=day).order_by("-effective_from", "-number")


class Revision(models.Model):
    """A numbered version of a schedule (第8次修订) with the date it takes effect."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    schedule = models.ForeignKey(Schedule, models.PROTECT, related_name="revisions", verbose_name=_("schedule"))
    number = models.PositiveSmallIntegerField(_("revision number"), validators=[MinValueValidator(1)])
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("published by"),
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["schedule__sort_order", "-number"]
        verbose_name = _("revision (修订)")
        verbose_name_plural = _("revisions (修订)")
        permissions = [("publish_revision", _("Can publish a revision of a schedule"))]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "number"], name="discipline_unique_revision_number",
                violation_error_message=_("This schedule already has a revision with this number."),
            ),
        ]

    def __str__(self):
        return _("%(schedule)s, revision %(number)d") % {"schedule": self.schedule.name, "number": self.number}

    @property
    def is_draft(self):
        return self.state == self.State.DRAFT

    def is_locked(self):
        """Published (as stored): nothing in it may change any more; a change is a new revision (clone, publish).
        Incidents are judged only by published revisions, so these are locked too."""
        return self.pk is not None and Revision.objects.filter(pk=self.pk).exclude(state=self.State.DRAFT).exists()

    KEY_FIELDS = ("schedule_id", "number", "effective_from", "state")

    def clean(self):
        stored = Revision.objects.filter(pk=self.pk).first() if self.pk else None
        if stored is None:
            return
        changed = [name for name in (*self.KEY_FIELDS, "note") if getattr(stored, name) != getattr(self, name)]
        if changed and self.is_locked():
            raise ValidationError(_(
                "This revision is published, so it cannot be changed. Clone it into a draft, change the draft and "
                "publish it."
            ), code="locked")
        if stored.state == self.State.PUBLISHED and set(changed) & set(self.KEY_FIELDS):
            raise ValidationError(_(
                "The number, state and effective date of a published revision cannot be edited."
            ), code="published")


class Rule(models.Model):
    """One rule of a revision: what it costs, under which conditions, and how repeats escalate."""

    class Category(models.TextChoices):
        ATTENDANCE = "attendance", _("Attendance (考勤)")
        DUTY = "duty", _("Duty and handover (值班与交接班)")
        WORK = "work", _("Assigned work (工作任务)")
        CONDUCT = "conduct", _("Conduct (工作纪律)")
        EQUIPMENT = "equipment", _("Equipment and property (设备与财产)")
        SERVICE = "service", _("Service (服务)")
        RECORDS = "records", _("Records and forms (登记与记录)")
        HYGIENE = "hygiene", _("Hygiene (卫生)")
        OVERTIME = "overtime", _("Overtime (加班)")

    class Effect(models.TextChoices):
        FINE = "fine", _("Fine in yuan (扣罚)")
        DEDUCTION = "deduction", _("Quality points deducted (扣分)")
        BONUS = "bonus", _("Quality points added (加分)")
        ABSENCE = "absence", _("Counted as absence, in days (按旷工处理)")
        MONTH_BONUS = "month_bonus", _("The month's bonus is forfeited (扣除当月奖金)")
        COMPENSATION = "compensation", _("A share of the loss is compensated (赔偿损失)")
        MULTIPLIER = "multiplier", _("Multiplier for violations of hospital rules (双倍处罚)")
        RECORD = "record", _("Recorded only (记录在案)")

    # What each effect's amount means, and which schedules may hold it.
    AMOUNT_EFFECTS = (Effect.FINE, Effect.DEDUCTION, Effect.BONUS, Effect.ABSENCE, Effect.MULTIPLIER)
    ESCALATING_EFFECTS = (Effect.FINE, Effect.DEDUCTION)
    # A conversion into absence (迟到60分钟按旷工半天处理) is not an incident of its own: the lateness flow of the
    # attendance records reads it and records the absence, which proposes the absence's fine.
    RECORDABLE_EFFECTS = (Effect.FINE, Effect.DEDUCTION, Effect.BONUS, Effect.MONTH_BONUS, Effect.COMPENSATION,
                          Effect.RECORD)
    EFFECTS_BY_UNIT = {
        Schedule.Unit.YUAN: (Effect.FINE, Effect.MULTIPLIER, Effect.COMPENSATION, Effect.RECORD),
        Schedule.Unit.POINTS: (Effect.DEDUCTION, Effect.BONUS, Effect.COMPENSATION, Effect.RECORD),
        Schedule.Unit.MEASURES: (Effect.ABSENCE, Effect.MONTH_BONUS, Effect.COMPENSATION, Effect.RECORD),
    }

    class Measure(models.TextChoices):
        NONE = "", _("Nothing is measured")
        MINUTES = "minutes", _("Minutes")
        HOURS = "hours", _("Hours")
        ITEMS = "items", _("Items (件/项/台)")
        YUAN = "yuan", _("Loss in yuan")

    class Escalation(models.TextChoices):
        NONE = "none", _("None")
        DOUBLING = "doubling", _("Doubling on each repeat (依次加倍)")

    class Period(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    revision = models.ForeignKey(Revision, models.CASCADE, related_name="rules", verbose_name=_("revision"))
    code = models.CharField(
        _("code"), max_length=20,
        help_text=_("Short and unique across schedules, e.g. F2 or Q6; other parts of Xinke refer to rules by it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text (条文)"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    effect = models.CharField(_("what it costs"), max_length=20, choices=Effect.choices)
    amount = models.DecimalField(
        _("amount"), **AMOUNT, null=True, blank=True,
        help_text=_("Yuan for a fine, points for a deduction or bonus, days for absence, the factor for a multiplier."),
    )
    per_item = models.BooleanField(_("per item (每件/每项)"), default=False,
                                   help_text=_("The amount is multiplied by the number of items measured."))
    share_min_percent = models.DecimalField(_("smallest share of the loss (%)"), max_digits=5, decimal_places=2,
                                            null=True, blank=True)
    share_max_percent = models.DecimalField(_("largest share of the loss (%)"), max_digits=5, decimal_places=2,
                                            null=True, blank=True)
    measure = models.CharField(_("measured value"), max_length=20, choices=Measure.choices, blank=True, default="")
    at_least = models.DecimalField(_("applies from (≥)"), **AMOUNT, null=True, blank=True)
    more_than = models.DecimalField(_("applies above (>)"), **AMOUNT, null=True, blank=True)
    at_most = models.DecimalField(_("applies up to (≤)"), **AMOUNT, null=True, blank=True)
    measured_max = models.DecimalField(
        _("largest believable value"), **AMOUNT, null=True, blank=True,
        help_text=_("A measured value above this is refused as a typing error."),
    )
    escalation = models.CharField(_("escalation"), max_length=20, choices=Escalation.choices,
                                  default=Escalation.NONE)
    escalation_period = models.CharField(_("counting period"), max_length=20, choices=Period.choices,
                                         default=Period.MONTH)
    excluded_on_main_shift = models.BooleanField(_("not on the main shift (值主班除外)"), default=False)

    class Meta:
        ordering = ["revision", "order", "code"]
        verbose_name = _("rule (条款)")
        verbose_name_plural = _("rules (条款)")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "code"], name="discipline_unique_rule_code",
                violation_error_message=_("This revision already has a rule with this code."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.short_text()}"

    def short_text(self, length=40):
        return self.text if len(self.text) <= length else self.text[: length - 1] + "…"

    # Units ----------------------------------------------------------------------------------------------------

    def unit_label(self):
        """The unit of the incident's amount, as shown after a number."""
        if self.effect in (self.Effect.FINE, self.Effect.COMPENSATION):
            return _("yuan")
        if self.effect in (self.Effect.DEDUCTION, self.Effect.BONUS):
            return _("points")
        if self.effect == self.Effect.ABSENCE:
            return _("days")
        return ""

    def measure_unit_label(self):
        return {
            self.Measure.MINUTES: _("minutes"),
            self.Measure.HOURS: _("hours"),
            self.Measure.ITEMS: _("items"),
            self.Measure.YUAN: _("yuan"),
        }.get(self.measure, "")

    def condition_text(self):
        """The thresholds in words, e.g. "more than 15 minutes"; empty when there are none."""
        unit = self.measure_unit_label()
        parts = []
        if self.at_least is not None:
            parts.append(_("at least %(value)s %(unit)s") % {"value": plain(self.at_least), "unit": unit})
        if self.more_than is not None:
            parts.append(_("more than %(value)s %(unit)s") % {"value": plain(self.more_than), "unit": unit})
        if self.at_most is not None:
            parts.append(_("at most %(value)s %(unit)s") % {"value": plain(self.at_most), "unit": unit})
        return _(", ").join(str(part) for part in parts)

    def applies_to(self, value):
        """Whether a measured value is within the rule's thresholds."""
        return not (
            (self.at_least is not None and value < self.at_least)
            or (self.more_than is not None and value <= self.more_than)
            or (self.at_most is not None and value > self.at_most)
        )

    def cost_text(self):
        """What the rule costs in words, for the rules page and the admin."""
        amount = plain(self.amount) if self.amount is not None else ""
        if self.effect == self.Effect.COMPENSATION:
            low, high = plain(self.share_min_percent), plain(self.share_max_percent)
            share = low if low == high else f"{low}–{high}"
            return _("%(share)s%% of the loss") % {"share": share}
        if self.effect == self.Effect.MULTIPLIER:
            return _("× %(factor)s") % {"factor": amount}
        if self.effect == self.Effect.MONTH_BONUS:
            return _("the month's bonus")
        if self.effect == self.Effect.RECORD:
            return _("recorded only")
        sign = "+" if self.effect == self.Effect.BONUS else ""
        text = f"{sign}{amount} {self.unit_label()}"
        if self.per_item:
            text = _("%(amount)s per item") % {"amount": text}
        return text

    # Validation ----------------------------------------------------------------------------------------------

    def clean(self):
        errors = {}
        revision = self.revision if self.revision_id else None
        if revision is not None and self._differs_from_stored() and revision.is_locked():
            raise ValidationError(_(
                "%(revision)s is published, so its rules cannot be changed. Clone it into a draft, change the "
                "draft and publish it."
            ) % {"revision": revision}, code="locked")
        if revision is not None and self.effect and self.effect not in self.EFFECTS_BY_UNIT[revision.schedule.unit]:
            errors["effect"] = _("A schedule in %(unit)s cannot hold this kind of rule.") % {
                "unit": revision.schedule.get_unit_display()}
        if self.effect in self.AMOUNT_EFFECTS and (self.amount is None or self.amount <= 0):
            errors["amount"] = _("This kind of rule needs an amount greater than zero.")
        if self.effect not in self.AMOUNT_EFFECTS and self.amount is not None:
            errors["amount"] = _("This kind of rule has no amount; leave it empty.")
        if self.effect == self.Effect.MULTIPLIER and self.amount is not None and self.amount <= 1:
            errors["amount"] = _("A multiplier must be greater than 1.")
        errors.update(self._clean_share())
        errors.update(self._clean_measure())
        if self.escalation == self.Escalation.DOUBLING and self.effect not in self.ESCALATING_EFFECTS:
            errors["escalation"] = _("Only fines and point deductions can double on each repeat.")
        if self.per_item and self.measure != self.Measure.ITEMS:
            errors["per_item"] = _("An amount per item needs the number of items as its measured value.")
        if revision is not None and self.code:
            errors.update(self._clean_code(revision))
        if errors:
            raise ValidationError(errors)

    EDITABLE_FIELDS = ("revision_id", "code", "order", "text", "category", "effect", "amount", "per_item",
                       "share_min_percent", "share_max_percent", "measure", "at_least", "more_than", "at_most",
                       "measured_max", "escalation", "escalation_period", "excluded_on_main_shift")

    def _differs_from_stored(self):
        stored = Rule.objects.filter(pk=self.pk).first() if self.pk else None
        return stored is None or any(getattr(stored, name) != getattr(self, name) for name in self.EDITABLE_FIELDS)

    def _clean_share(self):
        low, high = self.share_min_percent, self.share_max_percent
        if self.effect != self.Effect.COMPENSATION:
            if low is not None or high is not None:
                return {"share_min_percent": _("Only compensation rules have a share of the loss.")}
            return {}
        if low is None or high is None or not (0 < low <= high <= 100):
            return {"share_min_percent": _("Give the share of the loss as two percentages, 0 < smallest ≤ largest ≤ 100.")}
        if self.measure != self.Measure.YUAN:
            return {"measure": _("Compensation is a share of the loss, so the measured value is the loss in yuan.")}
        return {}

    def _clean_measure(self):
        bounds = [self.at_least, self.more_than, self.at_most, self.measured_max]
        if not self.measure and any(bound is not None for bound in bounds):
            return {"measure": _("Thresholds need a measured value (minutes, hours, items or yuan).")}
        if any(bound is not None and bound < 0 for bound in bounds):
            return {"at_least": _("Thresholds cannot be negative.")}
        if self.at_least is not None and self.more_than is not None:
            return {"more_than": _("Give either “applies from” or “applies above”, not both.")}
        lower = self.at_least if self.at_least is not None else self.more_than
        if lower is not None and self.at_most is not None and lower >= self.at_most:
            return {"at_most": _("The upper threshold must be above the lower one.")}
        if lower is not None and self.measured_max is not None and self.measured_max <= lower:
            return {"measured_max": _("The largest believable value must be above the lower threshold.")}
        return {}

    def _clean_code(self, revision):
        clash = Rule.objects.filter(code=self.code).exclude(revision__schedule_id=revision.schedule_id)
        clash = clash.select_related("revision__schedule").first()
        if clash is not None:
            return {"code": _("The code %(code)s is already used by %(schedule)s.") % {
                "code": self.code, "schedule": clash.revision.schedule.name}}
        return {}


evidence_upload_to = upload_to  # the name its migrations import


class IncidentQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("person", "department", "rule__revision__schedule")

    def counting(self):
        return self.filter(state__in=Incident.COUNTING_STATES)

    def in_month(self, year, month):
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return self.filter(occurred_on__gte=first, occurred_on__lt=following)


class Incident(models.Model):
    """One violation (or overtime) of one person, judged by the rule of the revision in force that day."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, to be confirmed")
        CONFIRMED = "confirmed", _("Confirmed, to be acknowledged")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        APPEALED = "appealed", _("Appealed (申诉中)")
        UPHELD = "upheld", _("Upheld on appeal")
        REDUCED = "reduced", _("Reduced on appeal")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Recorded by the head or deputy head")
        LEAVE = "leave", _("Leave and attendance")
        DUTY_ROSTER = "dutyroster", _("Duty roster")

    OPEN_STATES = (State.PROPOSED, State.CONFIRMED, State.APPEALED)
    FINAL_STATES = (State.ACKNOWLEDGED, State.UPHELD, State.REDUCED, State.CANCELLED)
    # Confirmed incidents count in statements and as repeats; proposals and cancelled ones do not.
    COUNTING_STATES = (State.CONFIRMED, State.ACKNOWLEDGED, State.APPEALED, State.UPHELD, State.REDUCED)
    AWAITING_PERSON = (State.CONFIRMED,)
    AWAITING_REVIEW = (State.PROPOSED, State.APPEALED)
    CANCELLABLE_STATES = (State.PROPOSED, State.CONFIRMED, State.ACKNOWLEDGED, State.APPEALED)

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="discipline_incidents",
                               verbose_name=_("staff member"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="discipline_incidents",
                                   verbose_name=_("department"),
                                   help_text=_("The person's department on the day; statements are by it."))
    rule = models.ForeignKey(Rule, models.PROTECT, related_name="incidents", verbose_name=_("rule"))
    occurred_on = models.DateField(_("date"), db_index=True)
    facts = models.TextField(_("facts"))
    # The chain of reasoning of the domain that proposed it (迟到75分钟 → 按旷工半天处理 → F5), shown before the
    # computation on the incident and in statements.
    basis = models.TextField(_("why this rule applies (依据)"), blank=True)
    measured_value = models.DecimalField(_("measured value"), **AMOUNT, null=True, blank=True)
    breaks_hospital_rules = models.BooleanField(_("also breaks hospital rules (科室双倍处罚)"), default=False)
    on_main_shift = models.BooleanField(_("on the main shift (值主班)"), default=False)
    compensation_percent = models.DecimalField(_("share of the loss (%)"), max_digits=5, decimal_places=2,
                                               null=True, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=upload_to, storage=get_protected_storage,
                                validators=[validate_upload], blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, db_index=True)
    # The computation, kept so statements read stored numbers; recomputed when a repeat is confirmed or cancelled.
    sequence = models.PositiveSmallIntegerField(_("repeat in the period (第几次)"), default=1)
    escalation_factor = models.PositiveIntegerField(_("escalation factor"), default=1)
    multiplier = models.DecimalField(_("multiplier"), max_digits=6, decimal_places=2, default=Decimal("1"))
    amount = models.DecimalField(_("amount"), **AMOUNT, null=True, blank=True)
    reduced_amount = models.DecimalField(_("amount after appeal"), **AMOUNT, null=True, blank=True)
    appeal_reason = models.TextField(_("appeal (申诉) reason"), blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("incident (违纪记录)")
        verbose_name_plural = _("incidents (违纪记录)")
        indexes = [
            models.Index(fields=["person", "occurred_on"]),
            models.Index(fields=["department", "occurred_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(measured_value__isnull=True) | Q(measured_value__gte=0),
                name="discipline_measured_value_not_negative",
            ),
        ]

    def __str__(self):
        return _("%(person)s, %(date)s, %(code)s") % {
            "person": self.person.display_name, "date": self.occurred_on, "code": self.rule.code}

    def get_absolute_url(self):
        return reverse("discipline:incident_detail", args=[self.pk])

    @property
    def counts(self):
        return self.state in self.COUNTING_STATES

    def final_amount(self):
        """The amount that counts: the computed one, or what the appeal reduced it to."""
        if self.state == self.State.REDUCED and self.reduced_amount is not None:
            return min(self.reduced_amount, self.amount) if self.amount is not None else self.reduced_amount
        return self.amount

    def amount_text(self):
        """The final amount with its unit, as shown in lists: "40 元", "+2 分", "扣除当月奖金"."""
        from .assessment import amount_text

        return amount_text(self.rule, self.final_amount())

    def explanation(self):
        """How the amount came about, in words."""
        from .assessment import explain

        return explain(self)


class IncidentEvent(models.Model):
    """The incident's history as people see it: who did what, when, and why (the audit log has the details)."""

    class Action(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        APPEALED = "appealed", _("Appealed")
        UPHELD = "upheld", _("Upheld")
        REDUCED = "reduced", _("Reduced")
        CANCELLED = "cancelled", _("Cancelled")
        RECALCULATED = "recalculated", _("Recalculated")

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="events", verbose_name=_("incident"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("by"))
    at = models.DateTimeField(_("time"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("incident event")
        verbose_name_plural = _("incident events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"
