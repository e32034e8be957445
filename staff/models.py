from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import ApprovalRequest
from approvals.subjects import ApprovalSubject
from core.uploads import get_protected_storage, validate_upload

from .idnumbers import mask_id_number, mask_phone, validate_id_number

employee_no_validator = RegexValidator(
    r"^[A-Za-z0-9]{3,20}$", _("An employee number is 3 to 20 letters or digits.")
)
phone_validator = RegexValidator(r"^[0-9-]{5,20}$", _("Enter a phone number of digits (and dashes) only."))


class User(AbstractUser):
    """A person who signs in. The username is the employee number (工号)."""

    username = models.CharField(
        _("employee number"),
        max_length=20,
        unique=True,
        validators=[employee_no_validator],
        error_messages={"unique": _("This employee number is already in use.")},
    )
    name = models.CharField(_("name"), max_length=50, blank=True)
    # The policy: 申请人应在收到通知的当天修改初始口令 — set when an account is created or reset.
    must_change_password = models.BooleanField(_("must change password at next sign-in"), default=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return f"{self.name} ({self.username})" if self.name else self.username

    @property
    def display_name(self):
        return self.name or self.username


class Department(models.Model):
    """A department of the hospital (科室), with its head and deputy (科主任/副主任)."""

    class Kind(models.TextChoices):
        IT = "it", _("Information technology")
        CLINICAL = "clinical", _("Clinical")
        NURSING = "nursing", _("Nursing")
        FUNCTIONAL = "functional", _("Functional / administrative")
        MEDICAL_TECH = "medtech", _("Medical technology")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CLINICAL)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
        related_name="headed_departments", verbose_name=_("head"),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
        related_name="deputised_departments", verbose_name=_("deputy head"),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    def leaders(self):
        return [u for u in (self.head, self.deputy) if u is not None]

    def is_led_by(self, user):
        return user.pk is not None and user.pk in (self.head_id, self.deputy_id)


class Post(models.Model):
    """A post (岗位) and its description (岗位说明书), maintained by admins."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="posts", verbose_name=_("department")
    )
    headcount = models.PositiveSmallIntegerField(_("headcount"), default=1)
    objective = models.TextField(_("objective (职位目标)"), blank=True)
    reports_to = models.CharField(_("reports to (向上负责)"), max_length=200, blank=True)
    collaborates_with = models.TextField(_("works alongside (平行协作)"), blank=True)
    directs = models.CharField(_("directs (向下指导)"), max_length=200, blank=True)
    internal_rules = models.TextField(_("internal rules to know (应熟悉的内部制度)"), blank=True)
    performance_requirements = models.TextField(_("performance requirements (绩效要求)"), blank=True)
    conduct = models.TextField(_("professional conduct (职业操守)"), blank=True)
    physical_requirements = models.TextField(_("physical requirements (身体条件)"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("staff:post_detail", args=[self.code])


class PostDuty(models.Model):
    """One row of a post's duties (岗位职责)."""

    post = models.ForeignKey(Post, models.CASCADE, related_name="duties", verbose_name=_("post"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("duty"), max_length=100, blank=True)
    content = models.TextField(_("content"))
    measures = models.TextField(_("assessment measures (考核要素/衡量标准)"), blank=True)

    class Meta:
        ordering = ["post", "order", "pk"]
        verbose_name = _("duty")
        verbose_name_plural = _("duties")

    def __str__(self):
        return self.name or self.content[:30]


class PostRequirement(models.Model):
    """One row of a post's qualifications (任职资格), knowledge or abilities."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", _("Qualification")
        KNOWLEDGE = "knowledge", _("Knowledge")
        ABILITY = "ability", _("Ability")

    post = models.ForeignKey(Post, models.CASCADE, related_name="requirements", verbose_name=_("post"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    content = models.TextField(_("requirement"))

    class Meta:
        ordering = ["post", "order", "pk"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self):
        return self.name


class ChoiceRowQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Position(models.Model):
    """An administrative position (行政职务: 院长 … 负责人), a choice on the profile that authorization can require.

    人员授权审批制度 (八): 信息系统授权行政职务分为院长、副院长、主任、副主任、护士长、副护士长、负责人等相对应职务.
    """

    class DepartmentRole(models.TextChoices):
        NONE = "", _("None")
        HEAD = "head", _("Heads the department")
        DEPUTY = "deputy", _("Deputy head of the department")

    name = models.CharField(_("name"), max_length=30, unique=True)
    department_role = models.CharField(
        _("in the department"), max_length=10, choices=DepartmentRole.choices, blank=True,
        help_text=_("A roster import makes the one person of a department with this position its head (or deputy), "
                    "who then approves its requests. Leave empty for positions that lead no department."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive positions are kept on the profiles "
                                                                          "that have them but offered no more."))

    objects = ChoiceRowQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("position (行政职务)")
        verbose_name_plural = _("positions (行政职务)")

    def __str__(self):
        return self.name


class ProfessionalTitle(models.Model):
    """A professional title (业务职称: 主任医师 … 护士 and their equivalents in other professions).

    人员授权审批制度 (八): 业务分为主任医师、副主任医师、主治医师、医师、医士, 主任护师、副主任护师、主管护师、护师、护士
    和其他专业相对应职称.
    """

    class Level(models.TextChoices):
        SENIOR = "senior", _("Senior (正高级)")
        ASSOCIATE_SENIOR = "associate", _("Associate senior (副高级)")
        INTERMEDIATE = "intermediate", _("Intermediate (中级)")
        JUNIOR = "junior", _("Junior (初级·师)")
        ASSISTANT = "assistant", _("Assistant (初级·士)")

    name = models.CharField(_("name"), max_length=30, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive titles are kept on the "
                                                                          "profiles that have them but offered no more."))

    objects = ChoiceRowQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("professional title (业务职称)")
        verbose_name_plural = _("professional titles (业务职称)")

    def __str__(self):
        return self.name


class StaffProfileQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("user", "department", "post", "supervisor", "position", "professional_title")

    def active(self):
        return self.exclude(status=StaffProfile.Status.DEPARTED)


class StaffProfile(models.Model):
    """HR's record of one person, one per user."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        PROBATION = "probation", _("On probation")
        REGULAR = "regular", _("Regular")
        DEPARTED = "departed", _("Departed")

    ACTIVE_STATUSES = (Status.PROBATION, Status.REGULAR)

    class Education(models.TextChoices):
        SECONDARY = "secondary", _("Secondary school")
        JUNIOR_COLLEGE = "junior_college", _("Junior college (大专)")
        BACHELOR = "bachelor", _("Bachelor's (本科)")
        MASTER = "master", _("Master's")
        DOCTORATE = "doctorate", _("Doctorate")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile")
    department = models.ForeignKey(Department, models.PROTECT, related_name="members", verbose_name=_("department"))
    post = models.ForeignKey(
        Post, models.PROTECT, null=True, blank=True, related_name="holders", verbose_name=_("post")
    )
    position = models.ForeignKey(Position, models.PROTECT, null=True, blank=True, related_name="holders",
                                 verbose_name=_("position (职务)"))
    professional_title = models.ForeignKey(ProfessionalTitle, models.PROTECT, null=True, blank=True,
                                           related_name="holders", verbose_name=_("professional title (职称)"))
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    id_number = models.CharField(
        _("ID number"), max_length=18, blank=True, validators=[validate_id_number],
        help_text=_("Resident identity card number; shown masked to everyone except HR and the person."),
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    status = models.CharField(_("employment status"), max_length=20, choices=Status.choices, default=Status.REGULAR)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="direct_reports", verbose_name=_("direct supervisor"),
    )

    history = HistoricalRecords()
    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        ordering = ["department__sort_order", "user__username"]
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        permissions = [
            ("view_personal_data", _("Can see unmasked ID numbers and phone numbers")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~Q(id_number=""), name="staff_unique_id_number"
            ),
        ]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("staff:profile", args=[self.user.username])

    def clean(self):
        from django.core.exceptions import ValidationError

        self.id_number = (self.id_number or "").strip().upper()
        if self.supervisor_id and self.supervisor_id == self.user_id:
            raise ValidationError({"supervisor": _("A person cannot be their own supervisor.")})

    def masked_id_number(self):
        return mask_id_number(self.id_number)

    def masked_phone(self):
        return mask_phone(self.phone)

    def is_active_staff(self):
        return self.status in self.ACTIVE_STATUSES


def document_upload_to(instance, filename):
    # A generated name: the original name is kept in the row, never trusted on disk.
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower()
    return f"staff/{instance.profile.user_id}/{uuid.uuid4().hex}.{extension}"


class StaffDocument(models.Model):
    """A copy of a diploma, degree, title certificate or ID card kept by HR (入职材料)."""

    class Kind(models.TextChoices):
        DIPLOMA = "diploma", _("Diploma")
        DEGREE = "degree", _("Degree certificate")
        TITLE = "title", _("Professional title certificate")
        ID_CARD = "id_card", _("ID card copy")
        OTHER = "other", _("Other")

    profile = models.ForeignKey(StaffProfile, models.PROTECT, related_name="documents", verbose_name=_("staff profile"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("file"), upload_to=document_upload_to, storage=get_protected_storage,
        validators=[validate_upload],
    )
    original_name = models.CharField(_("original file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("staff document")
        verbose_name_plural = _("staff documents")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


# ====================================================================================================
# Hiring and probation (录用与试用期)
#
# 医院信息科人员录用制度, 信息科人员录用制度, 医院信息管理人员录用 and the XX医院 version: the department
# asks for people (用人计划), 人事科 reviews and 院办公会议 approves, HR publishes a posting, candidates are
# screened against the requirements and the exclusions (不得录用的情形), take a written exam and an
# interview, a medical and a background check, are told their start date within 3 days of passing the
# interview, sign the 《试用协议》 and start a 3-month probation that ends in conversion (转正), one
# extension, or termination. Every number is in HiringPolicy or on the posting, edited by admins.
# ====================================================================================================

def education_rank(value):
    """Position of an education level in StaffProfile.Education (higher is more), -1 when unknown."""
    values = list(StaffProfile.Education.values)
    return values.index(value) if value in values else -1


def age_on(born, day):
    """Full years of age on `day` (周岁)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def add_months(day, months):
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class HiringPolicy(models.Model):
    """The numbers of the hiring and probation policies: one row, edited by admins (录用规定)."""

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
        _("count those days as working days"), default=True,
        help_text=_("人事科 acts on working days; a holiday does not shorten the time it has."),
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
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hiring policy (录用规定)")
        verbose_name_plural = _("hiring policy (录用规定)")

    def __str__(self):
        return str(_("Hiring policy"))

    @classmethod
    def current(cls):
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy

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
    reason = models.CharField(_("reason (用人需求)"), max_length=20, choices=Reason.choices)
    justification = models.TextField(_("explanation"))
    job_description = models.TextField(_("job description (岗位职责与任职要求)"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    meeting_date = models.DateField(_("date of the hospital office meeting (院办公会议)"), null=True, blank=True)
    meeting_reference = models.CharField(_("meeting minutes reference (会议纪要)"), max_length=100, blank=True)

    class Meta:
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


def candidate_upload_to(instance, filename):
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower()
    return f"hiring/{instance.candidate_id}/{uuid.uuid4().hex}.{extension}"


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
        from .idnumbers import birth_date

        return birth_date(self.id_number)

    def age(self, today=None):
        import datetime

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
    file = models.FileField(_("file"), upload_to=candidate_upload_to, storage=get_protected_storage,
                            validators=[validate_upload])
    original_name = models.CharField(_("original file name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
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

    history = HistoricalRecords()
    objects = ProbationQuerySet.as_manager()

    class Meta:
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
