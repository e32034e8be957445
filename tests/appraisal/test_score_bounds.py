"""Bonus and deduction lines are bounded by the template (issue 12.7): a reviewer cannot push a month's score past
its 加分上限 or 扣分上限, and the highest and lowest possible scores are stored without overflowing their columns
(PostgreSQL's numeric(6, 2) in CI)."""

from decimal import Decimal

import pytest
import time_machine

from appraisal import services
from appraisal.models import Adjustment, Scorecard
from core.errors import ServiceError

from .helpers import NOW, fill_review, scorecard_of, submitted


@pytest.fixture
def under_review(org, november):
    with time_machine.travel(NOW, tick=False):
        yield submitted(org.employee)


def add(scorecard, by, kind, points):
    return services.adjustment_add(scorecard=scorecard, by=by, kind=kind, fact="夜间完成临时任务", basis="院办通知",
                                   points=Decimal(points))


def test_bonus_lines_stop_at_the_templates_limit(org, under_review):
    assert under_review.template.bonus_limit == Decimal("20")
    add(under_review, org.supervisor, Adjustment.Kind.BONUS, "15")

    with pytest.raises(ServiceError) as refused:
        add(under_review, org.supervisor, Adjustment.Kind.BONUS, "5.01")

    assert refused.value.message == ("The bonus lines would add up to 20.01 points; this scorecard allows at most "
                                     "20.00 (its template's 加分上限).")
    assert scorecard_of(org.employee).figures().bonus == Decimal("15.00")


def test_the_limit_is_template_data(org, under_review):
    template = under_review.template
    template.bonus_limit = Decimal("5")
    template.save(update_fields=["bonus_limit"])

    with pytest.raises(ServiceError):
        add(under_review, org.supervisor, Adjustment.Kind.BONUS, "6")
    assert services.template_data(template)["header"]["bonus_limit"] == Decimal("5")


def test_deductions_stop_at_their_limit(org, under_review):
    add(under_review, org.supervisor, Adjustment.Kind.DEDUCTION, "100")

    with pytest.raises(ServiceError) as refused:
        add(under_review, org.supervisor, Adjustment.Kind.DEDUCTION, "0.5")
    assert refused.value.message.startswith("The deduction lines would add up to 100.50 points")


@pytest.mark.parametrize(("kind", "final"), [(Adjustment.Kind.BONUS, Decimal("120.00")),
                                            (Adjustment.Kind.DEDUCTION, Decimal("0.00"))])
def test_the_extreme_scores_are_acknowledged_and_stored(org, under_review, kind, final):
    limit = under_review.template.bonus_limit if kind == Adjustment.Kind.BONUS else under_review.template.deduction_limit
    add(under_review, org.supervisor, kind, str(limit))
    fill_review(under_review, org.supervisor)
    services.review_confirm(scorecard=scorecard_of(org.employee), by=org.supervisor)
    services.scorecard_acknowledge(scorecard=scorecard_of(org.employee), by=org.employee)

    stored = Scorecard.objects.get(pk=under_review.pk)
    assert (stored.state, stored.result_final) == (Scorecard.State.LOCKED, final)
