"""Working days on China's calendar: statutory holidays and the adjusted working weekends (调休).

chinese-calendar knows the years it was released for; CalendarDay rows entered by admins override it
and cover the years it does not know. A date that neither knows raises UnknownCalendarYear with a
clear message instead of guessing.
"""

import datetime

import chinese_calendar
from django.core.cache import cache
from django.utils.translation import gettext as _


class UnknownCalendarYear(Exception):
    def __init__(self, year):
        self.year = year
        super().__init__(_(
            "The holiday calendar for %(year)d is not known yet. An administrator must enter that year's "
            "holidays and adjusted working days (Calendar days in Django admin)."
        ) % {"year": year})


OVERRIDES_CACHE_SECONDS = 3600


def _cache_key(year):
    return f"calendar-overrides:{year}"


def _year_overrides(year):
    """The admins' entries for a year, cached: every page that counts working days reads them."""
    overrides = cache.get(_cache_key(year))
    if overrides is None:
        from .models import CalendarDay

        overrides = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "is_workday"))
        cache.set(_cache_key(year), overrides, OVERRIDES_CACHE_SECONDS)
    return overrides


def forget_overrides(year):
    """Called when an admin changes a CalendarDay (core/apps.py)."""
    cache.delete(_cache_key(year))


def workday_flags(start, end):
    """{date: is_workday} for every date from start to end inclusive."""
    overrides = {}
    for year in range(start.year, end.year + 1):
        overrides.update(_year_overrides(year))
    known_years = {day.year for day in overrides}  # a year with any entry is the admins' to describe
    flags = {}
    day = start
    while day <= end:
        if day in overrides:
            flags[day] = overrides[day]
        else:
            try:
                flags[day] = chinese_calendar.is_workday(day)
            except NotImplementedError:
                if day.year not in known_years:
                    raise UnknownCalendarYear(day.year) from None
                flags[day] = day.weekday() < 5  # the admins' table lists only the exceptions
        day += datetime.timedelta(days=1)
    return flags


def is_workday(day):
    return workday_flags(day, day)[day]


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    flags = workday_flags(start + datetime.timedelta(days=1), end)
    return sum(flags.values())


def add_working_days(moment, days):
    """The same time of day `days` working days after `moment` (calendar days if the year is unknown)."""
    day = moment.date() if hasattr(moment, "date") else moment
    horizon = day + datetime.timedelta(days=days * 3 + 14)
    try:
        flags = workday_flags(day + datetime.timedelta(days=1), horizon)
    except UnknownCalendarYear:
        return moment + datetime.timedelta(days=days)
    counted = 0
    for candidate in sorted(flags):
        if flags[candidate]:
            counted += 1
            if counted == days:
                return moment + (candidate - day)
    return moment + datetime.timedelta(days=days)
