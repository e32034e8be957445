"""The audit chain is an HMAC keyed outside the database and covers every field the log shows; verify_audit also
compares with anchors exported earlier (issue 12.4)."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry, ChainHead
from audit.services import anchor_line, audit_record, parse_anchors, verify_chain


def verify(*args):
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue().strip()


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

    with pytest.raises(CommandError) as broken:
        verify()
    assert str(broken.value) == f"broken at entry #{entries[1].pk} (after 1 intact entries)"


def test_an_anchor_finds_a_chain_rewritten_even_with_the_key(entries, settings, tmp_path):
    anchors = tmp_path / "anchors.txt"
    anchors.write_text(f"# kept on the auditor's PC\n{anchor_line()}\n")
    assert verify("--anchor", str(anchors)) == "intact: 5 entries; 1 anchors matched"

    rewrite_from(entries[1], settings.AUDIT_KEY, actor_label="别人")

    assert verify() == "intact: 5 entries"  # the key alone no longer proves anything
    with pytest.raises(CommandError) as broken:
        verify("--anchor", str(anchors))
    assert str(broken.value) == f"broken at entry #{entries[4].pk} (after 4 intact entries)"


def test_an_anchor_beyond_the_end_finds_removed_entries(entries):
    line = anchor_line()
    AuditEntry.objects.filter(pk=entries[-1].pk)._raw_delete(AuditEntry.objects.db)
    ChainHead.objects.filter(pk=1).update(last_hash=entries[-2].hash, entries=4)  # the head rewritten too

    assert verify() == "intact: 4 entries"
    with pytest.raises(CommandError) as broken:
        verify("--anchor", line)
    assert str(broken.value).startswith("broken: ")


def test_print_anchor_gives_the_line_to_keep(entries):
    output = verify("--print-anchor").splitlines()

    assert output[0] == "intact: 5 entries"
    assert parse_anchors(output[1]) == {5: entries[-1].hash}


def test_a_file_that_is_not_an_anchor_is_refused(entries, tmp_path):
    bad = tmp_path / "anchors.txt"
    bad.write_text("hello\n")

    with pytest.raises(CommandError) as refused:
        verify("--anchor", str(bad))
    assert str(refused.value) == "not an audit anchor: 'hello'"
    with pytest.raises(CommandError) as missing:
        verify("--anchor", str(tmp_path / "missing.txt"))
    assert str(missing.value).startswith("cannot read the anchor file ")


def test_the_verify_page_shows_the_anchor_to_keep(client, org, entries):
    from django.urls import reverse

    from tests.html import by_testid

    client.force_login(org.admin)
    response = client.post(reverse("audit:verify"))

    assert response.status_code == 200
    assert parse_anchors(by_testid(response, "anchor")) == {5: entries[-1].hash}
