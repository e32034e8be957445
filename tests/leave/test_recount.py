"""Leave in a year whose holiday notice is not loaded: counted provisionally, recounted when it is loaded.

Today is Monday 2026-09-21 (conftest). The 2027 notice of the tests (tests/workcalendar/notices.py) makes
2-9..2-12 days off (春节) and Saturday 2-20 a working day; provisionally only 2-5 (除夕) and 2-8 are off.
"""

import datetime
from decimal import Decimal

import pytest

from core.models import CalendarYear
from discipline.models import Incident
from leave import services
from leave.models import LeaveBalance, LeaveRequest
from notifications.models import Notification
from tests.workcalendar.notices import NOTICE_2027
from workcalendar.services import calendar_year_load

D = datetime.date


@pytest.fixture
def load_2027(org, django_capture_on_commit_callbacks):
    def load():
        with django_capture_on_commit_callbacks(execute=True):
            calendar_year_load(year=2027, text=NOTICE_2027, by=org.admin)
    return load


@pytest.fixture
def balance_2027(org):
    return LeaveBalance.objects.create(person=org.employee, year=2027, entitlement=Decimal("5"))


def subjects(person):
    return list(Notification.objects.filter(recipient=person).order_by("pk").values_list("subject", flat=True))


def test_a_leave_in_january_2027_goes_through_with_a_provisional_count(apply, approve):
    leave = approve(apply(D(2027, 1, 4), D(2027, 1, 8)))
    assert (leave.state, leave.working_days, leave.count_provisional) == (
        LeaveRequest.State.APPROVED, Decimal("5"), True)
    assert Incident.objects.filter(person=leave.person, occurred_on__year=2027).count() == 5  # 事假 deductions


def test_a_changed_count_is_applied_and_the_person_and_approvers_told(apply, approve, load_2027, org):
    leave = approve(apply(D(2027, 2, 15), D(2027, 2, 20)))  # Monday to the Saturday that will be worked
    assert leave.working_days == Decimal("5")
    Notification.objects.all().delete()

    load_2027()

    leave.refresh_from_db()
    assert (leave.working_days, leave.count_provisional, leave.recount_days) == (Decimal("6"), False, None)
    assert leave.approval.title == "艾丽 · 事假 · 02-15–02-20 · 6 天"
    subject = "请假已按正式日历重新核算：5 → 6 个工作日（艾丽 · 事假 · 2027-02-15 上午 – 2027-02-20 下午）"
    assert subjects(org.employee) == [subject]
    assert subjects(org.supervisor) == [subject]
    assert subjects(org.head) == [subject]
    deductions = leave.deductions.exclude(state=Incident.State.CANCELLED)
    assert sorted(deductions.values_list("occurred_on", flat=True))[-1] == D(2027, 2, 20)
    assert deductions.count() == 6


def test_a_shorter_count_frees_annual_leave(apply, approve, load_2027, balance_2027):
    leave = approve(apply(D(2027, 2, 12), D(2027, 2, 16), code="annual"))
    assert leave.working_days == Decimal("3")  # 2-12, 2-15, 2-16
    load_2027()
    leave.refresh_from_db()
    assert (leave.working_days, leave.count_provisional) == (Decimal("2"), False)  # 2-12 is 春节 now


def test_a_count_that_breaks_the_balance_is_flagged_not_applied(apply, approve, load_2027, balance_2027, org):
    leave = approve(apply(D(2027, 2, 15), D(2027, 2, 20), code="annual"))
    assert leave.working_days == Decimal("5")  # the whole balance
    Notification.objects.all().delete()

    load_2027()

    leave.refresh_from_db()
    assert (leave.working_days, leave.count_provisional, leave.recount_days) == (Decimal("5"), True, Decimal("6"))
    assert leave.recount_problem == ("按正式日历核算年假不足：2027 年还剩 5 天，核算为 6 天。请人事科调整年假，或修改本次请假。")
    subject = "请假待处理：按正式日历为 6 个工作日，而非 5 个（艾丽 · 年假 · 2027-02-15 上午 – 2027-02-20 下午）"
    assert subjects(org.employee) == subjects(org.supervisor) == subjects(org.head) == subjects(org.hr) == [subject]

    # Running the recount again tells nobody twice.
    assert services.leave_recount(leave=leave) == services.RECOUNT_FLAGGED
    assert Notification.objects.count() == 4

    # HR gives one more day: the held-back count is applied at once.
    services.balance_set(person=org.employee, year=2027, entitlement=Decimal("6"), carried_over=Decimal("0"),
                         by=org.hr)
    leave.refresh_from_db()
    assert (leave.working_days, leave.count_provisional, leave.recount_days, leave.recount_problem) == (
        Decimal("6"), False, None, "")


def test_a_waiting_request_that_would_need_the_extension_step_is_flagged(apply, load_2027):
    leave = apply(D(2027, 2, 16), D(2027, 2, 24))  # 7 working days provisionally: no extension step
    assert leave.working_days == Decimal("7")
    load_2027()
    leave.refresh_from_db()
    assert (leave.working_days, leave.recount_days) == (Decimal("7"), Decimal("8"))
    assert leave.recount_problem.startswith("按正式日历核算，本次请假超过 7 个工作日")


def test_an_unchanged_count_loses_its_provisional_mark_quietly(apply, load_2027):
    leave = apply(D(2027, 1, 4), D(2027, 1, 8))
    Notification.objects.all().delete()
    load_2027()
    leave.refresh_from_db()
    assert (leave.working_days, leave.count_provisional) == (Decimal("5"), False)
    assert leave.approval.title == "艾丽 · 事假 · 01-04–01-08 · 5 天"
    assert Notification.objects.count() == 0


def test_leave_no_longer_holding_days_is_left_alone(apply, load_2027, org):
    leave = apply(D(2027, 2, 15), D(2027, 2, 20))
    services.leave_withdraw(leave=leave, by=org.employee)
    load_2027()
    leave.refresh_from_db()
    assert (leave.working_days, leave.count_provisional) == (Decimal("5"), True)


def test_the_preview_lists_what_would_change(apply, org):
    from workcalendar.services import calendar_year_preview

    apply(D(2027, 2, 15), D(2027, 2, 20))
    apply(D(2027, 1, 4), D(2027, 1, 8), person=org.supervisor, cover=None)
    preview = calendar_year_preview(year=2027, text=NOTICE_2027)
    assert preview.impacts[0] == ("leave", [
        "请假：艾丽 · 事假 · 2027-02-15 上午 – 2027-02-20 下午 — 5 → 6 个工作日"])
    assert not CalendarYear.objects.exists()
    leave = LeaveRequest.objects.get(starts_on=D(2027, 2, 15))
    assert services.leave_recount(leave=leave) == services.RECOUNT_UNCHANGED  # nothing was saved or cached


def test_a_recount_asked_by_someone_else_is_refused(apply, org):
    from core.errors import ServiceError

    leave = apply(D(2027, 2, 15), D(2027, 2, 20))
    with pytest.raises(ServiceError):
        services.leave_recount(leave=leave, by=org.outsider)


# The pages ---------------------------------------------------------------------------------------------------

def test_the_form_previews_and_sends_a_january_2027_leave(client, org, types, colleague):
    from django.urls import reverse

    from tests.html import by_testid

    client.force_login(org.employee)
    period = {"leave_type": types["personal"].pk, "starts_on": "2027-01-04", "start_half": "am",
              "ends_on": "2027-01-08", "end_half": "pm"}
    preview = client.get(reverse("leave:preview"), period)
    assert by_testid(preview, "preview-days") == "5 个工作日 暂算"
    assert by_testid(preview, "provisional-note").startswith("2027 年的放假通知尚未载入：暂按法定节假日计算")
    response = client.post(reverse("leave:new"), {**period, "reason": "家中有事", "extension_reason": "",
                                                   "cover": colleague.pk})
    leave = LeaveRequest.objects.get()
    assert response.url == leave.get_absolute_url()
    page = client.get(response.url)
    assert by_testid(page, "working-days") == "5 暂算"
    assert by_testid(page, "provisional-note").startswith("2027 年的放假通知尚未载入")
    mine = client.get(reverse("leave:list"))
    assert by_testid(mine, "provisional") == "暂算"


def test_a_flagged_leave_says_why_and_hr_recounts_it_after_raising_the_balance(
        client, org, apply, approve, load_2027, balance_2027):
    from django.urls import reverse

    from tests.html import by_testid

    leave = approve(apply(D(2027, 2, 15), D(2027, 2, 20), code="annual"))
    load_2027()
    client.force_login(org.hr)
    page = client.get(leave.get_absolute_url())
    assert by_testid(page, "recount-flag").startswith("按正式日历核算为 6 个工作日，而非 5 个：新的天数暂未调整。")
    refused = client.post(reverse("leave:recount", args=[leave.pk]), follow=True)
    assert "按正式日历核算年假不足" in refused.content.decode()
    LeaveBalance.objects.filter(pk=balance_2027.pk).update(entitlement=Decimal("8"))  # e.g. changed in admin
    client.post(reverse("leave:recount", args=[leave.pk]))
    leave.refresh_from_db()
    assert (leave.working_days, leave.recount_days) == (Decimal("6"), None)
