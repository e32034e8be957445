"""manage.py verify_audit: says the chain is intact or where it breaks, and compares it with anchors exported
earlier (issue 12.4), which find a chain rewritten even by someone who has the key."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry, ChainHead
from audit.services import anchor_line, parse_anchors

from .conftest import rewrite_from


def verify(*args):
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue().strip()


def test_intact_then_the_edited_entry_is_named(entries):
    assert verify() == "intact: 5 entries"

    AuditEntry.objects.filter(pk=entries[3].pk).update(after={"n": 99})

    with pytest.raises(CommandError) as broken:
        verify()
    assert str(broken.value) == f"broken at entry #{entries[3].pk} (after 3 intact entries)"


def test_an_entry_removed_from_the_end_is_found(entries):
    AuditEntry.objects.filter(pk=entries[-1].pk)._raw_delete(AuditEntry.objects.db)

    with pytest.raises(CommandError) as broken:
        verify()
    assert str(broken.value).startswith("broken: ")


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
