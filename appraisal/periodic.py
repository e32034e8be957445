"""Periodic appraisal (定期考核): quarter, half-year and year results from the confirmed monthly scorecards.

考核办法: "定期考核：按季度或年度进行定期考核"; 录用培训授权审批离岗考核制度: "定期进行考核，一般为半年一次";
"考核结果将用于薪酬晋升、岗位晋升和岗位调整". A period's figure combines the final scores of its confirmed (locked)
months by the PeriodicPolicy's rule (the mean by default); the year may weigh in the 360° result by the policy's
weight (none by default). The grade comes from the bands of the person's latest confirmed scorecard's template.
Everything here reads a constant number of queries, whatever the number of people.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import ZERO, FeedbackRound, PeriodicPolicy, Scorecard, q2
from .selectors import feedback_results

CODES = ("q1", "q2", "q3", "q4", "h1", "h2", "year")
ONE = Decimal("1")


@dataclass(frozen=True)
class Period:
    year: int
    code: str

    @classmethod
    def parse(cls, year, code):
        """The period, or None for a code that is not one (the views answer 404)."""
        return cls(year, code) if code in CODES and 2000 <= year <= 2100 else None

    @property
    def months(self):
        first, count = {"q1": (1, 3), "q2": (4, 3), "q3": (7, 3), "q4": (10, 3), "h1": (1, 6), "h2": (7, 6),
                        "year": (1, 12)}[self.code]
        return [datetime.date(self.year, month, 1) for month in range(first, first + count)]

    @property
    def is_year(self):
        return self.code == "year"

    @property
    def label(self):
        if self.is_year:
            return _("Year %(year)d") % {"year": self.year}
        if self.code.startswith("h"):
            return (_("First half of %(year)d") if self.code == "h1" else _("Second half of %(year)d")) % {
                "year": self.year}
        return _("Q%(quarter)s %(year)d") % {"quarter": self.code[1], "year": self.year}

    @property
    def chinese(self):
        """The period as the hospital's documents name it (exports are in Chinese)."""
        if self.is_year:
            return f"{self.year}年度"
        if self.code.startswith("h"):
            return f"{self.year}年{'上' if self.code == 'h1' else '下'}半年"
        return f"{self.year}年第{self.code[1]}季度"

    def siblings(self):
        return [Period(self.year, code) for code in CODES]


@dataclass
class PeriodRow:
    """One person's period: each month's confirmed final (None when not confirmed), and what they make."""

    user: object
    department: object
    post: str
    months: list  # [(month, final or None)]
    months_figure: Decimal | None = None
    feedback: Decimal | None = None  # the 360° score out of 100 (the year only, when the round shows it)
    feedback_weight: Decimal = ZERO
    result: Decimal | None = None
    grade: str = ""
    bands: list = field(default_factory=list)  # [(name, lower bound)] highest first

    @property
    def counted(self):
        return sum(1 for _month, final in self.months if final is not None)

    @property
    def finals(self):
        return [final for _month, final in self.months if final is not None]

    @property
    def feedback_missing(self):
        """A 360° weight applies but this person has no 360° result: the months alone count."""
        return self.feedback_weight > 0 and self.feedback is None and self.months_figure is not None


def combine(policy, period, row):
    """Fill the row's figures by the policy (see PeriodicPolicy)."""
    complete = row.counted == len(period.months)
    if row.finals and (complete or not policy.complete_periods_only):
        row.months_figure = policy.combine(row.finals)
    row.result = row.months_figure
    if period.is_year and row.months_figure is not None:
        row.feedback_weight = policy.feedback_weight
        if row.feedback_weight > 0 and row.feedback is not None:
            row.result = q2((ONE - row.feedback_weight) * row.months_figure + row.feedback_weight * row.feedback)
    if row.result is not None and row.bands:
        row.grade = next((name for name, low in row.bands if row.result >= low), row.bands[-1][0])
    return row


def period_rows(period, *, department=None, users=None, policy=None):
    """Everyone with a scorecard in the period (of a department, of some people, or all), by department and number."""
    policy = policy or PeriodicPolicy.current()
    scorecards = Scorecard.objects.filter(period__in=period.months).select_related(
        "user", "department", "template__post").prefetch_related("template__bands").order_by(
        "department__sort_order", "department__name", "user__username", "period")
    if department is not None:
        scorecards = scorecards.filter(department=department)
    if users is not None:
        scorecards = scorecards.filter(user__in=users)
    by_user = {}
    for scorecard in scorecards:
        by_user.setdefault(scorecard.user_id, []).append(scorecard)
    feedback = _feedback_scores(period, by_user) if period.is_year else {}
    rows = []
    for cards in by_user.values():
        confirmed = {sc.period: sc.result_final for sc in cards if sc.is_locked() and sc.result_final is not None}
        latest = max(cards, key=lambda sc: (sc.is_locked(), sc.period))
        row = PeriodRow(user=latest.user, department=latest.department, post=latest.template.post.name,
                        months=[(month, confirmed.get(month)) for month in period.months],
                        feedback=feedback.get(latest.user_id),
                        bands=[(band.name, band.min_score) for band in latest.template.sorted_bands()])
        rows.append(combine(policy, period, row))
    return rows


def _feedback_scores(period, by_user):
    """{user id: the visible 360° score out of 100} of the year's rounds (three queries)."""
    rounds = list(FeedbackRound.objects.filter(year=period.year))
    results = feedback_results(rounds, subject_ids=list(by_user)) if rounds else {}
    return {subject_id: result.score for (_round, subject_id), result in results.items()
            if result.visible and result.score is not None}


def person_periods(user, year, policy=None):
    """[(period, row or None)] for every period of one person's year (one set of queries)."""
    policy = policy or PeriodicPolicy.current()
    year_period = Period(year, "year")
    [row] = period_rows(year_period, users=[user], policy=policy) or [None]
    if row is None:
        return [(period, None) for period in year_period.siblings()]
    finals = dict(row.months)
    out = []
    for period in year_period.siblings():
        if period.is_year:
            out.append((period, row))
            continue
        part = PeriodRow(user=row.user, department=row.department, post=row.post,
                         months=[(month, finals[month]) for month in period.months], bands=row.bands)
        out.append((period, combine(policy, period, part)))
    return out


def department_summary(rows):
    """(people with a result, their mean result, {grade: count} highest first) for a period's table footer."""
    results = [row.result for row in rows if row.result is not None]
    mean = q2(sum(results, ZERO) / len(results)) if results else None
    grades = {}
    for row in rows:
        if row.grade:
            grades[row.grade] = grades.get(row.grade, 0) + 1
    return len(results), mean, grades
