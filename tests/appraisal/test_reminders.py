"""Beat reminders: staff three days before the deadline (once), reviewers while a review is overdue."""

import datetime

import pytest
import time_machine

from appraisal import services, tasks
from notifications.models import Notification

from .helpers import NOW, open_month, submitted

pytestmark = pytest.mark.django_db


def subjects(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("subject", flat=True))


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(8, 30), tzinfo=NOW.tzinfo), tick=False)


@pytest.fixture
def month(org):
    with time_machine.travel(NOW, tick=False):
        open_month()


def test_no_reminder_before_three_days_ahead(org, month):
    with at(datetime.date(2026, 12, 1)):
        assert services.reminders_send() == (0, 0)
    assert subjects(org.employee) == []


def test_staff_are_reminded_once_three_days_before_the_deadline(org, month):
    with at(datetime.date(2026, 12, 2)):
        assert services.reminders_send() == (2, 0)
        assert services.reminders_send() == (0, 0)
    with at(datetime.date(2026, 12, 4)):
        assert services.reminders_send() == (0, 0)

    assert subjects(org.employee) == ["Your self-assessment for November 2026 is due on 2026-12-05"]
    assert Notification.objects.get(recipient=org.employee).url.endswith("/self/")


def test_who_submitted_is_not_reminded(org, month):
    with time_machine.travel(NOW, tick=False):
        submitted(org.employee)
    with at(datetime.date(2026, 12, 2)):
        assert services.reminders_send() == (1, 0)

    assert subjects(org.employee) == []
    assert subjects(org.supervisor) == ["艾丽 submitted the self-assessment for November 2026",
                                        "Your self-assessment for November 2026 is due on 2026-12-05"]


def test_overdue_reviews_remind_the_reviewer_every_few_days(org, month):
    with time_machine.travel(NOW, tick=False):
        submitted(org.employee)
    Notification.objects.all().delete()
    with at(datetime.date(2026, 12, 10)):
        assert services.reminders_send()[1] == 0  # due today: not overdue yet
    with at(datetime.date(2026, 12, 11)):
        assert services.reminders_send()[1] == 1
        assert services.reminders_send()[1] == 0
    with at(datetime.date(2026, 12, 13)):
        assert services.reminders_send()[1] == 0
    with at(datetime.date(2026, 12, 14)):
        assert tasks.send_reminders.delay().get()[1] == 1

    assert [s for s in subjects(org.supervisor) if "overdue" in s] == [
        "The review of 艾丽 for November 2026 is overdue"] * 2
