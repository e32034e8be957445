"""Writing to and checking the audit log."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .context import client_ip
from .models import GENESIS, AuditEntry, ChainHead


def _plain(data):
    """JSON-safe copy (dates, decimals and lazy strings become strings) so the hash is stable."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def audit_record(*, actor, action, obj, before=None, after=None):
    """Append one entry: `action` is a dotted name such as "approvals.approve"."""
    with transaction.atomic():
        # The migration creates the head; a flushed database (manage.py flush, transactional tests) has none.
        head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            created_at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_label=(getattr(actor, "display_name", "") or str(actor or ""))[:100] if actor else "",
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            before=_plain(before),
            after=_plain(after),
            ip_address=client_ip(),
            prev_hash=head.last_hash,
        )
        entry.hash = entry.compute_hash()
        entry.save()
        head.last_hash = entry.hash
        head.entries += 1
        head.save(update_fields=["last_hash", "entries"])
    return entry


def verify_chain(chunk_size=5000):
    """Return (entries checked, first broken entry id or None)."""
    expected_prev = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=chunk_size):
        if entry.prev_hash != expected_prev or entry.compute_hash() != entry.hash:
            return checked, entry.pk
        expected_prev = entry.hash
        checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != expected_prev or head.entries != checked):
        # Entries were removed from the end: the head remembers more than is left.
        return checked, -1
    return checked, None
