"""Leave (请假/离岗): requests on the approval engine, counted in working days on China's calendar.

A request covers half-day slots from the start (morning or afternoon) to the end (morning or afternoon).
Slots are stored as integers (two per calendar day) so overlaps are one indexed comparison.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from approvals.subjects import ApprovalSubject
from core.models import SingletonPolicy
from core.uploads import get_protected_storage, upload_to, validate_upload

HALF_DAY = Decimal("0.5")
ONE_DAY = datetime.timedelta(days=1)
DAYS = {"max_digits": 5, "decimal_places": 1}


class Half(models.TextChoices):
    MORNING = "am", _("Morning")
    AFTERNOON = "pm", _("Afternoon")


def slot(day, half):
    """The half-day slot number of a date and half: two per day, in order."""
    return day.toordinal() * 2 + (1 if half == Half.AFTERNOON else 0)


def slot_date(number):
    return datetime.date.fromordinal(number // 2), (Half.AFTERNOON if number % 2 else Half.MORNING)


class LeavePolicy(SingletonPolicy):
    """The numbers of the leave rules that an administrator may change (one row)."""

    absence_rule_code = models.CharField(
        _("rule for an absence without approval"), max_length=20, default="F5",
        help_text=_("Code of the fine schedule's rule (未经科主任批准，不按时上班): a recorded absence is proposed "
                    "to the head as an incident of this rule."),
    )
    carry_over_max_days = models.DecimalField(
        _("annual leave carried into the next year (days, at most)"), **DAYS, default=Decimal("5"),
        validators=[MinValueValidator(0)],
        help_text=_("When a new year's balances are opened, unused annual leave up to this many days is carried over."),
    )
    default_entitlement_days = models.DecimalField(
        _("annual leave for a new balance (days)"), **DAYS, default=Decimal("5"), validators=[MinValueValidator(0)],
        help_text=_("Used when a person has no balance in the previous year; HR adjusts each person's entitlement."),
    )
    # Lateness and early leave (迟到、早退): the rules the minutes are judged by, and what fills the gap between them.
    late_rule_codes = models.CharField(
        _("rules for a late arrival (迟到)"), max_length=200, default="F2 Q2 R2",
        help_text=_("Codes of the rules a late arrival is judged by, separated by spaces. Each applies when the "
                    "minutes fall within its thresholds. Default “F2 Q2 R2”: F2 up to 5 minutes (扣罚20元), Q2 "
                    "every time (扣3分，依次加倍), R2 from 60 minutes (按旷工半天处理: a half-day absence is "
                    "recorded, which proposes the rule for an absence without approval)."),
    )
    early_rule_codes = models.CharField(
        _("rules for an early leave (早退)"), max_length=200, default="F2 Q2",
        help_text=_("Codes of the rules an early leave is judged by. Default “F2 Q2”: the policy converts only a "
                    "late arrival into absence."),
    )
    lateness_gap_rule_code = models.CharField(
        _("rule where no fine applies"), max_length=20, blank=True, default="",
        help_text=_("When none of the fines or conversions above covers the minutes (with the defaults: late by 6 to "
                    "59 minutes, or leaving more than 5 minutes early), this rule is proposed. Empty (the default): "
                    "the head decides — a rule of the schedules or no further penalty — and the reason is recorded."),
    )

    class Meta:
        verbose_name = _("leave policy")
        verbose_name_plural = _("leave policy")

    def __str__(self):
        return str(_("Leave policy"))

    @staticmethod
    def codes(text):
        return [code for code in text.replace(",", " ").replace("，", " ").split() if code]

    def lateness_codes(self, kind):
        return self.codes(self.late_rule_codes if kind == Lateness.Kind.LATE else self.early_rule_codes)

    def clean(self):
        from discipline.models import Rule

        errors = {}
        fields = {"absence_rule_code": [self.absence_rule_code], "late_rule_codes": self.codes(self.late_rule_codes),
                  "early_rule_codes": self.codes(self.early_rule_codes),
                  "lateness_gap_rule_code": self.codes(self.lateness_gap_rule_code)}
        known = set(Rule.objects.filter(code__in=[code for codes in fields.values() for code in codes])
                    .values_list("code", flat=True))
        for name, codes in fields.items():
            unknown = [code for code in codes if code not in known]
            if unknown:
                errors[name] = _("No schedule has a rule %(codes)s.") % {"codes": ", ".join(unknown)}
        if errors:
            raise ValidationError(errors)


class LeaveType(models.Model):
    """年假, 事假, 病假, 产假 … each with its rules (离岗类别)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    needs_document = models.BooleanField(_("needs a supporting document"), default=False,
                                         help_text=_("For example a doctor's certificate for sick leave (证明材料)."))
    is_paid = models.BooleanField(_("paid"), default=True)
    uses_annual_balance = models.BooleanField(_("counts against the annual leave balance"), default=False)
    may_start_in_past = models.BooleanField(
        _("may be requested afterwards"), default=False,
        help_text=_("Sick leave can be requested after the first day; other leave must be asked for in advance."),
    )
    full_day_rule_code = models.CharField(
        _("deduction rule for a full day"), max_length=20, blank=True,
        help_text=_("Fine schedule rule applied per working day of approved leave (e.g. F4a, 请假一天扣罚50元). "
                    "Empty: no deduction."),
    )
    half_day_rule_code = models.CharField(
        _("deduction rule for a half day"), max_length=20, blank=True,
        help_text=_("Rule applied per half working day (e.g. F4b, 请假半天扣罚30元)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("leave type (离岗类别)")
        verbose_name_plural = _("leave types")

    def __str__(self):
        return self.name

    def has_deduction(self):
        return bool(self.full_day_rule_code or self.half_day_rule_code)


class LeaveRequestQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("person", "department", "leave_type", "cover", "approval")

    def holding_time(self):
        """Requests that occupy their days: waiting, approved or taken."""
        return self.filter(state__in=LeaveRequest.HOLDING_STATES)

    def overlapping(self, first_slot, last_slot):
        return self.filter(first_slot__lte=last_slot, last_slot__gte=first_slot)

    def in_year(self, year):
        return self.filter(starts_on__year=year)


document_upload_to = upload_to  # the name its migrations import


class LeaveRequest(ApprovalSubject):
    """One person's leave (请假/离岗申请) and its approval request.

    Its own state follows the approval through one sync point, the `finished` hook (leave.services.leave_decided),
    and goes on after it (taken, returned, cancelled)."""

    REQUEST_TYPE = "leave.request"

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        CLOSED = "closed", _("Returned to work")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CANCELLED = "cancelled", _("Cancelled after approval")

    OPEN_STATES = (State.PENDING, State.APPROVED)
    HOLDING_STATES = (State.PENDING, State.APPROVED, State.CLOSED)
    TAKEN_STATES = (State.APPROVED, State.CLOSED)
    FINAL_STATES = (State.CLOSED, State.REJECTED, State.WITHDRAWN, State.CANCELLED)

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="leave_requests",
                               verbose_name=_("staff member"))
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="leave_requests",
                                   verbose_name=_("department"))
    leave_type = models.ForeignKey(LeaveType, models.PROTECT, related_name="requests", verbose_name=_("type"))
    starts_on = models.DateField(_("from"))
    start_half = models.CharField(_("from (half day)"), max_length=2, choices=Half.choices, default=Half.MORNING)
    ends_on = models.DateField(_("until"))
    end_half = models.CharField(_("until (half day)"), max_length=2, choices=Half.choices, default=Half.AFTERNOON)
    # The slots the leave occupies; the last one moves forward when the person comes back early.
    first_slot = models.PositiveIntegerField(editable=False)
    last_slot = models.PositiveIntegerField(editable=False)
    working_days = models.DecimalField(_("working days"), **DAYS, default=Decimal("0"))
    # Counted on a year whose holiday notice is not loaded yet (core.workdays): recounted when it is.
    count_provisional = models.BooleanField(_("counted provisionally"), default=False)
    recount_days = models.DecimalField(
        _("working days on the official calendar, not applied"), **DAYS, null=True, blank=True,
        help_text=_("The recount once the year's notice was loaded would break the annual leave balance or the "
                    "approval chain: HR or the approvers resolve it."),
    )
    recount_problem = models.CharField(_("why the recount was not applied"), max_length=300, blank=True)
    reason = models.TextField(_("reason"))
    extension_reason = models.TextField(
        _("reason for a longer absence (延长离岗理由)"), blank=True,
        help_text=_("Required when the leave is longer than the department head may grant without an extension."),
    )
    document = models.FileField(_("supporting document"), upload_to=upload_to,
                                storage=get_protected_storage, validators=[validate_upload], blank=True)
    document_name = models.CharField(_("document file name"), max_length=200, blank=True)
    cover = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="covering",
                              verbose_name=_("cover (工作代理人)"),
                              help_text=_("Who takes over the work while away (离岗期间工作安排)."))
    cover_named_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("cover named by"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    returned_on = models.DateField(_("back at work on"), null=True, blank=True)
    return_half = models.CharField(_("back from"), max_length=2, choices=Half.choices, blank=True)
    returned_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                             related_name="+", verbose_name=_("return recorded by"))
    overdue_reminded_at = models.DateTimeField(_("overdue reminder sent at"), null=True, blank=True)
    deductions = models.ManyToManyField("discipline.Incident", blank=True, related_name="+",
                                        verbose_name=_("deduction lines"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LeaveRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("leave request (请假申请)")
        verbose_name_plural = _("leave requests")
        indexes = [
            models.Index(fields=["person", "first_slot", "last_slot"]),
            models.Index(fields=["department", "first_slot", "last_slot"]),
            # The lists' order: HR's page of 25 is a walk of this index, not a sort of every request.
            models.Index(fields=["-starts_on", "-id"], name="leave_list_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(last_slot__gte=models.F("first_slot")), name="leave_slots_in_order"),
        ]

    def __str__(self):
        return f"{self.person.display_name} · {self.leave_type.name} · {self.period_text()}"

    def get_absolute_url(self):
        return reverse("leave:detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if self.first_slot is None:
            self.first_slot = slot(self.starts_on, self.start_half)
        if self.last_slot is None:
            self.last_slot = slot(self.ends_on, self.end_half)
        super().save(*args, **kwargs)

    def set_period(self, starts_on, start_half, ends_on, end_half):
        self.starts_on, self.start_half, self.ends_on, self.end_half = starts_on, start_half, ends_on, end_half
        self.first_slot = slot(starts_on, start_half)
        self.last_slot = slot(ends_on, end_half)

    def period_text(self):
        """“2026-10-08 上午 – 2026-10-09 下午”, as on the paper form."""
        start = f"{self.starts_on:%Y-%m-%d} {Half(self.start_half).label}"
        end = f"{self.ends_on:%Y-%m-%d} {Half(self.end_half).label}"
        return f"{start} – {end}"

    def approval_title(self):
        provisional = "（暂算）" if self.count_provisional else ""
        return f"{self.person.display_name} · {self.leave_type.name} · {self.starts_on:%m-%d}–{self.ends_on:%m-%d} " \
               f"· {self.working_days.normalize():f} 天{provisional}"

    def approval_facts(self):
        label = self._meta.get_field
        facts = [(pgettext_lazy("approval", "leave type"), self.leave_type.name),
                 (pgettext_lazy("approval", "dates"), self.period_text()),
                 (label("working_days").verbose_name, f"{self.working_days.normalize():f}"),
                 (label("reason").verbose_name, self.reason)]
        if self.extension_reason:
            facts.append((label("extension_reason").verbose_name, self.extension_reason))
        if self.cover_id:
            facts.append((label("cover").verbose_name, self.cover.display_name))
        return facts

    def is_editable(self):
        return self.state == self.State.PENDING and self.approval_id is not None and self.approval.is_editable()

    def recount_flagged(self):
        """The official calendar gives another count that was not applied (see recount_problem)."""
        return self.recount_days is not None and self.state in self.HOLDING_STATES

    def is_taken(self):
        return self.state in self.TAKEN_STATES

    def has_started(self, today=None):
        return self.starts_on <= (today or timezone.localdate())

    def is_overdue(self, today=None):
        """Approved, its last day is past, and the person has not marked their return."""
        return self.state == self.State.APPROVED and self.ends_on < (today or timezone.localdate())

    def deducts(self):
        return self.leave_type.has_deduction()


class AbsenceQuerySet(models.QuerySet):
    def counting(self):
        return self.filter(cancelled_at__isnull=True)

    def overlapping(self, first_slot, last_slot):
        """Absences that share a half day with the slots (a whole-day absence holds both halves)."""
        first_day, last_day = slot_date(first_slot)[0], slot_date(last_slot)[0]
        candidates = self.filter(starts_on__lte=last_day, ends_on__gte=first_day)
        morning_from = first_day if first_slot % 2 == 0 else first_day + ONE_DAY  # the first slot is a morning
        afternoon_until = last_day if last_slot % 2 else last_day - ONE_DAY  # the last slot is an afternoon
        return candidates.filter(Q(half="") | Q(half=Half.MORNING, starts_on__gte=morning_from)
                                 | Q(half=Half.AFTERNOON, starts_on__lte=afternoon_until))


class Absence(models.Model):
    """A day someone was away without approved leave (未经批准不按时上班/旷工), recorded by a leader."""

    class Source(models.TextChoices):
        RECORDED = "recorded", _("Recorded by a leader")
        OVERSTAY = "overstay", _("Back later than the approved leave")
        LATENESS = "lateness", _("Late by an hour or more (迟到60分钟按旷工半天处理)")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="absences",
                               verbose_name=_("staff member"))
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="absences",
                                   verbose_name=_("department"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    half = models.CharField(_("only the half day"), max_length=2, choices=Half.choices, blank=True,
                            help_text=_("Empty: whole days."))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.RECORDED)
    note = models.TextField(_("what happened"))
    leave = models.ForeignKey(LeaveRequest, models.PROTECT, null=True, blank=True, related_name="absences",
                              verbose_name=_("leave request"))
    incident = models.ForeignKey("discipline.Incident", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("proposed incident"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Kept when withdrawn (the lateness it came from was cancelled): the history stays, it no longer counts.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("absence without approval (旷工)")
        verbose_name_plural = _("absences without approval")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="leave_absence_in_order"),
        ]

    def __str__(self):
        return f"{self.person.display_name} · {self.starts_on:%Y-%m-%d}"

    @property
    def first_slot(self):
        return slot(self.starts_on, self.half or Half.MORNING)

    @property
    def last_slot(self):
        return slot(self.ends_on, self.half or Half.AFTERNOON)

    def period_text(self):
        if self.half:
            return f"{self.starts_on:%Y-%m-%d} {Half(self.half).label}"
        if self.ends_on == self.starts_on:
            return f"{self.starts_on:%Y-%m-%d}"
        return f"{self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"


class LeaveBalance(models.Model):
    """One person's annual leave (年假) for one year: set by HR, plus what was carried over."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="leave_balances",
                               verbose_name=_("staff member"))
    year = models.PositiveSmallIntegerField(_("year"))
    entitlement = models.DecimalField(_("entitlement (days)"), **DAYS, validators=[MinValueValidator(0)])
    carried_over = models.DecimalField(_("carried over (days)"), **DAYS, default=Decimal("0"),
                                       validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year", "person__username"]
        unique_together = [("person", "year")]
        verbose_name = _("annual leave balance")
        verbose_name_plural = _("annual leave balances")

    def __str__(self):
        return f"{self.person.display_name} · {self.year}"

    def available(self):
        return self.entitlement + self.carried_over

    def remaining(self, used, pending=Decimal("0")):
        """What is left once taken and waiting leave is counted."""
        return self.available() - used - pending


class LatenessQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("person", "department", "recorded_by", "decided_by")

    def active(self):
        return self.exclude(state=Lateness.State.CANCELLED)

    def awaiting_decision(self):
        return self.filter(state=Lateness.State.ACTIVE, decision=Lateness.Decision.PENDING)


class Lateness(models.Model):
    """A late arrival or early leave (迟到、早退), its minutes recorded once and judged by every rule that applies.

    The attendance policy (LeavePolicy) names the rules; each whose thresholds hold the minutes is proposed to the
    head as an incident, a conversion into absence (迟到60分钟按旷工半天处理) records the half-day absence, which
    proposes the absence's fine; when no fine covers the minutes, the policy's gap rule is proposed or the head
    decides, with the reason recorded.
    """

    class Kind(models.TextChoices):
        LATE = "late", _("Late arrival (迟到)")
        EARLY = "early", _("Early leave (早退)")

    class State(models.TextChoices):
        ACTIVE = "active", _("Recorded")
        CANCELLED = "cancelled", _("Cancelled")

    class Decision(models.TextChoices):
        NOT_NEEDED = "", _("Not needed: a rule covers the minutes")
        PENDING = "pending", _("Waiting for the head's decision")
        RULE = "rule", _("The head chose a rule")
        NO_PENALTY = "no_penalty", _("The head decided on no further penalty")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="latenesses",
                               verbose_name=_("staff member"))
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="latenesses",
                                   verbose_name=_("department"))
    occurred_on = models.DateField(_("date"), db_index=True)
    half = models.CharField(_("half day"), max_length=2, choices=Half.choices, default=Half.MORNING,
                            help_text=_("The morning or afternoon whose start was missed (or whose end was left early)."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LATE)
    minutes = models.PositiveSmallIntegerField(_("minutes"), validators=[MinValueValidator(1), MaxValueValidator(1440)])
    note = models.TextField(_("what happened"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.ACTIVE)
    incidents = models.ManyToManyField("discipline.Incident", blank=True, related_name="+",
                                       verbose_name=_("proposed incidents"))
    absence = models.OneToOneField(Absence, models.PROTECT, null=True, blank=True, related_name="lateness",
                                   verbose_name=_("absence it was converted into"))
    decision = models.CharField(_("head's decision"), max_length=20, choices=Decision.choices, blank=True,
                                default=Decision.NOT_NEEDED)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for the cancellation"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LatenessQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("lateness or early leave (迟到、早退)")
        verbose_name_plural = _("lateness and early leave")
        indexes = [models.Index(fields=["person", "occurred_on"]), models.Index(fields=["department", "occurred_on"])]

    def __str__(self):
        return f"{self.person.display_name} · {self.occurred_on:%Y-%m-%d} · {self.summary()}"

    def get_absolute_url(self):
        return reverse("leave:lateness_detail", args=[self.pk])

    def summary(self):
        """“迟到75分钟（上午）”."""
        return _("%(kind)s %(minutes)d minutes (%(half)s)") % {
            "kind": _("late") if self.kind == self.Kind.LATE else _("left early"), "minutes": self.minutes,
            "half": Half(self.half).label}

    @property
    def is_cancelled(self):
        return self.state == self.State.CANCELLED

    @property
    def awaits_decision(self):
        return self.state == self.State.ACTIVE and self.decision == self.Decision.PENDING
