"""Monthly scorecards (绩效考核表): versioned templates per post, the month's scorecards and their lines.

Points are Decimal. A weighted part is rounded half-up to two places (ROUND_HALF_UP); items, sections
and the total add those parts up, and final = total + bonus − deductions.
"""

import datetime
import operator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.models import SingletonPolicy
from core.uploads import get_protected_storage, upload_to, validate_upload
from staff.models import Department, Post

from .evidence import line_source
from .rules import can_view_all_scorecards

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def q2(value):
    """Round half-up to two places: the one rounding rule of every figure on a scorecard."""
    if type(value) is not Decimal:  # a Decimal needs no copy: a hospital's month rounds some 300,000 of them
        value = Decimal(value)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def score_text(value):
    """A score as entered: one decimal at least, two when it has them ("15.0", "2.25"); "" for none."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(value):.2f}"
    return text[:-1] if text.endswith("0") else text


def month_start(day):
    return day.replace(day=1)


def month_end(period):
    next_month = (period.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return next_month - datetime.timedelta(days=1)


def next_month(period):
    return month_end(period) + datetime.timedelta(days=1)


def previous_month(period):
    return month_start(period - datetime.timedelta(days=1))


def parse_month(text):
    """'2026-11' → date(2026, 11, 1); ValueError otherwise."""
    year, month = text.strip().split("-")
    return datetime.date(int(year), int(month), 1)


def period_label(period):
    return date_format(period, "YEAR_MONTH_FORMAT")


# --- Templates -------------------------------------------------------------------------------------


class ScorecardTemplateQuerySet(models.QuerySet):
    def latest_versions(self):
        """The newest version of every post's template (active or not)."""
        newest = self.values("post").annotate(newest=Max("version"))
        condition = Q(pk__in=[])
        for row in newest:
            condition |= Q(post_id=row["post"], version=row["newest"])
        return self.filter(condition)

    def current_by_post(self):
        """{post id: the template new scorecards of that post are created from}."""
        return {t.post_id: t for t in self.latest_versions().filter(is_active=True)}


class ScorecardTemplate(models.Model):
    """One version of a post's scorecard (绩效考核表). A version that scorecards use is never changed:
    editing it creates the next version, and the month's scorecards keep the version they came from."""

    post = models.ForeignKey(Post, models.PROTECT, related_name="scorecard_templates", verbose_name=_("post"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("title"), max_length=100, help_text=_("e.g. 安全管理员绩效考核表"))
    self_weight = models.DecimalField(
        _("self-assessment weight (自评)"), max_digits=3, decimal_places=2, default=Decimal("0.30"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    reviewer_weight = models.DecimalField(
        _("reviewer weight (考评)"), max_digits=3, decimal_places=2, default=Decimal("0.70"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    score_step = models.DecimalField(
        _("score step"), max_digits=4, decimal_places=2, default=Decimal("0.01"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10"))],
        help_text=_("Scores are given in multiples of this. Default 0.01 (two decimals), so that any share of an "
                    "item can be given: nine tenths of a 2.5-point item is 2.25. 0.5 allows half points, 1 whole "
                    "points."),
    )
    instructions = models.TextField(_("instructions (填写说明)"), blank=True)
    bonus_guidance = models.TextField(_("bonus guidance (考核加分事实、依据和理由)"), blank=True)
    deduction_guidance = models.TextField(_("deduction guidance (考核扣分事实、依据和理由)"), blank=True)
    total_note = models.CharField(_("total score note (考评总得分)"), max_length=200, blank=True)
    # Bounds of the bonus and deduction lines, so a month's final score stays a score (and fits its column).
    bonus_limit = models.DecimalField(
        _("bonus points at most in a month (加分上限)"), max_digits=5, decimal_places=2, default=Decimal("20"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("The counted bonus lines of one scorecard add up to at most this many points."),
    )
    deduction_limit = models.DecimalField(
        _("deduction points at most in a month (扣分上限)"), max_digits=5, decimal_places=2, default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("The counted deduction lines of one scorecard add up to at most this many points."),
    )
    is_active = models.BooleanField(
        _("in use for new months"), default=True,
        help_text=_("Turn off to stop creating scorecards for this post."),
    )
    change_note = models.TextField(_("what changed in this version"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )

    objects = ScorecardTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["post__sort_order", "post__name", "-version"]
        verbose_name = _("scorecard template (绩效考核表)")
        verbose_name_plural = _("scorecard templates")
        constraints = [models.UniqueConstraint(fields=["post", "version"], name="appraisal_template_version")]

    def __str__(self):
        return f"{self.name} v{self.version}"

    def is_in_use(self):
        return self.pk is not None and self.scorecards.exists()

    def max_points(self):
        return q2(sum((item.max_points for item in self.items.all()), ZERO))

    def sorted_bands(self):
        """Grade bands, highest first (read once per template object)."""
        if getattr(self, "_sorted_bands", None) is None:
            self._sorted_bands = sorted(self.bands.all(), key=lambda band: band.min_score, reverse=True)
        return self._sorted_bands

    def grade_for(self, score):
        """The band a score falls in: the highest band whose lower bound it reaches, else the lowest."""
        bands = self.sorted_bands()
        if not bands or score is None:
            return None
        for band in bands:
            if score >= band.min_score:
                return band
        return bands[-1]

    def band_upper_bounds(self):
        """[(band, upper bound or None)]: the bound of a band is the next higher band's lower bound."""
        bands = self.sorted_bands()
        return [(band, bands[index - 1].min_score if index else None) for index, band in enumerate(bands)]


class TemplateSection(models.Model):
    """A part of the form: 工作业绩, 工作能力 or 工作态度. Its points are the sum of its items."""

    template = models.ForeignKey(ScorecardTemplate, models.CASCADE, related_name="sections",
                                 verbose_name=_("template"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=30, help_text=_("The same code lines up sections across posts."))
    name = models.CharField(_("name"), max_length=50)
    note = models.TextField(_("note (说明)"), blank=True)
    item_label = models.CharField(_("item column heading"), max_length=50, default="考核指标")
    description_label = models.CharField(_("description column heading"), max_length=50, default="指标描述")

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="appraisal_section_code")]

    def __str__(self):
        return self.name


class TemplateItem(models.Model):
    """One row of the form: what is assessed, its description, its scoring criteria and its points."""

    template = models.ForeignKey(ScorecardTemplate, models.CASCADE, related_name="items", verbose_name=_("template"))
    section = models.ForeignKey(TemplateSection, models.CASCADE, related_name="items", verbose_name=_("section"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("item (计划、任务、目标事项 / 考核指标)"), max_length=200)
    description = models.TextField(_("description (绩效要点 / 指标描述)"))
    criteria = models.TextField(_("scoring criteria (考评尺度)"), blank=True)
    max_points = models.DecimalField(
        _("points (分值)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        ordering = ["section__order", "order", "pk"]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self):
        return f"{self.name}: {self.description[:20]}"


class GradeBand(models.Model):
    """A grade (出色, 优秀, …) and the lowest final score that earns it."""

    template = models.ForeignKey(ScorecardTemplate, models.CASCADE, related_name="bands", verbose_name=_("template"))
    name = models.CharField(_("grade"), max_length=20)
    min_score = models.DecimalField(_("from (inclusive)"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["template", "-min_score"]
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")
        constraints = [models.UniqueConstraint(fields=["template", "name"], name="appraisal_band_name")]

    def __str__(self):
        return f"{self.name} ≥ {self.min_score}"


class AppraisalPolicy(SingletonPolicy):
    """The cycle's dates, one row edited in Django admin."""

    self_deadline_day = models.PositiveSmallIntegerField(
        _("self-assessment due on day … of the next month"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    review_deadline_day = models.PositiveSmallIntegerField(
        _("review due on day … of the next month"), default=10,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("remind staff this many days before the deadline"), default=3,
        validators=[MaxValueValidator(20)],
    )
    review_reminder_interval_days = models.PositiveSmallIntegerField(
        _("remind about an overdue review every … days"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )

    class Meta:
        verbose_name = _("appraisal policy")
        verbose_name_plural = _("appraisal policy")

    def __str__(self):
        return str(_("Appraisal policy"))

    def deadlines_for(self, period):
        following = next_month(period)
        return following.replace(day=self.self_deadline_day), following.replace(day=self.review_deadline_day)


class PeriodicPolicy(SingletonPolicy):
    """定期考核: how the quarter, half-year and year results are made from the confirmed monthly scores (one row,
    edited in Django admin). The policy names the periods (按季度或年度, 半年一次) and that the results feed pay and
    promotion (薪酬、晋升), but not how the months combine: that choice is this data."""

    class Combination(models.TextChoices):
        MEAN = "mean", _("Mean of the confirmed months")
        MEDIAN = "median", _("Median of the confirmed months")

    combination = models.CharField(
        _("how the months combine"), max_length=10, choices=Combination.choices, default=Combination.MEAN,
        help_text=_("Default: the mean of the period's confirmed monthly final scores, rounded half-up to 0.01."))
    complete_periods_only = models.BooleanField(
        _("only complete periods"), default=False,
        help_text=_("On: a period has a result only when every one of its months is confirmed. Default off: the "
                    "months confirmed so far count, and their number is shown beside the result."))
    feedback_weight = models.DecimalField(
        _("weight of the 360° result in the year"), max_digits=3, decimal_places=2, default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("The year's result = (1 − weight) × the months + weight × the 360° score (out of 100). Default "
                    "0: the months alone. With a weight, a person without a 360° result keeps the months alone, "
                    "marked as such."))

    class Meta:
        verbose_name = _("periodic appraisal policy (定期考核)")
        verbose_name_plural = _("periodic appraisal policy (定期考核)")

    def __str__(self):
        return str(_("Periodic appraisal policy"))

    def combine(self, finals):
        """The period's figure from its confirmed monthly finals (two places, half-up)."""
        if not finals:
            return None
        if self.combination == self.Combination.MEDIAN:
            ordered, middle = sorted(finals), len(finals) // 2
            value = ordered[middle] if len(finals) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
            return q2(value)
        return q2(sum(finals, ZERO) / len(finals))


# --- The month ---------------------------------------------------------------------------------------


class AppraisalMonth(models.Model):
    """A month of the cycle: opened when its scorecards are created, closed by the rollup."""

    period = models.DateField(_("month"), unique=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))
    rolled_up_at = models.DateTimeField(_("last rolled up at"), null=True, blank=True)
    needs_rollup = models.BooleanField(
        _("changed since the rollup"), default=False,
        help_text=_("A scorecard was reopened after the month was closed: roll the month up again."),
    )

    class Meta:
        ordering = ["-period"]
        verbose_name = _("appraisal month")
        verbose_name_plural = _("appraisal months")

    def __str__(self):
        return period_label(self.period)

    def is_closed(self):
        return self.closed_at is not None


# what appraisal/list.html shows and views._next_action reads (reviews_scorecard: the department's head)
LIST_FIELDS = (
    "period", "state", "closed_at", "result_final", "result_grade", "result_rank", "user__name", "user__username",
    "department__name", "department__head_id", "reviewer__name", "reviewer__username",
)


class ScorecardQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own scorecards, the ones the person reviews (direct reports, their department's), or all for HR."""
        if can_view_all_scorecards(user):
            return self
        # the headed departments as an id list: a join to department for every scorecard made a head's list
        # read all 60,000 (58 ms on SQLite, 30 on PostgreSQL; now under 1 and 18)
        headed = Department.objects.filter(head=user).values("pk")
        return self.filter(Q(user=user) | Q(reviewer=user) | Q(department_id__in=headed))

    def for_list(self):
        return self.select_related("user", "department", "template__post", "reviewer")

    def list_rows(self):
        """for_list() with only the columns the scorecard list shows and its next-step button reads: a scorecard,
        its people and their department are wide rows, and building all of their fields was a fifth of the page.
        The post's name comes as `post_name` (no template and post models made for one name a row)."""
        return self.select_related("user", "department", "reviewer").annotate(
            post_name=models.F("template__post__name")).only(*LIST_FIELDS)

    def with_figures(self):
        """Everything figures() reads, in a constant number of queries."""
        return self.select_related("template", "user", "department", "reviewer", "template__post").prefetch_related(
            models.Prefetch("lines", ScoreLine.objects.select_related("item__section")),
            "adjustments",
            "template__bands",
            "template__sections",
            models.Prefetch("attachments", ScorecardAttachment.objects.select_related("uploaded_by")),
        )


class Scorecard(models.Model):
    """One person's scorecard for one month, created from their post's template version."""

    class State(models.TextChoices):
        SELF_ASSESSMENT = "self", _("Self-assessment (自评)")
        REVIEW = "review", _("Review (复评)")
        CONFIRMATION = "confirm", _("Awaiting acknowledgement (待本人确认)")
        LOCKED = "locked", _("Confirmed and locked (已确认)")

    OPEN_STATES = (State.SELF_ASSESSMENT, State.REVIEW, State.CONFIRMATION)
    FINAL_STATES = (State.LOCKED,)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="scorecards",
                             verbose_name=_("person appraised"))
    period = models.DateField(_("month (考评区间)"))
    template = models.ForeignKey(ScorecardTemplate, models.PROTECT, related_name="scorecards",
                                 verbose_name=_("template version"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="scorecards",
                                   verbose_name=_("department"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                 related_name="scorecards_to_review", verbose_name=_("reviewer (考评人)"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SELF_ASSESSMENT)
    self_deadline = models.DateField(_("self-assessment due"))
    review_deadline = models.DateField(_("review due"))
    summary_gains = models.TextField(_("this month's gains (本月工作小结：得)"), blank=True)
    summary_losses = models.TextField(_("this month's shortcomings (本月工作小结：失)"), blank=True)
    reviewer_opinion = models.TextField(_("reviewer's opinion (复评人意见)"), blank=True)
    self_missing = models.BooleanField(
        _("not self-assessed (未自评)"), default=False,
        help_text=_("The self-assessment was not submitted by its deadline and the reviewer reviewed without it: "
                    "the reviewer's score counts for the whole item (self weight + reviewer weight)."),
    )
    submitted_at = models.DateTimeField(_("self-assessment submitted at"), null=True, blank=True)
    reviewer_confirmed_at = models.DateTimeField(_("reviewer confirmed at (复评人签字确认)"), null=True, blank=True)
    reviewer_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                              related_name="+", verbose_name=_("confirmed by reviewer"))
    staff_confirmed_at = models.DateTimeField(_("acknowledged at (被考核人签字确认)"), null=True, blank=True)
    staff_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                           related_name="+", verbose_name=_("acknowledged by"))
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed by the month's rollup at"), null=True, blank=True)
    # Kept when the scorecard is locked and by the rollup, for lists, statistics and the annual view.
    result_total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, null=True, blank=True)
    result_bonus = models.DecimalField(_("bonus"), max_digits=6, decimal_places=2, null=True, blank=True)
    result_deductions = models.DecimalField(_("deductions"), max_digits=6, decimal_places=2, null=True, blank=True)
    result_final = models.DecimalField(_("final score"), max_digits=6, decimal_places=2, null=True, blank=True)
    result_grade = models.CharField(_("grade"), max_length=20, blank=True)
    result_rank = models.PositiveSmallIntegerField(_("rank in department"), null=True, blank=True)
    self_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "department__sort_order", "user__username"]
        verbose_name = _("scorecard (月度绩效考核表)")
        verbose_name_plural = _("scorecards")
        constraints = [models.UniqueConstraint(fields=["user", "period"], name="appraisal_one_scorecard_a_month")]
        indexes = [
            models.Index(fields=["period", "department"], name="appraisal_sc_period_dept"),
            models.Index(fields=["reviewer", "state"], name="appraisal_sc_reviewer_state"),
            models.Index(fields=["state", "self_deadline"], name="appraisal_sc_state_deadline"),
        ]
        permissions = [
            ("view_all_scorecards", _("Can read every scorecard")),
            ("export_scorecards", _("Can export score sheets and roll up months")),
        ]

    def __str__(self):
        return f"{self.user.display_name} · {period_label(self.period)}"

    def get_absolute_url(self):
        return reverse("appraisal:detail", args=[self.pk])

    def period_label(self):
        return period_label(self.period)

    def period_range(self):
        return self.period, month_end(self.period)

    def is_open(self):
        return self.state in self.OPEN_STATES

    def is_locked(self):
        return self.state == self.State.LOCKED

    def is_closed(self):
        return self.closed_at is not None

    def self_assessment_is_editable(self):
        return self.state == self.State.SELF_ASSESSMENT and not self.is_closed()

    def review_is_editable(self):
        return self.state == self.State.REVIEW and not self.is_closed()

    def awaits_acknowledgement(self):
        return self.state == self.State.CONFIRMATION and not self.is_closed()

    def can_review_without_self_assessment(self, today=None):
        """The self-assessment deadline has passed and nothing was submitted: the reviewer may go ahead."""
        today = today or timezone.localdate()
        return self.state == self.State.SELF_ASSESSMENT and not self.is_closed() and today > self.self_deadline

    def self_assessment_is_late(self, today=None):
        today = today or timezone.localdate()
        if self.submitted_at is not None:
            return timezone.localdate(self.submitted_at) > self.self_deadline
        return self.state == self.State.SELF_ASSESSMENT and today > self.self_deadline

    # Figures: computed from the lines, each able to explain itself.

    def figures(self):
        if getattr(self, "_figures", None) is None:
            self._figures = Figures.of(self)
        return self._figures

    def forget_figures(self):
        self._figures = None

    def section_scores(self):
        return {section.section.code: section.score for section in self.figures().sections}

    def total_score(self):
        return self.figures().total

    def bonus_points(self):
        return self.figures().bonus

    def deduction_points(self):
        return self.figures().deductions

    def final_score(self):
        return self.figures().final

    def grade(self):
        band = self.figures().grade
        return band.name if band else ""

    def has_result(self):
        return self.result_final is not None


class ScoreLine(models.Model):
    """One item of one scorecard: the self score and the reviewer's score (0 to the item's points)."""

    scorecard = models.ForeignKey(Scorecard, models.CASCADE, related_name="lines", verbose_name=_("scorecard"))
    item = models.ForeignKey(TemplateItem, models.PROTECT, related_name="+", verbose_name=_("item"))
    # Two places: the template's score step (0.01 by default) decides which values are allowed.
    self_score = models.DecimalField(_("self score (自评)"), max_digits=5, decimal_places=2, null=True, blank=True)
    self_remark = models.CharField(_("self remark"), max_length=500, blank=True)
    reviewer_score = models.DecimalField(_("reviewer score (考评)"), max_digits=5, decimal_places=2,
                                         null=True, blank=True)
    reviewer_remark = models.CharField(_("reviewer remark"), max_length=500, blank=True)

    class Meta:
        ordering = ["scorecard", "item__section__order", "item__order", "item__pk"]
        verbose_name = _("score line")
        verbose_name_plural = _("score lines")
        constraints = [models.UniqueConstraint(fields=["scorecard", "item"], name="appraisal_one_line_an_item")]

    def __str__(self):
        return str(self.item)


attachment_upload_to = upload_to  # the name its migrations import


class ScorecardAttachment(models.Model):
    """A page attached to a scorecard (工作计划及完成情况可另附页): the reviewer reads it, the PDF lists it."""

    scorecard = models.ForeignKey(Scorecard, models.CASCADE, related_name="attachments", verbose_name=_("scorecard"))
    file = models.FileField(_("file"), upload_to=upload_to, storage=get_protected_storage,
                            validators=[validate_upload])
    name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("what it is"), max_length=200, blank=True,
                                   help_text=_("e.g. 本月工作计划及完成情况"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["scorecard", "uploaded_at", "pk"]
        verbose_name = _("scorecard attachment (附页)")
        verbose_name_plural = _("scorecard attachments (附页)")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("appraisal:attachment", args=[self.scorecard_id, self.pk])


class Adjustment(models.Model):
    """A bonus (考核加分) or deduction (考核扣分) line: the fact, its basis and the points.

    The reviewer enters lines; others are proposed from another domain's records (appraisal.evidence: the month's
    confirmed discipline incidents…) and count only once the reviewer accepts them.
    """

    class Kind(models.TextChoices):
        BONUS = "bonus", _("Bonus (考核加分)")
        DEDUCTION = "deduction", _("Deduction (考核扣分)")

    class Status(models.TextChoices):
        COUNTED = "counted", _("Counted")
        PROPOSED = "proposed", _("Proposed from the month's records")
        DISMISSED = "dismissed", _("Dismissed")

    REVIEWER = "reviewer"  # the source of lines the reviewer enters; the others are appraisal.evidence's sources

    scorecard = models.ForeignKey(Scorecard, models.CASCADE, related_name="adjustments", verbose_name=_("scorecard"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    fact = models.TextField(_("fact (事实)"))
    basis = models.TextField(_("basis and reason (依据和理由)"), blank=True)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.COUNTED)
    source = models.CharField(_("source"), max_length=20, default=REVIEWER)
    evidence_id = models.PositiveIntegerField(_("record it comes from"), null=True, blank=True)
    evidence_date = models.DateField(_("date of the record"), null=True, blank=True)
    rule_code = models.CharField(_("rule"), max_length=30, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("entered by"))
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["scorecard", "kind", "evidence_date", "pk"]
        verbose_name = _("bonus or deduction line")
        verbose_name_plural = _("bonus and deduction lines")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "source", "kind", "evidence_id"],
                                    condition=Q(evidence_id__isnull=False), name="appraisal_one_line_a_record"),
        ]

    def __str__(self):
        sign = "+" if self.kind == self.Kind.BONUS else "−"
        return f"{sign}{self.points} {self.fact[:30]}"

    def counts(self):
        return self.status == self.Status.COUNTED

    def is_proposed_from_records(self):
        """Proposed from another domain's records (accepted or dismissed), not entered by the reviewer."""
        return self.source != self.REVIEWER

    def _evidence_source(self):
        return line_source(self.source)

    def source_label(self):
        return self._evidence_source().label if self.is_proposed_from_records() else ""

    def evidence_text(self):
        """The record behind the line, e.g. “incident #12”."""
        if self.evidence_id is None:
            return ""
        return self._evidence_source().evidence_text(self.evidence_id)

    def evidence_url(self):
        return self._evidence_source().evidence_url(self.evidence_id) if self.evidence_id is not None else ""


class ScorecardEvent(models.Model):
    """The scorecard's history: who did what and when (submitted, confirmed, reopened with a reason…)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        SUBMITTED = "submitted", _("Self-assessment submitted")
        RETURNED = "returned", _("Returned to the person for changes")
        REVIEW_CONFIRMED = "review_confirmed", _("Reviewer confirmed (复评人签字确认)")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged by the person (被考核人签字确认)")
        DISPUTED = "disputed", _("Person disagreed and asked for another look")
        LOCKED = "locked", _("Locked")
        REOPENED = "reopened", _("Reopened by the head")
        CLOSED = "closed", _("Closed by the month's rollup")
        SELF_MISSING = "self_missing", _("Reviewed without a self-assessment (未自评)")

    scorecard = models.ForeignKey(Scorecard, models.CASCADE, related_name="events", verbose_name=_("scorecard"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("who"))
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    note = models.TextField(_("reason or note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("scorecard event")
        verbose_name_plural = _("scorecard history")

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class DepartmentMonthStat(models.Model):
    """A department's month after the rollup: average, spread and grade distribution of completed scorecards."""

    period = models.DateField(_("month"))
    department = models.ForeignKey(Department, models.CASCADE, related_name="+", verbose_name=_("department"))
    scorecards = models.PositiveIntegerField(_("scorecards"), default=0)
    completed = models.PositiveIntegerField(_("completed"), default=0)
    average = models.DecimalField(_("average"), max_digits=6, decimal_places=2, null=True, blank=True)
    highest = models.DecimalField(_("highest"), max_digits=6, decimal_places=2, null=True, blank=True)
    lowest = models.DecimalField(_("lowest"), max_digits=6, decimal_places=2, null=True, blank=True)
    distribution = models.JSONField(_("by grade"), default=list)  # [[grade, count], …] highest grade first
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        ordering = ["-period", "department__sort_order"]
        verbose_name = _("department month statistics")
        verbose_name_plural = _("department month statistics")
        constraints = [models.UniqueConstraint(fields=["period", "department"], name="appraisal_one_stat_a_month")]

    def __str__(self):
        return f"{self.department} · {period_label(self.period)}"


export_upload_to = upload_to  # the name its migrations import


class ExportJob(models.Model):
    """A department- or hospital-wide export running in the background, with its progress and its file."""

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel workbook")
        PDF = "pdf", _("PDF score sheets")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    period = models.DateField(_("month"))
    department = models.ForeignKey(Department, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("department"), help_text=_("Empty: the whole hospital."))
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("scorecards"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    file = models.FileField(_("file"), upload_to=upload_to, storage=get_protected_storage, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Moves with every bit of progress: a running job whose heartbeat stopped was interrupted (server restart).
    progressed_at = models.DateTimeField(_("last progress at"), null=True, blank=True)

    STALLED_AFTER = datetime.timedelta(minutes=15)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("score sheet export")
        verbose_name_plural = _("score sheet exports")

    def __str__(self):
        return f"{self.get_format_display()} · {period_label(self.period)}"

    def is_finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)

    def percent(self):
        if self.state == self.State.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    def download_name(self):
        scope = self.department.name if self.department_id else "全院"
        return f"绩效考核_{self.period:%Y-%m}_{scope}.{self.format}"


# --- Figures -----------------------------------------------------------------------------------------


LINE_ORDER = operator.attrgetter("item.section.order", "item.order", "item.pk")  # the form's order of lines


@dataclass(slots=True)
class ItemFigure:
    """One item: its weighted parts (each rounded half-up to two places) and their sum."""

    line: ScoreLine
    item: TemplateItem
    self_part: Decimal
    reviewer_part: Decimal
    score: Decimal = ZERO
    self_score: Decimal | None = None  # the self score that counts: None when not self-assessed (未自评)

    def __post_init__(self):
        self.score = self.self_part + self.reviewer_part


@dataclass(slots=True)
class SectionFigure:
    """A section's items and what they add up to (totalled once, by total_up())."""

    section: TemplateSection
    items: list = field(default_factory=list)
    max_points: Decimal = ZERO
    self_total: Decimal = ZERO
    self_part: Decimal = ZERO
    reviewer_total: Decimal = ZERO
    reviewer_part: Decimal = ZERO
    score: Decimal = ZERO

    def total_up(self):
        for figure in self.items:
            line = figure.line
            self.max_points += figure.item.max_points
            self.self_total += figure.self_score or ZERO
            self.reviewer_total += line.reviewer_score or ZERO
            self.self_part += figure.self_part
            self.reviewer_part += figure.reviewer_part
            self.score += figure.score
        self.max_points = q2(self.max_points)
        return self

    def heading(self):
        return f"{self.section.name}（{self.max_points.normalize():f}分）"


@dataclass
class Figures:
    """Every number of a scorecard and where it comes from: sections of items, the counted bonus and deduction
    lines, the lines still proposed, the total, the final score and its grade band.

    Not self-assessed (未自评, Scorecard.self_missing): the self-assessment was never submitted and the reviewer
    reviewed without it after its deadline. Draft self scores are ignored and the reviewer's score counts for the
    whole item: the self weight is 0 and the reviewer weight is the template's two weights together (30% + 70% =
    100%), so a missing self-assessment neither costs nor earns points and the item keeps its full points.
    """

    self_weight: Decimal
    reviewer_weight: Decimal
    sections: list
    bonus_lines: list
    deduction_lines: list
    proposed_lines: list
    items: list = field(default_factory=list)
    max_points: Decimal = ZERO
    total: Decimal = ZERO
    self_part: Decimal = ZERO
    reviewer_part: Decimal = ZERO
    self_total: Decimal = ZERO
    bonus: Decimal = ZERO
    deductions: Decimal = ZERO
    final: Decimal = ZERO
    self_complete: bool = True
    review_complete: bool = True
    grade: GradeBand | None = None
    grade_upper: Decimal | None = None
    self_missing: bool = False
    template_self_weight: Decimal = ZERO
    template_reviewer_weight: Decimal = ZERO

    @classmethod
    def of(cls, scorecard):
        template = scorecard.template
        self_weight, reviewer_weight = template.self_weight, template.reviewer_weight
        missing = bool(getattr(scorecard, "self_missing", False))
        if missing:
            self_weight, reviewer_weight = ZERO, template.self_weight + template.reviewer_weight
        by_section = {}
        for section in sorted(template.sections.all(), key=lambda s: (s.order, s.pk)):
            by_section[section.pk] = SectionFigure(section)
        lines = sorted(scorecard.lines.all(), key=LINE_ORDER)
        for line in lines:
            self_score = None if missing else line.self_score
            self_part = q2(self_score * self_weight) if self_score is not None else ZERO
            reviewer_part = q2(line.reviewer_score * reviewer_weight) if line.reviewer_score is not None else ZERO
            section = by_section.get(line.item.section_id)
            if section is None:
                section = by_section[line.item.section_id] = SectionFigure(line.item.section)
            section.items.append(ItemFigure(line, line.item, self_part, reviewer_part, self_score=self_score))
        adjustments = sorted(scorecard.adjustments.all(), key=lambda a: (a.evidence_date or datetime.date.min, a.pk))
        counted = [a for a in adjustments if a.counts()]
        figures = cls(
            self_weight=self_weight, reviewer_weight=reviewer_weight,
            sections=[section.total_up() for section in by_section.values() if section.items],
            bonus_lines=[a for a in counted if a.kind == Adjustment.Kind.BONUS],
            deduction_lines=[a for a in counted if a.kind == Adjustment.Kind.DEDUCTION],
            proposed_lines=[a for a in adjustments if a.status == Adjustment.Status.PROPOSED],
            self_missing=missing, template_self_weight=template.self_weight,
            template_reviewer_weight=template.reviewer_weight,
        )
        figures.total_up(template)
        return figures

    def total_up(self, template):
        for section in self.sections:
            self.items.extend(section.items)
            self.max_points += section.max_points
            self.total += section.score
            self.self_part += section.self_part
            self.reviewer_part += section.reviewer_part
            self.self_total += section.self_total
        self.bonus = q2(sum((line.points for line in self.bonus_lines), ZERO))
        self.deductions = q2(sum((line.points for line in self.deduction_lines), ZERO))
        self.final = q2(self.total + self.bonus - self.deductions)
        self.self_complete = self.self_missing or all(item.line.self_score is not None for item in self.items)
        self.review_complete = all(item.line.reviewer_score is not None for item in self.items)
        self.grade = template.grade_for(self.final)
        self.grade_upper = dict(template.band_upper_bounds()).get(self.grade)

    @property
    def complete(self):
        return self.self_complete and self.review_complete


# --- 360° appraisal (360度评估) ---------------------------------------------------------------------------
# The policy (考核办法): "360度评估：定期组织员工互评……包括同级、上级和下级评估"; the annual appraisal (年度考核)
# combines "个人自评、上级评定、同事评价、用户评价". The head opens a round for the department's year, chooses each
# person's raters; raters answer a short form per dimension; the person sees only the anonymous aggregate, and
# only once the round is closed and enough raters answered (FeedbackPolicy.min_raters).


class FeedbackPolicy(SingletonPolicy):
    """The 360° rules, one row edited in Django admin."""

    min_raters = models.PositiveSmallIntegerField(
        _("answers needed before results show"), default=3, validators=[MinValueValidator(2), MaxValueValidator(20)],
        help_text=_("Fewer answers than this and nobody sees the person's results: answers stay anonymous."),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days raters have to answer"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)])
    scale_max = models.PositiveSmallIntegerField(
        _("highest rating"), default=5, validators=[MinValueValidator(3), MaxValueValidator(10)],
        help_text=_("Raters choose from 1 to this; the result is shown out of 100."),
    )

    class Meta:
        verbose_name = _("360° appraisal policy")
        verbose_name_plural = _("360° appraisal policy")

    def __str__(self):
        return str(_("360° appraisal policy"))


class FeedbackDimension(models.Model):
    """What raters rate (考核内容): e.g. 工作任务完成情况, 团队合作和沟通, 知识和技能水平, 职业道德."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=50)
    description = models.CharField(_("what it covers"), max_length=300, blank=True)
    is_active = models.BooleanField(_("asked in new answers"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("360° dimension")
        verbose_name_plural = _("360° dimensions")

    def __str__(self):
        return self.name


class FeedbackRound(models.Model):
    """A department's 360° round for a year."""

    class State(models.TextChoices):
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    OPEN_STATES = (State.OPEN,)
    FINAL_STATES = (State.CLOSED,)

    department = models.ForeignKey(Department, models.PROTECT, related_name="feedback_rounds",
                                   verbose_name=_("department"))
    year = models.PositiveSmallIntegerField(_("year (年度考核)"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    deadline = models.DateField(_("answers due"))
    scale_max = models.PositiveSmallIntegerField(_("highest rating"), default=5,
                                                 help_text=_("Copied from the policy when the round opens."))
    min_raters = models.PositiveSmallIntegerField(_("answers needed before results show"), default=3,
                                                  help_text=_("Copied from the policy when the round opens."))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                  verbose_name=_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("closed by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "department__sort_order"]
        verbose_name = _("360° round (360度评估)")
        verbose_name_plural = _("360° rounds")
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="appraisal_one_360_a_year")]

    def __str__(self):
        return f"{self.department} · {self.year}"

    def get_absolute_url(self):
        return reverse("appraisal:feedback_round", args=[self.pk])

    def is_open(self):
        return self.state == self.State.OPEN


class FeedbackRequest(models.Model):
    """One rater asked about one person in a round; the answers are never shown with the rater's name."""

    class Relation(models.TextChoices):
        SUPERIOR = "superior", _("Superior (上级)")
        PEER = "peer", _("Peer (同级)")
        SUBORDINATE = "subordinate", _("Subordinate (下级)")
        SERVICE_USER = "user", _("Service user (服务对象)")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the answer")
        ANSWERED = "answered", _("Answered")

    OPEN_STATES = (State.PENDING,)
    FINAL_STATES = (State.ANSWERED,)

    round = models.ForeignKey(FeedbackRound, models.CASCADE, related_name="requests", verbose_name=_("round"))
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="feedback_about",
                                verbose_name=_("person appraised"))
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="feedback_to_give",
                              verbose_name=_("rater"))
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["round", "subject__username", "relation", "pk"]
        verbose_name = _("360° rating request")
        verbose_name_plural = _("360° rating requests")
        constraints = [
            models.UniqueConstraint(fields=["round", "subject", "rater"], name="appraisal_one_360_rating_each"),
            models.CheckConstraint(condition=~Q(subject=models.F("rater")), name="appraisal_360_not_oneself"),
        ]
        indexes = [models.Index(fields=["rater", "state"], name="appraisal_360_rater_state")]

    def __str__(self):
        return f"{self.round} · {self.subject_id} ← {self.rater_id}"


class FeedbackAnswer(models.Model):
    """One rating (1 to the policy's highest) on one dimension."""

    request = models.ForeignKey(FeedbackRequest, models.CASCADE, related_name="answers", verbose_name=_("request"))
    dimension = models.ForeignKey(FeedbackDimension, models.PROTECT, related_name="+", verbose_name=_("dimension"))
    score = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(10)])

    class Meta:
        verbose_name = _("360° rating")
        verbose_name_plural = _("360° ratings")
        constraints = [models.UniqueConstraint(fields=["request", "dimension"], name="appraisal_one_360_answer")]
