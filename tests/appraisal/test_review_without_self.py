"""A self-assessment never submitted: after its deadline the reviewer reviews anyway (未自评).

The rule: draft self scores do not count, and the reviewer's score counts for the whole item (30% + 70% = 100%).
"""

import datetime
import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from appraisal import services
from appraisal.exporters import exporter_for
from appraisal.models import Scorecard, ScorecardEvent
from core.errors import ServiceError

from ..html import by_testid, find_all
from .helpers import NOVEMBER, NOW, SHANGHAI, fill_review, fill_self, lines, open_month, scorecard_of

pytestmark = pytest.mark.django_db

AFTER_DEADLINE = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=SHANGHAI)  # the self-assessment was due on 5 December


@pytest.fixture
def draft(org):
    """The employee saved a draft (every item full marks) but never submitted it."""
    with time_machine.travel(NOW, tick=False):
        open_month()
        fill_self(scorecard_of(org.employee))
    return scorecard_of(org.employee)


def minus_one_on_the_15s(line):
    return line.item.max_points - (Decimal("1") if line.item.max_points == 15 else 0)


def test_before_the_deadline_the_reviewer_must_wait(org, draft):
    with time_machine.travel(datetime.datetime(2026, 12, 5, 18, 0, tzinfo=SHANGHAI), tick=False):
        with pytest.raises(ServiceError) as refused:
            services.review_without_self_assessment(scorecard=draft, by=org.supervisor)

    assert refused.value.message == (
        "The self-assessment is due on 2026-12-05: you can review without it only after that.")
    assert scorecard_of(org.employee).state == Scorecard.State.SELF_ASSESSMENT


def test_the_person_cannot_skip_their_own_self_assessment(org, draft):
    with time_machine.travel(AFTER_DEADLINE, tick=False), pytest.raises(ServiceError):
        services.review_without_self_assessment(scorecard=draft, by=org.employee)


def test_after_the_deadline_the_reviewer_reviews_and_the_scorecard_says_so(org, draft):
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        services.review_without_self_assessment(scorecard=draft, by=org.supervisor)

    scorecard = scorecard_of(org.employee)
    assert (scorecard.state, scorecard.self_missing, scorecard.submitted_at) == (Scorecard.State.REVIEW, True, None)
    assert list(scorecard.events.values_list("action", "actor")) == [
        ("created", None), (ScorecardEvent.Action.SELF_MISSING, org.supervisor.pk)]
    assert org.employee.notifications.get().subject == (
        "Your scorecard for November 2026 is being reviewed without your self-assessment")


def test_the_reviewers_score_counts_for_the_whole_item_and_drafts_do_not_count(org, draft):
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        services.review_without_self_assessment(scorecard=draft, by=org.supervisor)
        fill_review(scorecard_of(org.employee), org.supervisor, score=minus_one_on_the_15s)
    scorecard = scorecard_of(org.employee)
    fifteens = sum(1 for line in lines(scorecard) if line.item.max_points == 15)

    figures = scorecard.figures()
    a_fifteen = next(f for f in figures.items if f.item.max_points == 15)

    assert (figures.self_weight, figures.reviewer_weight, figures.self_missing) == (
        Decimal("0"), Decimal("1.00"), True)
    assert (a_fifteen.self_score, a_fifteen.self_part, a_fifteen.reviewer_part, a_fifteen.score) == (
        None, Decimal("0.00"), Decimal("14.00"), Decimal("14.00"))
    assert (figures.self_total, figures.total, figures.final) == (
        Decimal("0.00"), Decimal("100.00") - fifteens, Decimal("100.00") - fifteens)
    assert figures.self_complete is True


def test_confirmed_and_acknowledged_it_locks_with_its_result(org, draft):
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        services.review_without_self_assessment(scorecard=draft, by=org.supervisor)
        fill_review(scorecard_of(org.employee), org.supervisor)
        services.review_confirm(scorecard=scorecard_of(org.employee), by=org.supervisor)
        services.scorecard_acknowledge(scorecard=scorecard_of(org.employee), by=org.employee)

    scorecard = Scorecard.objects.get(user=org.employee)
    assert (scorecard.state, scorecard.result_final, scorecard.result_grade) == (
        Scorecard.State.LOCKED, Decimal("100.00"), "出色")


def test_returning_it_to_the_person_undoes_the_mark(org, draft):
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        services.review_without_self_assessment(scorecard=draft, by=org.supervisor)
        services.review_return(scorecard=scorecard_of(org.employee), by=org.supervisor, reason="请补交自评")

    scorecard = scorecard_of(org.employee)
    assert (scorecard.state, scorecard.self_missing) == (Scorecard.State.SELF_ASSESSMENT, False)


def test_the_page_offers_it_to_the_reviewer_after_the_deadline_and_states_the_rule(client, org, draft):
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        client.force_login(org.supervisor)
        page = client.get(reverse("appraisal:detail", args=[draft.pk]))
        response = client.post(reverse("appraisal:review_without_self", args=[draft.pk]))
        review = client.get(reverse("appraisal:review", args=[draft.pk]))

    assert by_testid(page, "review-without-self") == "Review without the self-assessment"
    assert (response.status_code, response.url) == (302, reverse("appraisal:review", args=[draft.pk]))
    assert by_testid(review, "self-missing") == (
        "Not self-assessed (未自评) The self-assessment was not submitted by 2026-12-05, so the reviewer reviewed "
        "without it. Each item is scored from the reviewer's score alone, counted at 30% + 70% = 100%; draft self "
        "scores are not counted.")


def test_the_person_does_not_get_the_button(client, org, draft):
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        client.force_login(org.employee)
        page = client.get(reverse("appraisal:detail", args=[draft.pk]))
        response = client.post(reverse("appraisal:review_without_self", args=[draft.pk]))

    assert find_all(page, "data-testid", "review-without-self") == []
    assert response.status_code == 404


def test_the_excel_and_pdf_sheets_say_not_self_assessed_and_how_it_counts(org, draft, tmp_path):
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        services.review_without_self_assessment(scorecard=draft, by=org.supervisor)
        fill_review(scorecard_of(org.employee), org.supervisor, score=minus_one_on_the_15s)
        scorecard = scorecard_of(org.employee)
        from appraisal.selectors import prefetch_figures

        xlsx = exporter_for("xlsx", scorecards=prefetch_figures([scorecard])).render()
        pdf = tmp_path / "sheet.pdf"
        pdf.write_bytes(exporter_for("pdf", scorecards=prefetch_figures([scorecard])).render())
    note = ("未自评：被考核人未在 2026-12-05 前提交自评，由考评人直接考评。各项得分 = 考评分 × 100%（自评30% + 考评70%），"
            "自评草稿不计分。")

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[1]
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    first_item_row = next(row[0].row for row in sheet.iter_rows() if row[0].value == 1)
    assert note in texts
    assert ("未自评", "考评100%") == (sheet[f"G{first_item_row - 1}"].value, sheet[f"I{first_item_row - 1}"].value)
    assert (sheet[f"F{first_item_row}"].value, sheet[f"G{first_item_row}"].value,
            sheet[f"I{first_item_row}"].value) == (None, f"=ROUND(F{first_item_row}*0,2)",
                                                   f"=ROUND(H{first_item_row}*1,2)")
    text = "".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                                  text=True).stdout.split())
    assert "被考核人未在2026-12-05前提交自评，由考评人直接考评。各项得分=考评分×100%（自评30%+考评70%）" in text
    assert "1.00未自评1.01.001.00" in text  # points, self, reviewer, reviewer × 100%, item score
    assert "复评中（未自评）" in text


def test_after_the_deadline_the_reviewers_home_page_offers_it(org, draft):
    from appraisal.home import pending_appraisal_work

    with time_machine.travel(datetime.datetime(2026, 12, 5, 18, 0, tzinfo=SHANGHAI), tick=False):
        before = [item.title for item in pending_appraisal_work(org.supervisor)]
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        [item] = [item for item in pending_appraisal_work(org.supervisor) if "艾丽" in item.title]

    assert "艾丽" not in " ".join(before)
    assert (item.title, item.url) == (
        "艾丽 did not submit the self-assessment for November 2026: review without it", draft.get_absolute_url())


def test_an_incomplete_scorecard_gets_no_grade_in_the_workbook(org, draft):
    """Only scorecards scored by both sides have a grade; the others say so instead of a misleading 差."""
    sheet_book = openpyxl.load_workbook(io.BytesIO(exporter_for("xlsx", period=NOVEMBER).render()))
    summary = sheet_book["汇总"]
    header = [cell.value for cell in summary[3]]
    row = next(r for r in summary.iter_rows(min_row=4, values_only=True) if r[1] == "1101")
    person = sheet_book["1101 艾丽"]
    grade_row = next(r for r in person.iter_rows(values_only=True) if r[0] == "等级")

    assert row[header.index("等级")] == "考核未完成"
    assert grade_row[9] == "考核未完成"
