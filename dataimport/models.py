from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import registry


class ImportBatch(models.Model):
    """One uploaded file: its rows as read, the preview HR looked at, and what was written (数据导入)."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, nothing written")
        APPLIED = "applied", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    file_name = models.CharField(_("file"), max_length=200)
    file_sha256 = models.CharField(_("file's SHA-256"), max_length=64)
    options = models.JSONField(_("options"), default=dict, blank=True)
    rows = models.JSONField(_("rows as read"), default=list, blank=True)
    ignored_headers = models.JSONField(_("columns ignored"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PREVIEWED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    only_valid = models.BooleanField(_("only the valid rows"), default=False)
    finished_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("imported or discarded by"))
    finished_at = models.DateTimeField(_("imported or discarded at"), null=True, blank=True)
    summary = models.JSONField(_("what was written"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["kind", "-created_at"])]

    def __str__(self):
        return f"{self.importer_title()} · {self.file_name}"

    def get_absolute_url(self):
        return reverse("dataimport:batch", args=[self.pk])

    def importer(self):
        return registry.get(self.kind)

    def importer_title(self):
        importer = self.importer()
        return str(importer.title) if importer else self.kind

    def counts(self):
        return self.preview.get("counts", {})

    def is_open(self):
        return self.state == self.State.PREVIEWED
