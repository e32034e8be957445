"""Two changes of one person's hours at the same moment (a tick on the attendance sheet and a confirmed self-study):
the second sums after the first commits, so the stored yearly total keeps both (a row lock on PostgreSQL)."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from training.models import Attendance, YearHours
from training.services import hours, sessions

from .helpers import at, schedule
from .test_year_hours import computed, stored

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"),
]


def test_two_changes_at_once_keep_both(org):
    session = schedule(org, datetime.date(2026, 6, 1), people=[org.employee], hours="4")
    study = hours.self_study_record(person=org.employee, by=org.employee, studied_on=datetime.date(2026, 7, 1),
                                    title="Oracle 性能调优", hours=Decimal("2"))
    ticked, release, failures = threading.Event(), threading.Event(), []

    def tick():
        try:
            with transaction.atomic():
                sessions.attendance_mark(session=session, person=org.employee, by=org.head, status="present",
                                         now=at(datetime.date(2026, 6, 1), 15))
                ticked.set()
                release.wait(10)  # the other change starts while this one holds its transaction open
        except Exception as error:  # noqa: BLE001 (reported below)
            failures.append(error)
        finally:
            connections.close_all()

    def confirm():
        try:
            ticked.wait(10)
            hours.self_study_decide(record=study, by=org.head, accept=True)
        except Exception as error:  # noqa: BLE001
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tick), threading.Thread(target=confirm)]
    for thread in threads:
        thread.start()
    ticked.wait(10)
    time.sleep(0.5)  # the confirmation is now waiting for the tick's row lock
    release.set()
    for thread in threads:
        thread.join(20)
    assert failures == []
    assert stored() == computed() == {(org.employee.pk, 2026): 6}
    assert YearHours.objects.get(person=org.employee, year=2026).hours == 6


def test_a_record_saved_outside_a_transaction_is_counted(org):
    """Autocommit (a shell, a script, a view without a transaction): the recount opens its own for the row lock."""
    session = schedule(org, datetime.date(2026, 6, 1), people=[org.employee], hours="4")
    assert connection.get_autocommit()

    attendance = Attendance.objects.get(session=session, person=org.employee)
    attendance.status = Attendance.Status.PRESENT
    attendance.save()  # no atomic block around it: Model.save() opens none

    assert stored() == computed() == {(org.employee.pk, 2026): 4}
