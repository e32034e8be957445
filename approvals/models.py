"""The approval engine's records: request types and their chain rules (admin-edited), the requests, their steps
and delegations. The domain side of each request is its subject (approvals.subjects)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.roles import Role, role_names

from .executors import barred
from .people import directory

# A request type's code names its subject's hooks: dotted lowercase words, e.g. "leave.request".
code_validator = RegexValidator(
    r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$",
    _("Lowercase letters, digits, hyphens and underscores, in parts separated by dots (e.g. leave.request)."),
)


class RequestType(models.Model):
    """A kind of request (account request, leave, headcount…) and the rules of its chain, set in admin."""

    class Restart(models.TextChoices):
        FROM_START = "start", _("From the first step")
        FROM_RETURNING_STEP = "returning", _("From the step that returned it")

    code = models.CharField(_("code"), max_length=50, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    step_working_days = models.PositiveSmallIntegerField(
        _("working days allowed per step"), default=2,
        help_text=_("When a step has waited this long its assignee is reminded."),
    )
    escalate_after_working_days = models.PositiveSmallIntegerField(
        _("escalate after a further (working days)"), default=1,
        help_text=_("After the reminder, a step still waiting this much longer goes to the fallback approver."),
    )
    restart_on_resubmit = models.CharField(
        _("after a return, the chain restarts"), max_length=20, choices=Restart.choices, default=Restart.FROM_START
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("request type")
        verbose_name_plural = _("request types")

    def __str__(self):
        return self.name


class ChainRule(models.Model):
    """One step of a request type's chain: who approves or executes, and when the step applies."""

    class Approver(models.TextChoices):
        SUPERVISOR = "supervisor", _("The applicant's direct supervisor")
        DEPARTMENT_HEAD = "department_head", _("The head of the applicant's department")
        SYSTEM_OWNER = "system_owner", _("The head of the department that owns the requested system")
        VP_IT = "vp_it", _("The vice president in charge of IT")
        ROLE = "role", _("Anyone with a role (optionally in a department)")
        PERSON = "person", _("A named person")
        IT_EXECUTOR = "it_executor", _("IT staff (executes)")

    class Condition(models.TextChoices):
        ALWAYS = "always", _("Always")
        CRITICAL_SYSTEM = "critical", _("Only when the system is critical")
        HOSPITAL_WIDE = "hospital_wide", _("Only when the system is hospital-wide")
        OVER_WORKING_DAYS = "over_days", _("Only when longer than N working days")

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approve")
        EXECUTE = "execute", _("Execute")

    request_type = models.ForeignKey(RequestType, models.CASCADE, related_name="rules", verbose_name=_("request type"))
    order = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("step name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.APPROVE)
    approver = models.CharField(_("who"), max_length=20, choices=Approver.choices)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    department = models.ForeignKey(
        "staff.Department", models.PROTECT, null=True, blank=True, verbose_name=_("department"),
        help_text=_("For a role: only people of this department."),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    condition = models.CharField(pgettext_lazy("chain rule", "applies"), max_length=20, choices=Condition.choices,
                                 default=Condition.ALWAYS)
    condition_days = models.PositiveSmallIntegerField(_("N working days"), null=True, blank=True)
    always_ask = models.BooleanField(
        _("ask even after the same person's approval"), default=False,
        help_text=_("Normally a step is skipped when its approver has just approved the previous step. Tick this "
                    "for a decision of its own, e.g. the head's approval of a leave extension (延长离岗)."),
    )

    class Meta:
        ordering = ["request_type", "order"]
        unique_together = [("request_type", "order")]
        verbose_name = _("chain rule")
        verbose_name_plural = _("chain rules")

    def __str__(self):
        return f"{self.order}. {self.label}"

    def clean(self):
        if self.approver == self.Approver.ROLE and not self.role:
            raise ValidationError({"role": _("Choose the role that approves this step.")})
        if self.approver == self.Approver.PERSON and not self.person_id:
            raise ValidationError({"person": _("Choose the person who approves this step.")})
        if self.condition == self.Condition.OVER_WORKING_DAYS and not self.condition_days:
            raise ValidationError({"condition_days": _("Enter the number of working days.")})

    def applies(self, facts):
        """Whether this step is part of the chain of a request with these facts (approvals.subjects.ChainFacts)."""
        if self.condition == self.Condition.CRITICAL_SYSTEM:
            return facts.critical
        if self.condition == self.Condition.HOSPITAL_WIDE:
            return facts.hospital_wide
        if self.condition == self.Condition.OVER_WORKING_DAYS:
            return (facts.working_days or 0) > (self.condition_days or 0)
        return True


VIEW_PERMISSION = "approvals.view_approvalrequest"  # per request (django-guardian): the applicant and the chain


class ApprovalRequest(models.Model):
    """The approval side of any domain request; the domain object (its subject) points here with a OneToOneField."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Waiting for approval")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATES = (State.PENDING, State.RETURNED)
    UNDECIDED_STATES = (State.DRAFT, *OPEN_STATES)  # the applicant may still withdraw it
    EDITABLE_STATES = (State.DRAFT, State.RETURNED)
    FINAL_STATES = (State.APPROVED, State.REJECTED, State.WITHDRAWN)

    request_type = models.ForeignKey(RequestType, models.PROTECT, related_name="requests", verbose_name=_("type"))
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="approval_requests", verbose_name=_("applicant")
    )
    department = models.ForeignKey(
        "staff.Department", models.PROTECT, related_name="approval_requests", verbose_name=_("department")
    )
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    round = models.PositiveSmallIntegerField(_("round"), default=0, help_text=_("Counts submissions."))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The domain object (authz.AccountRequest, leave.LeaveRequest…), for links and the chain's context.
    subject_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        # named as it was created, before the model's rename
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="approvals_r_subject_c3c37e_idx")]
        permissions = [("view_any_request", _("Can see every request (auditors)"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("approvals:request_detail", args=[self.pk])

    def is_open(self):
        return self.state in self.OPEN_STATES

    def is_undecided(self):
        return self.state in self.UNDECIDED_STATES

    def is_editable(self):
        return self.state in self.EDITABLE_STATES

    def current_step(self):
        return self.steps.filter(round=self.round, state=Step.State.ACTIVE).order_by("order").first()


class StepQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=Step.State.ACTIVE)

    def for_actor(self, user, today=None):
        """Active steps this person may decide: assigned to them, to someone they stand in for, or to a
        role they hold (in the step's department, when one is set). Never their own requests, and no EXECUTE step
        of a role pool to someone barred from executing (approvals.executors)."""
        today = today or timezone.localdate()
        delegators = Delegation.objects.filter(delegate=user, starts_on__lte=today, ends_on__gte=today).values(
            "delegator"
        )
        roles = list(role_names(user))
        department_id = directory().department_id_of(user)
        by_role = Q(assignee__isnull=True, assignee_role__in=roles) & (
            Q(assignee_department__isnull=True) | Q(assignee_department_id=department_id)
        )
        steps = (
            self.active()
            .filter(Q(assignee=user) | Q(assignee__in=delegators) | by_role)
            .exclude(request__applicant=user)
        )
        is_barred = barred(user)
        if is_barred is not None:
            steps = steps.exclude(Q(assignee__isnull=True, kind=ChainRule.Kind.EXECUTE) & is_barred)
        return steps


class Step(models.Model):
    """One step of one request's chain, in one round (a resubmission starts a new round)."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Not yet reached")
        ACTIVE = "active", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned")
        SKIPPED = "skipped", _("Not needed")
        CANCELLED = "cancelled", _("Cancelled")

    DECIDED_STATES = (State.APPROVED, State.DONE, State.REJECTED, State.RETURNED)

    request = models.ForeignKey(ApprovalRequest, models.CASCADE, related_name="steps", verbose_name=_("request"))
    round = models.PositiveSmallIntegerField(_("round"))
    order = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("step"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=ChainRule.Kind.choices, default=ChainRule.Kind.APPROVE)
    rule = models.ForeignKey(ChainRule, models.SET_NULL, null=True, blank=True, related_name="+")
    # Who acts: a person, or anyone holding a role (in a department, when set).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="approval_steps",
        verbose_name=_("assignee"),
    )
    assignee_role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    assignee_department = models.ForeignKey(
        "staff.Department", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("department")
    )
    fallback = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("escalates to"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.WAITING, db_index=True)
    activated_at = models.DateTimeField(_("reached at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    # The deadline ran into a year whose holiday notice is not loaded yet (core.workdays): reset when it is.
    due_provisional = models.BooleanField(_("deadline counted provisionally"), default=False)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["request", "round", "order"]
        unique_together = [("request", "round", "order")]
        indexes = [
            models.Index(fields=["state", "assignee"]), models.Index(fields=["state", "assignee_role"]),
            # "Has the request reached its EXECUTE step?" (IT sees a request from then on: authz's lists ask it of
            # every row). Only those steps, so the question is a lookup in a small index, not a scan of every step.
            models.Index(fields=["request"], condition=Q(kind=ChainRule.Kind.EXECUTE, activated_at__isnull=False),
                         name="approvals_step_execute_reached"),
        ]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return f"{self.request} — {self.label}"

    def assignee_display(self):
        if self.assignee_id:
            return self.assignee.display_name
        role = Role(self.assignee_role).label if self.assignee_role else ""
        if self.assignee_department_id:
            return f"{self.assignee_department} · {role}"
        return str(role)

    def is_overdue(self, now=None):
        return self.state == self.State.ACTIVE and self.due_at is not None and (now or timezone.now()) > self.due_at


class Delegation(models.Model):
    """A head on leave hands their approvals to a deputy for a date range (委托审批)."""

    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="delegations_given", verbose_name=_("delegator")
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="delegations_received", verbose_name=_("delegate")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")

    def __str__(self):
        return f"{self.delegator} → {self.delegate} ({self.starts_on}–{self.ends_on})"

    def is_current(self, today=None):
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on
