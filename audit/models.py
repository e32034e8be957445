import hashlib
import hmac
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64

# A model renamed or moved to another app keeps its older entries under its former label ("approvals.request"
# before it became "approvals.approvalrequest"): its app names them here, in its AppConfig.ready().
_former_types = {}


def register_former_type(model, *labels):
    """Entries recorded under `labels` (app_label.modelname, lowercase) belong to `model` too."""
    _former_types.setdefault(model._meta.label_lower, set()).update(labels)


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        """The object's history: every entry about it, under its label now and any it had before."""
        label = obj._meta.label_lower
        return self.filter(object_type__in=[label, *sorted(_former_types.get(label, ()))], object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One transition: who did what to which object, when, from where, and the state before and after.

    Entries are never changed or deleted. Each carries the hash of the previous entry and its own
    hash over both, so editing or removing any entry breaks the chain (see verify_audit).
    """

    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("actor")
    )
    actor_label = models.CharField(_("actor name"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def action_label(self):
        from .labels import label

        return label(self.action)

    def before_lines(self):
        from .labels import described

        return described(self.object_type, self.before)

    def after_lines(self):
        from .labels import described

        return described(self.object_type, self.after)

    def payload(self):
        """Every field the log shows, in a canonical form: what the chain's HMAC covers."""
        return json.dumps(
            {
                "prev": self.prev_hash,
                "at": self.created_at.isoformat(),
                "actor": self.actor_id,
                "actor_label": self.actor_label,
                "action": self.action,
                "type": self.object_type,
                "id": str(self.object_id),
                "repr": self.object_repr,
                "before": self.before,
                "after": self.after,
                "ip": self.ip_address,
            },
            sort_keys=True,
            ensure_ascii=False,
            cls=DjangoJSONEncoder,
        )

    def compute_hash(self, key=None):
        """HMAC-SHA256 with settings.AUDIT_KEY, kept outside the database: whoever can edit the database cannot
        recompute the chain after changing an entry."""
        key = (key or settings.AUDIT_KEY).encode()
        return hmac.new(key, self.payload().encode(), hashlib.sha256).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only")


class ChainHead(models.Model):
    """A single row locked while appending, so concurrent writers extend the chain one at a time."""

    last_hash = models.CharField(max_length=64, default=GENESIS)
    entries = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("audit chain head")
