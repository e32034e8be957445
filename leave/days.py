"""Which days a leave takes: working days on China's calendar (core.workdays), half days at both ends."""

from dataclasses import dataclass, field
from decimal import Decimal

from core.workdays import provisional_years, workday_flags

from .models import HALF_DAY, Half, slot, slot_date


@dataclass
class LeaveDays:
    """The working days a period covers, each a full day (1) or a half (0.5), and the days off it spans."""

    days: list = field(default_factory=list)  # [(date, Decimal)] in order
    days_off: list = field(default_factory=list)  # weekends and holidays inside the period
    provisional: list = field(default_factory=list)  # years counted before their holiday notice was loaded

    @property
    def total(self):
        return sum((portion for _, portion in self.days), Decimal("0"))


def count(starts_on, start_half, ends_on, end_half):
    """Raises core.workdays.UnknownCalendarYear when a year's holidays are not known yet."""
    result = LeaveDays(provisional=provisional_years(starts_on, ends_on))
    for day, working in sorted(workday_flags(starts_on, ends_on).items()):
        if not working:
            result.days_off.append(day)
            continue
        portion = Decimal("1")
        if day == starts_on and start_half == Half.AFTERNOON:
            portion -= HALF_DAY
        if day == ends_on and end_half == Half.MORNING:
            portion -= HALF_DAY
        if portion > 0:
            result.days.append((day, portion))
    return result


def count_slots(first_slot, last_slot):
    starts_on, start_half = slot_date(first_slot)
    ends_on, end_half = slot_date(last_slot)
    return count(starts_on, start_half, ends_on, end_half)


def working_slots_between(first_slot, last_slot):
    """The working half-day slots from first to last inclusive (empty when last < first)."""
    if last_slot < first_slot:
        return []
    found = []
    for day, portion in count_slots(first_slot, last_slot).days:
        for half in (Half.MORNING, Half.AFTERNOON):
            number = slot(day, half)
            if first_slot <= number <= last_slot:
                found.append(number)
    return found
