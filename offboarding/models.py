"""The handover of a person who leaves or moves (离岗交接), from the policies:

- 信息中心人员离岗制度: 交接内容包括原岗位负责的所有口令、技术文档、合同档案、报告、总结……分管的设备清单和设备;
- 信息管理人员离岗: 离岗前须交付人员工号及密码, 接交人员现场进入相关系统确认无误后方为交接成功;
  离岗人员不得再使用其工号密码; 接交人员要及时更换密码;
- 用户注销流程: 信息科注销并出具注销确认证明, 人力资源部收到证明后方可办理离岗或转岗手续.

The checklist comes from admin-editable template items. Passwords are recorded as handed over, never stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    CREDENTIALS = "credentials", _("Passwords and credentials of the post (口令、工号及密码)")
    DOCUMENTS = "documents", _("Technical documents (技术文档)")
    CONTRACTS = "contracts", _("Contracts and archives (合同档案)")
    REPORTS = "reports", _("Reports and summaries (报告、总结)")
    EQUIPMENT = "equipment", _("Equipment list and equipment (设备清单和设备)")
    WORK = "work", _("Work in progress (在办工作)")
    OTHER = "other", _("Other")


class ChecklistTemplateItem(models.Model):
    """One line of the handover checklist every new handover starts with (交接内容), edited in Django admin."""

    class AppliesTo(models.TextChoices):
        BOTH = "both", _("Departures and transfers")
        DEPARTURE = "departure", _("Departures only")
        TRANSFER = "transfer", _("Transfers only")

    class Owner(models.TextChoices):
        PERSON = "person", _("The person leaving the post")
        HEAD = "head", _("The head of their department")

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("item"), max_length=200)
    guidance = models.TextField(_("what to hand over and how the successor checks it"), blank=True)
    applies_to = models.CharField(_("applies to"), max_length=20, choices=AppliesTo.choices, default=AppliesTo.BOTH)
    owner = models.CharField(_("handed over by"), max_length=20, choices=Owner.choices, default=Owner.PERSON)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("handover checklist item (交接内容)")
        verbose_name_plural = _("handover checklist items")

    def __str__(self):
        return self.title

    def applies(self, kind):
        return self.applies_to in (self.AppliesTo.BOTH, kind)


class HandoverQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("person", "department", "successor", "target_department", "revocation")

    def open(self):
        return self.filter(state__in=Handover.OPEN_STATES)


class Handover(models.Model):
    """A departure (离职) or internal transfer (转岗/调动) and its handover to a successor (接交人员)."""

    class Kind(models.TextChoices):
        DEPARTURE = "departure", _("Departure (离职)")
        TRANSFER = "transfer", _("Internal transfer (转岗/调动)")

    class State(models.TextChoices):
        OPEN = "open", _("Handing over")
        CONFIRMED = "confirmed", _("Confirmed by the successor")
        COMPLETED = "completed", _("Completed by HR")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATES = (State.OPEN, State.CONFIRMED)
    FINAL_STATES = (State.COMPLETED, State.CANCELLED)

    person = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="handovers",
                               verbose_name=_("person leaving the post"))
    department = models.ForeignKey("staff.Department", models.PROTECT, related_name="+",
                                   verbose_name=_("department"))
    post = models.ForeignKey("staff.Post", models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("post"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    effective_on = models.DateField(_("date of departure or transfer"))
    target_department = models.ForeignKey("staff.Department", models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("new department"))
    target_post = models.ForeignKey("staff.Post", models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("new post"))
    successor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="handovers_received",
                                  verbose_name=_("successor (接交人员)"))
    note = models.TextField(_("note"), blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("started by"))
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True)
    revocation = models.ForeignKey("authz.Revocation", models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("revocation (注销)"))
    confirmed_at = models.DateTimeField(_("confirmed by the successor at"), null=True, blank=True)
    password_change_required = models.BooleanField(_("the successor must change the handed-over passwords"),
                                                   default=False)
    passwords_changed_at = models.DateTimeField(_("passwords changed at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed by HR at"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("completed by"))
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True,
                                      help_text=_("When sign-in was disabled (departure) or the profile moved "
                                                  "(transfer)."))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("handover (离岗交接)")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(state__in=["open", "confirmed"]),
                                    name="offboarding_one_open_handover_per_person"),
        ]

    def __str__(self):
        return f"{self.person.display_name} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("offboarding:detail", args=[self.pk])

    def is_open(self):
        return self.state in self.OPEN_STATES

    def is_transfer(self):
        return self.kind == self.Kind.TRANSFER

    def passwords_done(self):
        return not self.password_change_required or self.passwords_changed_at is not None


class HandoverItem(models.Model):
    """One item of a handover's checklist: the owner hands it over, the successor checks it on the spot."""

    class State(models.TextChoices):
        PENDING = "pending", _("To hand over")
        HANDED_OVER = "handed_over", _("Handed over, to be checked")
        CONFIRMED = "confirmed", _("Confirmed by the successor")

    handover = models.ForeignKey(Handover, models.CASCADE, related_name="items", verbose_name=_("handover"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("item"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                              verbose_name=_("handed over by"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    note = models.CharField(_("note"), max_length=500, blank=True,
                            help_text=_("What was handed over and where it is. Never write a password here."))
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("confirmed by"))
    returned_note = models.CharField(_("why it was sent back"), max_length=500, blank=True)

    class Meta:
        ordering = ["handover", "order", "pk"]
        verbose_name = _("handover item")
        verbose_name_plural = _("handover items")

    def __str__(self):
        return self.title

    def is_credentials(self):
        return self.category == Category.CREDENTIALS


class EquipmentLine(models.Model):
    """A piece of equipment the person looked after (分管的设备), by asset number: returned or handed on."""

    class Disposition(models.TextChoices):
        RETURNED = "returned", _("Returned to the department (归还)")
        TRANSFERRED = "transferred", _("Handed to the successor (移交)")

    handover = models.ForeignKey(Handover, models.CASCADE, related_name="equipment", verbose_name=_("handover"))
    asset_number = models.CharField(_("asset number"), max_length=50)
    name = models.CharField(_("equipment"), max_length=100)
    disposition = models.CharField(_("returned or transferred"), max_length=20, choices=Disposition.choices)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("confirmed by"))

    class Meta:
        ordering = ["handover", "pk"]
        verbose_name = _("equipment line")
        verbose_name_plural = _("equipment lines")
        constraints = [models.UniqueConstraint(fields=["handover", "asset_number"],
                                               name="offboarding_unique_asset_per_handover")]

    def __str__(self):
        return f"{self.asset_number} {self.name}"
