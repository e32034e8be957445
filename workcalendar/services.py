"""Loading a year's holiday notice, and the reminder to do it.

Loading replaces the year's calendar days with the notice's table in one transaction, writes the audit log,
and queues every registered dependent's recount (core.workdays.register_dependent: leave, approval deadlines)
through the outbox, so the recount runs after the commit and survives a broker that is down.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core import workdays
from core.errors import ServiceError
from core.models import CalendarDay, CalendarYear
from notifications.models import Notification
from notifications.services import notify_each
from outbox.services import enqueue
from core.roles import Role

from . import notice as notice_reader
from .rules import can_load_calendar

FIRST_YEAR, LAST_YEAR = 2000, 2100
REMIND_MONTHS = (11, 12)  # the notice usually comes out in November


def check_year(year):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(_("Choose a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR})


@dataclass
class Change:
    date: datetime.date
    was_workday: bool
    is_workday: bool
    name: str


@dataclass
class LoadPreview:
    """What loading a notice would do: its table, the days that change, and what would be recounted."""

    notice: notice_reader.Notice
    source: str = ""
    changes: list = field(default_factory=list)  # [Change], days whose working flag changes
    replaced: int = 0  # calendar days of the year typed by hand that the notice replaces
    impacts: list = field(default_factory=list)  # [(dependent name, [texts])]

    @property
    def can_save(self):
        return not self.notice.errors


def _year_table(year):
    return {day.isoformat(): (working, name) for day, working, name in
            CalendarDay.objects.filter(date__year=year).values_list("date", "is_workday", "name")}


def _parsed(year, text):
    check_year(year)
    parsed = notice_reader.parse(text, year)
    try:
        notice_reader.check_statutory(parsed, workdays.statutory_holidays(year))
    except workdays.UnknownCalendarYear:
        pass
    return parsed


def calendar_year_preview(*, year, text):
    """Read a notice and say what loading it would change. Saves nothing."""
    parsed = _parsed(year, text)
    preview = LoadPreview(notice=parsed, source=workdays.year_source(year))
    if parsed.errors:
        return preview
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    before = workdays.workday_flags(first, last)
    table = {day: working for day, working in parsed.flags().items() if day.year == year}
    with workdays.calendar_as_if(year, table):
        after = workdays.workday_flags(first, last)
        for dependent in workdays.dependents():
            if dependent.preview is not None:
                lines = dependent.preview(year)
                if lines:
                    preview.impacts.append((dependent.name, lines))
    preview.changes = [Change(day, before[day], after[day], parsed.days.get(day, (None, ""))[1])
                       for day in sorted(after) if before[day] != after[day]]
    preview.replaced = sum(1 for day in CalendarDay.objects.filter(date__year=year).values_list("date", flat=True)
                           if day not in parsed.days)
    return preview


@transaction.atomic
def calendar_year_load(*, year, text, by, source_name=""):
    """Save a year's notice as its official table (replacing the year's calendar days), then recount."""
    if not can_load_calendar(by):
        raise ServiceError(_("Only administrators and HR load holiday notices."))
    parsed = _parsed(year, text)
    if parsed.errors:
        raise ServiceError(" ".join(parsed.errors))
    # The year's row first: two admins saving at once queue here instead of colliding on the days' unique dates.
    calendar_year, created = CalendarYear.objects.select_for_update().get_or_create(year=year)
    before = {"loaded": not created, "days": _year_table(year)}
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create([CalendarDay(date=day, is_workday=working, name=name)
                                     for day, (working, name) in sorted(parsed.days.items()) if day.year == year])
    for day, (working, name) in sorted(parsed.days.items()):
        if day.year != year:  # 12月31日至1月2日: a day of the neighbouring year, set as the notice says
            CalendarDay.objects.update_or_create(date=day, defaults={"is_workday": working, "name": name})
            workdays.forget_year(day.year)
    calendar_year.notice, calendar_year.source_name = text.strip(), (source_name or "")[:200]
    calendar_year.loaded_by, calendar_year.loaded_at = by, timezone.now()
    calendar_year.save()
    workdays.forget_year(year)
    audit_record(actor=by, action="workcalendar.year.load", obj=calendar_year, before=before,
                 after={"loaded": True, "days": _year_table(year), "source": calendar_year.source_name})
    calendar_changed(year)
    return calendar_year


def calendar_changed(year):
    """Queue every dependent's recount of `year` (after the commit, through the outbox)."""
    for dependent in workdays.dependents():
        enqueue(dependent.task, year)


# The reminder in November -----------------------------------------------------------------------------------------

def _loaders():
    User = get_user_model()
    return list(User.objects.filter(is_active=True)
                .filter(Q(groups__name__in=[Role.HR.value, Role.ADMIN.value]) | Q(is_superuser=True))
                .distinct().order_by("pk")[:50])


def remind_to_load_next_year(today=None):
    """In November and December, while next year is still counted provisionally: HR and administrators are told
    (once a day at most, whatever the beat does). Returns how many were told."""
    today = today or timezone.localdate()
    year = today.year + 1
    if today.month not in REMIND_MONTHS or workdays.year_source(year) != workdays.PROVISIONAL:
        return 0
    subject = _("Load the %(year)d holiday notice") % {"year": year}
    body = _("Leave and approval deadlines in %(year)d are counted provisionally from the statutory holidays, without "
             "the adjusted working weekends (调休). Once the State Council's notice is out, load it: everything "
             "counted so far is recounted and the people concerned are told.") % {"year": year}
    url = reverse("workcalendar:load", args=[year])
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    told = set(Notification.objects.filter(url=url, created_at__gte=start).values_list("recipient_id", flat=True))
    return len(notify_each([person for person in _loaders() if person.pk not in told], subject=subject, body=body,
                           url=url))
