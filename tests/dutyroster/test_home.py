"""The home page's duty work, for the person on duty, the incoming person, the team leader and the head."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dutyroster import home
from dutyroster.models import Handover, TeamLeader
from dutyroster.services import handover as handover_services
from dutyroster.services import records

from .conftest import NOW, assign

D = datetime.date


def titles(items):
    return [item.title for item in items]


def test_my_duty_now_and_the_handover_waiting_for_me(org, november, types, colleague):
    outgoing = assign(november, org.employee, D(2026, 11, 15), types["main"])
    assign(november, colleague, D(2026, 11, 16), types["main"])
    handover = handover_services.handover_start(assignment=outgoing, by=org.employee)
    handover_services.handover_submit(handover=handover, by=org.employee)
    assert titles(home.duty_now(colleague)) == ["正在值班：值主班，至11-17 08:00"]
    assert titles(home.takeovers(colleague)) == ["请接艾丽的班"]
    assert Handover.objects.get().state == Handover.State.HANDED_OVER


def test_an_ended_shift_not_handed_over_asks_for_the_handover(org, november, types):
    assign(november, org.employee, D(2026, 11, 15), types["main"])
    assert titles(home.duty_now(org.employee)) == ["请交班：2026-11-15 值主班 · 艾丽"]


def test_the_team_leader_signs(org, november, types, colleague):
    TeamLeader.objects.create(department=org.it, person=colleague)
    shift = assign(november, org.employee, D(2026, 11, 16), types["day"])
    records.log_entry_add(assignment=shift, by=org.employee, at=NOW, text_value="巡检")
    records.log_submit(assignment=shift, by=org.employee)
    assert titles(home.logs_to_sign(colleague)) == ["请签字认可值班记录：2026-11-16 值白班 · 艾丽"]
    assert titles(home.logs_to_sign(org.employee)) == []


def test_the_head_finds_leave_on_duty_days(org, november, types, colleague):
    from leave import services as leave_services
    from leave.models import Half, LeaveType
    from tests.leave.conftest import decide_all

    assign(november, colleague, D(2026, 11, 18), types["main"])
    decide_all(leave_services.leave_apply(
        person=colleague, by=colleague, leave_type=LeaveType.objects.get(code="personal"), starts_on=D(2026, 11, 18),
        start_half=Half.MORNING, ends_on=D(2026, 11, 18), end_half=Half.AFTERNOON, reason="家中有事",
        cover=org.employee))
    with CaptureQueriesContext(connection) as captured:
        items = home.leave_on_duty_days(org.head)
    assert titles(items) == ["请假期间排有值班：2026-11-18 值主班 · 范文"]
    assert len(captured) <= 4
