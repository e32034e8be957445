"""Scores in the template's step, two decimals by default (issue 17.2): every share of an item can be given.

Four of the five templates have 2.5-, 3.5- or 0.5-point items; 90 % of them is 2.25, 3.15 and 0.45. Each weighted
part is rounded half-up to 0.01 (2.25 × 30 % = 0.675 → 0.68, 2.25 × 70 % = 1.575 → 1.58), and every figure built
from them is a sum of such parts, exact to 0.01.
"""

from decimal import Decimal

import pytest

from appraisal import services
from appraisal.models import ScorecardTemplate, TemplateItem
from appraisal.services import Entry
from core.errors import ServiceError

from .helpers import lines, scorecard_of

pytestmark = pytest.mark.django_db


def line_for(scorecard, points):
    return next(line for line in lines(scorecard) if line.item.max_points == Decimal(points))


def save(scorecard, person, line, value):
    services.self_assessment_save(scorecard=scorecard, by=person, entries=[Entry(line.pk, Decimal(value))],
                                  summary_gains="", summary_losses="")


def test_the_seeded_templates_take_two_decimals_and_have_the_shares_that_need_them(db):
    steps = set(ScorecardTemplate.objects.values_list("score_step", flat=True))
    odd = TemplateItem.objects.filter(max_points__in=[Decimal("2.5"), Decimal("3.5"), Decimal("0.5")])

    assert steps == {Decimal("0.01")}
    assert odd.values("template__post").distinct().count() == 4  # 安全、数据库、网络、系统管理员


@pytest.mark.parametrize(("points", "ninety_percent"), [("2.5", "2.25"), ("3.5", "3.15"), ("0.5", "0.45")])
def test_ninety_percent_of_an_item_is_accepted_exactly(org, november, points, ninety_percent):
    scorecard = scorecard_of(org.employee)
    line = line_for(scorecard, points)

    save(scorecard, org.employee, line, ninety_percent)

    line.refresh_from_db()
    assert line.self_score == Decimal(ninety_percent)


def test_the_weighted_parts_and_totals_of_2_25_are_exact_to_the_cent(org, november):
    scorecard = scorecard_of(org.employee)
    line = line_for(scorecard, "2.5")
    line.self_score = line.reviewer_score = Decimal("2.25")
    line.save()

    figures = scorecard_of(org.employee).figures()

    item = next(figure for figure in figures.items if figure.line.pk == line.pk)
    assert (item.self_part, item.reviewer_part, item.score) == (Decimal("0.68"), Decimal("1.58"), Decimal("2.26"))
    section = next(section for section in figures.sections if item in section.items)
    assert (section.self_total, section.self_part, section.reviewer_part, section.score) == (
        Decimal("2.25"), Decimal("0.68"), Decimal("1.58"), Decimal("2.26"))
    assert (figures.total, figures.final) == (Decimal("2.26"), Decimal("2.26"))


def test_the_step_is_template_data(org, november):
    scorecard = scorecard_of(org.employee)
    ScorecardTemplate.objects.filter(pk=scorecard.template_id).update(score_step=Decimal("0.5"))
    scorecard = scorecard_of(org.employee)
    line = line_for(scorecard, "2.5")

    with pytest.raises(ServiceError) as refused:
        save(scorecard, org.employee, line, "2.25")
    save(scorecard, org.employee, line, "2")

    assert refused.value.message == "Scores on this form go in steps of 0.5: 2.25 for “工作效率” is not one."
    line.refresh_from_db()
    assert line.self_score == Decimal("2.00")


def test_the_form_steps_by_the_template_and_shows_two_decimals(client, org, november):
    scorecard = scorecard_of(org.employee)
    line = line_for(scorecard, "2.5")
    save(scorecard, org.employee, line, "2.25")
    client.force_login(org.employee)

    response = client.get(f"/appraisal/{scorecard.pk}/self/")

    field = response.context["form"][f"score_{line.pk}"]
    assert (field.field.widget.attrs["step"], field.value()) == ("0.01", "2.25")


def test_the_workbook_recalculated_by_libreoffice_matches_to_the_cent(org):
    """2.25 on every 2.5-point item, 3.15 on the 3.5 and 0.45 on the 0.5: ROUND(…,2) in LibreOffice agrees with
    the app's half-up rounding on every formula (0.675 → 0.68, 1.575 → 1.58)."""
    import time_machine

    from appraisal.exporters import exporter_for
    from tests.libreoffice import formula_count, formula_mismatches

    from .helpers import NOVEMBER, NOW, fill_review, open_month, submitted

    def ninety_percent(line):
        return line.item.max_points * Decimal("0.9") if line.item.max_points < 4 else line.item.max_points

    with time_machine.travel(NOW, tick=False):
        open_month()
        scorecard = submitted(org.employee, score=ninety_percent)
        fill_review(scorecard, org.supervisor, score=ninety_percent, opinion="好")
        services.review_confirm(scorecard=scorecard, by=org.supervisor)
        services.scorecard_acknowledge(scorecard=scorecard, by=org.employee)
        content = exporter_for("xlsx", period=NOVEMBER).render()

    # 74 points in full; at 90 %: three 2.5s (2.26 each), 2 (1.80), 3.5 (0.95 + 2.21 = 3.16), 3 (2.70), nine 1s
    # (0.90 each) and two 0.5s (0.14 + 0.32 = 0.46 each): 74 + 6.78 + 1.80 + 3.16 + 2.70 + 8.10 + 0.92 = 97.46
    assert scorecard_of(org.employee).final_score() == Decimal("97.46")
    assert formula_count(content) > 50
    assert formula_mismatches(content) == []
