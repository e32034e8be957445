"""The embedded default (SQLite) holds several people clicking at once (issue 13: "database is locked").

The production settings on an SQLite file of the test's own, in a process of its own (tests/core/embedded_writers.py),
so this runs in CI too, where the suite itself runs on PostgreSQL.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
THREADS, ROUNDS = 6, 15


def test_concurrent_writes_on_the_embedded_default_never_fail(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in {"XINKE_TESTING", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DEBUG="1", REDIS_URL="")

    finished = subprocess.run([sys.executable, str(HERE / "embedded_writers.py"), str(THREADS), str(ROUNDS)],
                              env=env, capture_output=True, text=True, timeout=600)

    assert finished.returncode == 0, finished.stderr
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    assert result == {"errors": [], "journal_mode": "wal", "audit_entries": THREADS * ROUNDS, "broken": None,
                      "sessions": THREADS * ROUNDS, "work": THREADS * ROUNDS}
