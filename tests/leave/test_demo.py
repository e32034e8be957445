"""seed_demo: the leave history of the demo hospital, once; the head has a leave to decide in the inbox."""

import datetime
import zoneinfo
from io import StringIO

import time_machine
from django.core.management import call_command

from approvals.selectors import inbox_steps
from leave.models import Absence, Lateness, LeaveRequest
from staff.models import User

NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue().splitlines()


def test_the_leave_history_is_seeded_once(db):
    with time_machine.travel(NOW, tick=False):
        first = seed()
        count = LeaveRequest.objects.count()
        second = seed()
    assert "leave: 0 created" in second
    assert count == LeaveRequest.objects.count() == 13
    types = set(LeaveRequest.objects.values_list("leave_type__code", flat=True))
    assert types == {"annual", "personal", "sick", "maternity", "marriage", "bereavement", "compensatory"}
    assert [line for line in first if line.startswith("leave:")] != ["leave: 0 created"]


def test_the_demo_has_open_work_and_the_extension(db):
    with time_machine.travel(NOW, tick=False):
        seed()
        head = User.objects.get(username="1001")
        waiting = [step.request.title for step in inbox_steps(head) if step.request.request_type.code == "leave.request"]
    assert waiting == ["张伟 · 年假 · 11-30–12-01 · 2 天"]
    maternity = LeaveRequest.objects.get(leave_type__code="maternity")
    assert list(maternity.approval.steps.values_list("label", "state")) == [
        ("直接上级审批", "approved"), ("科室负责人审批", "approved"), ("延长离岗审批（超过7个工作日）", "approved")]
    states = sorted(LeaveRequest.objects.values_list("state", flat=True))
    assert states.count("pending") == 3 and states.count("approved") == 2
    january = LeaveRequest.objects.get(starts_on__year=2027)
    assert (january.period_text(), january.working_days, january.count_provisional) == (
        "2027-01-04 上午 – 2027-01-05 下午", 2, True)
    assert sorted(Absence.objects.values_list("source", "half")) == [("lateness", "am"), ("overstay", "")]
    personal = LeaveRequest.objects.get(person__username="1005", leave_type__code="personal")
    assert [(i.rule.code, i.amount) for i in personal.deductions.all()] == [("F4b", 30)]


def test_the_demo_lateness_goes_through_the_one_flow(db):
    with time_machine.travel(NOW, tick=False):
        seed()
    rows = {lateness.minutes: (sorted(lateness.incidents.values_list("rule__code", "state")), lateness.decision)
            for lateness in Lateness.objects.all()}
    assert rows == {
        75: ([("F5", "confirmed"), ("Q2", "confirmed")], ""),
        4: ([("F2", "proposed"), ("Q2", "proposed")], ""),
        20: ([("Q2", "proposed")], "pending"),
    }
