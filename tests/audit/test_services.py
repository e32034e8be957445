"""audit_record() appends to a chain that is an HMAC keyed outside the database and covers every field the log
shows; verify_chain() finds any entry changed since (issue 12.4)."""

import datetime
import hashlib
from decimal import Decimal

import pytest

from audit.models import GENESIS, AuditEntry, ChainHead
from audit.services import audit_record, verify_chain

from .conftest import rewrite_from


def test_an_entry_records_who_did_what_to_which_object(org):
    first = audit_record(actor=org.hr, action="staff.profile.update", obj=org.employee.profile,
                         before={"amount": Decimal("1.50")}, after={"since": datetime.date(2026, 11, 2)})
    second = audit_record(actor=None, action="outbox.task.run", obj=org.it)

    assert (first.actor, first.actor_label, first.action, first.object_type, first.object_id, first.object_repr,
            first.before, first.after, first.ip_address, first.prev_hash) == (
        org.hr, "多拉", "staff.profile.update", "staff.staffprofile", str(org.employee.profile.pk),
        str(org.employee.profile), {"amount": "1.50"}, {"since": "2026-11-02"}, None, GENESIS)
    assert (second.actor, second.actor_label, second.before, second.after, second.prev_hash) == (
        None, "", {}, {}, first.hash)
    assert list(ChainHead.objects.values_list("last_hash", "entries")) == [(second.hash, 2)]


def test_an_entry_is_never_changed_or_deleted(entries):
    entry = entries[0]
    entry.action = "staff.profile.delete"

    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "staff.profile.update"


def test_the_hash_is_an_hmac_with_the_key_from_the_settings(entries, settings):
    entry = entries[0]
    assert entry.hash == entry.compute_hash(key=settings.AUDIT_KEY)
    assert entry.hash != hashlib.sha256(entry.payload().encode()).hexdigest()
    assert verify_chain() == (5, None)


@pytest.mark.parametrize("key", [None, "a guessed key"], ids=["plain sha-256", "another key"])
def test_an_entry_edited_and_the_chain_recomputed_without_the_key_is_found(entries, key):
    rewrite_from(entries[2], key, after={"n": 99})

    assert verify_chain() == (2, entries[2].pk)


def test_the_actors_displayed_name_is_covered(entries):
    AuditEntry.objects.filter(pk=entries[1].pk).update(actor_label="别人")

    assert verify_chain() == (1, entries[1].pk)


def test_entries_removed_from_the_end_are_found(entries):
    AuditEntry.objects.filter(pk=entries[-1].pk)._raw_delete(AuditEntry.objects.db)

    assert verify_chain() == (4, -1)
