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


class PushChannel(models.Model):
    """A workplace robot that receives pushes: a person's own, or a department's group (set by admins).

    The webhook (whose key is itself a secret) and DingTalk's signing secret are stored encrypted
    (notifications.crypto) and never shown again; `webhook_hint` says which robot it is.
    """

    class Kind(models.TextChoices):
        WECOM = "wecom", _("WeCom group robot (企业微信群机器人)")
        DINGTALK = "dingtalk", _("DingTalk custom robot (钉钉自定义机器人)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, help_text=_("For example the group's name: 信息科工作群."))
    owner = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True,
                                 related_name="push_channel", verbose_name=_("person"))
    department = models.OneToOneField("staff.Department", models.CASCADE, null=True, blank=True,
                                      related_name="push_channel", verbose_name=_("department"))
    webhook_encrypted = models.TextField(editable=False)
    webhook_hint = models.CharField(_("webhook"), max_length=80, editable=False)
    secret_encrypted = models.TextField(blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("changed by"), editable=False)
    # Health: set when a push finally failed, cleared by the next one that arrives.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True, editable=False)
    last_error = models.CharField(_("last error"), max_length=500, blank=True, editable=False)
    last_sent_at = models.DateTimeField(_("last pushed at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False, department__isnull=True) | Q(owner__isnull=True,
                                                                            department__isnull=False),
                name="push_channel_person_or_department"),
        ]
        verbose_name = _("push channel")
        verbose_name_plural = _("push channels")

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def has_secret(self):
        return bool(self.secret_encrypted)


class PushPreference(models.Model):
    """Where a person's notifications are pushed. Without a row: to their department's group, work only."""

    class Source(models.TextChoices):
        DEPARTMENT = "department", _("My department's group robot")
        OWN = "own", _("My own robot")
        OFF = "off", _("No pushes")

    class Scope(models.TextChoices):
        WORK = "work", _("Only work waiting for me (待您处理)")
        ALL = "all", _("Work and news")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="push_preference",
                                verbose_name=_("person"))
    source = models.CharField(_("push to"), max_length=12, choices=Source.choices, default=Source.DEPARTMENT)
    scope = models.CharField(_("what is pushed"), max_length=8, choices=Scope.choices, default=Scope.WORK,
                             help_text=_("A department's group only ever receives work waiting for someone, with "
                                         "no details: news stays private."))

    class Meta:
        verbose_name = _("push preference")
        verbose_name_plural = _("push preferences")

    def __str__(self):
        return f"{self.user}: {self.get_source_display()}"


class PushDelivery(models.Model):
    """One message for one robot: queued through the outbox, sent within the robots' rate, retried with backoff,
    then reported as failed."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.ForeignKey(PushChannel, models.CASCADE, related_name="deliveries", verbose_name=_("channel"))
    notification = models.ForeignKey(Notification, models.CASCADE, null=True, blank=True, related_name="pushes",
                                     verbose_name=_("notification"))
    is_test = models.BooleanField(_("test message"), default=False)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("message"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["channel", "attempted_at"]), models.Index(fields=["state", "next_attempt_at"])]
        verbose_name = _("push")
        verbose_name_plural = _("pushes")

    def __str__(self):
        return self.title
