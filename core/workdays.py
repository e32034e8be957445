"""Working days on China's calendar: statutory holidays and the adjusted working weekends (调休).

Each year has one source:
- LOADED: the State Council's holiday notice for the year, loaded by an administrator (a CalendarYear row and
  the year's CalendarDay rows; only the exceptions to Monday–Friday are stored). Official.
- BUILT_IN: chinese-calendar's table (2004–2026 in the pinned version). Official.
- PROVISIONAL: a year neither knows yet (next year, before the notice is out): weekends and the statutory
  holidays from the `holidays` package (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆), without the 调休
  arrangement, which only the notice gives. Whatever is counted on such a year carries a “provisional” mark,
  and the domains registered below recount it when the year is loaded.
CalendarDay rows entered by hand override any source for their own date.
"""

import contextvars
import datetime
import functools
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

import chinese_calendar
import holidays
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language, gettext as _, gettext_lazy

LOADED, BUILT_IN, PROVISIONAL = "loaded", "built-in", "provisional"
SOURCE_LABELS = {
    LOADED: gettext_lazy("official (notice loaded)"),
    BUILT_IN: gettext_lazy("official (built in)"),
    PROVISIONAL: gettext_lazy("provisional"),
}


class UnknownCalendarYear(Exception):
    def __init__(self, year):
        self.year = year
        super().__init__(_(
            "The holiday calendar for %(year)d is not known. An administrator must load that year's holiday "
            "notice (Working-day calendar)."
        ) % {"year": year})


CACHE_SECONDS = 3600


def _cache_key(year):
    return f"calendar-year:{year}"


# A year's table as it would be once loaded, for previewing an import: {year: {date: is_workday}}.
_as_if = contextvars.ContextVar("calendar_as_if", default=None)


@contextmanager
def calendar_as_if(year, days):
    """Count as if `days` ({date: is_workday}) were the loaded table of `year` (nothing is saved or cached)."""
    token = _as_if.set({**(_as_if.get() or {}), year: dict(days)})
    try:
        yield
    finally:
        _as_if.reset(token)


def _year_entry(year):
    """(loaded, {date: is_workday}) for a year, cached: every page that counts working days reads it."""
    hypothetical = _as_if.get()
    if hypothetical and year in hypothetical:
        return True, hypothetical[year]
    entry = cache.get(_cache_key(year))
    if entry is None:
        from .models import CalendarDay, CalendarYear

        entry = (CalendarYear.objects.filter(year=year).exists(),
                 dict(CalendarDay.objects.filter(date__year=year).values_list("date", "is_workday")))
        cache.set(_cache_key(year), entry, CACHE_SECONDS)
    return entry


def forget_year(year):
    """After a change to a year's table: drop the cached copy now and again once the change is committed (a
    request reading in between would otherwise cache the old table)."""
    cache.delete(_cache_key(year))
    transaction.on_commit(lambda: cache.delete(_cache_key(year)))


@functools.lru_cache(maxsize=None)
def _built_in(year):
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.lru_cache(maxsize=64)
def _statutory(year, language="zh_CN"):
    """{date: name} of the statutory holidays (法定节假日) themselves, without estimated 补假 or 调休."""
    if not holidays.China.start_year <= year <= holidays.China.end_year:
        raise UnknownCalendarYear(year)
    return dict(holidays.China(years=year, observed=False, language=language))


def statutory_holidays(year):
    """{date: name} of a year's statutory holidays, named in the current language."""
    return _statutory(year, "zh_CN" if (get_language() or "zh-hans").startswith("zh") else "en_US")


def year_source(year):
    loaded, _days = _year_entry(year)
    if loaded:
        return LOADED
    if _built_in(year):
        return BUILT_IN
    _statutory(year)  # raises for a year outside the package's range
    return PROVISIONAL


def is_provisional_year(year):
    try:
        return year_source(year) == PROVISIONAL
    except UnknownCalendarYear:
        return False


def provisional_years(start, end):
    """The years from `start` to `end` (dates) that are counted provisionally, in order."""
    return [year for year in range(start.year, end.year + 1) if is_provisional_year(year)]


def workday_flags(start, end):
    """{date: is_workday} for every date from start to end inclusive."""
    flags = {}
    for year in range(start.year, end.year + 1):
        source = year_source(year)
        _loaded, overrides = _year_entry(year)
        statutory = _statutory(year) if source == PROVISIONAL else {}
        day = max(start, datetime.date(year, 1, 1))
        last = min(end, datetime.date(year, 12, 31))
        while day <= last:
            if day in overrides:
                flags[day] = overrides[day]
            elif source == BUILT_IN:
                flags[day] = chinese_calendar.is_workday(day)
            else:  # a loaded table lists only the exceptions; a provisional year knows only the holidays
                flags[day] = day.weekday() < 5 and day not in statutory
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
    """The same time of day `days` working days after `moment` (a date or a datetime).

    Check `provisional_years(start, result)` to know whether the answer may move once a year is loaded.
    """
    if days <= 0:
        return moment
    day = moment.date() if isinstance(moment, datetime.datetime) else moment
    counted = 0
    horizon = day
    try:
        while True:  # a stretch at a time: holidays never last more than a few weeks
            start, horizon = horizon + datetime.timedelta(days=1), horizon + datetime.timedelta(days=days * 2 + 14)
            for candidate, working in sorted(workday_flags(start, horizon).items()):
                counted += working
                if working and counted == days:
                    return moment + (candidate - day)
    except UnknownCalendarYear:  # beyond the packages' range (2100): calendar days rather than no deadline
        return moment + datetime.timedelta(days=days)


# The year's table, for the calendar page --------------------------------------------------------------------------

BUILT_IN_NAMES = {
    "New Year's Day": gettext_lazy("New Year's Day"),
    "Spring Festival": gettext_lazy("Spring Festival"),
    "Tomb-sweeping Day": gettext_lazy("Tomb-sweeping Day"),
    "Labour Day": gettext_lazy("Labour Day"),
    "Dragon Boat Festival": gettext_lazy("Dragon Boat Festival"),
    "National Day": gettext_lazy("National Day"),
    "Mid-autumn Festival": gettext_lazy("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": gettext_lazy("Anti-Fascist 70th Day"),
}


@dataclass(frozen=True)
class SpecialDay:
    """A day that is not an ordinary Monday–Friday working day or weekend: a holiday, or a worked weekend."""

    date: datetime.date
    is_workday: bool
    name: str


def special_days(year):
    """The year's holidays on weekdays, its working weekends and its statutory holidays, in order."""
    source = year_source(year)
    _loaded, overrides = _year_entry(year)
    names = {}
    if source == PROVISIONAL:
        names = statutory_holidays(year)
    elif source == BUILT_IN:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        for day in chinese_calendar.get_dates(first, last):
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            if name and (on_holiday or day.weekday() >= 5):
                names[day] = str(BUILT_IN_NAMES.get(name, name))
    flags = workday_flags(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    days = []
    for day, working in sorted(flags.items()):
        ordinary = working == (day.weekday() < 5)
        if not ordinary or day in names or day in overrides:
            days.append(SpecialDay(day, working, names.get(day, "")))
    if source != PROVISIONAL:
        from .models import CalendarDay

        named = dict(CalendarDay.objects.filter(date__year=year).exclude(name="").values_list("date", "name"))
        days = [SpecialDay(d.date, d.is_workday, named.get(d.date, d.name)) for d in days]
    return days


# Who counts on working days: recounted when a year is loaded -----------------------------------------------------

@dataclass(frozen=True)
class CalendarDependent:
    """A domain that stores something counted in working days.

    `task`: the dotted name of a Celery task that takes the year and recounts (queued through the outbox once a
    year's table is saved; idempotent). `preview(year)`: a list of texts saying what would change, called inside
    `calendar_as_if` before the admin saves.
    """

    name: str
    task: str
    preview: Callable[[int], list] | None = None


_dependents = {}


def register_dependent(*, name, task, preview=None):
    """Called from an AppConfig.ready(); core itself knows no domain."""
    _dependents[name] = CalendarDependent(name, task, preview)


def dependents():
    return list(_dependents.values())
