"""Information-system accounts and permissions (授权审批): the catalogue, the requests, the grants register.

Every request here is an approval subject (approvals.subjects): the domain side of one ApprovalRequest, whose
chain the engine computes from the admin-editable rules of its RequestType. Their hooks (the chain's facts from
the system concerned, IT's execution refused in the inbox, the outcome) are registered in authz/apps.py.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from approvals.models import ApprovalRequest, ChainRule, Step
from approvals.subjects import ApprovalSubject
from core.models import SingletonPolicy
from core.workdays import add_working_days, provisional_years


class InformationSystem(models.Model):
    """A hospital information system (信息系统) and the department whose head approves access to it."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    owner_department = models.ForeignKey(
        "staff.Department", models.PROTECT, related_name="owned_systems",
        verbose_name=_("approving department (权限审批部门)"),
        help_text=_("Its head approves access to this system (授权人)."),
    )
    is_critical = models.BooleanField(
        _("critical (关键系统)"), default=False,
        help_text=_("Access also needs the vice president in charge of IT."),
    )
    is_hospital_wide = models.BooleanField(
        _("hospital-wide (涉及全院)"), default=False,
        help_text=_("Hospital-wide systems, network access and key resources: the vice president in charge of IT "
                    "approves, and late steps escalate to the vice president."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("information system (信息系统)")
        verbose_name_plural = _("information systems")

    def __str__(self):
        return self.name

    def needs_vp(self):
        return self.is_critical or self.is_hospital_wide


class PermissionSet(models.Model):
    """A role within one system (权限组), e.g. 门诊医生 in 医生工作站.

    人员授权审批制度 (八): authorization follows the administrative position (行政职务) and the professional title
    (业务职称). A set may name those it is granted to; a request from anyone else is refused or put to the
    system's owner, as the set says.
    """

    class WhenNotEligible(models.TextChoices):
        REFUSE = "refuse", _("Refuse the request")
        ASK_OWNER = "ask_owner", _("Let the system's owner decide (flagged on the approval page)")

    system = models.ForeignKey(InformationSystem, models.PROTECT, related_name="permission_sets",
                               verbose_name=_("system"))
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("what it allows"), max_length=300, blank=True)
    eligible_positions = models.ManyToManyField(
        "staff.Position", blank=True, related_name="permission_sets", verbose_name=_("granted to positions (职务)"),
        help_text=_("Leave both lists empty to grant it to anyone. Otherwise the applicant qualifies with one of "
                    "these positions or one of the titles below."))
    eligible_titles = models.ManyToManyField(
        "staff.ProfessionalTitle", blank=True, related_name="permission_sets",
        verbose_name=_("granted to professional titles (职称)"))
    when_not_eligible = models.CharField(
        _("when the applicant does not qualify"), max_length=20, choices=WhenNotEligible.choices,
        default=WhenNotEligible.REFUSE,
        help_text=_("Default: refuse the request. Or let the system's owner decide: the request goes ahead and the "
                    "owner's approval page says that the applicant's position and title do not qualify."))
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["system__sort_order", "system__name", "sort_order", "name"]
        unique_together = [("system", "code"), ("system", "name")]
        verbose_name = _("permission set (权限组)")
        verbose_name_plural = _("permission sets")

    def __str__(self):
        return self.name

    def is_restricted(self):
        return bool(self.eligible_positions.all() or self.eligible_titles.all())

    def admits(self, profile):
        """Whether a person with this staff profile qualifies (reads the prefetched lists when there are)."""
        if not self.is_restricted():
            return True
        if profile is None:
            return False
        return (profile.position_id in {p.pk for p in self.eligible_positions.all()}
                or profile.professional_title_id in {t.pk for t in self.eligible_titles.all()})

    def eligibility_text(self):
        """"主任、副主任 · 主任医师、副主任医师" — who it is granted to, for forms and pages."""
        return " · ".join(part for part in ("、".join(p.name for p in self.eligible_positions.all()),
                                            "、".join(t.name for t in self.eligible_titles.all())) if part)


class AuthzPolicy(SingletonPolicy):
    """The choices of 人员授权审批制度 that an administrator may relax (one row, edited in Django admin)."""

    signed_consent_required = models.BooleanField(
        _("signed consent form before IT carries out (纸质同意书)"), default=True,
        help_text=_("人员授权审批制度 (七): after the vice president approves, a signed paper consent form "
                    "(授权同意书) is handed to IT, who then carry out the request. Default on: IT records that the "
                    "signed form was received before opening an account or changing permissions. Turn off to let IT "
                    "carry out approved requests without it."),
    )

    class Meta:
        verbose_name = _("authorization policy")
        verbose_name_plural = _("authorization policy")

    def __str__(self):
        return str(_("Authorization policy"))


class AuthzRequest(ApprovalSubject):
    """What every request of this app shares: an applicant, who fills it in as a draft and submits it."""

    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("applicant"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True

    HR_VISIBLE = False  # HR follows accounts and revocations, not IT's own changes
    # Requests other departments put to IT: its staff see them from IT's step on (issue 13). IT's own privileged
    # changes and outside technicians are every IT colleague's from the start.
    IT_SEES_FROM_ITS_STEP = False


class AccountRequestQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("applicant", "system", "approval__department")


class AccountRequest(AuthzRequest):
    """A new user account (新增用户) or a permission change (权限变更) on one information system."""

    class Kind(models.TextChoices):
        NEW = "new", _("New user account (新用户)")
        CHANGE = "change", _("Permission change (权限变更)")

    REQUEST_TYPES = {Kind.NEW: "authz.account", Kind.CHANGE: "authz.change"}
    HR_VISIBLE = True
    IT_SEES_FROM_ITS_STEP = True
    IT_SEES_FROM_ITS_STEP = True
    # The policy's own words, in the approval's title (stored once, read in every language)
    KIND_TERMS = {Kind.NEW: "新用户", Kind.CHANGE: "权限变更"}

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    system = models.ForeignKey(InformationSystem, models.PROTECT, related_name="account_requests",
                               verbose_name=_("system"))
    permission_sets = models.ManyToManyField(PermissionSet, related_name="+", blank=True,
                                             verbose_name=_("permission sets to grant"))
    removed_sets = models.ManyToManyField(PermissionSet, related_name="+", blank=True,
                                          verbose_name=_("permission sets to remove"))
    reason = models.TextField(_("why the work needs it (申请理由)"))
    # Carried out by IT (信息科办理). The initial password is handed over out of band and never stored.
    account_id = models.CharField(_("account (用户帐号)"), max_length=50, blank=True)
    executed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("carried out by"))
    executed_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    password_delivered_at = models.DateTimeField(_("initial password handed over at"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("initial password changed at"), null=True, blank=True)
    password_reminded_at = models.DateTimeField(_("reminded to change the password at"), null=True, blank=True)
    # 人员授权审批制度 (七): the signed paper consent form reaches IT before IT carries the request out.
    consent_received_at = models.DateTimeField(_("signed consent form received at"), null=True, blank=True)
    consent_received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                            related_name="+", verbose_name=_("signed consent form received by"))

    objects = AccountRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("account request (用户申请)")
        verbose_name_plural = _("account requests")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.system} · {self.applicant.display_name}"

    def get_absolute_url(self):
        return reverse("authz:request_detail", args=[self.pk])

    def request_type_code(self):
        return self.REQUEST_TYPES[self.kind]

    def approval_title(self):
        return f"{self.system.name} · {self.KIND_TERMS[self.kind]} · {self.applicant.display_name}"

    def approval_facts(self):
        """The owner decides on the applicant's 职务 and 职称 (人员授权审批制度 (八)) as much as on the sets."""
        label = self._meta.get_field
        profile = getattr(self.applicant, "profile", None)
        held = [str(value or "—") for value in (getattr(profile, "position", None),
                                                 getattr(profile, "professional_title", None))]
        facts = [(label("kind").verbose_name, self.get_kind_display()), (label("system").verbose_name, self.system),
                 (_("position and title"), " · ".join(held))]
        for field in ("permission_sets", "removed_sets"):
            names = "、".join(str(permission_set) for permission_set in getattr(self, field).all())
            if names:
                facts.append((label(field).verbose_name, names))
        not_admitting = "、".join(str(permission_set) for permission_set in self.sets_not_admitting())
        if not_admitting:
            facts.append((_("not admitted by the position or title"), not_admitting))
        facts.append((label("reason").verbose_name, self.reason))
        return facts

    def is_done(self):
        return self.executed_at is not None

    def sets_not_admitting(self, permission_sets=None):
        """The permission sets to grant that the applicant's position and title do not qualify for."""
        profile = getattr(self.applicant, "profile", None)
        sets = permission_sets if permission_sets is not None else self.permission_sets.prefetch_related(
            "eligible_positions", "eligible_titles")
        return [permission_set for permission_set in sets if not permission_set.admits(profile)]

    def approvals_done(self):
        """Every approval of the chain is given: the request waits for IT (or was carried out)."""
        approval = self.approval
        if approval is None:
            return False
        if approval.state == ApprovalRequest.State.APPROVED:
            return True
        if approval.state != ApprovalRequest.State.PENDING:
            return False
        return not approval.steps.filter(round=approval.round, kind=ChainRule.Kind.APPROVE,
                                         state__in=[Step.State.WAITING, Step.State.ACTIVE]).exists()

    def needs_password_change(self):
        return self.kind == self.Kind.NEW and self.executed_at is not None and self.password_changed_at is None



class GrantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_list(self):
        return self.select_related("user__profile__department", "system", "permission_set", "executed_by",
                                   "revocation")


class Grant(models.Model):
    """One line of the grants register (授权登记): who holds which permission set on which system."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="authz_grants",
                             verbose_name=_("holder"))
    system = models.ForeignKey(InformationSystem, models.PROTECT, related_name="grants", verbose_name=_("system"))
    permission_set = models.ForeignKey(PermissionSet, models.PROTECT, related_name="grants",
                                       verbose_name=_("permission set"))
    account_id = models.CharField(_("account (用户帐号)"), max_length=50)
    granted_at = models.DateTimeField(_("since"))
    request = models.ForeignKey(AccountRequest, models.PROTECT, related_name="grants",
                                verbose_name=_("approved through"))
    executed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("carried out by"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, db_index=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("revoked by"))
    revocation = models.ForeignKey("Revocation", models.PROTECT, null=True, blank=True, related_name="grants",
                                   verbose_name=_("revocation (注销)"))
    revoked_reason = models.CharField(_("why it ended"), max_length=200, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        verbose_name = _("grant (授权记录)")
        verbose_name_plural = _("grants")
        permissions = [("view_all_grants", _("Can see the whole grants register"))]
        constraints = [
            models.UniqueConstraint(fields=["user", "permission_set"], condition=Q(revoked_at__isnull=True),
                                    name="authz_one_active_grant_per_permission_set"),
        ]
        indexes = [
            models.Index(fields=["user", "revoked_at"]), models.Index(fields=["system", "revoked_at"]),
            # the register: grants in force, newest first, a page at a time without sorting them all
            models.Index(fields=["revoked_at", "granted_at", "id"], name="authz_grant_register_idx"),
        ]

    def __str__(self):
        return f"{self.user.display_name} · {self.system.name} · {self.permission_set.name}"

    def is_active(self):
        return self.revoked_at is None


class RevocationQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("person", "applicant", "department", "approval", "issued_by")


class Revocation(AuthzRequest):
    """Revocation of every grant of a person who moves or leaves (注销), ending in a certificate (注销确认证明)."""

    REQUEST_TYPE = "authz.revocation"
    HR_VISIBLE = True

    class Reason(models.TextChoices):
        TRANSFER = "transfer", _("Transfer to another post or department (转岗/调动)")
        DEPARTURE = "departure", _("Departure from the hospital (离职)")
        OTHER = "other", _("Other change of duties")

    REASON_TERMS = {Reason.TRANSFER: "转岗或调动", Reason.DEPARTURE: "离职", Reason.OTHER: "岗位职责变动"}

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="authz_revocations",
                               verbose_name=_("person"))
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("department"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    effective_on = models.DateField(_("effective on"))
    note = models.TextField(_("note"), blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=30, blank=True)
    issued_at = models.DateTimeField(_("certificate issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("certificate issued by"))

    objects = RevocationQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("revocation (注销)")
        verbose_name_plural = _("revocations")
        constraints = [
            models.UniqueConstraint(fields=["certificate_no"], condition=~Q(certificate_no=""),
                                    name="authz_unique_certificate_no"),
        ]

    def __str__(self):
        return f"{self.person.display_name} · {self.get_reason_display()}"

    def get_absolute_url(self):
        return reverse("authz:revocation_detail", args=[self.pk])

    def approval_title(self):
        return f"{self.person.display_name} · 账号注销（{self.REASON_TERMS[self.reason]}）"

    def has_certificate(self):
        return self.issued_at is not None

    def is_done(self):
        return self.has_certificate()


class PrivilegedChangeQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("applicant", "system", "approval", "first_confirmed_by", "second_confirmed_by",
                                   "closed_by")


class PrivilegedChange(AuthzRequest):
    """An important change on a database, server, network device or software system (重要更改操作)."""

    REQUEST_TYPE = "authz.privileged"

    class Target(models.TextChoices):
        DATABASE = "database", _("Database (数据库)")
        SERVER = "server", _("Server (服务器)")
        NETWORK = "network", _("Network device (网络设备)")
        SOFTWARE = "software", _("Software system (软件系统)")

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", _("Completed and tested")
        ROLLED_BACK = "rolled_back", _("Rolled back")

    title = models.CharField(_("title"), max_length=200)
    target_kind = models.CharField(_("kind of target"), max_length=20, choices=Target.choices)
    target = models.CharField(_("target (device, server or database)"), max_length=200)
    system = models.ForeignKey(
        InformationSystem, models.PROTECT, null=True, blank=True, related_name="privileged_changes",
        verbose_name=_("information system concerned"),
        help_text=_("A hospital-wide system also needs the vice president in charge of IT."),
    )
    plan = models.TextField(_("technical plan (技术方案)"))
    steps = models.TextField(_("operations and steps (操作内容、步骤)"))
    rollback_plan = models.TextField(_("rollback plan (回退方案)"))
    window_start = models.DateTimeField(_("window starts"))
    window_end = models.DateTimeField(_("window ends"))
    first_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                           related_name="+", verbose_name=_("first technician"))
    first_confirmed_at = models.DateTimeField(_("first confirmed at"), null=True, blank=True)
    second_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                            related_name="+", verbose_name=_("second technician"))
    second_confirmed_at = models.DateTimeField(_("second confirmed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    test_result = models.TextField(_("test result (测试结果)"), blank=True)
    operation_log = models.TextField(_("operation log (工作操作日志)"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))

    objects = PrivilegedChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-window_start", "-pk"]
        verbose_name = _("privileged change (重要更改操作)")
        verbose_name_plural = _("privileged changes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("authz:change_detail", args=[self.pk])

    def approval_title(self):
        return self.title

    def is_approved(self):
        return self.approval_state() == ApprovalRequest.State.APPROVED

    def confirmations(self):
        return int(self.first_confirmed_by_id is not None) + int(self.second_confirmed_by_id is not None)

    def confirmed_by(self, user):
        return user.pk in (self.first_confirmed_by_id, self.second_confirmed_by_id)

    def in_window(self, now=None):
        now = now or timezone.now()
        return self.window_start <= now <= self.window_end

    def progress(self):
        """Where the change stands after its approval: waiting, one technician, both, closed."""
        if self.closed_at:
            return "closed"
        if not self.is_approved():
            return ""
        return ("approved", "confirming", "executing")[self.confirmations()]


class ExternalAccessQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("applicant", "system", "supervisor", "approval")

    def due_to_expire(self, now):
        return self.filter(approval__state=ApprovalRequest.State.APPROVED, ended_at__isnull=True, ends_at__lte=now)


class ExternalAccess(AuthzRequest):
    """Time-boxed access for an outside technician (外来技术人员), supervised on site by IT on a named terminal."""

    REQUEST_TYPE = "authz.external"

    class EndReason(models.TextChoices):
        EXPIRED = "expired", _("Expired at the end of its window")
        ENDED_EARLY = "ended_early", _("Ended early")

    technician_name = models.CharField(_("technician's name"), max_length=50)
    company = models.CharField(_("company"), max_length=100)
    phone = models.CharField(_("technician's phone"), max_length=20, blank=True)
    purpose = models.TextField(_("work to be done"))
    system = models.ForeignKey(InformationSystem, models.PROTECT, related_name="external_accesses",
                               verbose_name=_("system"))
    terminal = models.CharField(_("named computer or terminal (指定终端)"), max_length=100)
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("supervising IT staff member (在场监督)"))
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(_("how it ended"), max_length=20, choices=EndReason.choices, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("ended by"))

    objects = ExternalAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("external technician access (外来技术人员授权)")
        verbose_name_plural = _("external technician accesses")

    def __str__(self):
        return f"{self.technician_name} ({self.company}) · {self.system}"

    def get_absolute_url(self):
        return reverse("authz:external_detail", args=[self.pk])

    def approval_title(self):
        return f"{self.system.name} · {self.technician_name} ({self.company})"

    def access_state(self, now=None):
        """"scheduled", "active" or "ended" once approved; "" before."""
        if self.approval_state() != ApprovalRequest.State.APPROVED:
            return ""
        if self.ended_at:
            return "ended"
        now = now or timezone.now()
        return "scheduled" if now < self.starts_at else "active"


class KeyActivityKind(models.Model):
    """A kind of key activity that the vice president in charge of IT approves (人员授权审批制度 六: 涉及全院的系统
    投入运行、网络系统接入和重要资源的访问等的关键活动), each with its own request type and chain (set in admin)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("what it covers"), blank=True)
    request_type = models.ForeignKey(
        "approvals.RequestType", models.PROTECT, related_name="+", verbose_name=_("request type"),
        limit_choices_to={"code__startswith": "authz.activity."},
        help_text=_("Its chain decides who approves; seeded: the department head, then the vice president in charge "
                    "of IT, then IT carries it out. A kind added here uses 其他关键活动审批 or one of the seeded "
                    "kinds' request types."))
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("kind of key activity (关键活动)")
        verbose_name_plural = _("kinds of key activity")

    def __str__(self):
        return self.name


class KeyActivityQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("applicant", "kind", "system", "approval", "executed_by")


class KeyActivity(AuthzRequest):
    """A key activity put to the vice president (关键活动审批): a hospital-wide system going live, a network
    connection, access to an important resource."""

    IT_SEES_FROM_ITS_STEP = True

    kind = models.ForeignKey(KeyActivityKind, models.PROTECT, related_name="activities", verbose_name=_("kind"))
    title = models.CharField(_("title"), max_length=200)
    system = models.ForeignKey(InformationSystem, models.PROTECT, null=True, blank=True,
                               related_name="key_activities", verbose_name=_("information system concerned"))
    description = models.TextField(_("what is to be done, and why"))
    scope = models.TextField(_("who and what it affects (影响范围)"))
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    executed_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    executed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("carried out by"))
    execution_note = models.TextField(_("what IT did (办理情况)"), blank=True)

    objects = KeyActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("key activity (关键活动)")
        verbose_name_plural = _("key activities")

    def __str__(self):
        return f"{self.kind.name} · {self.title}"

    def get_absolute_url(self):
        return reverse("authz:activity_detail", args=[self.pk])

    def request_type_code(self):
        return self.kind.request_type.code

    def approval_title(self):
        return f"{self.kind.name} · {self.title}"

    def is_done(self):
        return self.executed_at is not None


def quarter_start(day):
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class AccessReview(models.Model):
    """A department head's quarterly review of who in their department holds what (权限复核)."""

    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="access_reviews",
                                   verbose_name=_("department"))
    quarter_start = models.DateField(_("quarter starting"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=pgettext_lazy("access review", "reviewer"))
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("completed by"))

    class Meta:
        ordering = ["-quarter_start", "department__sort_order", "department__name"]
        unique_together = [("department", "quarter_start")]
        verbose_name = _("access review (权限复核)")
        verbose_name_plural = _("access reviews")

    def __str__(self):
        return f"{self.department} · {self.quarter_label()}"

    def get_absolute_url(self):
        return reverse("authz:review_detail", args=[self.pk])

    def quarter_label(self):
        return f"{self.quarter_start.year} Q{(self.quarter_start.month - 1) // 3 + 1}"

    def is_open(self):
        return self.completed_at is None

    def due_at(self):
        """The reviewer's deadline: the configured working days after the review opened."""
        return add_working_days(self.created_at, settings.AUTHZ_ACCESS_REVIEW_WORKING_DAYS)

    def due_provisional(self):
        return bool(provisional_years(timezone.localdate(self.created_at), timezone.localdate(self.due_at())))


class AccessReviewItem(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Not yet reviewed")
        CONFIRM = "confirm", _("Still needed")
        REVOKE = "revoke", _("To be revoked")

    review = models.ForeignKey(AccessReview, models.CASCADE, related_name="items", verbose_name=_("review"))
    grant = models.ForeignKey(Grant, models.PROTECT, related_name="review_items", verbose_name=_("grant"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    note = models.CharField(_("note"), max_length=200, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["review", "grant__user__username", "grant__system__sort_order", "grant__permission_set__name"]
        unique_together = [("review", "grant")]
        verbose_name = _("access review line")
        verbose_name_plural = _("access review lines")

    def __str__(self):
        return f"{self.review} · {self.grant_id}"

