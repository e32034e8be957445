"""The home page: the person is asked to record the return; leaders see returns that are overdue."""

import datetime

import time_machine

from leave import home

from .conftest import decide_all


def test_the_person_records_the_return_once_the_leave_began(org, apply):
    leave = decide_all(apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 23)))
    assert home.pending_return(org.employee) == []
    with time_machine.travel(datetime.datetime(2026, 9, 22, 9, 0), tick=False):
        items = home.pending_return(org.employee)
    assert [(item.title, item.url) for item in items] == [
        ("请登记返岗：事假，2026-09-22 上午 – 2026-09-23 下午", leave.get_absolute_url())]


def test_leaders_see_overdue_returns(org, apply):
    leave = decide_all(apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 22)))
    with time_machine.travel(datetime.datetime(2026, 9, 24, 9, 0), tick=False):
        for leader in (org.head, org.supervisor):
            assert [item.title for item in home.overdue_for_leaders(leader)] == [
                "未登记返岗：艾丽，事假 至 2026-09-22"]
        assert home.overdue_for_leaders(org.employee) == []
        assert home.overdue_for_leaders(org.outsider) == []
    assert leave.state == "approved"
