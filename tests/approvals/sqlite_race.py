"""Run by test_race_withdraw_sqlite.py in a process of its own: the production settings on a fresh SQLite file
(the embedded default), migrated, the test hospital's people, then approve and withdraw at the same moment.
Prints one JSON line: the unexpected outcomes (an empty list when all went well)."""

import datetime
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import time_machine  # noqa: E402
from django.core.management import call_command  # noqa: E402

TRIALS = int(sys.argv[1])


def main():
    call_command("migrate", verbosity=0)
    from tests.approvals.races import check_trials
    from tests.authz.hospital import Hospital
    from tests.conftest import Org

    # A working day the pinned calendar knows, whatever the machine's date.
    with time_machine.travel(datetime.datetime(2026, 9, 21, 9, 0), tick=True):
        problems = check_trials(Hospital(Org()), TRIALS)
    print(json.dumps({"problems": [str(problem) for problem in problems]}))


if __name__ == "__main__":
    main()
