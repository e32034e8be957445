"""core.workdays: the three sources of a year, counting across them, and the registry of what is recounted."""

import datetime

import pytest

from core import workdays
from core.models import CalendarDay, CalendarYear

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_sources_of_the_years():
    assert [workdays.year_source(year) for year in (2004, 2026, 2027, 2040)] == [
        workdays.BUILT_IN, workdays.BUILT_IN, workdays.PROVISIONAL, workdays.PROVISIONAL]
    CalendarYear.objects.create(year=2027)
    assert workdays.year_source(2027) == workdays.LOADED
    assert workdays.provisional_years(D(2026, 12, 1), D(2028, 1, 5)) == [2028]


def test_a_provisional_year_knows_the_statutory_holidays_and_not_the_adjusted_weekends():
    flags = workdays.workday_flags(D(2027, 9, 30), D(2027, 10, 11))
    assert [day.day for day, working in flags.items() if working] == [30, 4, 5, 6, 7, 8, 11]
    assert workdays.statutory_holidays(2027)[D(2027, 2, 5)] == "农历除夕"


def test_adding_working_days_across_the_new_year():
    moment = datetime.datetime(2026, 12, 30, 15, 0)
    assert workdays.add_working_days(moment, 2) == datetime.datetime(2027, 1, 4, 15, 0)  # 1-1 元旦, weekend
    assert workdays.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)  # after 国庆 (10-1..10-7)
    assert workdays.add_working_days(moment, 0) == moment


def test_calendar_as_if_counts_without_saving_or_caching():
    with workdays.calendar_as_if(2027, {D(2027, 2, 20): True}):
        assert workdays.is_workday(D(2027, 2, 20)) is True
        assert workdays.year_source(2027) == workdays.LOADED
    assert workdays.is_workday(D(2027, 2, 20)) is False
    assert workdays.year_source(2027) == workdays.PROVISIONAL


def test_a_change_by_hand_is_seen_at_once():
    assert workdays.is_workday(D(2026, 11, 2)) is True
    CalendarDay.objects.create(date=D(2026, 11, 2), is_workday=False, name="院庆")
    assert workdays.is_workday(D(2026, 11, 2)) is False


def test_the_special_days_of_a_loaded_year_carry_the_notice_names():
    CalendarYear.objects.create(year=2030)
    CalendarDay.objects.create(date=D(2030, 1, 1), is_workday=False, name="元旦")
    CalendarDay.objects.create(date=D(2030, 1, 5), is_workday=True, name="元旦调休")
    assert workdays.special_days(2030) == [workdays.SpecialDay(D(2030, 1, 1), False, "元旦"),
                                           workdays.SpecialDay(D(2030, 1, 5), True, "元旦调休")]


def test_the_domains_register_what_they_recount():
    assert sorted((d.name, d.task) for d in workdays.dependents()) == [
        ("approvals", "approvals.tasks.recount_deadlines"), ("hiring", "hiring.tasks.recount_notice_deadlines"),
        ("leave", "leave.tasks.recount_year")]
