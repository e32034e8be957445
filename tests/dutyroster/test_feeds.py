"""My duty in a phone's calendar: a secret, revocable iCal feed (only its hash is kept), and the reminder the day
before."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from dutyroster.models import CalendarFeed
from dutyroster.services import feeds
from notifications.models import Notification

from .conftest import assign, at

D = datetime.date


@pytest.fixture
def duties(org, november, types):
    return [assign(november, org.employee, D(2026, 11, 17), types["main"]),
            assign(november, org.employee, D(2026, 11, 20), types["day"])]


def test_the_feed_lists_my_published_duties(client, org, duties, december, types):
    assign(december, org.employee, D(2026, 12, 1), types["main"])  # a draft: not in the feed
    _feed, token = feeds.feed_create(person=org.employee, by=org.employee)
    response = client.get(reverse("duty:feed", args=[token]))
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    calendar = Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda event: event.start)
    assert [(str(e["UID"]), str(e["SUMMARY"]), e.start.isoformat(), e.end.isoformat(), int(e["SEQUENCE"]))
            for e in events] == [
        (f"duty-{duties[0].pk}@xinke", "值主班（信息科）", "2026-11-17T08:00:00+08:00", "2026-11-18T08:00:00+08:00", 0),
        (f"duty-{duties[1].pk}@xinke", "值白班（信息科）", "2026-11-20T08:00:00+08:00", "2026-11-20T17:30:00+08:00", 0),
    ]
    assert str(events[0].start.tzinfo) == "Asia/Shanghai"
    assert len(events[0].walk("VALARM")) == 1
    assert b"BEGIN:VTIMEZONE" in response.content
    assert str(calendar["UID"]) == f"duty-calendar-{org.employee.pk}@xinke"  # the same at every refresh


def test_only_the_hash_is_kept_and_a_new_link_revokes_the_old(client, org, duties):
    _feed, old = feeds.feed_create(person=org.employee, by=org.employee)
    feed, new = feeds.feed_create(person=org.employee, by=org.employee)
    assert CalendarFeed.objects.filter(token_hash=CalendarFeed.hash(new)).get() == feed
    assert not CalendarFeed.objects.filter(token_hash=old).exists()
    assert client.get(reverse("duty:feed", args=[old])).status_code == 404
    assert client.get(reverse("duty:feed", args=[new])).status_code == 200
    feeds.feed_revoke(person=org.employee, by=org.employee)
    assert client.get(reverse("duty:feed", args=[new])).status_code == 404


def test_an_unknown_token_or_a_departed_person_reads_as_not_found(client, org, duties):
    _feed, token = feeds.feed_create(person=org.employee, by=org.employee)
    assert client.get(reverse("duty:feed", args=["x" * 43])).status_code == 404
    org.employee.is_active = False
    org.employee.save()
    assert client.get(reverse("duty:feed", args=[token])).status_code == 404


def test_a_change_raises_the_sequence(client, org, duties, colleague):
    from dutyroster.services.roster import assignment_reassign

    _feed, token = feeds.feed_create(person=colleague, by=colleague)
    assignment_reassign(assignment=duties[0], person=colleague, by=org.head, reason="艾丽外出培训")
    calendar = Calendar.from_ical(client.get(reverse("duty:feed", args=[token])).content)
    assert [int(event["SEQUENCE"]) for event in calendar.walk("VEVENT")] == [1]


def test_the_page_shows_the_link_once(client, org):
    client.force_login(org.employee)
    response = client.post(reverse("duty:feed_create"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "请现在复制此地址，它只显示这一次" in text
    assert "webcal://testserver/duty/calendar/" in text
    assert '<button type="button" class="btn btn-outline-primary" data-copy="#feed-url" data-copied="已复制">复制地址</button>' in text
    assert client.get(reverse("duty:mine")).content.decode().count("/duty/calendar/") == 2  # the two forms only


def test_reminded_the_evening_before_once(org, duties):
    with time_machine.travel(at(D(2026, 11, 16), 16, 59), tick=False):
        assert feeds.remind_tomorrow() == 0
    with time_machine.travel(at(D(2026, 11, 16), 17), tick=False):
        assert feeds.remind_tomorrow() == 1
        assert feeds.remind_tomorrow() == 0
    assert Notification.objects.get(recipient=org.employee).subject == "明天您的值班：值主班，08:00–次日08:00"
