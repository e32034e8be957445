"""Drafting a month from a rotation: the turns come from an rrule (python-dateutil), the people in their order.

A turn begins on each date of the rule (every N days, or every N weeks on the chosen weekdays) and lasts
`days_per_turn` days. Turns are numbered from the rotation's first turn (its anchor), so the month after continues
where this one stopped. With one-day turns limited to working days (or rest days), only the days kept count as
turns: nobody is skipped because their turn fell on a weekend.
"""

import datetime

from dateutil.rrule import DAILY, WEEKLY, rrule

from core.workdays import UnknownCalendarYear, provisional_years, workday_flags

from .models import Rotation


def _rule(rotation, until):
    start = datetime.datetime.combine(rotation.anchor_on, datetime.time())
    end = datetime.datetime.combine(until, datetime.time())
    if rotation.frequency == Rotation.Frequency.WEEKLY:
        weekdays = rotation.weekday_numbers() or [rotation.anchor_on.weekday()]
        return rrule(WEEKLY, dtstart=start, interval=rotation.interval, byweekday=weekdays, until=end)
    return rrule(DAILY, dtstart=start, interval=rotation.interval, until=end)


def _keeps(rotation, flags, day):
    if rotation.days == Rotation.Days.WORKDAYS:
        return flags[day]
    if rotation.days == Rotation.Days.REST_DAYS:
        return not flags[day]
    return True


def day_flags(first, last):
    """({date: is_workday}, year or None): the year named is the first counted provisionally (its holiday notice
    is not loaded: statutory holidays without the 调休 weekends) or not known at all (then Monday to Friday are
    taken as working days). The draft tells the head to check those days."""
    try:
        flags = workday_flags(first, last)
    except UnknownCalendarYear as unknown:
        flags = {}
        day = first
        while day <= last:
            flags[day] = day.weekday() < 5
            day += datetime.timedelta(days=1)
        known_until = datetime.date(unknown.year, 1, 1) - datetime.timedelta(days=1)
        if known_until >= first:
            flags.update(workday_flags(first, known_until))
        return flags, unknown.year
    provisional = provisional_years(first, last)
    return flags, provisional[0] if provisional else None


def planned_days(rotation, first, last, members, flags=None):
    """[(date, [person])] for every day from `first` to `last` the rotation covers.

    `flags` ({date: is_workday}, from day_flags) is needed only when the rotation keeps working or rest days.
    """
    if not members or last < rotation.anchor_on:
        return []
    starts = [moment.date() for moment in _rule(rotation, last)]
    if rotation.days != Rotation.Days.ALL and starts and flags is None:
        flags, _unknown = day_flags(starts[0], last)
    if rotation.days_per_turn == 1:
        starts = [day for day in starts if _keeps(rotation, flags, day)]
    size, count = rotation.people_per_turn, len(members)
    planned = {}  # a later turn takes over a day an earlier, longer turn still covered
    for number, start in enumerate(starts):
        people = [members[(number * size + offset) % count] for offset in range(min(size, count))]
        for offset in range(rotation.days_per_turn):
            day = start + datetime.timedelta(days=offset)
            if first <= day <= last and (rotation.days_per_turn == 1 or _keeps(rotation, flags, day)):
                planned[day] = people
    return sorted(planned.items())
