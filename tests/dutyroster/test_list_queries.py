"""Every list page of the duty roster runs the same number of queries at 10 rows as at many (more than a page), and
at most 15: the month grid at 10 and 50 people, and each list of records for the head of 信息科."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dutyroster.models import (Assignment, Complaint, DutyLog, DutyLogEntry, EquipmentLoan, FaultCall, Finding,
                               Handover, HandoverItem, Overtime, PatrolArea, PatrolVisit, RegisterBook,
                               RegisterEntry, Roster, Swap)
from staff.models import StaffProfile
from tests.factories import StaffProfileFactory, UserFactory

from .conftest import assign, at, make_roster

D = datetime.date
MANY = 60  # more than a page (25)
SERIAL = itertools.count()


def count_queries(client, url, params=None):
    client.get(url, params)  # warm the caches a first request fills (content types, the calendar)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def test_the_month_grid_reads_the_same_queries_for_10_and_50_people(client, org, types):
    roster = Roster.objects.create(department=org.it, month=D(2026, 11, 1), state=Roster.State.PUBLISHED)
    duty_types = [types["main"], types["day"]]

    def add_people(count):
        rows = []
        for _n in range(count):
            person = StaffProfileFactory(user=UserFactory(username=f"8{next(SERIAL):03d}"), department=org.it,
                                         post=org.post, status=StaffProfile.Status.REGULAR).user
            for day in range(1, 31):
                assignment = Assignment(roster=roster, person=person, day=D(2026, 11, day),
                                        duty_type=duty_types[(person.pk + day) % 2])
                assignment.set_times()
                rows.append(assignment)
        Assignment.objects.bulk_create(rows)

    client.force_login(org.head)
    url = reverse("duty:roster", args=["it", "2026-11"])
    add_people(10)
    ten = count_queries(client, url)
    add_people(40)
    fifty = count_queries(client, url)
    assert 'class="duty-chip duty-' in client.get(url).content.decode()
    assert (ten, fifty <= 15) == (fifty, True)


def _shifts(org, types, count):
    """`count` past shifts of 艾丽 and 范文 in turn, each with a handover (one item), a log (one entry), a swap."""
    colleague = StaffProfileFactory(user=UserFactory(username=f"7{next(SERIAL):03d}"), department=org.it,
                                    post=org.post).user
    made = []
    for _n in range(count):
        number = next(SERIAL)
        day = D(2026, 11, 15) - datetime.timedelta(days=number // 2)
        person = (org.employee, colleague)[number % 2]
        shift = assign(make_roster(org.it, day.replace(day=1)), person, day, types["day"])
        handover = Handover.objects.create(outgoing=shift)
        HandoverItem.objects.create(handover=handover, kind=HandoverItem.Kind.SPARE, name="备用机", quantity=2)
        log = DutyLog.objects.create(assignment=shift, state=DutyLog.State.SUBMITTED, submitted_at=shift.ends_at)
        DutyLogEntry.objects.create(log=log, at=shift.starts_at, text="巡检机房", recorded_by=person)
        Swap.objects.create(requester=person, colleague=org.supervisor, given=shift, reason="家中有事")
        made.append(shift)
    return made


def _records(org, count):
    """`count` rows of every other list: calls, complaints, findings, register entries, loans, overtime, visits."""
    book = RegisterBook.objects.get(code="backup")
    area = PatrolArea.objects.filter(person=org.employee).first()
    if area is None:
        area = PatrolArea.objects.create(name="内科片区", person=org.employee, starts_on=D(2026, 1, 1))
        area.departments.set([org.ward])
        area.confirmers.set([org.outsider])
    for _n in range(count):
        number = next(SERIAL)
        when = at(D(2026, 11, 1) + datetime.timedelta(days=number % 15), hour=8 + number % 8)
        call = FaultCall.objects.create(department=org.ward, caller="韩雪", received_at=when, summary="打印机卡纸",
                                        received_by=org.outsider, taken_by=org.employee, response_minutes=15,
                                        unattended_minutes=60, outage_hours=12)
        Complaint.objects.create(department=org.ward, person=org.employee, received_on=when.date(), text="响应慢",
                                 recorded_by=org.head, call=call)
        Finding.objects.create(key=f"queries-{number}", kind=Finding.Kind.RESPONSE_LATE, person=org.employee,
                               department=org.it, occurred_on=when.date(), facts="响应超时",
                               state=Finding.State.OPEN, call=call)
        RegisterEntry.objects.create(book=book, department=org.it, occurred_at=when, subject="HIS", content="全量备份",
                                     recorded_by=org.employee)
        EquipmentLoan.objects.create(item="投影仪", department=org.ward, borrower="韩雪", lent_at=when,
                                     lent_by=org.employee)
        Overtime.objects.create(person=org.employee, starts_at=when - datetime.timedelta(hours=3), ends_at=when,
                                work="升级", state=Overtime.State.NO_BONUS)
        PatrolVisit.objects.create(area=area, department=org.ward, person=org.employee, visited_at=when, work="巡检")


LISTS = [
    ("duty:calls", {"view": "all"}),
    ("duty:call_report", {"month": "2026-11"}),
    ("duty:complaints", {}),
    ("duty:findings", {"month": "2026-11"}),
    ("duty:register", {}),
    ("duty:loans", {}),
    ("duty:overtime", {}),
    ("duty:patrols", {}),
    ("duty:handovers", {}),
    ("duty:logs", {"month": "2026-11"}),
    ("duty:swaps", {}),
    ("duty:fairness", {"department": "it", "month": "2026-11"}),
    ("duty:rosters", {}),
]


@pytest.mark.parametrize("name, params", LISTS, ids=[name for name, _p in LISTS])
def test_a_list_reads_the_same_queries_for_10_and_many_rows(client, org, types, name, params):
    url = reverse(name, args=["backup"] if name == "duty:register" else [])
    _shifts(org, types, 10)
    _records(org, 10)
    client.force_login(org.head)
    ten = count_queries(client, url, params)
    _shifts(org, types, MANY - 10)
    _records(org, MANY - 10)
    many = count_queries(client, url, params)
    assert (ten, many <= 15) == (many, True)


def test_my_duty_reads_the_same_queries_for_few_and_many_duties(client, org, types, november):
    client.force_login(org.employee)
    for day in range(16, 20):
        assign(november, org.employee, D(2026, 11, day), types["day"])
    few = count_queries(client, reverse("duty:mine"))
    december = make_roster(org.it, D(2026, 12, 1))
    for day in range(1, 31):
        assign(december, org.employee, D(2026, 12, day), types["day"])
    many = count_queries(client, reverse("duty:mine"))
    assert (few, many <= 15) == (many, True)
