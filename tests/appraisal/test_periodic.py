"""Periodic appraisal (issue 17.7): quarter, half-year and year results from the confirmed monthly scores.

The worked case: 艾丽's 2026 — January 90, February 85.5, March 80 (Q1 = 85.17, the mean), April 92 and May 88
confirmed, June still under review (Q2 = 90.00 from two months; H1 = 87.10 from five). 鲍勃 has only January. With
the policy's 360° weight at 0.20 and a 360° score of 80, the year is 0.8 × months + 0.2 × 80.
"""

import datetime
import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal import periodic
from appraisal.models import PeriodicPolicy, Scorecard, ScorecardTemplate
from appraisal.periodic_exports import PeriodicPdf, PeriodicWorkbook
from staff.models import Post

D = datetime.date
FINALS = {1: "90", 2: "85.5", 3: "80", 4: "92", 5: "88", 6: "95"}


def scorecard(user, department, month, final, state=Scorecard.State.LOCKED, template=None):
    template = template or ScorecardTemplate.objects.filter(post__code="system_admin").latest("version")
    period = D(2026, month, 1)
    return Scorecard.objects.create(
        user=user, period=period, template=template, department=department, state=state,
        self_deadline=period, review_deadline=period, result_final=Decimal(final) if final else None)


@pytest.fixture
def year(org):
    for month, final in FINALS.items():
        scorecard(org.employee, org.it, month, final,
                  state=Scorecard.State.REVIEW if month == 6 else Scorecard.State.LOCKED)
    scorecard(org.supervisor, org.it, 1, "70", template=ScorecardTemplate.objects.filter(
        post__code="deputy_head").latest("version"))
    return org


def row_of(rows, user):
    return next(row for row in rows if row.user == user)


def test_q1_is_the_mean_of_its_confirmed_months(year):
    rows = periodic.period_rows(periodic.Period(2026, "q1"), department=year.it)

    row = row_of(rows, year.employee)
    assert (row.months, row.counted, row.months_figure, row.result, row.grade) == (
        [(D(2026, 1, 1), Decimal("90.00")), (D(2026, 2, 1), Decimal("85.50")), (D(2026, 3, 1), Decimal("80.00"))],
        3, Decimal("85.17"), Decimal("85.17"), "良好")


def test_an_unconfirmed_month_does_not_count(year):
    q2 = row_of(periodic.period_rows(periodic.Period(2026, "q2"), department=year.it), year.employee)
    h1 = row_of(periodic.period_rows(periodic.Period(2026, "h1"), department=year.it), year.employee)

    assert (q2.counted, q2.result, q2.grade) == (2, Decimal("90.00"), "优秀")
    assert (h1.counted, h1.result) == (5, Decimal("87.10"))  # (90 + 85.5 + 80 + 92 + 88) / 5


def test_complete_periods_only_is_a_choice_in_the_data(year):
    policy = PeriodicPolicy.current()
    policy.complete_periods_only = True
    policy.save()

    q1 = row_of(periodic.period_rows(periodic.Period(2026, "q1"), department=year.it), year.employee)
    q2 = row_of(periodic.period_rows(periodic.Period(2026, "q2"), department=year.it), year.employee)

    assert (q1.result, q2.result, q2.grade) == (Decimal("85.17"), None, "")


def test_the_median_instead_of_the_mean(year):
    policy = PeriodicPolicy.current()
    policy.combination = PeriodicPolicy.Combination.MEDIAN
    policy.save()

    h1 = row_of(periodic.period_rows(periodic.Period(2026, "h1"), department=year.it), year.employee)

    assert h1.result == Decimal("88.00")  # 80, 85.5, 88, 90, 92


def test_the_year_weighs_in_the_360_result_by_the_policy(year, monkeypatch):
    policy = PeriodicPolicy.current()
    policy.feedback_weight = Decimal("0.20")
    policy.save()
    monkeypatch.setattr(periodic, "_feedback_scores", lambda period, by_user: {year.employee.pk: Decimal("80.00")})

    rows = periodic.period_rows(periodic.Period(2026, "year"), department=year.it)

    mine, deputy = row_of(rows, year.employee), row_of(rows, year.supervisor)
    assert (mine.months_figure, mine.feedback, mine.result) == (Decimal("87.10"), Decimal("80.00"), Decimal("85.68"))
    assert (deputy.result, deputy.feedback_missing) == (Decimal("70.00"), True)  # no 360°: the months alone


def test_the_default_year_is_the_months_alone(year):
    row = row_of(periodic.period_rows(periodic.Period(2026, "year")), year.employee)

    assert (row.feedback_weight, row.result, row.grade) == (Decimal("0.00"), Decimal("87.10"), "良好")


def test_a_person_s_periods(year):
    periods = periodic.person_periods(year.employee, 2026)

    assert [(period.code, row.result if row else None) for period, row in periods] == [
        ("q1", Decimal("85.17")), ("q2", Decimal("90.00")), ("q3", None), ("q4", None), ("h1", Decimal("87.10")),
        ("h2", None), ("year", Decimal("87.10"))]


# Exports ---------------------------------------------------------------------------------------------------------

def test_the_workbook_s_formulas_agree_with_libreoffice(year, monkeypatch):
    from tests.libreoffice import formula_count, formula_mismatches

    policy = PeriodicPolicy.current()
    policy.feedback_weight = Decimal("0.20")
    policy.save()
    monkeypatch.setattr(periodic, "_feedback_scores", lambda period, by_user: {year.employee.pk: Decimal("80.00")})
    period = periodic.Period(2026, "year")

    content = PeriodicWorkbook(period, periodic.period_rows(period, department=year.it), "信息科2026年度").render()

    book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    sheet = book.active
    assert "年度得分 = 月度合成分 × 80% + 360度评估得分 × 20%（无360度结果者按月度合成分）" in sheet["A2"].value
    assert [cell.value for cell in sheet[3]] == [
        "序号", "工号", "姓名", "科室", "岗位", *[f"{m}月" for m in range(1, 13)], "已确认月数", "月度合成分", "360度得分",
        "360度权重", "年度得分", "等级"]
    assert [cell.value for cell in sheet[4]][:5] == [1, "1101", "艾丽", "信息科", "系统管理员"]
    assert [cell.value for cell in sheet[4]][17:] == [5, 87.1, 80, 0.2, 85.68, "良好"]
    assert formula_count(content) == 2 * 4 + 2
    assert formula_mismatches(content) == []


def test_the_pdf_lists_everyone_with_their_result(year, tmp_path):
    period = periodic.Period(2026, "q1")
    content = PeriodicPdf(period, periodic.period_rows(period, department=year.it), "信息科2026年第1季度").render()
    path = tmp_path / "q1.pdf"
    path.write_bytes(content)

    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]

    assert "信息科2026年第1季度" in text and "期间得分 = 已确认月份最终得分的平均" in text
    assert "艾丽" in text and "85.17" in text and "良好" in text and "3/3" in text
    assert [line.split()[-5:-2] for line in fonts] == [["yes", "yes", "yes"]]


# Pages -----------------------------------------------------------------------------------------------------------

def test_the_head_opens_the_department_s_quarter(client, year):
    client.force_login(year.head)

    response = client.get(reverse("appraisal:periodic", args=["it", 2026, "q1"]))

    assert response.status_code == 200
    assert [(row.user.username, row.result) for row in response.context["rows"]] == [
        ("1101", Decimal("85.17")), ("1102", Decimal("70.00"))]
    assert client.get(reverse("appraisal:periodic_xlsx", args=["it", 2026, "q1"]))["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert client.get(reverse("appraisal:periodic_pdf", args=["it", 2026, "q1"]))["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(("role", "code", "period", "status"), [
    ("outsider", "it", "q1", 404), ("employee", "it", "q1", 404), ("hr", "it", "year", 200),
    ("head", "it", "q5", 404), ("head", "it", "half", 404),
])
def test_who_opens_which_period(client, year, role, code, period, status):
    client.force_login(getattr(year, role))
    assert client.get(reverse("appraisal:periodic", args=[code, 2026, period])).status_code == status


def test_hr_exports_the_annual_grades_for_pay_and_promotion(client, year):
    client.force_login(year.hr)

    page = client.get(reverse("appraisal:annual_grades", args=[2026]))
    export = client.get(reverse("appraisal:annual_grades_xlsx", args=[2026]))

    assert [(row.user.username, row.result, row.grade) for row in page.context["rows"]] == [
        ("1101", Decimal("87.10"), "良好"), ("1102", Decimal("70.00"), "中等")]
    sheet = openpyxl.load_workbook(io.BytesIO(export.content), data_only=True).active
    assert sheet["A1"].value == "2026年度考核等级（用于薪酬、晋升）"
    assert [[cell.value for cell in row][1:3] + [row[-2].value, row[-1].value] for row in sheet.iter_rows(min_row=4, max_row=5)] == [
        ["1101", "艾丽", 87.1, "良好"], ["1102", "鲍勃", 70, "中等"]]
    client.force_login(year.head)
    assert client.get(reverse("appraisal:annual_grades", args=[2026])).status_code == 404


def test_the_annual_page_costs_the_same_for_10_and_100_people(client, org):
    from tests.factories import StaffProfileFactory, UserFactory

    client.force_login(org.hr)
    client.get(reverse("appraisal:annual_grades", args=[2026]))
    post = Post.objects.get(code="system_admin")

    def add(count, prefix):
        for n in range(count):
            person = StaffProfileFactory(user=UserFactory(username=f"{prefix}{n:03d}"), department=org.it, post=post).user
            for month in (1, 2):
                scorecard(person, org.it, month, "85")

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("appraisal:annual_grades", args=[2026])).status_code == 200
        return len(captured)

    add(10, "a")
    with_ten = count_queries()
    add(90, "b")
    assert count_queries() == with_ten <= 15
