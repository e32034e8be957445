"""The leave history of the demo hospital for seed_demo, made through the services.

Every type of leave across the year's holidays (国庆 with its working Saturday, the Spring Festival), a long
产假 approved through the head's extension step, 事假 with its deduction lines, a late return that became an
absence proposed to the head; and this week: a leave waiting for the deputy, one waiting for the head (1001's
inbox), one in progress, one whose return is overdue, and one next January counted provisionally. Idempotent: nothing is added once any leave exists.
"""

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen import canvas

from approvals.models import Step
from approvals.services import Decision, step_decide
from core.errors import ServiceError
from core.pdf import register_cjk_font
from core.workdays import UnknownCalendarYear, add_working_days, is_workday
from staff.models import StaffProfile, User

from . import lateness as lateness_services
from . import services
from .models import Half, Lateness, LeaveBalance, LeaveRequest, LeaveType

AM, PM = Half.MORNING, Half.AFTERNOON


def _certificate(title):
    """A one-page PDF standing in for the scanned certificate."""
    font = register_cjk_font()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A5)
    page.setFont(font, 16)
    page.drawString(60, 500, title)
    page.setFont(font, 11)
    page.drawString(60, 470, "（演示数据：扫描件示意）")
    page.save()
    return ContentFile(buffer.getvalue(), name=f"{title}.pdf")


def _decide(leave, until=None):
    """Approve each step in turn (all, or until `until` steps are decided)."""
    decided = 0
    while until is None or decided < until:
        step = Step.objects.filter(request=leave.approval, state=Step.State.ACTIVE).select_related("assignee").first()
        if step is None:
            break
        step_decide(step=step, by=step.assignee, decision=Decision.APPROVE, comment="同意")
        decided += 1
    leave.refresh_from_db()
    return leave


def _entitlement(profile):
    """职工带薪年休假条例: 5 days after a year of work, 10 after ten, 15 after twenty (from the hire date here)."""
    years = (timezone.localdate() - profile.hire_date).days // 365 if profile.hire_date else 0
    return Decimal(15 if years >= 20 else 10 if years >= 10 else 5 if years >= 1 else 0)


def seed():
    if LeaveRequest.objects.exists():
        return 0
    people = {user.username: user for user in User.objects.filter(
        username__in=["1001", "1002", "1003", "1004", "1005", "1006", "1007", "1008", "1010", "4102", "4101"])
        .select_related("profile")}
    if len(people) < 8:
        return 0
    types = {leave_type.code: leave_type for leave_type in LeaveType.objects.all()}
    today = timezone.localdate()
    year = today.year
    hr = User.objects.filter(username="2001").first()
    created = 0
    for profile in StaffProfile.objects.filter(department__code="it", status__in=StaffProfile.ACTIVE_STATUSES):
        for balance_year in (year - 1, year):
            LeaveBalance.objects.get_or_create(person_id=profile.user_id, year=balance_year, defaults={
                "entitlement": _entitlement(profile), "updated_by": hr, "note": "按累计工作年限核定"})
            created += 1

    def apply(number, code, start, end, start_half=AM, end_half=PM, reason="", cover=None, **extra):
        nonlocal created
        person = people[number]
        leave = services.leave_apply(
            person=person, by=person, leave_type=types[code], starts_on=start, start_half=start_half, ends_on=end,
            end_half=end_half, reason=reason, cover=people.get(cover), today=min(start, today), **extra)
        created += 1
        return leave

    def back(leave, day, half=AM):
        services.leave_return(leave=leave, by=leave.person, back_on=day, back_half=half, today=max(day, today))

    D = datetime.date
    # The year's history: every type, across the holidays.
    history = [
        ("1006", "annual", D(year, 2, 12), D(year, 2, 25), AM, PM, "春节回老家探亲", "1004", D(year, 2, 26)),
        ("1010", "maternity", D(year, 4, 1), D(year, 7, 31), AM, PM, "生育，产假", "1007", D(year, 8, 3)),
        ("1007", "marriage", D(year, 5, 18), D(year, 5, 22), AM, PM, "结婚", "1003", D(year, 5, 25)),
        ("1003", "bereavement", D(year, 8, 10), D(year, 8, 12), AM, PM, "祖父去世，回乡奔丧", "1007", D(year, 8, 14)),
        ("1004", "annual", D(year, 9, 28), D(year, 10, 9), AM, PM, "国庆连休探亲", "1006", D(year, 10, 10)),
        ("1006", "sick", D(year, 10, 19), D(year, 10, 21), AM, PM, "急性肠胃炎，医嘱休息三天", "1004", D(year, 10, 22)),
        ("1005", "personal", D(year, 11, 3), D(year, 11, 3), PM, PM, "孩子学校家长会", "1003", D(year, 11, 4)),
        ("1008", "compensatory", D(year, 11, 16), D(year, 11, 16), AM, PM, "国庆值班调休", "1006", D(year, 11, 17)),
    ]
    for number, code, start, end, start_half, end_half, reason, cover, returned in history:
        if number not in people or returned > today:
            continue
        extra = {}
        if types[code].needs_document:
            extra["document"] = _certificate({"sick": "诊断证明书", "maternity": "出生医学证明",
                                              "marriage": "结婚证"}.get(code, "证明材料"))
        if code == "maternity":
            extra["extension_reason"] = "国家规定产假98天，另加省规定生育奖励假。"
        try:
            leave = apply(number, code, start, end, start_half, end_half, reason, cover=cover, **extra)
        except ServiceError:
            continue  # e.g. a year whose holidays are not known yet
        back(_decide(leave), returned)
    # This week.
    try:
        current = _this_week(apply, today)
    except (ServiceError, UnknownCalendarYear):
        current = 0  # a year whose holidays are not known yet
    return created + current + _lateness(people, today)


def _lateness(people, today):
    """Lateness through the one flow: 75 minutes (a half-day absence and F5, confirmed), 4 minutes (F2 and Q2,
    waiting for the head's confirmation) and 20 minutes, which no fine covers: the head decides (1001's home page)."""
    deputy, head = people["1002"], people["1001"]
    cases = [
        ("1007", 85, 75, "早上9:15才到岗，未请假，电话未接。", True),
        ("1008", 6, 4, "早上8:04打卡。", False),
        ("1004", 2, 20, "早上8:20到岗，称路上堵车。", False),
    ]
    created = 0
    for number, days_ago, minutes, note, confirm in cases:
        try:
            day = _working_day_before(today, days_ago)
            lateness = lateness_services.lateness_record(
                person=people[number], by=deputy, occurred_on=day, half=AM, kind=Lateness.Kind.LATE, minutes=minutes,
                note=note, today=today)
        except (ServiceError, UnknownCalendarYear):
            continue  # on approved leave that day, or a year whose holidays are not known yet
        if confirm:
            lateness_services.lateness_confirm_proposals(lateness=lateness, by=head)
        created += 1
    return created


def _working_day_before(day, days):
    day -= datetime.timedelta(days=days)
    while not is_workday(day):
        day -= datetime.timedelta(days=1)
    return day


def _this_week(apply, today):
    """One leave waiting for the deputy, one for the head (1001's inbox), one in progress, one return overdue."""
    tomorrow = add_working_days(today, 1)
    apply("1006", "personal", tomorrow, tomorrow, AM, AM, "办理房产过户手续", cover="1004")
    waiting_head = apply("1003", "annual", add_working_days(today, 3), add_working_days(today, 4), AM, PM,
                         "陪家人就医复查", cover="1007")
    _decide(waiting_head, until=1)  # the deputy approved; the head decides
    _decide(apply("1005", "annual", _working_day_before(today, 1), add_working_days(today, 2), AM, PM, "年假休息",
                  cover="1003"))
    overdue = _working_day_before(today, 4)
    _decide(apply("1007", "personal", overdue, overdue, AM, PM, "家中老人住院陪护", cover="1003"))
    # Next January, before the year's holiday notice is loaded: counted provisionally (core.workdays).
    january = add_working_days(datetime.date(today.year + 1, 1, 3), 1)
    apply("1004", "personal", january, add_working_days(january, 1), AM, PM, "回老家办理户籍手续", cover="1006")
    return 5
