"""Monthly statements per person and for the department, and their Excel export for HR and finance."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from discipline import services
from discipline.models import Incident
from leave.models import Absence
from tests.html import by_testid

from .conftest import day


@pytest.fixture
def november(org, record):
    """The employee's and the deputy's November (and an October incident that must not show)."""
    record("Q2", day(11, 3))
    record("Q2", day(11, 12))  # 6 points: 依次加倍
    record("Q13", day(11, 14), measured_value=3)  # +2
    record("F3", day(11, 5), measured_value=40, breaks_hospital_rules=True)  # 100 yuan
    record("R7", day(11, 6), measured_value=1000, compensation_percent=Decimal("30"))  # 300 yuan compensation
    # Half a day of absence from the attendance records (迟到70分钟按旷工半天处理), counted from leave's provider.
    Absence.objects.create(person=org.employee, department=org.it, starts_on=day(11, 6), ends_on=day(11, 6),
                           half="am", source=Absence.Source.LATENESS, note="迟到70分钟")
    record("R19", day(11, 8))  # the month's bonus
    appealed = record("F10", day(11, 9))  # 50 yuan, under appeal
    services.incident_appeal(incident=appealed, by=org.employee, reason="理由")
    cancelled = record("F13", day(11, 10))
    services.incident_cancel(incident=cancelled, by=org.head, reason="误记")
    services.incident_propose(person=org.employee, rule_code="F4b", occurred_on=day(11, 20), facts="请假半天",
                              source=Incident.Source.LEAVE)
    record("F13", day(11, 17), person=org.supervisor)  # 50 yuan
    record("Q2", day(10, 30))


def person_url(org, year=2026, month=11, name="discipline:person_statement"):
    return reverse(name, args=[org.employee.username, year, month])


def department_url(org, year=2026, month=11, name="discipline:department_statement"):
    return reverse(name, args=[org.it.code, year, month])


def test_the_persons_statement_totals(client, org, november):
    client.force_login(org.employee)

    response = client.get(person_url(org))

    totals = response.context["statement"].totals
    assert (totals.fines_yuan, totals.compensation_yuan, totals.points_lost, totals.points_gained,
            totals.net_points, totals.absence_days, totals.month_bonus_forfeited, totals.incidents,
            totals.under_appeal) == (Decimal("150"), Decimal("300"), Decimal("9"), Decimal("2"), Decimal("-7"),
                                     Decimal("0.5"), 1, 7, 1)
    assert dict(totals.by_category) == {"attendance": 3, "overtime": 1, "equipment": 1, "duty": 2}
    assert [incident.occurred_on.day for incident in response.context["statement"].incidents] == [
        3, 5, 6, 8, 9, 12, 14]


def test_the_statement_page_shows_the_totals(english, org, november):
    english.force_login(org.employee)

    response = english.get(person_url(org))

    assert [by_testid(response, f"total-{name}") for name in
            ("fines", "points-lost", "points-gained", "compensation", "absence", "month-bonus")] == [
        "150 yuan", "9", "2", "300 yuan", "0.5 days", "1"]


def test_the_department_statement_lists_everyone_with_their_totals(client, org, november):
    client.force_login(org.head)

    response = client.get(department_url(org))

    statement = response.context["statement"]
    rows = {row.person.username: (row.totals.fines_yuan, row.totals.points_lost, row.totals.points_gained,
                                  row.totals.incidents) for row in statement.people}
    assert rows == {
        "1100": (Decimal("0"), Decimal("0"), Decimal("0"), 0),
        "1101": (Decimal("150"), Decimal("9"), Decimal("2"), 7),
        "1102": (Decimal("50"), Decimal("0"), Decimal("0"), 1),
        "9100": (Decimal("0"), Decimal("0"), Decimal("0"), 0),
    }
    assert (statement.totals.fines_yuan, statement.totals.incidents, statement.waiting, statement.totals.under_appeal) == (
        Decimal("200"), 8, 1, 1)


def test_months_are_separate(client, org, november):
    client.force_login(org.employee)

    october = client.get(person_url(org, month=10)).context["statement"]

    assert (october.totals.points_lost, october.totals.incidents) == (Decimal("3"), 1)


def test_my_statement_goes_to_this_month(client, org):
    client.force_login(org.employee)

    response = client.get(reverse("discipline:my_statement"))

    assert response.url == person_url(org)


def test_the_month_picker_goes_to_the_chosen_month(client, org):
    client.force_login(org.head)

    assert client.get(department_url(org), {"month": "2026-09"}).url == department_url(org, month=9)
    assert client.get(person_url(org), {"month": "2026-09"}).url == person_url(org, month=9)


@pytest.mark.parametrize("month", [0, 13])
def test_a_month_that_does_not_exist_is_not_found(client, org, month):
    client.force_login(org.employee)

    assert client.get(person_url(org, month=month)).status_code == 404


@pytest.mark.parametrize("role", ["employee", "outsider", "admin"])
def test_the_department_statement_is_for_its_leaders_and_hr(client, org, role):
    client.force_login(org.by_role(role))

    assert client.get(department_url(org)).status_code == 404


def test_a_staff_member_cannot_open_anothers_statement(client, org):
    client.force_login(org.employee)

    assert client.get(reverse("discipline:person_statement", args=[org.supervisor.username, 2026, 11])
                      ).status_code == 404


def test_the_department_index_sends_a_head_to_the_department_and_lists_all_for_hr(client, org):
    client.force_login(org.head)
    assert client.get(reverse("discipline:department_index")).url == department_url(org)

    client.force_login(org.hr)
    response = client.get(reverse("discipline:department_index"))
    # the departments a schedule applies to (信息科), not the ward or HR itself
    assert [department.code for department in response.context["departments"]] == ["it"]


# The Excel export ----------------------------------------------------------------------------------------------

def workbook(response):
    return load_workbook(io.BytesIO(response.content))


def test_the_department_export_opened_with_openpyxl(client, org, november):
    client.force_login(org.hr)

    response = client.get(department_url(org, name="discipline:department_statement_export"))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"2026-11.xlsx\"; filename*=utf-8''"
        "%E8%BF%9D%E7%BA%AA%E8%80%83%E6%A0%B8%E6%9C%88%E6%8A%A5-%E4%BF%A1%E6%81%AF%E7%A7%91-2026-11.xlsx")
    book = workbook(response)
    assert book.sheetnames == ["汇总", "明细"]
    summary = [list(row) for row in book["汇总"].iter_rows(values_only=True)]
    assert summary[0][0] == "信息科 2026年11月违纪考核月报"
    assert summary[1] == ["工号", "姓名", "罚款(元)", "赔偿(元)", "扣分", "加分", "净分", "旷工(天)", "扣除当月奖金",
                          "记录在案", "违纪记录数", "申诉中"]
    assert summary[2:] == [
        ["1100", "查理", 0, 0, 0, 0, 0, 0, "否", 0, 0, 0],
        ["1101", "艾丽", 150, 300, 9, 2, -7, 0.5, "是", 0, 7, 1],
        ["1102", "鲍勃", 50, 0, 0, 0, 0, 0, "否", 0, 1, 0],
        ["9100", "管理", 0, 0, 0, 0, 0, 0, "否", 0, 0, 0],
    ]
    details = [list(row) for row in book["明细"].iter_rows(values_only=True)]
    assert details[1] == ["日期", "工号", "姓名", "考核办法", "修订", "条款", "条文", "类别", "金额", "单位", "计算说明",
                          "状态", "事实"]
    assert len(details) == 2 + 8
    first = details[2]
    assert (first[0], first[1], first[3], first[4], first[5], first[8]) == (
        datetime.datetime(2026, 11, 3), "1101", "医院信息科考核办法", 1, "Q2", 3)
    assert [row[8] for row in details[2:]] == [3, 100, 300, None, 50, 6, 2, 50]


def test_user_text_cannot_become_a_formula_in_the_export(client, org, record):
    record("F10", day(11, 5), facts="=HYPERLINK(\"http://evil\")")
    client.force_login(org.employee)

    response = client.get(person_url(org, name="discipline:person_statement_export"))

    facts = workbook(response)["明细"]["M3"].value
    assert facts == "'=HYPERLINK(\"http://evil\")"


def test_a_name_cannot_become_a_formula_in_the_title_cell(client, org):
    """The title is built from the person's name, which HR may set to anything (issue 12.10)."""
    org.employee.name = '=HYPERLINK("http://evil","点我")'
    org.employee.save(update_fields=["name"])
    client.force_login(org.employee)

    response = client.get(person_url(org, name="discipline:person_statement_export"))

    titles = [(sheet["A1"].data_type, sheet["A1"].value[:2]) for sheet in workbook(response).worksheets]
    assert titles == [("s", "'="), ("s", "'=")]


def test_the_person_export_is_for_those_who_see_the_statement(client, org):
    client.force_login(org.outsider)

    assert client.get(person_url(org, name="discipline:person_statement_export")).status_code == 404
