"""Helpers for the discipline tests: record incidents as the head of 信息科, dates in a fixed month."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from discipline import services
from discipline.models import Revision

# Every test runs on 2026-11-25 (a Wednesday); incidents fall in November and October 2026.
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))), tick=False):
        yield


def day(month, day_of_month, year=2026):
    return datetime.date(year, month, day_of_month)


@pytest.fixture
def record(org):
    """record("Q2", day(11, 3)) — the head records an incident for the employee (keyword arguments pass on)."""

    def _record(rule_code, occurred_on, *, person=None, by=None, facts="事实", measured_value=None, **options):
        return services.incident_record(
            person=person or org.employee, rule_code=rule_code, occurred_on=occurred_on, facts=facts,
            by=by or org.head, measured_value=None if measured_value is None else Decimal(str(measured_value)),
            **options,
        )

    return _record


@pytest.fixture
def fines_revision(db):
    return Revision.objects.get(schedule__code="fines", number=8)


@pytest.fixture
def english(client, settings):
    """Pages and messages in English (the Chinese catalogue is checked by tests/core/test_translations.py)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    from django.utils import translation

    with translation.override("en"):
        yield client
