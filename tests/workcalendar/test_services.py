"""workcalendar.services: loading a year's notice (replace, audit, recount queued), its preview, the reminder."""

import datetime

import pytest

from audit.models import AuditEntry
from core import workdays
from core.errors import ServiceError
from core.models import CalendarDay, CalendarYear
from notifications.models import Notification
from outbox.models import OutboxMessage
from workcalendar import services

from .notices import NOTICE_2026, NOTICE_2027

D = datetime.date


def test_2027_is_provisional_until_its_notice_is_loaded(org):
    assert workdays.year_source(2026) == workdays.BUILT_IN
    assert workdays.year_source(2027) == workdays.PROVISIONAL
    assert workdays.is_workday(D(2027, 2, 20)) is False  # a Saturday, until the notice says otherwise
    services.calendar_year_load(year=2027, text=NOTICE_2027, by=org.admin)
    assert workdays.year_source(2027) == workdays.LOADED
    assert workdays.is_workday(D(2027, 2, 20)) is True
    assert workdays.is_workday(D(2027, 2, 9)) is False


def test_loading_replaces_the_year_and_is_audited(org):
    CalendarDay.objects.create(date=D(2027, 3, 8), is_workday=False, name="手工录入")
    year = services.calendar_year_load(year=2027, text=NOTICE_2027, by=org.hr, source_name="通知.txt")
    assert (year.year, year.loaded_by, year.source_name, year.notice) == (2027, org.hr, "通知.txt", NOTICE_2027.strip())
    assert not CalendarDay.objects.filter(date=D(2027, 3, 8)).exists()
    assert CalendarDay.objects.filter(date__year=2027).count() == 34
    entry = AuditEntry.objects.get(action="workcalendar.year.load")
    assert entry.actor == org.hr
    assert entry.before == {"loaded": False, "days": {"2027-03-08": [False, "手工录入"]}}
    assert entry.after["days"]["2027-02-20"] == [True, "春节"]
    assert list(OutboxMessage.objects.order_by("task_name").values_list("task_name", "args")) == [
        ("approvals.tasks.recount_deadlines", [2027]), ("hiring.tasks.recount_notice_deadlines", [2027]),
        ("leave.tasks.recount_year", [2027])]


def test_loading_again_corrects_the_year(org):
    services.calendar_year_load(year=2027, text=NOTICE_2027, by=org.admin)
    corrected = NOTICE_2027.replace("2月20日（周六）上班", "2月27日（周六）上班")
    services.calendar_year_load(year=2027, text=corrected, by=org.admin)
    assert CalendarYear.objects.count() == 1
    assert (workdays.is_workday(D(2027, 2, 20)), workdays.is_workday(D(2027, 2, 27))) == (False, True)


def test_a_day_of_the_year_before_is_set_too(org):
    text = "一、元旦：12月31日（周四）至1月3日（周日）放假，共4天。"
    services.calendar_year_load(year=2027, text=text, by=org.admin)
    assert workdays.is_workday(D(2026, 12, 31)) is False


@pytest.mark.parametrize("role", ["employee", "head", "outsider"])
def test_only_admins_and_hr_load(org, role):
    with pytest.raises(ServiceError) as refused:
        services.calendar_year_load(year=2027, text=NOTICE_2027, by=getattr(org, role))
    assert refused.value.message == "只有管理员和人事科可以载入放假通知。"
    assert not CalendarYear.objects.exists()


def test_a_notice_with_errors_saves_nothing(org):
    with pytest.raises(ServiceError) as refused:
        services.calendar_year_load(year=2027, text=NOTICE_2026, by=org.admin)
    assert refused.value.message.startswith("第 1 行：2027-01-01 是周五，但通知写的是周四。")
    assert not CalendarDay.objects.exists()


def test_the_preview_shows_the_changes_and_saves_nothing(org):
    preview = services.calendar_year_preview(year=2027, text=NOTICE_2027)
    assert preview.can_save
    assert [(c.date, c.is_workday) for c in preview.changes][:5] == [
        (D(2027, 2, 9), False), (D(2027, 2, 10), False), (D(2027, 2, 11), False), (D(2027, 2, 12), False),
        (D(2027, 2, 20), True)]
    assert not CalendarDay.objects.exists()
    assert workdays.is_workday(D(2027, 2, 20)) is False


# The reminder in November ------------------------------------------------------------------------------------

def test_hr_and_admins_are_reminded_once_a_day_until_it_is_loaded(org):
    assert services.remind_to_load_next_year() == 2
    assert services.remind_to_load_next_year() == 0  # the beat ran twice today
    reminders = Notification.objects.filter(subject="请载入 2027 年放假通知")
    assert sorted(reminders.values_list("recipient__username", flat=True)) == ["2100", "9100"]
    assert reminders.first().url == "/calendar/2027/load/"
    services.calendar_year_load(year=2027, text=NOTICE_2027, by=org.admin)
    assert services.remind_to_load_next_year(today=D(2026, 12, 7)) == 0


def test_no_reminder_before_november(org):
    assert services.remind_to_load_next_year(today=D(2026, 10, 30)) == 0


def test_the_reminder_is_scheduled_for_november_and_december():
    from outbox.schedules import DEFAULT_CRONTABS

    schedules = {task: fields for _name, task, fields in DEFAULT_CRONTABS}
    assert schedules["workcalendar.tasks.remind_to_load_next_year"]["month_of_year"] == "11,12"
