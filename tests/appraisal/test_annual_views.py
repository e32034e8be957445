"""The year per person (chart and annual average for 年度考核), the department by month, the month overview."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from appraisal import services
from appraisal.models import AppraisalMonth, DepartmentMonthStat

from ..html import by_testid, find_all
from .helpers import SHANGHAI, locked, open_month

pytestmark = pytest.mark.django_db


def minus(points):
    """Full marks but `points` less from the reviewer on 日常工作 (15): 70% of that comes off the total."""
    return lambda line: line.item.max_points - (Decimal(points) if line.item.max_points == 15 else 0)


@pytest.fixture
def year(org):
    """September, October and November 2026 for 艾丽: 96.50, 93.00 and 100.00; months rolled up."""
    for month, points in ((9, "5"), (10, "10"), (11, "0")):
        period = datetime.date(2026, month, 1)
        with time_machine.travel(datetime.datetime(2026, month, 25, 10, tzinfo=SHANGHAI), tick=False):
            open_month(period)
            locked(org.employee, org.supervisor, period, reviewer_score=minus(points))
            services.month_rollup(period=period)


def test_a_persons_year_with_its_chart_and_annual_average(client, org, year):
    client.force_login(org.employee)

    response = client.get(reverse("appraisal:person_year", args=[org.employee.username, 2026]))

    data = response.context["data"]
    assert [cell.final for cell in data.months] == [None] * 8 + [Decimal("96.50"), Decimal("93.00"),
                                                                Decimal("100.00"), None]
    assert by_testid(response, "annual-average") == "96.50"  # (96.50 + 93.00 + 100.00) / 3
    assert by_testid(response, "annual-grade") == "优秀"
    [(_tag, polyline, _text)] = find_all(response, "points")
    assert len(polyline["points"].split()) == 3
    assert len([attrs for tag, attrs, text in find_all(response, "cx")]) == 3


def test_the_department_by_month_for_the_head(client, org, year):
    client.force_login(org.head)

    response = client.get(reverse("appraisal:department_year", args=["it", 2026]))

    assert response.status_code == 200
    assert [stat.average if stat else None for _period, stat in response.context["data"].stats][8:11] == [
        Decimal("96.50"), Decimal("93.00"), Decimal("100.00")]
    people = response.context["data"].people
    assert [(user.username, person.average) for user, person in people] == [("1101", Decimal("96.50")), ("1102", None)]
    assert find_all(response, "data-testid", "chart")[0][0] == "svg"


def test_the_month_overview_shows_the_statistics(client, org, year):
    client.force_login(org.supervisor)

    response = client.get(reverse("appraisal:month", args=[2026, 10]))

    assert by_testid(response, "average") == "93.00"
    assert [(bar.name, bar.count) for bar in response.context["bars"]] == [
        ("出色", 0), ("优秀", 1), ("良好", 0), ("中等", 0), ("合格", 0), ("差", 0)]
    assert response.context["stat"].completed == 1


def test_hr_rolls_a_month_up_from_the_overview(client, org, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, tzinfo=SHANGHAI), tick=False):
        open_month()
        locked(org.employee, org.supervisor)
    client.force_login(org.hr)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appraisal:rollup", args=[2026, 11]), {"department": org.it.pk})

    assert response.url == reverse("appraisal:month", args=[2026, 11]) + f"?department={org.it.pk}"
    assert AppraisalMonth.objects.get(period="2026-11-01").closed_by == org.hr
    assert DepartmentMonthStat.objects.get(period="2026-11-01").average == Decimal("100.00")


@pytest.mark.parametrize("role, person, department, month", [
    ("employee", 200, 404, 404), ("supervisor", 200, 200, 200), ("head", 200, 200, 200), ("hr", 200, 200, 200),
    ("outsider", 404, 404, 404), ("admin", 404, 404, 404),
])
def test_who_sees_the_annual_pages(client, org, year, role, person, department, month):
    client.force_login(org.by_role(role))

    assert client.get(reverse("appraisal:person_year", args=["1101", 2026])).status_code == person
    assert client.get(reverse("appraisal:department_year", args=["it", 2026])).status_code == department
    assert client.get(reverse("appraisal:month", args=[2026, 10])).status_code == month


def test_a_colleagues_year_is_hidden_and_a_bad_month_is_not_found(client, org, year):
    client.force_login(org.employee)

    assert client.get(reverse("appraisal:person_year", args=["1102", 2026])).status_code == 404
    client.force_login(org.hr)
    assert client.get(reverse("appraisal:month", args=[2026, 13])).status_code == 404
    assert client.get(reverse("appraisal:person_year", args=["nobody", 2026])).status_code == 404
