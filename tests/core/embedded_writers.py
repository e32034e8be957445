"""Run by tests/core/test_embedded_sqlite.py in a process of its own: the production settings on an SQLite file
(the embedded default), several threads writing at once as the web server's threads do.

Each thread saves sessions (a sign-in, a renewal) and appends to the audit chain: a transaction that reads the
chain's head and then writes, the pattern that SQLite refuses at once ("database is locked") when two run together
without IMMEDIATE transactions. Prints one JSON line: errors, the journal mode, and the audit chain's check.
"""

import json
import os
import sys
import threading
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from audit.models import AuditEntry, ChainHead  # noqa: E402
from audit.services import audit_record, verify_chain  # noqa: E402
from outbox.models import OutboxMessage  # noqa: E402

THREADS, ROUNDS = int(sys.argv[1]), int(sys.argv[2])


def create_tables():
    with connection.schema_editor() as editor:
        for model in (ContentType, Permission, Group, get_user_model(), Session, AuditEntry, ChainHead, OutboxMessage):
            editor.create_model(model)


def writer(number, barrier, errors):
    try:
        barrier.wait(timeout=30)
        for round_ in range(ROUNDS):
            session = SessionStore()
            session["n"] = number
            session.create()
            with transaction.atomic():
                # As a service does: read (validate), then write.
                waiting = OutboxMessage.objects.filter(task_name="embedded.test").count()
                work = OutboxMessage.objects.create(task_name="embedded.test", args=[number, round_, waiting])
                audit_record(actor=None, action="embedded.write", obj=work, after={"thread": number})
            session["round"] = round_
            session.save()
    except Exception:  # noqa: BLE001 - reported to the test
        errors.append(traceback.format_exc(limit=3))
    finally:
        connections.close_all()


def main():
    create_tables()
    journal_mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
    barrier, errors = threading.Barrier(THREADS), []
    threads = [threading.Thread(target=writer, args=(n, barrier, errors)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked, broken = verify_chain()
    print(json.dumps({"errors": errors, "journal_mode": journal_mode, "audit_entries": checked, "broken": broken,
                      "sessions": Session.objects.count(), "work": OutboxMessage.objects.count()}))


if __name__ == "__main__":
    main()
