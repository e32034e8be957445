"""Closing the month: results, ranks and department statistics; the command and the task; idempotent."""

from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from appraisal import services, tasks
from appraisal.models import AppraisalMonth, DepartmentMonthStat, Scorecard, ScorecardEvent
from audit.models import AuditEntry
from notifications.models import Notification
from staff.models import Post
from tests.factories import StaffProfileFactory, UserFactory

from .helpers import NOVEMBER, NOW, locked, open_month, scorecard_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(org):
    """Four people in 信息科: three confirmed with 96.50 each, the deputy's still under review."""
    for number in ("1103", "1104"):
        StaffProfileFactory(user=UserFactory(username=number), department=org.it,
                            post=Post.objects.get(code="network_admin"), supervisor=org.supervisor)
    with time_machine.travel(NOW, tick=False):
        open_month()
        for user in (org.employee, *UserFactory._meta.model.objects.filter(username__in=["1103", "1104"])):
            # The reviewer gives 5 less on 日常工作 (15 points), full marks elsewhere: 100 − 70% × 5 = 96.50
            locked(user, org.supervisor, reviewer_score=lambda line: line.item.max_points - (
                Decimal("5") if line.item.max_points == 15 else 0))
        submitted(org.supervisor)
        yield


def snapshot():
    return (
        list(Scorecard.objects.order_by("user__username").values_list(
            "user__username", "state", "result_final", "result_grade", "result_rank", "closed_at")),
        list(DepartmentMonthStat.objects.values_list("department__code", "scorecards", "completed", "average",
                                                     "highest", "lowest", "distribution")),
        ScorecardEvent.objects.count(), AuditEntry.objects.filter(action="appraisal.month.rollup").count(),
        Notification.objects.filter(subject__contains="rolled up").count(),
    )


# One scorecard per chunk too: ranks, statistics and the closing span the chunks the rollup reads.
chunks = pytest.mark.parametrize("chunk", [services.ROLLUP_CHUNK, 1])


@chunks
def test_rollup_closes_the_month_with_results_ranks_and_statistics(org, month, chunk, monkeypatch):
    monkeypatch.setattr(services, "ROLLUP_CHUNK", chunk)
    with time_machine.travel(NOW, tick=False):
        result = services.month_rollup(period=NOVEMBER, by=org.hr)

    assert (result.scorecards, result.completed, result.newly_closed) == (4, 3, 4)
    assert [sc.user.username for sc in result.incomplete] == ["1102"]
    rows, stats, events, audits, notices = snapshot()
    assert rows == [
        ("1101", "locked", Decimal("96.50"), "优秀", 1, NOW),
        ("1102", "review", None, "", None, NOW),
        ("1103", "locked", Decimal("96.50"), "优秀", 1, NOW),
        ("1104", "locked", Decimal("96.50"), "优秀", 1, NOW),
    ]
    assert stats == [("it", 4, 3, Decimal("96.50"), Decimal("96.50"), Decimal("96.50"),
                      [["出色", 0], ["优秀", 3], ["良好", 0], ["中等", 0], ["合格", 0], ["差", 0]])]
    month = AppraisalMonth.objects.get(period=NOVEMBER)
    assert (month.closed_at, month.closed_by, month.rolled_up_at, month.needs_rollup) == (NOW, org.hr, NOW, False)
    assert (audits, notices) == (1, 1)


def test_rollup_is_idempotent(org, month):
    with time_machine.travel(NOW, tick=False):
        services.month_rollup(period=NOVEMBER)
        first = snapshot()
        again = services.month_rollup(period=NOVEMBER)

    assert again.newly_closed == 0
    assert snapshot() == first


@chunks
def test_ranks_share_equal_scores_and_skip(org, month, chunk, monkeypatch):
    monkeypatch.setattr(services, "ROLLUP_CHUNK", chunk)
    with time_machine.travel(NOW, tick=False):
        services.month_rollup(period=NOVEMBER)
        scorecard = scorecard_of(org.employee)
        services.scorecard_reopen(scorecard=scorecard, by=org.head, reason="加分")
        scorecard = scorecard_of(org.employee)
        services.adjustment_add(scorecard=scorecard, by=org.supervisor, kind="bonus", fact="夜间抢修",
                                basis="院领导临时安排", points=Decimal("2"))
        services.review_confirm(scorecard=scorecard, by=org.supervisor)
        services.scorecard_acknowledge(scorecard=scorecard, by=org.employee)
        assert AppraisalMonth.objects.get(period=NOVEMBER).needs_rollup is True
        services.month_rollup(period=NOVEMBER)

    ranks = dict(Scorecard.objects.values_list("user__username", "result_rank"))
    assert ranks == {"1101": 1, "1102": None, "1103": 2, "1104": 2}
    assert Scorecard.objects.get(user=org.employee).result_final == Decimal("98.50")
    stat = DepartmentMonthStat.objects.get()
    assert (stat.average, stat.highest, stat.lowest) == (Decimal("97.17"), Decimal("98.50"), Decimal("96.50"))
    assert AppraisalMonth.objects.get(period=NOVEMBER).needs_rollup is False


def test_the_command_and_the_task(org, month, capsys):
    with time_machine.travel(NOW, tick=False):
        call_command("rollup_month", "2026-11")
        assert tasks.rollup_month.delay("2026-11", org.hr.pk).get() == {"scorecards": 4, "completed": 3, "closed": 0}

    assert capsys.readouterr().out.splitlines() == [
        "November 2026: 4 scorecards, 3 confirmed, 4 closed now",
        "not confirmed: 1102 鲍勃 (review)",
    ]
