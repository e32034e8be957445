"""seed_demo: the duty history of the demo hospital, once, with the pieces a visitor is shown."""

import datetime
import zoneinfo
from io import StringIO

import time_machine
from django.core.management import call_command

from dutyroster.models import (AssignmentChange, Complaint, DutyLog, FaultCall, Finding, Handover, Overtime,
                               PatrolVisit, Roster, Swap)
from dutyroster.selectors import roster_grid

# A Thursday afternoon with a known calendar, the month half gone.
NOW = datetime.datetime(2026, 11, 12, 15, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue().splitlines()


def test_the_duty_history_is_seeded_once(db):
    with time_machine.travel(NOW, tick=False):
        seed()
        counts = (Roster.objects.count(), Handover.objects.count(), DutyLog.objects.count(), Finding.objects.count())
        second = seed()
    assert "dutyroster: 0 created" in second
    assert counts == (Roster.objects.count(), Handover.objects.count(), DutyLog.objects.count(),
                      Finding.objects.count())
    rosters = list(Roster.objects.order_by("month"))
    assert [(r.month, r.state) for r in rosters] == [(datetime.date(2026, 10, 1), "published"),
                                                       (datetime.date(2026, 11, 1), "published")]
    assert [len(roster_grid(roster).conflicts) for roster in rosters] == [0, 0]
    # The pieces a visitor is shown.
    assert Handover.objects.filter(state=Handover.State.DISPUTED).count() == 1
    assert Handover.objects.filter(state=Handover.State.RECORDING).count() == 1
    assert DutyLog.objects.filter(state=DutyLog.State.SUBMITTED).count() == 1
    missing_log_day = datetime.date(2026, 11, 9)
    assert not DutyLog.objects.filter(assignment__day=missing_log_day, assignment__duty_type__code="main").exists()
    late = Finding.objects.get(kind=Finding.Kind.RESPONSE_LATE)
    assert (late.call.summary, late.points) == ("护士工作站无法打印腕带", 2)
    assert FaultCall.objects.filter(state=FaultCall.State.NEW, channel=FaultCall.Channel.TICKET).count() == 1
    assert Complaint.objects.get().call == late.call
    confirmed = PatrolVisit.objects.filter(state=PatrolVisit.State.CONFIRMED, confirmed_by__username="4003")
    assert confirmed.exists()
    assert Finding.objects.get(kind=Finding.Kind.PATROL_MISSED).rule_code == "F15"
    assert sorted(Finding.objects.filter(kind=Finding.Kind.BREACH).values_list("rule_code", "state")) == [
        ("Q6", "proposed"), ("Q7a", "proposed")]
    assert set(Overtime.objects.values_list("state", flat=True)) == {"proposed", "no_bonus"}
    assert sorted(Swap.objects.values_list("state", flat=True)) == ["approved", "asked", "declined", "pending"]
    approved = Swap.objects.get(state="approved")
    assert AssignmentChange.objects.filter(kind="swapped", swap=approved).count() == (2 if approved.taken_id else 1)
