"""Upgrading a log chained the old way (plain SHA-256, without the actor's name): an intact chain is sealed again
with the key; a broken one stops the upgrade instead of hiding the break."""

import hashlib
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from audit.models import GENESIS, AuditEntry, ChainHead
from audit.services import verify_chain

migration = importlib.import_module("audit.migrations.0002_keyed_chain")


def old_chain(org, count=3):
    prev = GENESIS
    for number in range(count):
        entry = AuditEntry(created_at=timezone.now(), actor=org.admin, actor_label="管理", action="staff.update",
                           object_type="staff.user", object_id=str(org.employee.pk), object_repr="艾丽",
                           before={}, after={"n": number}, prev_hash=prev)
        entry.hash = hashlib.sha256(migration._dump(migration._fields(entry, prev)).encode()).hexdigest()
        AuditEntry.objects.bulk_create([entry])
        prev = entry.hash
    ChainHead.objects.update_or_create(pk=1, defaults={"last_hash": prev, "entries": count})


def test_an_intact_old_chain_is_sealed_with_the_key(org):
    old_chain(org)
    assert verify_chain()[1] is not None  # the old hashes do not verify under the keyed rule

    migration.reseal(apps, None)

    assert verify_chain() == (3, None)


def test_a_broken_old_chain_stops_the_upgrade(org):
    old_chain(org)
    second = AuditEntry.objects.order_by("pk")[1]
    AuditEntry.objects.filter(pk=second.pk).update(after={"n": 99})

    with pytest.raises(RuntimeError) as stopped:
        migration.reseal(apps, None)
    assert str(stopped.value) == f"The audit chain is already broken at entry #{second.pk}: investigate before upgrading."
