"""Entries to check, and how an attacker with database access rewrites them."""

import hashlib

import pytest

from audit.models import AuditEntry, ChainHead
from audit.services import audit_record


@pytest.fixture
def entries(org):
    """Five entries about the org's people."""
    for number, person in enumerate([org.employee, org.supervisor, org.head, org.hr, org.outsider]):
        audit_record(actor=org.admin, action="staff.profile.update", obj=person, before={"n": number},
                     after={"n": number + 1})
    return list(AuditEntry.objects.order_by("pk"))


def rewrite_from(entry, key, **changes):
    """An attacker with database access changes `entry` and recomputes every later link with `key`."""
    AuditEntry.objects.filter(pk=entry.pk).update(**changes)
    prev = AuditEntry.objects.filter(pk__lt=entry.pk).order_by("-pk").values_list("hash", flat=True).first() or "0" * 64
    for later in AuditEntry.objects.filter(pk__gte=entry.pk).order_by("pk"):
        later.prev_hash = prev
        later.hash = later.compute_hash(key=key) if key else hashlib.sha256(later.payload().encode()).hexdigest()
        AuditEntry.objects.filter(pk=later.pk).update(prev_hash=later.prev_hash, hash=later.hash)
        prev = later.hash
    ChainHead.objects.filter(pk=1).update(last_hash=prev)
