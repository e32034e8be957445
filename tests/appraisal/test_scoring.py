"""The scoring math on hand-computed cases: weighted parts rounded half-up, sections, total, final, grade."""

from decimal import Decimal

import pytest

from appraisal import services
from appraisal.models import Adjustment, ScoreLine, ScorecardTemplate, q2

from .helpers import open_month, scorecard_of

pytestmark = pytest.mark.django_db


def set_scores(scorecard, scores):
    """scores: {item description prefix or "*": (self, reviewer)}."""
    for line in ScoreLine.objects.filter(scorecard=scorecard).select_related("item"):
        pair = next((value for key, value in scores.items() if key != "*" and line.item.description.startswith(key)),
                    scores.get("*"))
        if pair is not None:
            line.self_score, line.reviewer_score = (None if v is None else Decimal(v) for v in pair)
            line.save()
    return scorecard_of(scorecard.user, scorecard.period)


def item_figure(scorecard, description):
    return next(f for f in scorecard.figures().items if f.item.description.startswith(description))


def test_the_documents_sample_row_is_150_plus_350(org, november):
    """副科长: 三级甲等医院工作落实管理, 5.00 points, full marks from both: 30% 1.5 and 70% 3.5 (the seed's row)."""
    scorecard = set_scores(scorecard_of(org.supervisor), {"三级甲等医院工作落实管理": ("5", "5")})

    figure = item_figure(scorecard, "三级甲等医院工作落实管理")

    assert (figure.self_part, figure.reviewer_part, figure.score) == (Decimal("1.50"), Decimal("3.50"),
                                                                     Decimal("5.00"))


def test_hand_computed_item_15_points(org, november):
    # 14.9 × 30% = 4.47; 12.3 × 70% = 8.61; 4.47 + 8.61 = 13.08
    scorecard = set_scores(scorecard_of(org.employee), {"认真值班": ("14.9", "12.3")})

    figure = item_figure(scorecard, "认真值班")

    assert (figure.self_part, figure.reviewer_part, figure.score) == (Decimal("4.47"), Decimal("8.61"),
                                                                     Decimal("13.08"))


def test_full_marks_add_up_to_100_and_sections_to_70_20_10(org, november):
    scorecard = scorecard_of(org.employee)
    for line in ScoreLine.objects.filter(scorecard=scorecard).select_related("item"):
        line.self_score = line.reviewer_score = line.item.max_points
        line.save()
    scorecard = scorecard_of(org.employee)

    assert scorecard.section_scores() == {"performance": Decimal("70.00"), "ability": Decimal("20.00"),
                                          "attitude": Decimal("10.00")}
    assert scorecard.total_score() == Decimal("100.00")
    assert scorecard.final_score() == Decimal("100.00")
    assert scorecard.grade() == "出色"


def test_final_is_total_plus_bonus_minus_deductions_counting_only_accepted_lines(org, november):
    scorecard = scorecard_of(org.employee)
    everything = {line.item.description[:8]: ("1", "2") for line in ScoreLine.objects.filter(scorecard=scorecard)
                  .select_related("item")}
    scorecard = set_scores(scorecard, everything)
    # 26 items, each 1 × 0.3 + 2 × 0.7 = 1.70: total 44.20
    Adjustment.objects.create(scorecard=scorecard, kind=Adjustment.Kind.BONUS, fact="加班", points=Decimal("2.5"))
    Adjustment.objects.create(scorecard=scorecard, kind=Adjustment.Kind.DEDUCTION, fact="投诉", points=Decimal("3"))
    Adjustment.objects.create(scorecard=scorecard, kind=Adjustment.Kind.DEDUCTION, fact="迟到", points=Decimal("1"),
                              status=Adjustment.Status.PROPOSED, source="discipline", evidence_id=1)
    Adjustment.objects.create(scorecard=scorecard, kind=Adjustment.Kind.DEDUCTION, fact="早退", points=Decimal("1"),
                              status=Adjustment.Status.DISMISSED, source="discipline", evidence_id=2)
    scorecard = scorecard_of(org.employee)

    assert len(scorecard.figures().items) == 26
    assert scorecard.total_score() == Decimal("44.20")
    assert (scorecard.bonus_points(), scorecard.deduction_points()) == (Decimal("2.50"), Decimal("3.00"))
    assert scorecard.final_score() == Decimal("43.70")
    assert scorecard.grade() == "差"


def test_a_missing_score_counts_nothing_and_the_scorecard_is_not_complete(org, november):
    scorecard = set_scores(scorecard_of(org.employee), {"认真值班": ("15", None)})

    figure = item_figure(scorecard, "认真值班")

    assert (figure.self_part, figure.reviewer_part, figure.score) == (Decimal("4.50"), Decimal("0.00"),
                                                                     Decimal("4.50"))
    assert scorecard.figures().complete is False


def test_rounding_is_half_up_not_half_even(org, november):
    """Weights 25% / 75% and 0.1 each: 0.025 → 0.03 (half-even would give 0.02), 0.075 → 0.08."""
    current = ScorecardTemplate.objects.prefetch_related("sections", "items", "bands").get(post__code="system_admin")
    data = services.template_data(current)
    data["header"].update(self_weight=Decimal("0.25"), reviewer_weight=Decimal("0.75"))
    services.template_revise(template=current, by=org.admin, data=data)
    org.employee.scorecards.all().delete()
    open_month()
    scorecard = set_scores(scorecard_of(org.employee), {"认真值班": ("0.1", "0.1")})

    figure = item_figure(scorecard, "认真值班")

    assert (figure.self_part, figure.reviewer_part, figure.score) == (Decimal("0.03"), Decimal("0.08"),
                                                                     Decimal("0.11"))
    assert q2(Decimal("2.675")) == Decimal("2.68")
    assert q2(Decimal("-0.005")) == Decimal("-0.01")


@pytest.mark.parametrize("score, grade", [
    ("59.99", "差"), ("60", "合格"), ("60.00", "合格"), ("69.99", "合格"), ("70", "中等"), ("79.99", "中等"),
    ("80", "良好"), ("89.99", "良好"), ("90", "优秀"), ("99.99", "优秀"), ("100", "出色"), ("100.00", "出色"),
    ("103.50", "出色"), ("0", "差"), ("-2.00", "差"),
])
def test_grade_band_edges(score, grade):
    template = ScorecardTemplate.objects.get(post__code="system_admin")

    assert template.grade_for(Decimal(score)).name == grade


def test_band_upper_bounds_explain_the_grade(org, november):
    template = ScorecardTemplate.objects.get(post__code="system_admin")

    assert [(band.name, upper) for band, upper in template.band_upper_bounds()] == [
        ("出色", None), ("优秀", Decimal("100.00")), ("良好", Decimal("90.00")), ("中等", Decimal("80.00")),
        ("合格", Decimal("70.00")), ("差", Decimal("60.00"))]
