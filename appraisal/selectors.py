"""Reading scorecards: many at once with their figures, a person's year, a department's months."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import FloatField
from django.db.models.functions import Cast

from .models import (
    CENT, ZERO, Adjustment, DepartmentMonthStat, ScoreLine, Scorecard, ScorecardAttachment, ScorecardTemplate,
    month_start, q2,
)

CHUNK = 900  # ids per IN (…) query


@dataclass(slots=True)
class LineRow:
    """A score line read only for its figures, thousands at a time (rollup, exports): what figures() and the
    score sheets read, without the cost of a model instance per line."""

    pk: int
    item: object
    self_score: Decimal | None
    reviewer_score: Decimal | None
    self_remark: str
    reviewer_remark: str


class _ScoreReader(dict):
    """Scores read as floats, each turned into a two-place Decimal once: `reader[value]`.

    A month's 260,000 scores take a few hundred distinct values; Django's own conversion of a decimal column
    (on SQLite a float made into a Decimal and quantized, for every value) was half the time of reading the lines.
    Scores have at most five digits (max_digits=5), so a float's repr is exactly the stored decimal.
    """

    def __missing__(self, value):
        decimal = self[value] = None if value is None else Decimal(repr(value)).quantize(CENT)
        return decimal


def prefetch_figures(scorecards):
    """Load what figures() reads for many scorecards in a constant number of queries.

    Each template item, section and band is one shared object, and lines are plain rows, so that thousands of
    scorecards stay cheap (a hospital-wide month is about 130,000 lines).
    """
    scorecards = list(scorecards)
    if not scorecards:
        return scorecards
    templates = {
        template.pk: template
        for template in ScorecardTemplate.objects.filter(pk__in={sc.template_id for sc in scorecards})
        .select_related("post").prefetch_related("sections", "bands", "items")
    }
    items = {}
    for template in templates.values():
        sections = {section.pk: section for section in template.sections.all()}
        for item in template.items.all():
            item.section = sections[item.section_id]
            items[item.pk] = item
    lines = {sc.pk: [] for sc in scorecards}
    score = _ScoreReader()
    for start in range(0, len(scorecards), CHUNK):
        ids = [sc.pk for sc in scorecards[start:start + CHUNK]]
        rows = ScoreLine.objects.filter(scorecard_id__in=ids).order_by().values_list(
            "scorecard_id", "pk", "item_id", Cast("self_score", FloatField()), Cast("reviewer_score", FloatField()),
            "self_remark", "reviewer_remark")
        for scorecard_id, pk, item_id, self_score, reviewer_score, self_remark, reviewer_remark in rows:
            lines[scorecard_id].append(LineRow(pk, items[item_id], score[self_score], score[reviewer_score],
                                               self_remark, reviewer_remark))
    # Adjustments and attached pages grouped by hand, like the lines: Django's prefetch builds a queryset for every
    # scorecard (about a second for a hospital's month), and only .all() reads them here.
    related = {"adjustments": Adjustment.objects.order_by("pk"),
               "attachments": ScorecardAttachment.objects.order_by("uploaded_at", "pk")}
    grouped = {name: {sc.pk: [] for sc in scorecards} for name in related}
    for start in range(0, len(scorecards), CHUNK):
        ids = [sc.pk for sc in scorecards[start:start + CHUNK]]
        for name, queryset in related.items():
            for row in queryset.filter(scorecard_id__in=ids):
                grouped[name][row.scorecard_id].append(row)
    for scorecard in scorecards:
        scorecard.template = templates[scorecard.template_id]
        cache = scorecard._prefetched_objects_cache = getattr(scorecard, "_prefetched_objects_cache", {})
        cache["lines"] = lines[scorecard.pk]
        for name in related:
            cache[name] = grouped[name][scorecard.pk]
            for row in cache[name]:
                row.scorecard = scorecard  # as a prefetch would: no query to reach back
        scorecard.forget_figures()
    return scorecards


def scorecards_between(user_id, first_day, last_day):
    """A person's monthly scorecards of the months from first_day's to last_day's, by month, with their figures
    (hiring's probation page: the months of the probation)."""
    return prefetch_figures(Scorecard.objects.select_related("user").filter(
        user_id=user_id, period__gte=month_start(first_day), period__lte=last_day).order_by("period"))


@dataclass
class MonthCell:
    period: datetime.date
    scorecard: Scorecard | None

    @property
    def final(self):
        return self.scorecard.result_final if self.scorecard is not None else None


@dataclass
class PersonYear:
    year: int
    months: list
    template: ScorecardTemplate | None = None

    @property
    def finals(self):
        return [cell.final for cell in self.months if cell.final is not None]

    @property
    def average(self):
        """The annual average for 年度考核: the mean of the months with a confirmed result."""
        finals = self.finals
        return q2(sum(finals, ZERO) / len(finals)) if finals else None

    @property
    def grade(self):
        if self.template is None or self.average is None:
            return None
        return self.template.grade_for(self.average)


def months_of(year):
    return [datetime.date(year, month, 1) for month in range(1, 13)]


def person_year(user, year):
    """The twelve months of one person's scorecards, with the annual average."""
    scorecards = {sc.period: sc for sc in Scorecard.objects.filter(user=user, period__year=year)
                  .select_related("template").prefetch_related("template__bands")}
    latest = max(scorecards.values(), key=lambda sc: sc.period, default=None)
    return PersonYear(year=year, months=[MonthCell(p, scorecards.get(p)) for p in months_of(year)],
                      template=latest.template if latest else None)


@dataclass
class DepartmentYear:
    year: int
    people: list = field(default_factory=list)  # [(user, PersonYear)]
    stats: list = field(default_factory=list)  # [(period, DepartmentMonthStat or None)]

    @property
    def averages(self):
        return [stat.average if stat is not None else None for _period, stat in self.stats]


def department_year(department, year):
    """Everyone of the department by month, and the department's statistics of each month."""
    scorecards = list(Scorecard.objects.filter(department=department, period__year=year)
                      .select_related("user", "template").prefetch_related("template__bands")
                      .order_by("user__username", "period"))
    by_user = {}
    for scorecard in scorecards:
        by_user.setdefault(scorecard.user, {})[scorecard.period] = scorecard
    people = []
    for user, months in by_user.items():
        latest = months[max(months)]
        people.append((user, PersonYear(year=year, months=[MonthCell(p, months.get(p)) for p in months_of(year)],
                                        template=latest.template)))
    stats = {stat.period: stat for stat in DepartmentMonthStat.objects.filter(department=department, period__year=year)}
    return DepartmentYear(year=year, people=people, stats=[(p, stats.get(p)) for p in months_of(year)])


def month_overview(period, department):
    """The department's scorecards of a month, and its statistics once rolled up."""
    scorecards = list(Scorecard.objects.filter(period=period, department=department).for_list()
                      .order_by("user__username"))
    stat = DepartmentMonthStat.objects.filter(period=period, department=department).first()
    return scorecards, stat


BAR_ROW, BAR_LABEL, BAR_WIDTH = 22, 56, 260


@dataclass
class GradeBar:
    name: str
    count: int
    y: int
    width: int
    label_x: int


def grade_bars(stat):
    """The distribution by grade as bars of a small SVG chart (highest grade first)."""
    if stat is None or not stat.distribution:
        return []
    largest = max((count for _name, count in stat.distribution), default=0) or 1
    bars = []
    for index, (name, count) in enumerate(stat.distribution):
        width = int(BAR_WIDTH * count / largest)
        bars.append(GradeBar(name=name, count=count, y=index * BAR_ROW, width=width, label_x=BAR_LABEL + width + 6))
    return bars


# --- 360° results ---------------------------------------------------------------------------------------

@dataclass
class DimensionResult:
    name: str
    average: Decimal  # on the round's scale, two places


@dataclass
class FeedbackResult:
    """A person's anonymous 360° result in one round: counts always, figures only with enough answers."""

    round: object
    asked: int = 0
    answered: int = 0
    dimensions: list = field(default_factory=list)
    average: Decimal | None = None  # mean of the dimension averages, on the round's scale
    score: Decimal | None = None  # the same out of 100
    by_relation: list = field(default_factory=list)  # [(relation label, answers)] counts only, never figures

    @property
    def enough(self):
        return self.answered >= self.round.min_raters

    @property
    def visible(self):
        """Shown to anyone only when the round is closed and enough raters answered (anonymity)."""
        return self.enough and not self.round.is_open()


def feedback_results(rounds, subject_ids=None):
    """{(round id, subject id): FeedbackResult} in three queries, whatever the number of people."""
    from django.db.models import Count, Sum

    from .models import FeedbackAnswer, FeedbackRequest

    rounds = {r.pk: r for r in rounds}
    results = {}
    requests = FeedbackRequest.objects.filter(round_id__in=list(rounds))
    if subject_ids is not None:
        requests = requests.filter(subject_id__in=list(subject_ids))
    relation_labels = dict(FeedbackRequest.Relation.choices)
    for row in requests.values("round_id", "subject_id", "relation", "state").annotate(n=Count("pk")).order_by():
        result = results.setdefault((row["round_id"], row["subject_id"]), FeedbackResult(rounds[row["round_id"]]))
        result.asked += row["n"]
        if row["state"] == FeedbackRequest.State.ANSWERED:
            result.answered += row["n"]
            result.by_relation.append((relation_labels.get(row["relation"], row["relation"]), row["n"]))
    answers = FeedbackAnswer.objects.filter(request__in=requests, request__state=FeedbackRequest.State.ANSWERED)
    rows = (answers.values("request__round_id", "request__subject_id", "dimension_id", "dimension__name",
                           "dimension__order").annotate(total=Sum("score"), n=Count("pk"))
            .order_by("dimension__order", "dimension_id"))
    for row in rows:
        result = results.get((row["request__round_id"], row["request__subject_id"]))
        if result is not None and result.visible:  # nothing is computed that may not be shown
            result.dimensions.append(DimensionResult(row["dimension__name"], q2(Decimal(row["total"]) / row["n"])))
    for result in results.values():
        if result.visible and result.dimensions:
            mean = sum((d.average for d in result.dimensions), ZERO) / len(result.dimensions)
            result.average = q2(mean)
            result.score = q2(mean * 100 / result.round.scale_max)
        else:
            result.dimensions = []
    return results
