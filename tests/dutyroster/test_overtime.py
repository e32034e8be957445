"""Overtime: the +2 bonus proposed per the points rule (at least 2 hours), refused by itself on the main shift."""

import datetime
from decimal import Decimal

import pytest

from core.errors import ServiceError
from discipline.models import Incident
from dutyroster.models import Finding, Overtime
from dutyroster.services import overtime as services

from .conftest import NOW, assign, at

D = datetime.date


def test_the_bonus_is_proposed_to_the_head(org):
    record = services.overtime_record(by=org.employee, starts_at=at(D(2026, 11, 14), 9),
                                      ends_at=at(D(2026, 11, 14), 13), work="HIS 升级")
    finding = Finding.objects.get()
    assert (record.state, record.hours(), finding.rule_code, finding.incident.measured_value,
            finding.incident.amount, finding.incident.state) == (
        Overtime.State.PROPOSED, Decimal("4.0"), "Q13", Decimal("4.00"), Decimal("2.00"), Incident.State.PROPOSED)


def test_no_bonus_on_the_main_shift(org, november, types):
    assign(november, org.employee, D(2026, 11, 14), types["main"])
    record = services.overtime_record(by=org.employee, starts_at=at(D(2026, 11, 14), 18),
                                      ends_at=at(D(2026, 11, 14), 21), work="机房空调告警")
    assert (record.state, record.no_bonus_reason) == (Overtime.State.NO_BONUS,
                                                      "在2026-11-14 值主班 · 艾丽期间，不加分（值主班除外）。")
    assert Finding.objects.count() == 0


def test_less_than_two_hours_earns_no_bonus(org):
    record = services.overtime_record(by=org.employee, starts_at=at(D(2026, 11, 14), 9),
                                      ends_at=at(D(2026, 11, 14), 10, 30), work="HIS 升级")
    assert record.state == Overtime.State.NO_BONUS
    assert "Q13" in record.no_bonus_reason


def test_overlaps_future_and_outsiders_are_refused(org):
    services.overtime_record(by=org.employee, starts_at=at(D(2026, 11, 14), 9), ends_at=at(D(2026, 11, 14), 13),
                             work="HIS 升级")
    with pytest.raises(ServiceError, match="与您已登记的加班时间重叠"):
        services.overtime_record(by=org.employee, starts_at=at(D(2026, 11, 14), 12),
                                 ends_at=at(D(2026, 11, 14), 15), work="x")
    with pytest.raises(ServiceError, match="请在加班结束后登记"):
        services.overtime_record(by=org.employee, starts_at=NOW, ends_at=NOW + datetime.timedelta(hours=3), work="x")
    with pytest.raises(ServiceError, match="加班由信息科人员登记"):
        services.overtime_record(by=org.outsider, starts_at=at(D(2026, 11, 14), 9), ends_at=at(D(2026, 11, 14), 13),
                                 work="x")


def test_withdrawn_while_proposed(org):
    record = services.overtime_record(by=org.employee, starts_at=at(D(2026, 11, 14), 9),
                                      ends_at=at(D(2026, 11, 14), 13), work="HIS 升级")
    services.overtime_withdraw(overtime=record, by=org.employee, reason="时间登记错了")
    finding = Finding.objects.get()
    assert (Overtime.objects.get().state, finding.state, finding.incident.state) == (
        Overtime.State.CANCELLED, Finding.State.DISMISSED, Incident.State.CANCELLED)
