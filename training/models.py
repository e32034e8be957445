"""Training (教育培训): the annual plan, sessions with sign-in, the hours ledger, exams and the induction exam.

- The annual plan (年度培训计划) of a department: items with content, form, required/elective, time, place, audience,
  trainer and hours; a change after approval is a new revision with its reason.
- Sessions (培训场次) from plan items or ad hoc; attendance by QR sign-in or ticked by the organiser; hours are
  credited per attended session. Materials, the 培训签到表 and a satisfaction survey (满意度调查) per session.
- The hours ledger (学时) is derived: attended sessions + confirmed external training + confirmed self-study,
  against the policy's target (每年不少于20学时). Each person's yearly sum is also stored (YearHours) so that long
  ledgers can be ordered and filtered by it.
- Exams (考核) from a question bank; auto-marked where possible, short answers marked by hand; a failed exam gives a
  retake (再培训). The induction exam (新进人员培训考核) records the pass on the person's probation.
- Evidence rules: the scorecard items that ask about training records, with their wording and points.
"""

import datetime
import secrets
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

from approvals.models import ApprovalRequest
from approvals.subjects import ApprovalSubject
from core.models import SingletonPolicy
from core.uploads import get_protected_storage, upload_to, validate_upload

HOURS = {"max_digits": 5, "decimal_places": 1}
ZERO = Decimal("0")


def new_signin_key():
    return secrets.token_hex(8)


training_upload_to = upload_to  # the name its migrations import


class Form(models.TextChoices):
    """培训形式: the policy's forms of training."""

    INTERNAL = "internal", _("Internal training (内部培训)")
    EXTERNAL = "external", _("External training (外部培训)")
    LECTURE = "lecture", _("Lecture (培训讲座)")
    ONLINE = "online", _("Online training (在线培训)")
    SELF_STUDY = "self_study", _("Self-study (自学)")
    STUDY_GROUP = "study_group", _("Study group (业务学习小组)")


class Requirement(models.TextChoices):
    REQUIRED = "required", _("Required (必修)")
    ELECTIVE = "elective", _("Elective (选修)")


class ContentKind(models.TextChoices):
    """培训内容: the policy's three kinds."""

    SKILLS = "skills", _("Skills (技能培训)")
    KNOWLEDGE = "knowledge", _("Knowledge (知识培训)")
    CONDUCT = "conduct", _("Professional conduct (职业素养)")


class TrainingPolicy(SingletonPolicy):
    """The numbers of the training rules an administrator may change (one row)."""

    annual_hours_target = models.DecimalField(
        _("hours a year (学时)"), **HOURS, default=Decimal("20"), validators=[MinValueValidator(0)],
        help_text=_("工作人员每年必须参加不少于20个学时的专业培训."),
    )
    late_after_minutes = models.PositiveSmallIntegerField(
        _("late after (minutes)"), default=10,
        help_text=_("A sign-in this many minutes after the start counts as late."),
    )
    signin_opens_minutes = models.PositiveSmallIntegerField(
        _("sign-in opens before the start (minutes)"), default=30)
    signin_closes_minutes = models.PositiveSmallIntegerField(
        _("sign-in closes after the end (minutes)"), default=30)
    qr_valid_seconds = models.PositiveIntegerField(
        _("a QR code is valid for (seconds)"), default=300, validators=[MinValueValidator(30)],
        help_text=_("The room's screen shows a fresh code every minute; a photo of an old code stops working "
                    "after this time."),
    )
    reminder_days = models.CharField(
        _("reminder days (MM-DD)"), max_length=100, default="07-01,10-01,12-01",
        help_text=_("On these days people behind on their hours, and their department heads, are reminded "
                    "(the start of Q3 and Q4 and a month before the year ends)."),
    )
    survey_days = models.PositiveSmallIntegerField(
        _("survey open for (days)"), default=14,
        help_text=_("Attendees may answer the satisfaction survey this many days after the session."),
    )
    default_pass_percent = models.DecimalField(
        _("default pass mark (%)"), max_digits=5, decimal_places=1, default=Decimal("60"),
        validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("training policy")
        verbose_name_plural = _("training policy")

    def __str__(self):
        return str(_("Training policy"))

    def clean(self):
        try:
            self.reminder_dates(2026)
        except ValueError:
            raise ValidationError({"reminder_days": _("Give the days as MM-DD, separated by commas.")}) from None

    def reminder_dates(self, year):
        """The reminder days of a year, in order."""
        days = []
        for part in self.reminder_days.replace("，", ",").split(","):
            part = part.strip()
            if part:
                month, day = part.split("-")
                days.append(datetime.date(year, int(month), int(day)))
        return sorted(days)


# The annual plan (年度培训计划) ------------------------------------------------------------------------------

class DecidedByEngine:
    """A subject whose own state stays "draft" until the engine's `finished` hook writes the outcome (it goes on
    afterwards: superseded, reported, confirmed). While undecided, the badge shows the approval's state."""

    def is_editable(self):
        """A draft not yet submitted, or returned for changes."""
        return self.state == self.State.DRAFT and super().is_editable()

    def state_key(self):
        """For the badge: the stored state, or the approval's while undecided (pending, returned)."""
        if self.state == self.State.DRAFT and self.approval_id:
            return self.approval_state()
        return self.state

    def state_label(self):
        if self.state == self.State.DRAFT and self.approval_id and self.approval.state != ApprovalRequest.State.DRAFT:
            return self.approval.get_state_display()
        return self.get_state_display()


class PlanQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("department", "drawn_up_by")

    def in_force(self):
        return self.filter(state=Plan.State.APPROVED)


class Plan(DecidedByEngine, ApprovalSubject):
    """One revision of a department's annual training plan, approved by the authority the chain names (上级部门).

    Its state is the approval's outcome, kept because it goes on afterwards (a later revision supersedes it); it
    changes only in the engine's `finished` hook (services.plans.plan_decided). Until then it is a draft, and the
    approval says whether it waits for a decision or was returned (state_label()).
    """

    REQUEST_TYPE = "training.plan"

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved, in force")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUPERSEDED = "superseded", _("Replaced by a later revision")

    FINAL_STATES = (State.APPROVED, State.REJECTED, State.WITHDRAWN, State.SUPERSEDED)

    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="training_plans",
                                   verbose_name=_("department"))
    year = models.PositiveSmallIntegerField(_("year"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    previous = models.OneToOneField("self", models.PROTECT, null=True, blank=True, related_name="next_revision",
                                    verbose_name=_("revises"))
    title = models.CharField(_("title"), max_length=200)
    goals = models.TextField(_("training goals (培训目标)"), blank=True)
    evaluation = models.TextField(
        _("evaluation of past training (培训效果评估)"), blank=True,
        help_text=_("What the satisfaction surveys and tests of past sessions showed, and what this plan changes."))
    change_reason = models.TextField(_("reason for the revision"), blank=True)
    cited_sessions = models.ManyToManyField("Session", blank=True, related_name="cited_by_plans",
                                            verbose_name=_("sessions whose surveys are cited"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    drawn_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("drawn up by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "department__sort_order", "-revision"]
        verbose_name = _("annual training plan (年度培训计划)")
        verbose_name_plural = _("annual training plans")
        constraints = [
            models.UniqueConstraint(fields=["department", "year", "revision"], name="training_plan_revision"),
            models.UniqueConstraint(fields=["department", "year"], condition=Q(state="approved"),
                                    name="training_one_plan_in_force"),
        ]

    def __str__(self):
        return f"{self.title}（{_('revision')} {self.revision}）"

    def get_absolute_url(self):
        return reverse("training:plan_detail", args=[self.pk])

    def approval_title(self):
        return f"{self.title}（第{self.revision}版）"

    def approval_facts(self):
        label = self._meta.get_field
        facts = [(label("year").verbose_name, self.year), (label("revision").verbose_name, self.revision),
                 (_("plan items"), _("%(count)d items, %(hours)s planned hours") % {
                     "count": self.items.count(), "hours": f"{self.planned_hours().normalize():f}"}),
                 (label("goals").verbose_name, self.goals)]
        if self.change_reason:
            facts.append((label("change_reason").verbose_name, self.change_reason))
        cited = "、".join(session.title for session in self.cited_sessions.all())
        if cited:
            facts.append((_("survey results cited"), cited))
        return facts

    def is_waiting(self):
        return self.state == self.State.DRAFT and self.approval_state() == ApprovalRequest.State.PENDING

    def is_in_force(self):
        return self.state == self.State.APPROVED

    def planned_hours(self):
        return sum((item.planned_hours for item in self.items.all()), ZERO)


class AudienceKind(models.TextChoices):
    DEPARTMENT = "department", _("All staff of the department")
    POSTS = "posts", _("Holders of some posts")
    PEOPLE = "people", _("Named people")
    HOSPITAL = "hospital", _("Users in other departments (e.g. security awareness)")
    NEW_HIRES = "new_hires", _("New hires (新进人员)")


class PlanItem(models.Model):
    """One line of the plan: what, how, when and where, for whom, by whom, how many hours."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="items", verbose_name=_("plan"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("content (培训内容)"), max_length=200)
    content_kind = models.CharField(_("kind of content"), max_length=20, choices=ContentKind.choices,
                                    default=ContentKind.SKILLS)
    description = models.TextField(_("description"), blank=True)
    form = models.CharField(_("form (培训形式)"), max_length=20, choices=Form.choices, default=Form.INTERNAL)
    requirement = models.CharField(_("required or elective"), max_length=10, choices=Requirement.choices,
                                   default=Requirement.REQUIRED)
    planned_from = models.DateField(_("planned from"))
    planned_until = models.DateField(_("planned until"))
    schedule_note = models.CharField(_("when (e.g. every Wednesday afternoon)"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    audience_kind = models.CharField(_("audience (培训对象)"), max_length=20, choices=AudienceKind.choices,
                                     default=AudienceKind.DEPARTMENT)
    audience_posts = models.ManyToManyField("staff.Post", blank=True, related_name="+", verbose_name=_("posts"))
    audience_people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                             verbose_name=_("people"))
    audience_departments = models.ManyToManyField("staff.Department", blank=True, related_name="+",
                                                  verbose_name=_("departments"))
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("trainer"))
    trainer_name = models.CharField(_("outside trainer"), max_length=100, blank=True,
                                    help_text=_("When the trainer is not on the staff: name and organisation."))
    planned_hours = models.DecimalField(_("planned hours"), **HOURS, validators=[MinValueValidator(Decimal("0.5"))])
    is_induction = models.BooleanField(_("part of the induction (新进人员培训)"), default=False)
    origin = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("same item in the previous revision"))

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [models.CheckConstraint(condition=Q(planned_until__gte=models.F("planned_from")),
                                              name="training_item_dates")]

    def __str__(self):
        return self.title

    def trainer_display(self):
        if self.trainer_id:
            return self.trainer.display_name
        return self.trainer_name


# Sessions (培训场次) and attendance (签到) -----------------------------------------------------------------------

class SessionQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("department", "organiser", "trainer", "plan_item")

    def live(self):
        return self.exclude(state=Session.State.CANCELLED)


class Session(models.Model):
    """One training session: its schedule, trainer, materials and attendance sheet."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held, attendance closed")
        CANCELLED = "cancelled", _("Cancelled")

    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="training_sessions",
                                   verbose_name=_("department"))
    plan_item = models.ForeignKey(PlanItem, models.PROTECT, null=True, blank=True, related_name="sessions",
                                  verbose_name=_("plan item"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    form = models.CharField(_("form (培训形式)"), max_length=20, choices=Form.choices, default=Form.INTERNAL)
    requirement = models.CharField(_("required or elective"), max_length=10, choices=Requirement.choices,
                                   default=Requirement.REQUIRED)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=100)
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("trainer"))
    trainer_name = models.CharField(_("outside trainer"), max_length=100, blank=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="organised_sessions",
                                  verbose_name=_("organiser"))
    hours = models.DecimalField(_("hours credited (学时)"), **HOURS, validators=[MinValueValidator(Decimal("0.5"))])
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SCHEDULED,
                             db_index=True)
    signin_key = models.CharField(max_length=32, default=new_signin_key, editable=False)
    closed_at = models.DateTimeField(_("attendance closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("attendance closed by"))
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("training session (培训场次)")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["department", "starts_at"])]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="training_session_times")]

    def __str__(self):
        return f"{self.title} · {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("training:session_detail", args=[self.pk])

    def trainer_display(self):
        if self.trainer_id:
            return self.trainer.display_name
        return self.trainer_name

    def time_text(self):
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        if start.date() == end.date():
            return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
        return f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}"

    def is_scheduled(self):
        return self.state == self.State.SCHEDULED

    def is_cancelled(self):
        return self.state == self.State.CANCELLED

    def has_started(self, now=None):
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now=None):
        return (now or timezone.now()) >= self.ends_at

    def signin_window(self, policy):
        return (self.starts_at - datetime.timedelta(minutes=policy.signin_opens_minutes),
                self.ends_at + datetime.timedelta(minutes=policy.signin_closes_minutes))

    def signin_is_open(self, policy, now=None):
        now = now or timezone.now()
        opens, closes = self.signin_window(policy)
        return self.is_scheduled() and opens <= now <= closes

    def late_after(self, policy):
        return self.starts_at + datetime.timedelta(minutes=policy.late_after_minutes)


class AttendanceQuerySet(models.QuerySet):
    def attended(self):
        """Present or late at a session that was not cancelled: these earn the session's hours."""
        return self.filter(status__in=Attendance.ATTENDED, session__state__in=[Session.State.SCHEDULED,
                                                                               Session.State.HELD])


class Attendance(models.Model):
    """One row of the attendance sheet (签到表): who was expected, who signed in, when and how."""

    class Status(models.TextChoices):
        EXPECTED = "expected", _("Not signed in")
        PRESENT = "present", _("Present")
        LATE = "late", pgettext_lazy("attendance", "Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    ATTENDED = (Status.PRESENT, Status.LATE)

    class Method(models.TextChoices):
        QR = "qr", _("Scanned the QR code")
        TICKED = "ticked", _("Ticked by the organiser")

    session = models.ForeignKey(Session, models.CASCADE, related_name="attendance", verbose_name=_("session"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="training_attendance",
                               verbose_name=_("person"))
    invited = models.BooleanField(_("on the list"), default=True,
                                  help_text=_("Off for someone who came without being on the list."))
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, default=Status.EXPECTED)
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("recorded by"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["session", "person__username"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="training_one_row_a_person")]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self):
        return f"{self.person.display_name} · {self.session.title}"

    def attended(self):
        return self.status in self.ATTENDED


class Material(models.Model):
    """A file of the session: slides, handout, recording notes."""

    session = models.ForeignKey(Session, models.CASCADE, related_name="materials", verbose_name=_("session"))
    file = models.FileField(_("file"), upload_to=upload_to, storage=get_protected_storage,
                            validators=[validate_upload])
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["session", "uploaded_at", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.name


class SurveyResponse(models.Model):
    """满意度调查: one attendee's answers about one session (shown to the organiser without names)."""

    SCALE = [(n, str(n)) for n in range(1, 6)]

    session = models.ForeignKey(Session, models.CASCADE, related_name="survey_responses",
                                verbose_name=_("session"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("person"))
    overall = models.PositiveSmallIntegerField(_("overall satisfaction"), choices=SCALE)
    content = models.PositiveSmallIntegerField(_("content was useful for my work"), choices=SCALE)
    trainer = models.PositiveSmallIntegerField(_("the trainer explained clearly"), choices=SCALE)
    comment = models.TextField(_("what should change"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("satisfaction survey answer")
        verbose_name_plural = _("satisfaction survey answers")
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="training_one_survey_a_person")]

    def __str__(self):
        return f"{self.session} · {self.overall}"


# External training (外派培训) ------------------------------------------------------------------------------------

class ExternalTrainingQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("person", "department", "confirmed_by")

    def credited(self):
        return self.filter(state=ExternalTraining.State.CONFIRMED)


class ExternalTraining(DecidedByEngine, ApprovalSubject):
    """外派培训: a request to attend training outside (cost, organiser, dates) through the approval engine; afterwards
    the certificate, and the hours credited once the head confirms."""

    REQUEST_TYPE = "training.external"

    class State(models.TextChoices):
        DRAFT = "draft", _("Not decided yet")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REPORTED = "reported", _("Certificate handed in, waiting for confirmation")
        CONFIRMED = "confirmed", _("Hours credited")

    FINAL_STATES = (State.REJECTED, State.WITHDRAWN, State.CONFIRMED)

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="external_training",
                               verbose_name=_("person"))
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("department"))
    plan_item = models.ForeignKey(PlanItem, models.SET_NULL, null=True, blank=True, related_name="external",
                                  verbose_name=_("plan item"))
    title = models.CharField(_("training"), max_length=200)
    organiser = models.CharField(_("organised by"), max_length=200)
    place = models.CharField(_("place"), max_length=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    cost = models.DecimalField(_("cost (yuan)"), max_digits=9, decimal_places=2, default=ZERO,
                               validators=[MinValueValidator(0)])
    hours = models.DecimalField(pgettext_lazy("training", "hours"), **HOURS,
                                validators=[MinValueValidator(Decimal("0.5"))])
    requirement = models.CharField(_("required or elective"), max_length=10, choices=Requirement.choices,
                                   default=Requirement.ELECTIVE)
    reason = models.TextField(_("why the work needs it"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    certificate = models.FileField(_("certificate"), upload_to=upload_to, storage=get_protected_storage,
                                   validators=[validate_upload], blank=True)
    certificate_name = models.CharField(_("certificate file name"), max_length=200, blank=True)
    report = models.TextField(_("what was learnt"), blank=True)
    reported_at = models.DateTimeField(_("certificate handed in at"), null=True, blank=True)
    hours_credited = models.DecimalField(_("hours credited"), **HOURS, null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ExternalTrainingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("external training (外派培训)")
        verbose_name_plural = _("external training")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="training_external_dates")]

    def __str__(self):
        return f"{self.person.display_name} · {self.title}"

    def get_absolute_url(self):
        return reverse("training:external_detail", args=[self.pk])

    def approval_title(self):
        return f"外派培训：{self.person.display_name} · {self.title} · {self.period_text()}"

    def approval_facts(self):
        label = self._meta.get_field
        return [(label("title").verbose_name, self.title), (label("organiser").verbose_name, self.organiser),
                (label("place").verbose_name, self.place), (pgettext_lazy("approval", "dates"), self.period_text()),
                (label("cost").verbose_name, self.cost), (label("hours").verbose_name, f"{self.hours.normalize():f}"),
                (label("requirement").verbose_name, self.get_requirement_display()),
                (label("reason").verbose_name, self.reason)]

    def period_text(self):
        if self.starts_on == self.ends_on:
            return f"{self.starts_on:%Y-%m-%d}"
        return f"{self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"


# Hours outside sessions: self-study and the monthly slides -------------------------------------------------------

class SelfStudy(models.Model):
    """自学: hours a person studied on their own, counted once a leader confirms them."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Not accepted")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="self_study",
                               verbose_name=_("person"))
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("department"))
    studied_on = models.DateField(_("date"))
    title = models.CharField(_("what was studied"), max_length=200)
    hours = models.DecimalField(pgettext_lazy("training", "hours"), **HOURS,
                                validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("40"))])
    note = models.TextField(_("notes (学习笔记)"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=upload_to, storage=get_protected_storage,
                                validators=[validate_upload], blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING,
                             db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-studied_on", "-pk"]
        verbose_name = _("self-study (自学)")
        verbose_name_plural = _("self-study")

    def __str__(self):
        return f"{self.person.display_name} · {self.title}"


class SlideDeck(models.Model):
    """技术文档: the month's slides on problems met in the systems and how they were solved (问题及处理方法PPT)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="slide_decks",
                               verbose_name=_("person"))
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("department"))
    month = models.DateField(_("month"))
    title = models.CharField(_("title"), max_length=200)
    slides = models.PositiveSmallIntegerField(_("slides"), validators=[MinValueValidator(1),
                                                                       MaxValueValidator(500)])
    file = models.FileField(_("file"), upload_to=upload_to, storage=get_protected_storage,
                            validators=[validate_upload])
    file_name = models.CharField(_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-month", "-uploaded_at"]
        verbose_name = _("slide deck (问题及处理方法PPT)")
        verbose_name_plural = _("slide decks")
        indexes = [models.Index(fields=["person", "month"])]

    def __str__(self):
        return f"{self.person.display_name} · {self.month:%Y-%m} · {self.title}"


class HoursReminder(models.Model):
    """A reminder day of the hours ledger that has been sent (so a restarted worker does not send it twice)."""

    day = models.DateField(_("reminder day"), unique=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("hours reminder sent")
        verbose_name_plural = _("hours reminders sent")

    def __str__(self):
        return f"{self.day:%Y-%m-%d}"


class YearHours(models.Model):
    """A person's training hours of a year (年度学时), stored so that HR's ledger can order and filter everyone by
    them with an index instead of summing the whole year's attendance on every page.

    Derived data: the sum of what selectors.hours_by_person counts (attended sessions, credited external training,
    confirmed self-study). training/signals.py keeps it after every save or deletion of those records, whoever makes
    it; `manage.py recount_training_hours` rebuilds it (after a bulk load, or to repair)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="training_year_hours",
                               verbose_name=_("person"))
    year = models.PositiveSmallIntegerField(_("year"))
    hours = models.DecimalField(_("hours of the year (年度学时)"), max_digits=7, decimal_places=1, default=ZERO)

    class Meta:
        ordering = ["-year", "person"]
        verbose_name = _("yearly training hours (年度学时)")
        verbose_name_plural = _("yearly training hours")
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="training_year_hours_once")]
        indexes = [models.Index(fields=["year", "hours"], name="training_year_hours_order")]

    def __str__(self):
        return f"{self.person_id} · {self.year} · {self.hours}"


# Exams (考核) ------------------------------------------------------------------------------------------------------

class Topic(models.Model):
    """A topic of the question bank (题库)."""

    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("department"))
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("question bank topic")
        verbose_name_plural = _("question bank topics")
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="training_topic_name")]

    def __str__(self):
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")
        SHORT = "short", _("Short answer (marked by hand)")

    AUTO_MARKED = (Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE)

    topic = models.ForeignKey(Topic, models.PROTECT, related_name="questions", verbose_name=_("topic"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("question"))
    points = models.DecimalField(_("points"), max_digits=4, decimal_places=1, default=Decimal("5"),
                                 validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("100"))])
    reference_answer = models.TextField(_("reference answer / marking guide"), blank=True)
    explanation = models.TextField(_("explanation shown after the exam"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("written by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["topic", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text[:40]

    def is_auto_marked(self):
        return self.kind in self.AUTO_MARKED


class Choice(models.Model):
    question = models.ForeignKey(Question, models.CASCADE, related_name="choices", verbose_name=_("question"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("choice"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text

    def letter(self):
        return "ABCDEFGHIJ"[self.order] if self.order < 10 else str(self.order + 1)


class ExamQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("department", "created_by", "session")


class Exam(models.Model):
    """An exam built from the bank: its questions, pass mark, time limit and retakes."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Training test (培训考核)")
        WEEKLY = "weekly", _("Weekly staff test (每周科员专业考核)")
        INDUCTION = "induction", _("Induction exam (新进人员培训考核)")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", pgettext_lazy("exam state", "Open")
        CLOSED = "closed", pgettext_lazy("exam state", "Closed")

    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="training_exams",
                                   verbose_name=_("department"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.REGULAR)
    session = models.ForeignKey(Session, models.SET_NULL, null=True, blank=True, related_name="exams",
                                verbose_name=_("session it tests"))
    instructions = models.TextField(_("instructions"), blank=True)
    pass_percent = models.DecimalField(_("pass mark (%)"), max_digits=5, decimal_places=1, default=Decimal("60"),
                                       validators=[MinValueValidator(0), MaxValueValidator(100)])
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Empty: no limit. The server refuses answers after the limit."))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True,
                                     help_text=_("Empty: stays open (the induction exam)."))
    retakes = models.PositiveSmallIntegerField(_("retakes after a fail (再培训)"), default=1,
                                               validators=[MaxValueValidator(10)])
    retraining_note = models.TextField(_("what to study before a retake"), blank=True)
    show_answers = models.BooleanField(_("show the correct answers after submitting"), default=True)
    shuffle = models.BooleanField(_("shuffle the questions for each person"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("organiser"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ExamQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("exam (考核)")
        verbose_name_plural = _("exams")
        indexes = [models.Index(fields=["department", "kind", "opens_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:exam_detail", args=[self.pk])

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.state == self.State.OPEN and self.opens_at <= now and (self.closes_at is None
                                                                           or now < self.closes_at)

    def attempts_allowed(self, extra=0):
        return 1 + self.retakes + extra


class ExamQuestion(models.Model):
    exam = models.ForeignKey(Exam, models.CASCADE, related_name="exam_questions", verbose_name=_("exam"))
    question = models.ForeignKey(Question, models.PROTECT, related_name="+", verbose_name=_("question"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["exam", "order", "pk"]
        verbose_name = _("exam question")
        verbose_name_plural = _("exam questions")
        constraints = [models.UniqueConstraint(fields=["exam", "question"], name="training_question_once")]

    def __str__(self):
        return str(self.question)


class AssignmentQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("exam", "person", "assigned_by")


class Assignment(models.Model):
    """A person is to take an exam; failing opens a retake (再培训) until the attempts allowed are used."""

    exam = models.ForeignKey(Exam, models.PROTECT, related_name="assignments", verbose_name=_("exam"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="exam_assignments",
                               verbose_name=_("person"))
    due_at = models.DateTimeField(_("due by"), null=True, blank=True)
    extra_attempts = models.PositiveSmallIntegerField(_("extra retakes granted"), default=0)
    # The induction exam of a probation (新进人员): the probation's id, so the pass is recorded on it.
    probation_id = models.PositiveBigIntegerField(_("probation"), null=True, blank=True)
    passed_at = models.DateTimeField(_("passed at"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["exam", "person__username"]
        verbose_name = _("exam assignment")
        verbose_name_plural = _("exam assignments")
        constraints = [models.UniqueConstraint(fields=["exam", "person"], name="training_assigned_once")]

    def __str__(self):
        return f"{self.person.display_name} · {self.exam}"

    def attempts_allowed(self):
        return self.exam.attempts_allowed(self.extra_attempts)


class AttemptQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("exam", "person", "marked_by")

    def finished(self):
        return self.filter(state__in=[Attempt.State.MARKING, Attempt.State.MARKED])


class Attempt(models.Model):
    """One sitting of an exam (答卷). The time limit is kept by the server: deadline_at."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        MARKING = "marking", _("Waiting for marking")
        MARKED = "marked", _("Marked")

    FINISHED_STATES = (State.MARKING, State.MARKED)

    assignment = models.ForeignKey(Assignment, models.PROTECT, related_name="attempts",
                                   verbose_name=_("assignment"))
    exam = models.ForeignKey(Exam, models.PROTECT, related_name="attempts", verbose_name=_("exam"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="exam_attempts",
                               verbose_name=_("person"))
    number = models.PositiveSmallIntegerField(_("attempt"), default=1)
    question_ids = models.JSONField(_("questions in order"), default=list)
    started_at = models.DateTimeField(_("started at"))
    deadline_at = models.DateTimeField(_("must be handed in by"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("handed in at"), null=True, blank=True)
    timed_out = models.BooleanField(_("handed in at the time limit"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.IN_PROGRESS,
                             db_index=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=1, null=True, blank=True)
    max_score = models.DecimalField(_("out of"), max_digits=6, decimal_places=1, default=ZERO)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("marked by"))
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("exam attempt (答卷)")
        verbose_name_plural = _("exam attempts")
        constraints = [models.UniqueConstraint(fields=["assignment", "number"], name="training_attempt_number")]
        indexes = [models.Index(fields=["person", "state"])]

    def __str__(self):
        return f"{self.person.display_name} · {self.exam} · {self.number}"

    def get_absolute_url(self):
        return reverse("training:attempt_detail", args=[self.pk])

    def is_in_progress(self):
        return self.state == self.State.IN_PROGRESS

    def is_finished(self):
        return self.state in self.FINISHED_STATES

    def is_past_deadline(self, now=None):
        return self.deadline_at is not None and (now or timezone.now()) > self.deadline_at

    def seconds_left(self, now=None):
        if self.deadline_at is None:
            return None
        return max(0, int((self.deadline_at - (now or timezone.now())).total_seconds()))

    def percent(self):
        if self.score is None or not self.max_score:
            return None
        return (self.score * 100 / self.max_score).quantize(Decimal("0.1"))


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, models.CASCADE, related_name="answers", verbose_name=_("attempt"))
    question = models.ForeignKey(Question, models.PROTECT, related_name="+", verbose_name=_("question"))
    choices = models.ManyToManyField(Choice, blank=True, related_name="+", verbose_name=_("chosen"))
    text = models.TextField(_("answer"), blank=True)
    points = models.DecimalField(_("points"), max_digits=4, decimal_places=1, null=True, blank=True)
    marker_note = models.CharField(_("marker's note"), max_length=300, blank=True)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        ordering = ["attempt", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="training_one_answer")]

    def __str__(self):
        return f"{self.attempt} · {self.question_id}"


# Evidence for the scorecards (绩效考核) ---------------------------------------------------------------------------

class EvidenceRule(models.Model):
    """A scorecard item that asks about training records, with its wording and points (data, not code).

    The reviewer sees the facts on the scorecard; a missing record can be proposed as a deduction line in the
    item's words — proposed, never applied without the reviewer.
    """

    class Check(models.TextChoices):
        WEEKLY_TEST_NOT_HELD = "weekly_test_not_held", _("A week of the month without a weekly staff test held")
        WEEKLY_TEST_MISSED = "weekly_test_missed", _("A weekly staff test the person did not take")
        SLIDES_SHORT = "slides_short", _("Fewer slides (问题及处理方法PPT) than the threshold in the month")
        NEW_HIRE_UNTRAINED = "new_hire_untrained", _("A new hire of the department at work without the induction "
                                                     "exam passed")
        SESSION_UNRECORDED = "session_unrecorded", _("A session of the department held without an attendance "
                                                     "record")
        NO_TRAINING_GIVEN = "no_training_given", _("The person gave or organised no training in the month")
        NO_SIGNIN_SHEET = "no_signin_sheet", _("A session the person organised without a signed attendance list")

    post = models.ForeignKey("staff.Post", models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("post"), help_text=_("Empty: every post."))
    kind = models.CharField(pgettext_lazy("evidence rule", "what is checked"), max_length=30,
                             choices=Check.choices)
    item = models.CharField(_("scorecard item"), max_length=200)
    wording = models.CharField(_("deduction wording (the item's words)"), max_length=300)
    points = models.DecimalField(_("points per occurrence"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))])
    threshold = models.PositiveSmallIntegerField(_("threshold"), null=True, blank=True,
                                                 help_text=_("For slides: how many a month."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["post__sort_order", "pk"]
        verbose_name = _("scorecard evidence rule")
        verbose_name_plural = _("scorecard evidence rules")

    def __str__(self):
        post = self.post.name if self.post_id else _("Every post")
        return f"{post} · {self.wording}"

    def clean(self):
        if self.kind == self.Check.SLIDES_SHORT and not self.threshold:
            raise ValidationError({"threshold": _("Give the number of slides a month.")})


class EvidenceProposal(models.Model):
    """What a rule proposed for a person's month (the record behind a proposed scorecard line): kept so the line
    links back to the facts, and so the same month and rule always give the same line."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("person"))
    period = models.DateField(_("month"))
    rule = models.ForeignKey(EvidenceRule, models.PROTECT, related_name="proposals", verbose_name=_("rule"))
    count = models.PositiveSmallIntegerField(_("times"))
    facts = models.JSONField(_("facts"), default=list)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-period", "person__username", "rule"]
        verbose_name = _("proposed scorecard deduction")
        verbose_name_plural = _("proposed scorecard deductions")
        constraints = [models.UniqueConstraint(fields=["person", "period", "rule"],
                                               name="training_one_proposal_a_rule_a_month")]

    def __str__(self):
        return f"{self.person.display_name} · {self.period:%Y-%m} · {self.rule.wording}"

    def get_absolute_url(self):
        return reverse("training:evidence", args=[self.person.username, self.period.year, self.period.month])
