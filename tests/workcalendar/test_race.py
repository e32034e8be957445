"""Two administrators save the same year's notice at the same moment: both succeed, one after the other, and the
year holds one table (PostgreSQL row locks; the embedded SQLite default serializes writers)."""

import threading

import pytest
from django.db import connection, connections

from core.models import CalendarDay, CalendarYear
from workcalendar.services import calendar_year_load

from .notices import NOTICE_2027

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"),
]


def test_two_saves_of_the_same_year_at_once(org):
    corrected = NOTICE_2027.replace("2月20日（周六）上班", "2月27日（周六）上班")
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(name, text, by):
        try:
            barrier.wait(timeout=10)
            calendar_year_load(year=2027, text=text, by=by)
            outcomes[name] = "done"
        except Exception as error:  # noqa: BLE001 - what the test looks for
            outcomes[name] = f"error: {type(error).__name__}: {error}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=("admin", NOTICE_2027, org.admin)),
               threading.Thread(target=save, args=("hr", corrected, org.hr))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == {"admin": "done", "hr": "done"}
    assert CalendarYear.objects.count() == 1
    assert CalendarDay.objects.filter(date__year=2027).count() == 34
