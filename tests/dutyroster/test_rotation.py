"""Drafting from a rotation: turns from an rrule, people in their order, continuing across months."""

import datetime

import pytest

from dutyroster.models import Rotation
from dutyroster.rotation import day_flags, planned_days

D = datetime.date


def rotation(types, org, **fields):
    values = {"department": org.it, "duty_type": types["main"], "name": "主班轮转", "anchor_on": D(2026, 11, 2)}
    values.update(fields)
    return Rotation(**values)


def names(plan):
    return [(day.day, [person for person in people]) for day, people in plan]


def test_a_daily_rotation_takes_the_people_in_turn(org, types):
    plan = planned_days(rotation(types, org), D(2026, 11, 2), D(2026, 11, 6), ["A", "B", "C"])
    assert names(plan) == [(2, ["A"]), (3, ["B"]), (4, ["C"]), (5, ["A"]), (6, ["B"])]


def test_the_next_month_continues_where_this_one_stopped(org, types):
    plan = planned_days(rotation(types, org), D(2026, 12, 1), D(2026, 12, 3), ["A", "B", "C"])
    # 2 November is turn 0 (A); 1 December is 29 days later: turn 29 → 29 % 3 = 2 → C.
    assert names(plan) == [(1, ["C"]), (2, ["A"]), (3, ["B"])]


def test_a_weekly_turn_of_seven_days(org, types):
    weekly = rotation(types, org, frequency=Rotation.Frequency.WEEKLY, weekdays="0", days_per_turn=7)
    plan = planned_days(weekly, D(2026, 11, 14), D(2026, 11, 24), ["A", "B"])
    assert names(plan) == [(14, ["B"]), (15, ["B"]), (16, ["A"]), (17, ["A"]), (18, ["A"]), (19, ["A"]),
                           (20, ["A"]), (21, ["A"]), (22, ["A"]), (23, ["B"]), (24, ["B"])]


def test_working_days_only_skip_weekends_and_holidays_without_skipping_anyone(org, types):
    # 2026-10-01…07 is 国庆; Saturday 10-10 is a working day (调休).
    day_shift = rotation(types, org, duty_type=types["day"], days=Rotation.Days.WORKDAYS, anchor_on=D(2026, 9, 28))
    flags, unknown = day_flags(D(2026, 9, 28), D(2026, 10, 12))
    plan = planned_days(day_shift, D(2026, 9, 28), D(2026, 10, 12), ["A", "B", "C"], flags)
    assert unknown is None
    assert [(day.isoformat(), people) for day, people in plan] == [
        ("2026-09-28", ["A"]), ("2026-09-29", ["B"]), ("2026-09-30", ["C"]), ("2026-10-08", ["A"]),
        ("2026-10-09", ["B"]), ("2026-10-10", ["C"]), ("2026-10-12", ["A"])]


def test_rest_days_only(org, types):
    weekend = rotation(types, org, days=Rotation.Days.REST_DAYS)
    plan = planned_days(weekend, D(2026, 11, 2), D(2026, 11, 16), ["A", "B"])
    assert [(day.day, people) for day, people in plan] == [(7, ["A"]), (8, ["B"]), (14, ["A"]), (15, ["B"])]


def test_two_people_a_turn(org, types):
    pairs = rotation(types, org, people_per_turn=2)
    plan = planned_days(pairs, D(2026, 11, 2), D(2026, 11, 4), ["A", "B", "C"])
    assert names(plan) == [(2, ["A", "B"]), (3, ["C", "A"]), (4, ["B", "C"])]


def test_every_second_day(org, types):
    plan = planned_days(rotation(types, org, interval=2), D(2026, 11, 2), D(2026, 11, 8), ["A", "B"])
    assert names(plan) == [(2, ["A"]), (4, ["B"]), (6, ["A"]), (8, ["B"])]


def test_nothing_before_the_first_turn_or_without_people(org, types):
    assert planned_days(rotation(types, org, anchor_on=D(2026, 12, 1)), D(2026, 11, 1), D(2026, 11, 30), ["A"]) == []
    assert planned_days(rotation(types, org), D(2026, 11, 1), D(2026, 11, 30), []) == []


@pytest.mark.django_db
def test_a_year_without_its_holiday_notice_is_counted_provisionally():
    flags, provisional = day_flags(D(2026, 12, 30), D(2027, 1, 4))
    assert provisional == 2027
    assert flags == {D(2026, 12, 30): True, D(2026, 12, 31): True, D(2027, 1, 1): False, D(2027, 1, 2): False,
                     D(2027, 1, 3): False, D(2027, 1, 4): True}


@pytest.mark.django_db
def test_a_year_nobody_knows_takes_monday_to_friday():
    flags, unknown = day_flags(D(2199, 12, 31), D(2200, 1, 4))
    assert unknown == 2199
    # 2199-12-31 is a Tuesday, 2200-01-04 a Saturday.
    assert flags == {D(2199, 12, 31): True, D(2200, 1, 1): True, D(2200, 1, 2): True, D(2200, 1, 3): True,
                     D(2200, 1, 4): False}
