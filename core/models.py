from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SingletonPolicy(models.Model):
    """A policy an administrator edits in Django admin: one row (pk 1), created with the field defaults the first time
    it is asked for, so a fresh database works before anyone opens the admin. Its admin mixes in
    core.admin.SingletonPolicyAdmin (the row is edited, never added beside or deleted)."""

    class Meta:
        abstract = True

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]


class CalendarDay(models.Model):
    """An admin's entry in the working-day calendar: a holiday, or a weekend that is worked (调休).

    Overrides chinese-calendar, and is the only source for years that package does not know.
    """

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=50, blank=True, help_text=_("e.g. 国庆节 or 国庆调休上班"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self):
        return f"{self.date} {self.name}"


class CalendarYear(models.Model):
    """A year whose official arrangement has been loaded: the State Council's notice (国务院办公厅关于部分节假日安排的
    通知), its 放假 and 调休上班 days stored as the year's CalendarDay rows.

    A year without one is counted provisionally unless chinese-calendar knows it (core.workdays).
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    notice = models.TextField(_("notice as loaded"), blank=True,
                              help_text=_("The text pasted or read from the uploaded file, kept as the source."))
    source_name = models.CharField(_("source"), max_length=200, blank=True,
                                   help_text=_("The uploaded file's name, or empty when the text was pasted."))
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("loaded by"))
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year (holiday notice)")
        verbose_name_plural = _("calendar years")

    def __str__(self):
        return str(self.year)
