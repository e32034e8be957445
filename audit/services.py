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


ANCHOR_PREFIX = "xinke-audit-anchor"


class AnchorError(ValueError):
    """A line that is not an anchor written by anchor_line()."""


def anchor_line():
    """The chain's head as one line for the operator to keep outside this server (docs/deploy.md): how many entries
    there were and the last one's hash. A later verify_audit --anchor finds a chain rewritten even with the key."""
    last = AuditEntry.objects.order_by("-pk").only("hash").first()
    count = AuditEntry.objects.count()
    return f"{ANCHOR_PREFIX} {count} {last.hash if last else GENESIS} {timezone.now().isoformat(timespec='seconds')}"


def parse_anchors(text):
    """{entry count: hash} from anchor lines (blank lines and # comments are skipped)."""
    anchors = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) < 3 or parts[0] != ANCHOR_PREFIX or not parts[1].isdigit() or len(parts[2]) != 64:
            raise AnchorError(f"not an audit anchor: {line[:100]!r}")
        anchors[int(parts[1])] = parts[2]
    return anchors


def verify_chain(chunk_size=5000, anchors=None):
    """Return (entries checked, first broken entry id or None); -1 when entries are missing from the end.

    anchors ({entry count: hash}, see anchor_line) are heads exported earlier: the entry at that position must still
    carry that hash, which a rewrite of the chain with the key cannot keep.
    """
    anchors = anchors or {}
    expected_prev = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=chunk_size):
        if entry.prev_hash != expected_prev or entry.compute_hash() != entry.hash:
            return checked, entry.pk
        checked += 1
        if anchors.get(checked, entry.hash) != entry.hash:
            return checked - 1, entry.pk
        expected_prev = entry.hash
    if any(position > checked for position in anchors) or (anchors.get(0, GENESIS) != GENESIS):
        return checked, -1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != expected_prev or head.entries != checked):
        # Entries were removed from the end: the head remembers more than is left.
        return checked, -1
    return checked, None
