"""The duty roster's fixtures: 信息科 of the base fixture with two more system administrators, the seeded duty types,
and helpers to put people on a roster. Today is Monday 2026-11-16, 09:00 in Shanghai (a known calendar)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dutyroster.models import Assignment, DutyType, Roster
from core.roles import Role
from tests.factories import StaffProfileFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 16, 9, 0, tzinfo=SHANGHAI)
TODAY = NOW.date()


def at(day, hour=9, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def types(db):
    return {duty_type.code: duty_type for duty_type in DutyType.objects.all()}


@pytest.fixture
def colleague(org):
    """1103 范文: another system administrator of 信息科."""
    return StaffProfileFactory(user=UserFactory(username="1103", name="范文", roles=[Role.STAFF]),
                               department=org.it, post=org.post, supervisor=org.supervisor).user


@pytest.fixture
def third(org):
    """1104 高远: a third system administrator."""
    return StaffProfileFactory(user=UserFactory(username="1104", name="高远", roles=[Role.STAFF]),
                               department=org.it, post=org.post, supervisor=org.supervisor).user


def make_roster(department, month, state=Roster.State.PUBLISHED, by=None):
    roster, _created = Roster.objects.get_or_create(department=department, month=month, defaults={"state": state})
    if roster.state != state:
        roster.state = state
        roster.save(update_fields=["state"])
    if state == Roster.State.PUBLISHED and roster.published_by_id is None and by is not None:
        Roster.objects.filter(pk=roster.pk).update(published_by=by, published_at=NOW)
    return roster


def assign(roster, person, day, duty_type):
    assignment = Assignment(roster=roster, person=person, day=day, duty_type=duty_type)
    assignment.set_times()
    assignment.save()
    return assignment


@pytest.fixture
def november(org):
    """信息科's published roster of November 2026 (empty)."""
    return make_roster(org.it, datetime.date(2026, 11, 1), by=org.head)


@pytest.fixture
def december(org):
    """信息科's draft roster of December 2026 (empty)."""
    return make_roster(org.it, datetime.date(2026, 12, 1), state=Roster.State.DRAFT)
