"""My duty outside Xinke: the personal iCal feed a phone calendar subscribes to, and the reminder the day before."""

import datetime
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from core.errors import require
from audit.services import audit_record
from notifications.services import notify

from ..models import Assignment, CalendarFeed, DutyPolicy

FEED_PAST_DAYS = 31
FEED_FUTURE_DAYS = 120


@transaction.atomic
def feed_create(*, person, by):
    """A new secret feed address; the old one stops working at once. Returns (feed, token): the token is shown once
    and only its hash is kept."""
    require(by.pk == person.pk, _("Only the person makes their own calendar link."))
    revoked = CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(person=person, token_hash=CalendarFeed.hash(token))
    audit_record(actor=by, action="dutyroster.feed.create", obj=feed, after={"revoked_previous": revoked})
    return feed, token


@transaction.atomic
def feed_revoke(*, person, by):
    count = CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        feed = CalendarFeed.objects.filter(person=person).order_by("-created_at").first()
        audit_record(actor=by, action="dutyroster.feed.revoke", obj=feed, after={"revoked": count})
    return count


def feed_for_token(token):
    """The live feed of a token, or None (a revoked or unknown token reads as not found)."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.filter(token_hash=CalendarFeed.hash(token), revoked_at__isnull=True).select_related(
        "person").first()
    if feed is None or not feed.person.is_active:
        return None
    # Written at most once an hour: calendars poll often, the audit needs no more.
    if feed.last_used_at is None or timezone.now() - feed.last_used_at > datetime.timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed


def calendar_bytes(person, base_url=""):
    """The person's published duties from a month back to four months ahead as an iCalendar document."""
    now = timezone.now()
    duties = (Assignment.objects.published().filter(person=person,
                                                     ends_at__gte=now - datetime.timedelta(days=FEED_PAST_DAYS),
                                                     starts_at__lte=now + datetime.timedelta(days=FEED_FUTURE_DAYS))
              .select_related("duty_type", "roster__department").order_by("starts_at"))
    # A fixed calendar UID (Calendar.new draws a random one): a subscription must look the same at each refresh.
    calendar = Calendar.new(name=_("Duty of %(name)s") % {"name": person.display_name}, uid=f"duty-calendar-{person.pk}@xinke",
                            prodid="-//Xinke//Duty roster//ZH", refresh_interval=datetime.timedelta(hours=1))
    zone = timezone.get_default_timezone()
    for duty in duties:
        event = Event.new(
            uid=f"duty-{duty.pk}@xinke", summary=f"{duty.duty_type.name}（{duty.roster.department.name}）",
            start=duty.starts_at.astimezone(zone), end=duty.ends_at.astimezone(zone), sequence=duty.sequence,
            stamp=now, last_modified=duty.updated_at,
            description="\n".join(part for part in (duty.duty_type.hours_text(), duty.duty_type.duties) if part),
            url=f"{base_url}{duty.get_absolute_url()}" if base_url else None)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", duty.duty_type.name)
        alarm.add("trigger", datetime.timedelta(hours=-12))
        event.add_component(alarm)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def remind_tomorrow(now=None):
    """From the policy's hour on, tell each person of tomorrow's duties (once per duty)."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < DutyPolicy.current().reminder_hour:
        return 0
    tomorrow = now.date() + datetime.timedelta(days=1)
    duties = list(Assignment.objects.published().filter(day=tomorrow, reminded_at__isnull=True)
                  .select_related("duty_type", "person", "roster__department"))
    count = 0
    for duty in duties:
        with transaction.atomic():
            if not Assignment.objects.filter(pk=duty.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
                continue
            notify(recipient=duty.person, subject=_("Tomorrow you are on %(duty)s, %(hours)s") % {
                "duty": duty.duty_type.name, "hours": duty.duty_type.hours_text()},
                body=duty.duty_type.duties, url=duty.get_absolute_url())
            count += 1
    return count


def feed_url(request, token):
    return request.build_absolute_uri(reverse("duty:feed", args=[token]))
