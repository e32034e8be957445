"""Approve and withdraw at the same moment on the embedded SQLite default (issue 12.5): the loser waits for the
writer's lock (WAL, IMMEDIATE transactions, busy timeout) and gets a message, never "database is locked".

The suite may run on PostgreSQL (CI), so this migrates an SQLite file of its own in a separate process with the
production settings (tests/approvals/sqlite_race.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRIALS = 20


def test_approve_and_withdraw_at_once_on_sqlite(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in {"XINKE_TESTING", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DEBUG="1", REDIS_URL="",
               PROTECTED_MEDIA_ROOT=str(tmp_path / "uploads"), EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")

    finished = subprocess.run([sys.executable, str(HERE / "sqlite_race.py"), str(TRIALS)], env=env,
                              capture_output=True, text=True, timeout=900)

    assert finished.returncode == 0, finished.stderr[-3000:]
    assert json.loads(finished.stdout.strip().splitlines()[-1]) == {"problems": []}
