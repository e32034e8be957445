from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread_for(self, user):
        return self.filter(recipient=user, read_at__isnull=True)

    def waiting(self):
        """Work not done yet (待您处理)."""
        return self.filter(kind=Notification.Kind.WORK, done_at__isnull=True)

    def news(self):
        return self.filter(kind=Notification.Kind.NEWS)

    def about(self, works):
        """Notifications announcing the work of these objects (of any models)."""
        ids = {}
        for work in works:
            ids.setdefault(ContentType.objects.get_for_model(work), []).append(work.pk)
        if not ids:
            return self.none()
        match = Q()
        for content_type, pks in ids.items():
            match |= Q(work_type=content_type, work_id__in=pks)
        return self.filter(match)

    def counts_for(self, user):
        """The bell's two figures in one query: work waiting for the person, and news not read yet."""
        return self.filter(recipient=user).aggregate(
            waiting=Count("pk", filter=Q(kind=Notification.Kind.WORK, done_at__isnull=True)),
            news=Count("pk", filter=Q(kind=Notification.Kind.NEWS, read_at__isnull=True)),
        )


class Notification(models.Model):
    """A message to one person: shown in the app, sent by e-mail when they have an address, pushed to their
    WeCom/DingTalk robot when they have one.

    Work (待您处理) is a notification that announces something the person has to do; it stays waiting until the
    work is done, by them or anyone else (notifications.services.work_done), whether or not it was read.
    News is everything else: it counts until read.
    """

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        WORK = "work", _("Waiting for you")

    class Outcome(models.TextChoices):
        DONE = "done", pgettext_lazy("notification outcome", "Done")
        MOVED = "moved", _("Passed to someone else")
        CANCELLED = "cancelled", _("No longer needed")
        REPEATED = "repeated", _("Followed by a newer notice")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # For work: the object whose state says whether it is still waiting (an approval step, a scorecard, an access
    # review…), and when and how the work ended. A content type survives a model's renaming.
    work_type = models.ForeignKey(ContentType, models.SET_NULL, null=True, blank=True, related_name="+")
    work_id = models.PositiveBigIntegerField(null=True, blank=True)
    work = GenericForeignKey("work_type", "work_id")
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "kind", "done_at"]),
            models.Index(fields=["work_type", "work_id"]),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None

    @property
    def is_work(self):
        return self.kind == self.Kind.WORK

    @property
    def is_waiting(self):
        return self.is_work and self.done_at is None
