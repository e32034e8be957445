"""Working days on China's calendar, with half days at both ends (hand-counted on the 2026 calendar)."""

import datetime
from decimal import Decimal

import pytest

from core.models import CalendarDay, CalendarYear
from core.workdays import UnknownCalendarYear
from leave import days
from leave.models import Half

AM, PM = Half.MORNING, Half.AFTERNOON
D = datetime.date

pytestmark = pytest.mark.django_db  # admins' CalendarDay rows override the package


def total(start, end, start_half=AM, end_half=PM):
    return days.count(start, start_half, end, end_half).total


def test_national_day_with_its_adjusted_saturday():
    # 9-28..9-30 (3), 10-1..10-7 off, 10-8, 10-9, Saturday 10-10 is a working day (调休), 10-11 off, 10-12.
    assert total(D(2026, 9, 28), D(2026, 10, 12)) == Decimal("7")
    assert total(D(2026, 9, 28), D(2026, 10, 13)) == Decimal("8")


def test_spring_festival_with_both_adjusted_saturdays():
    # 2-12, 2-13, Saturday 2-14 (调休), 2-15..2-23 off, 2-24..2-27, Saturday 2-28 (调休).
    assert total(D(2026, 2, 12), D(2026, 2, 27)) == Decimal("7")
    assert total(D(2026, 2, 12), D(2026, 2, 28)) == Decimal("8")


def test_the_days_off_inside_are_listed():
    counted = days.count(D(2026, 10, 9), AM, D(2026, 10, 12), PM)
    assert counted.days == [(D(2026, 10, 9), Decimal("1")), (D(2026, 10, 10), Decimal("1")),
                            (D(2026, 10, 12), Decimal("1"))]
    assert counted.days_off == [D(2026, 10, 11)]


@pytest.mark.parametrize(("start_half", "end_half", "expected"), [
    (AM, AM, Decimal("0.5")), (PM, PM, Decimal("0.5")), (AM, PM, Decimal("1")),
])
def test_half_days_on_one_day(start_half, end_half, expected):
    assert total(D(2026, 9, 22), D(2026, 9, 22), start_half, end_half) == expected


def test_half_days_at_both_ends():
    # Friday afternoon to Monday morning: half of each working day.
    assert total(D(2026, 9, 11), D(2026, 9, 14), PM, AM) == Decimal("1")
    # The weekend before 国庆 has a working Sunday (9-20, 调休).
    assert total(D(2026, 9, 18), D(2026, 9, 21), PM, AM) == Decimal("2")


def test_a_half_day_on_a_holiday_counts_nothing():
    assert total(D(2026, 10, 1), D(2026, 10, 8), PM, AM) == Decimal("0.5")


def test_all_holidays():
    assert total(D(2026, 10, 1), D(2026, 10, 7)) == Decimal("0")


def test_a_year_the_package_does_not_know_is_counted_provisionally():
    counted = days.count(D(2027, 1, 1), AM, D(2027, 1, 8), PM)
    assert counted.total == Decimal("5")  # 1-1 元旦 (Friday) is statutory; 1-2, 1-3 weekend
    assert counted.provisional == [2027]
    assert days.count(D(2026, 12, 28), AM, D(2027, 1, 8), PM).provisional == [2027]
    assert days.count(D(2026, 12, 28), AM, D(2026, 12, 31), PM).provisional == []


def test_a_loaded_year_is_official_and_its_table_lists_the_exceptions():
    CalendarYear.objects.create(year=2030)
    CalendarDay.objects.create(date=D(2030, 1, 1), is_workday=False)
    CalendarDay.objects.create(date=D(2030, 1, 5), is_workday=True)  # a worked Saturday (调休)
    counted = days.count(D(2030, 1, 1), AM, D(2030, 1, 8), PM)
    assert counted.total == Decimal("6")
    assert counted.provisional == []


def test_a_year_beyond_the_packages_is_refused():
    with pytest.raises(UnknownCalendarYear):
        total(D(2101, 1, 3), D(2101, 1, 4))


def test_working_slots_between():
    from leave.models import slot

    first, last = slot(D(2026, 10, 9), PM), slot(D(2026, 10, 12), AM)
    assert days.working_slots_between(first, last) == [
        slot(D(2026, 10, 9), PM), slot(D(2026, 10, 10), AM), slot(D(2026, 10, 10), PM), slot(D(2026, 10, 12), AM)]
