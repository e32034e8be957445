"""Approve and withdraw of the same request at the same moment never deadlock (issue 12.5): every service locks
the subject, then the request, then its steps. On PostgreSQL here (row locks); on the embedded SQLite default in
test_race_withdraw_sqlite.py."""

import pytest
from django.db import connection

from tests.authz.hospital import Hospital, policy_loaded  # noqa: F401 (a fixture)

from .races import check_trials

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"),
]


def test_approve_and_withdraw_at_once_never_deadlock(policy_loaded, org):
    assert check_trials(Hospital(org), trials=30) == []
