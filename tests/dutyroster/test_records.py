"""Duty logs written during the shift and signed off by the team leader (组长); days without a signed log offered as
the scorecard's line; the registers kept on duty and equipment loans."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from core.errors import ServiceError
from dutyroster.models import DutyLog, EquipmentLoan, Finding, RegisterBook, TeamLeader
from dutyroster.services import records as services
from notifications.models import Notification

from .conftest import NOW, assign, at

D = datetime.date
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def leader(org, colleague):
    TeamLeader.objects.create(department=org.it, person=colleague)
    return colleague


@pytest.fixture
def day_shift(org, november, types):
    """The employee's day shift of today, 08:00–17:30."""
    return assign(november, org.employee, D(2026, 11, 16), types["day"])


def test_entries_are_written_during_the_shift(org, day_shift):
    entry = services.log_entry_add(assignment=day_shift, by=org.employee, at=NOW - HOUR / 2, text_value="巡检机房")
    assert (entry.log.state, entry.text, entry.at) == (DutyLog.State.OPEN, "巡检机房", NOW - HOUR / 2)
    with pytest.raises(ServiceError, match="时间须在值班时间内（11-16 08:00 – 11-16 17:30）"):
        services.log_entry_add(assignment=day_shift, by=org.employee, at=NOW - 2 * HOUR, text_value="x")
    with pytest.raises(ServiceError, match="只有当班人员可以填写值班记录"):
        services.log_entry_add(assignment=day_shift, by=org.outsider, at=NOW, text_value="x")
    with time_machine.travel(at(D(2026, 11, 17), 6), tick=False):
        with pytest.raises(ServiceError, match="值班结束已超过12小时"):
            services.log_entry_add(assignment=day_shift, by=org.employee, at=NOW, text_value="补记")


def test_the_team_leader_signs_and_nobody_signs_their_own(org, day_shift, leader):
    services.log_entry_add(assignment=day_shift, by=org.employee, at=NOW, text_value="巡检机房")
    log = services.log_submit(assignment=day_shift, by=org.employee)
    assert list(Notification.objects.filter(subject__startswith="值班记录待您签字").values_list(
        "recipient__username", flat=True)) == ["1103"]
    with pytest.raises(ServiceError, match="当班人员本人不能签字"):
        services.log_sign(log=log, by=org.employee)
    log = services.log_sign(log=log, by=leader, note="记录完整")
    assert (log.state, log.signed_by, log.sign_note) == (DutyLog.State.SIGNED, leader, "记录完整")
    with pytest.raises(ServiceError, match="只有已提交的值班记录可以签字"):
        services.log_sign(log=log, by=org.head)


def test_sent_back_for_completion(org, day_shift, leader):
    services.log_entry_add(assignment=day_shift, by=org.employee, at=NOW, text_value="巡检机房")
    log = services.log_submit(assignment=day_shift, by=org.employee)
    log = services.log_return(log=log, by=leader, note="缺少下午的报修处理")
    assert (log.state, log.sign_note) == (DutyLog.State.OPEN, "缺少下午的报修处理")
    services.log_entry_add(assignment=day_shift, by=org.employee, at=NOW, text_value="补充报修处理")


def test_a_log_is_not_submitted_empty(org, day_shift):
    with pytest.raises(ServiceError, match="提交前请至少填写一条记录"):
        services.log_submit(assignment=day_shift, by=org.employee)


def test_a_shift_without_a_signed_log_is_offered_as_the_scorecards_line(org, november, types):
    yesterday = assign(november, org.employee, D(2026, 11, 15), types["day"])
    with pytest.raises(ServiceError, match="只有科主任或副主任可以提出"):
        services.missing_log_finding(assignment=yesterday, by=org.employee)
    finding = services.missing_log_finding(assignment=yesterday, by=org.head)
    assert (finding.kind, finding.points, finding.state, finding.assignment, finding.occurred_on) == (
        Finding.Kind.LOG_MISSING, Decimal("1.00"), Finding.State.OPEN, yesterday, D(2026, 11, 15))
    assert finding.facts == "2026-11-15 值白班 · 艾丽无经组长签字的工作日志（如无工作日志扣1分）。"
    assert services.missing_log_finding(assignment=yesterday, by=org.head) == finding


def test_a_running_shift_lacks_no_log_yet(org, day_shift):
    with pytest.raises(ServiceError, match="已结束的班次"):
        services.missing_log_finding(assignment=day_shift, by=org.head)


def test_register_entries_and_their_signature(org, leader, day_shift):
    book = RegisterBook.objects.get(code="backup")
    entry = services.register_entry_add(book=book, by=org.employee, occurred_at=NOW, subject="HIS 数据库",
                                        content="全量备份完成", outcome="normal")
    assert (entry.department, entry.assignment) == (org.it, day_shift)
    with pytest.raises(ServiceError, match="登记人本人不能签字"):
        services.register_entry_sign(entry=entry, by=org.employee)
    entry = services.register_entry_sign(entry=entry, by=leader)
    assert entry.signed_by == leader
    with pytest.raises(ServiceError, match="只有信息科人员可以填写登记表"):
        services.register_entry_add(book=book, by=org.outsider, occurred_at=NOW, subject="x", content="x",
                                    outcome="normal")


def test_equipment_is_lent_and_returned(org):
    loan = services.loan_record(by=org.employee, item="备用台式机", quantity=1, department=org.ward, borrower="韩雪",
                                lent_at=NOW, due_on=D(2026, 11, 20), is_spare_machine=True)
    assert loan.is_out()
    with pytest.raises(ServiceError, match="应归还日期早于借出时间"):
        services.loan_record(by=org.employee, item="投影仪", quantity=1, department=org.ward, borrower="韩雪",
                             lent_at=NOW, due_on=D(2026, 11, 1))
    services.loan_return(loan=loan, by=org.employee)
    assert EquipmentLoan.objects.get().returned_to == org.employee
    with pytest.raises(ServiceError, match="该物品已归还"):
        services.loan_return(loan=loan, by=org.employee)
