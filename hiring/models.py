"""Hiring and probation (录用与试用期): headcount requests, postings, candidates, onboarding and probations.

The tables were created by the staff app, where hiring lived before it became its own app (issue 11); they keep
their names (`staff_…`), so each model names its `db_table` and its history table.
"""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import ApprovalRequest
from approvals.subjects import ApprovalSubject
from core.models import SingletonPolicy
from core.uploads import get_protected_storage, upload_to, validate_upload
from staff.idnumbers import birth_date, mask_id_number, validate_id_number
from staff.models import Department, Post, StaffProfile, phone_validator

# 医院信息科人员录用制度, 信息科人员录用制度, 医院信息管理人员录用 and the XX医院 version: the department
# asks for people (用人计划), 人事科 reviews and 院办公会议 approves, HR publishes a posting, candidates are
# screened against the requirements and the exclusions (不得录用的情形), take a written exam and an
# interview, a medical and a background check, are told their start date within 3 days of passing the
# interview, sign the 《试用协议》 and start a 3-month probation that ends in conversion (转正), one
# extension, or termination. Every number is in HiringPolicy or on the posting, edited by admins.


def education_rank(value):
    """Position of an education level in StaffProfile.Education (higher is more), -1 when unknown."""
    values = list(StaffProfile.Education.values)
    return values.index(value) if value in values else -1


def age_on(born, day):
    """Full years of age on `day` (周岁)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def add_months(day, months):
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class HiringPolicy(SingletonPolicy):
    """The numbers of the hiring and probation policies: one row, edited by admins (录用规定)."""

    class OverHeadcount(models.TextChoices):
        WARN = "warn", _("Warn, record the warning and go on")
        REFUSE = "refuse", _("Refuse the step until a headcount request covers it")

    employer_name = models.CharField(
        _("employer's name on documents (用人单位)"), max_length=100, default="医院",
        help_text=_("Printed on the probation agreement and the notice to finance."),
    )
    min_age = models.PositiveSmallIntegerField(_("default minimum age of candidates (周岁)"), default=20)
    max_age = models.PositiveSmallIntegerField(_("default maximum age of candidates (周岁)"), default=35)
    min_education = models.CharField(
        _("default minimum education"), max_length=20, choices=StaffProfile.Education.choices,
        default=StaffProfile.Education.BACHELOR,
    )
    legal_min_age = models.PositiveSmallIntegerField(
        _("nobody younger is ever hired (年龄未满18周岁不得录用)"), default=18,
    )
    score_max = models.PositiveSmallIntegerField(_("highest exam and interview score"), default=100)
    exam_pass_mark = models.DecimalField(_("default written exam pass mark"), max_digits=5, decimal_places=1,
                                         default=Decimal("60"))
    interview_pass_mark = models.DecimalField(_("default interview pass mark (panel average)"), max_digits=5,
                                              decimal_places=1, default=Decimal("60"))
    min_panel_scores = models.PositiveSmallIntegerField(
        _("panel scores needed before the interview result"), default=3,
        help_text=_("人事科组织专家团队进行面试: the interview is concluded only after this many panel members scored."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("days to notify the start date after a passed interview (面试合格者，人事科3日内通知上班时间)"), default=3,
    )
    notice_counts_working_days = models.BooleanField(
        _("count those days as working days"), default=False,
        help_text=_("The policy says 3日: calendar days by default. Tick to count working days only, so that a "
                    "holiday does not shorten the time 人事科 has."),
    )
    probation_months = models.PositiveSmallIntegerField(_("probation length in months (试用期)"), default=3)
    probation_max_months = models.PositiveSmallIntegerField(
        _("longest probation including an extension, in months"), default=6,
        help_text=_("The Labour Contract Law allows at most six months of probation."),
    )
    probation_max_extensions = models.PositiveSmallIntegerField(_("extensions allowed"), default=1)
    probation_reminder_days = models.PositiveSmallIntegerField(
        _("remind the head and HR this many days before probation ends"), default=14,
    )
    over_headcount = models.CharField(
        _("a hire beyond the post's headcount (超编)"), max_length=10, choices=OverHeadcount.choices,
        default=OverHeadcount.WARN,
        help_text=_("When registering, notifying or hiring a candidate would take the post beyond its headcount "
                    "(岗位设置, 编制) and what approved headcount requests add to it. Default: warn — the page and "
                    "the audit entry say why, and the step goes on. Refuse: the step is refused until a headcount "
                    "request for the post is approved."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(table_name="staff_historicalhiringpolicy")

    class Meta:
        db_table = "staff_hiringpolicy"
        verbose_name = _("hiring policy (录用规定)")
        verbose_name_plural = _("hiring policy (录用规定)")

    def __str__(self):
        return str(_("Hiring policy"))

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.min_age > self.max_age:
            raise ValidationError({"max_age": _("The maximum age is below the minimum age.")})
        if self.min_age < self.legal_min_age:
            raise ValidationError({"min_age": _("The minimum age cannot be below the legal minimum age.")})
        if self.probation_max_months < self.probation_months:
            raise ValidationError({"probation_max_months": _("The longest probation is shorter than the probation.")})
        for name in ("exam_pass_mark", "interview_pass_mark"):
            if getattr(self, name) > self.score_max:
                raise ValidationError({name: _("A pass mark cannot exceed the highest score.")})


class HiringExclusion(models.Model):
    """One of the circumstances in which nobody is hired (不得录用的情形), checked for every candidate."""

    class Stage(models.TextChoices):
        SCREENING = "screening", _("Checked at screening")
        MEDICAL = "medical", _("Checked at the medical check")

    text = models.CharField(_("circumstance"), max_length=200)
    stage = models.CharField(_("checked"), max_length=20, choices=Stage.choices, default=Stage.SCREENING)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "staff_hiringexclusion"
        ordering = ["order", "pk"]
        verbose_name = _("exclusion (不得录用的情形)")
        verbose_name_plural = _("exclusions (不得录用的情形)")

    def __str__(self):
        return self.text


class OnboardingRequirement(models.Model):
    """One item a new hire brings to 人事科 (入职手续), copied onto each offer's checklist."""

    name = models.CharField(_("item"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_required = models.BooleanField(_("required before the hire"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "staff_onboardingrequirement"
        ordering = ["order", "pk"]
        verbose_name = _("onboarding item (入职材料)")
        verbose_name_plural = _("onboarding items (入职材料)")

    def __str__(self):
        return self.name


class HeadcountRequest(ApprovalSubject):
    """A department's request for people (用人计划): 人事科 reviews it, the hospital office meeting approves.

    Its state is its approval's (derived, never stored)."""

    REQUEST_TYPE = "staff.headcount"

    class Reason(models.TextChoices):
        REPLACEMENT = "replacement", _("A leaver's work needs taking over (现职人员离职)")
        WORKLOAD = "workload", _("More work than people (工作量增加，现有人力不足)")
        NEW_POST = "new_post", _("A new post the hospital cannot fill internally (新增岗位)")
        RESERVE = "reserve", _("Reserve talent for the hospital's growth (提前储备人才)")

    department = models.ForeignKey(Department, models.PROTECT, related_name="headcount_requests",
                                   verbose_name=_("department"))
    post = models.ForeignKey(Post, models.PROTECT, related_name="headcount_requests", verbose_name=_("post"))
    number = models.PositiveSmallIntegerField(_("number of people"))
    beyond_headcount = models.PositiveSmallIntegerField(
        _("of them beyond the post's headcount (超编)"), default=0,
        help_text=_("Counted when the request is made: the people in the post and those asked for, less the post's "
                    "headcount and what approved requests added to it. Once approved, the request covers that many "
                    "hires beyond the headcount. A replacement never goes beyond it."),
    )
    reason = models.CharField(_("reason (用人需求)"), max_length=20, choices=Reason.choices)
    justification = models.TextField(_("explanation"))
    job_description = models.TextField(_("job description (岗位职责与任职要求)"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    meeting_date = models.DateField(_("date of the hospital office meeting (院办公会议)"), null=True, blank=True)
    meeting_reference = models.CharField(_("meeting minutes reference (会议纪要)"), max_length=100, blank=True)

    class Meta:
        db_table = "staff_headcountrequest"
        ordering = ["-pk"]
        verbose_name = _("headcount request (用人计划)")
        verbose_name_plural = _("headcount requests (用人计划)")

    def __str__(self):
        return _("%(department)s: %(post)s × %(number)d") % {
            "department": self.department.name, "post": self.post.name, "number": self.number}

    def get_absolute_url(self):
        return reverse("hiring:headcount_detail", args=[self.pk])

    def approval_title(self):
        return _("Headcount request: %(post)s × %(number)d (%(department)s)") % {
            "post": self.post.name, "number": self.number, "department": self.department.name}

    def state(self):
        return self.approval_state()

    def get_state_display(self):
        return self.approval.get_state_display() if self.approval_id else _("Draft")


class Posting(models.Model):
    """A published vacancy (招聘岗位) opened by an approved headcount request, with its requirements."""

    class State(models.TextChoices):
        DRAFT = "draft", _("To be published")
        OPEN = "open", _("Recruiting")
        CLOSED = "closed", _("Closed")

    OPEN_STATES = (State.DRAFT, State.OPEN)
    FINAL_STATES = (State.CLOSED,)

    headcount_request = models.OneToOneField(HeadcountRequest, models.PROTECT, related_name="posting",
                                             verbose_name=_("headcount request"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="postings", verbose_name=_("department"))
    post = models.ForeignKey(Post, models.PROTECT, related_name="postings", verbose_name=_("post"))
    title = models.CharField(_("title"), max_length=100)
    number = models.PositiveSmallIntegerField(_("openings"))
    description = models.TextField(_("job description (职位描述)"))
    min_education = models.CharField(_("minimum education"), max_length=20, choices=StaffProfile.Education.choices)
    min_age = models.PositiveSmallIntegerField(_("minimum age (周岁)"))
    max_age = models.PositiveSmallIntegerField(_("maximum age (周岁)"))
    exam_pass_mark = models.DecimalField(_("written exam pass mark"), max_digits=5, decimal_places=1)
    interview_pass_mark = models.DecimalField(_("interview pass mark"), max_digits=5, decimal_places=1)
    published_where = models.CharField(
        _("published where (发布渠道)"), max_length=200, blank=True,
        help_text=_("For example: the hospital website, the talent market, newspaper advertisements."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    closes_on = models.DateField(_("registration closes on (报名截止)"), null=True, blank=True)
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="hiring_panels",
                                   verbose_name=_("interview panel (面试专家)"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_note = models.CharField(_("closing note"), max_length=200, blank=True)

    class Meta:
        db_table = "staff_posting"
        ordering = ["-pk"]
        verbose_name = _("posting (招聘岗位)")
        verbose_name_plural = _("postings (招聘岗位)")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("hiring:posting_detail", args=[self.pk])

    def is_open(self):
        return self.state in self.OPEN_STATES

    def registration_open(self, today):
        return self.state == self.State.OPEN and (self.closes_on is None or today <= self.closes_on)


class CandidateQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("posting__department", "posting__post")


candidate_upload_to = upload_to  # the name its migrations import


class Candidate(models.Model):
    """A person who applied to a posting (应聘者), and how far they got."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered (已报名)")
        SCREENED = "screened", _("Passed screening (初选合格)")
        EXAMINED = "examined", _("Passed the written exam (笔试合格)")
        INTERVIEWED = "interviewed", _("Passed the interview (面试合格)")
        MEDICAL_PASSED = "medical_passed", _("Passed the medical check (体检合格)")
        BACKGROUND_CHECKED = "background_checked", _("Background checked (背景调查)")
        OFFERED = "offered", _("Start date notified (已通知上班)")
        ACCEPTED = "accepted", _("Hired (已录用)")
        DECLINED = "declined", _("Declined (放弃)")
        REJECTED = "rejected", _("Not hired (未录用)")
        INELIGIBLE = "ineligible", _("Ineligible (不符合条件)")
        DISMISSED = "dismissed", _("Dismissed: information untrue (信息不实)")

    # The pipeline in its only order; a candidate moves one step at a time.
    PIPELINE = (State.REGISTERED, State.SCREENED, State.EXAMINED, State.INTERVIEWED, State.MEDICAL_PASSED,
                State.BACKGROUND_CHECKED, State.OFFERED, State.ACCEPTED)
    OPEN_STATES = PIPELINE[:-1]
    CLOSED_STATES = (State.DECLINED, State.REJECTED, State.INELIGIBLE, State.DISMISSED)
    FINAL_STATES = (State.ACCEPTED, *CLOSED_STATES)
    # Passed the interview and not yet told the start date: the 3-day notice runs.
    AWAITING_NOTICE_STATES = (State.INTERVIEWED, State.MEDICAL_PASSED, State.BACKGROUND_CHECKED)

    posting = models.ForeignKey(Posting, models.PROTECT, related_name="candidates", verbose_name=_("posting"))
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, validators=[validate_id_number])
    education = models.CharField(_("education"), max_length=20, choices=StaffProfile.Education.choices)
    degree = models.CharField(_("degree (学位)"), max_length=50, blank=True)
    school = models.CharField(_("school"), max_length=100, blank=True)
    major = models.CharField(_("major"), max_length=100, blank=True)
    work_history = models.TextField(_("work history (工作经历)"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REGISTERED,
                             db_index=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                      verbose_name=_("registered by"))
    # Screening (初选)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("screened by"))
    ineligible_reasons = models.TextField(_("why not eligible"), blank=True)
    # Written exam (笔试)
    exam_date = models.DateField(_("written exam date"), null=True, blank=True)
    exam_score = models.DecimalField(_("written exam score"), max_digits=5, decimal_places=1, null=True, blank=True)
    # Interview (面试)
    interview_date = models.DateField(_("interview date"), null=True, blank=True)
    interview_average = models.DecimalField(_("interview average"), max_digits=5, decimal_places=2, null=True,
                                            blank=True)
    interview_passed_on = models.DateField(_("interview passed on"), null=True, blank=True)
    notice_due_on = models.DateField(_("start date to be notified by"), null=True, blank=True)
    notice_reminded_at = models.DateTimeField(_("notice reminder sent at"), null=True, blank=True)
    # Medical and background checks (体检, 背景调查)
    medical_date = models.DateField(_("medical check date"), null=True, blank=True)
    medical_note = models.CharField(_("medical check note"), max_length=200, blank=True)
    background_checked_on = models.DateField(_("background checked on"), null=True, blank=True)
    background_note = models.TextField(_("background check findings"), blank=True)
    # Offer: the start date HR notified (通知上班时间)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    offered_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("notified by"))
    # Leaving the pipeline early
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))
    closed_at_state = models.CharField(_("stage when closed"), max_length=20, choices=State.choices, blank=True)
    closed_reason = models.TextField(_("reason"), blank=True)
    # The hire
    hired_user = models.OneToOneField(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                      related_name="hiring_candidate", verbose_name=_("staff account"))

    objects = CandidateQuerySet.as_manager()

    class Meta:
        db_table = "staff_candidate"
        ordering = ["-pk"]
        verbose_name = _("candidate (应聘者)")
        verbose_name_plural = _("candidates (应聘者)")
        constraints = [
            models.UniqueConstraint(fields=["posting", "id_number"], name="hiring_one_application_per_posting",
                                    violation_error_message=_("This person has already applied to this posting.")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hiring:candidate_detail", args=[self.pk])

    def notice_due_provisional(self):
        """The start-date notice's deadline was counted on a year whose holiday notice is not loaded yet."""
        from core.workdays import provisional_years

        return bool(self.notice_due_on and self.interview_passed_on
                    and provisional_years(self.interview_passed_on, self.notice_due_on))

    def birth_date(self):
        return birth_date(self.id_number)

    def age(self, today=None):
        born = self.birth_date()
        return age_on(born, today or datetime.date.today()) if born else None

    def masked_id_number(self):
        return mask_id_number(self.id_number)

    def is_open(self):
        return self.state in self.OPEN_STATES

    def stage_index(self):
        state = self.closed_at_state if self.state in self.CLOSED_STATES else self.state
        return self.PIPELINE.index(state) if state in self.PIPELINE else 0

    def interview_scores_average(self):
        """The mean of the panel's scores (None before any), to two places."""
        scores = [entry.score for entry in self.interview_scores.all()]
        if not scores:
            return None
        return (sum(scores) / len(scores)).quantize(Decimal("0.01"))

    def exam_passed(self):
        return self.exam_score is not None and self.exam_score >= self.posting.exam_pass_mark


class CandidateExclusionCheck(models.Model):
    """HR's answer, for one candidate, to one exclusion of the policy."""

    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="exclusion_checks",
                                  verbose_name=_("candidate"))
    exclusion = models.ForeignKey(HiringExclusion, models.PROTECT, related_name="+", verbose_name=_("exclusion"))
    applies = models.BooleanField(_("applies"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("checked by"))
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        db_table = "staff_candidateexclusioncheck"
        ordering = ["exclusion__order", "pk"]
        verbose_name = _("exclusion check")
        verbose_name_plural = _("exclusion checks")
        constraints = [models.UniqueConstraint(fields=["candidate", "exclusion"], name="hiring_one_check_per_exclusion")]

    def __str__(self):
        return f"{self.candidate}: {self.exclusion}"


class InterviewScore(models.Model):
    """One panel member's score and comments for one candidate's interview."""

    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="interview_scores",
                                  verbose_name=_("candidate"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                               verbose_name=_("panel member"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    comments = models.TextField(_("comments"), blank=True)
    scored_at = models.DateTimeField(_("scored at"))

    class Meta:
        db_table = "staff_interviewscore"
        ordering = ["scored_at", "pk"]
        verbose_name = _("interview score")
        verbose_name_plural = _("interview scores")
        constraints = [models.UniqueConstraint(fields=["candidate", "member"], name="hiring_one_score_per_member")]

    def __str__(self):
        return f"{self.candidate}: {self.member} {self.score}"


class CandidateAttachment(models.Model):
    """A candidate's CV or certificate, kept outside the web root and served only to HR and the panel."""

    class Kind(models.TextChoices):
        CV = "cv", _("CV (个人简历)")
        DIPLOMA = "diploma", _("Diploma")
        DEGREE = "degree", _("Degree certificate")
        TITLE = "title", _("Professional title certificate")
        ID_CARD = "id_card", _("ID card copy")
        OTHER = "other", _("Other")

    candidate = models.ForeignKey(Candidate, models.PROTECT, related_name="attachments", verbose_name=_("candidate"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=upload_to, storage=get_protected_storage,
                            validators=[validate_upload])
    original_name = models.CharField(_("original file name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        db_table = "staff_candidateattachment"
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("candidate attachment")
        verbose_name_plural = _("candidate attachments")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class OnboardingItem(models.Model):
    """One item of a hire's onboarding checklist (入职手续), ticked by HR with who and when."""

    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="onboarding_items",
                                  verbose_name=_("candidate"))
    requirement = models.ForeignKey(OnboardingRequirement, models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField(_("item"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_required = models.BooleanField(_("required"), default=True)
    done_at = models.DateTimeField(_("received at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("received by"))

    class Meta:
        db_table = "staff_onboardingitem"
        ordering = ["order", "pk"]
        verbose_name = _("onboarding checklist item")
        verbose_name_plural = _("onboarding checklist items")

    def __str__(self):
        return self.name


class ProbationQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("profile__user", "profile__department", "profile__post")

    def active(self):
        return self.filter(state=Probation.State.ACTIVE)


class Probation(models.Model):
    """A new hire's probation (试用期): three months by default, extended once at most, then decided."""

    class State(models.TextChoices):
        ACTIVE = "active", _("On probation")
        CONVERTED = "converted", _("Converted to regular staff (转正)")
        TERMINATED = "terminated", _("Ended (辞退)")

    OPEN_STATES = (State.ACTIVE,)
    FINAL_STATES = (State.CONVERTED, State.TERMINATED)

    class EndReason(models.TextChoices):
        ASSESSMENT = "assessment", _("Failed the end-of-probation assessment")
        VIOLATION = "violation", _("Broke the rules during probation (试用期内违反有关规章制度)")
        UNTRUE_INFORMATION = "untrue", _("The information provided proved untrue (提供信息不符实)")

    profile = models.ForeignKey(StaffProfile, models.PROTECT, related_name="probations", verbose_name=_("staff profile"))
    candidate = models.OneToOneField(Candidate, models.PROTECT, null=True, blank=True, related_name="probation",
                                     verbose_name=_("candidate"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on (last day)"))
    original_ends_on = models.DateField(_("originally ending on"))
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.ACTIVE, db_index=True)
    reminded_before_at = models.DateTimeField(_("end reminder sent at"), null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(_("overdue reminder sent at"), null=True, blank=True)
    induction_passed_on = models.DateField(
        _("induction training passed on (岗前培训考核)"), null=True, blank=True,
        help_text=_("Supplied by the training domain: no system access (上机操作) before it."),
    )
    ended_on = models.DateField(_("decided on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=20, choices=EndReason.choices, blank=True)
    end_note = models.TextField(_("note"), blank=True)
    incident_id = models.PositiveBigIntegerField(_("discipline incident"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(table_name="staff_historicalprobation")
    objects = ProbationQuerySet.as_manager()

    class Meta:
        db_table = "staff_probation"
        ordering = ["ends_on", "pk"]
        verbose_name = _("probation (试用期)")
        verbose_name_plural = _("probations (试用期)")
        constraints = [
            models.UniqueConstraint(fields=["profile"], condition=Q(state="active"), name="hiring_one_active_probation"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="hiring_probation_dates"),
        ]

    def __str__(self):
        return _("Probation of %(name)s") % {"name": self.profile.user.display_name}

    def get_absolute_url(self):
        return reverse("hiring:probation_detail", args=[self.pk])

    def is_active(self):
        return self.state == self.State.ACTIVE

    def days_left(self, today):
        return (self.ends_on - today).days

    def is_overdue(self, today):
        return self.is_active() and today > self.ends_on


class ProbationAssessment(ApprovalSubject):
    """The head's end-of-probation assessment (试用期考核) and proposal, approved by 人事科.

    Its state is its approval's; `applied_at` records that an approved proposal was carried out."""

    REQUEST_TYPE = "staff.probation_assessment"

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent (优秀)")
        GOOD = "good", _("Good (良好)")
        SATISFACTORY = "satisfactory", _("Satisfactory (合格)")
        UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory (不合格)")

    class Proposal(models.TextChoices):
        CONVERT = "convert", _("Convert to regular staff (转正)")
        EXTEND = "extend", _("Extend the probation (延长试用期)")
        TERMINATE = "terminate", _("End the employment (不予录用)")

    probation = models.ForeignKey(Probation, models.PROTECT, related_name="assessments", verbose_name=_("probation"))
    work_rating = models.CharField(_("work (工作)"), max_length=20, choices=Rating.choices)
    work_comments = models.TextField(_("work: comments"), blank=True)
    conduct_rating = models.CharField(_("conduct (品行)"), max_length=20, choices=Rating.choices)
    conduct_comments = models.TextField(_("conduct: comments"), blank=True)
    attendance_rating = models.CharField(_("attendance (考勤)"), max_length=20, choices=Rating.choices)
    attendance_comments = models.TextField(_("attendance: comments"), blank=True)
    proposal = models.CharField(_("proposal"), max_length=20, choices=Proposal.choices)
    new_end_date = models.DateField(_("new last day of probation"), null=True, blank=True)
    summary = models.TextField(_("overall assessment (综合考核意见)"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("assessed by"))
    assessed_at = models.DateTimeField(_("assessed at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("carried out at"), null=True, blank=True)

    class Meta:
        db_table = "staff_probationassessment"
        ordering = ["-pk"]
        verbose_name = _("probation assessment (试用期考核)")
        verbose_name_plural = _("probation assessments (试用期考核)")

    def __str__(self):
        return _("Probation assessment of %(name)s: %(proposal)s") % {
            "name": self.probation.profile.user.display_name, "proposal": self.get_proposal_display()}

    def get_absolute_url(self):
        return self.probation.get_absolute_url()

    def approval_title(self):
        return _("Probation assessment: %(name)s — %(proposal)s") % {
            "name": self.probation.profile.user.display_name, "proposal": self.get_proposal_display()}

    def state(self):
        return self.approval_state()

    def get_state_display(self):
        return self.approval.get_state_display() if self.approval_id else _("Draft")

    def is_open(self):
        return self.approval_state() in ApprovalRequest.UNDECIDED_STATES
