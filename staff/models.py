from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.uploads import get_protected_storage, upload_to, validate_upload

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


class PostQuerySet(models.QuerySet):
    def with_filled(self):
        """Annotates `filled`: the people in the post (在岗: on probation or regular)."""
        return self.annotate(filled=models.Count("holders", filter=Q(holders__status__in=StaffProfile.ACTIVE_STATUSES)))


class Post(models.Model):
    """A post (岗位) and its description (岗位说明书), maintained by admins."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="posts", verbose_name=_("department")
    )
    headcount = models.PositiveSmallIntegerField(
        _("headcount (编制)"), default=1,
        help_text=_("People the post is set up for (岗位设置: 各1人). A hire beyond it is warned about (or refused, by "
                    "the hiring policy) unless an approved headcount request (用人计划) covers it."),
    )
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
    objects = PostQuerySet.as_manager()

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


document_upload_to = upload_to  # the name its migrations import


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
        _("file"), upload_to=upload_to, storage=get_protected_storage,
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
