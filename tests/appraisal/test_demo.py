"""The demo: six months of scorecards for the IT department, every state, earlier months rolled up; once."""

import datetime

import pytest
import time_machine

from appraisal import demo
from appraisal.models import AppraisalMonth, DepartmentMonthStat, Scorecard, ScorecardEvent
from staff import demo as staff_demo

from .helpers import SHANGHAI

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, tzinfo=SHANGHAI), tick=False):
        staff_demo.seed()
        first = demo.seed()
        yield first


def test_six_months_for_everyone_in_every_state(seeded):
    months = sorted(set(Scorecard.objects.values_list("period", flat=True)))
    current = dict(Scorecard.objects.filter(period="2026-11-01").values_list("user__username", "state"))

    # six people for six months, 孙丽 (hired in September) for three; and 2 × 25 360° rating requests
    assert seeded == 39 + 50
    assert months == [datetime.date(2026, month, 1) for month in range(6, 12)]
    assert current == {"1002": "review", "1003": "confirm", "1004": "locked", "1005": "review", "1006": "self",
                       "1007": "self", "1008": "self"}
    assert set(Scorecard.objects.exclude(period="2026-11-01").values_list("state", flat=True)) == {"locked"}
    assert list(AppraisalMonth.objects.filter(closed_at__isnull=False).values_list("period", flat=True)) == [
        datetime.date(2026, month, 1) for month in range(10, 5, -1)]
    assert DepartmentMonthStat.objects.filter(department__code="it").count() == 5
    assert not Scorecard.objects.exclude(period="2026-11-01").filter(result_final__isnull=True).exists()


def test_the_earlier_months_have_believable_histories(seeded):
    october = Scorecard.objects.get(period="2026-10-01", user__username="1004")

    assert list(october.events.values_list("action", flat=True)) == [
        "created", "submitted", "review_confirmed", "acknowledged", "locked", "closed"]
    assert october.summary_gains != "" and october.reviewer_opinion != ""
    reopened = ScorecardEvent.objects.get(action="reopened")
    assert (reopened.scorecard.user.username, reopened.note) == ("1006", "补录新院区网络割接夜间加班加分")


def test_the_draft_has_half_its_scores(seeded):
    draft = Scorecard.objects.get(period="2026-11-01", user__username="1006")

    assert draft.lines.filter(self_score__isnull=False).count() == draft.lines.count() // 2


def test_seeding_again_changes_nothing(seeded):
    before = (Scorecard.objects.count(), ScorecardEvent.objects.count(),
              list(Scorecard.objects.order_by("pk").values_list("state", "result_final")))
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, tzinfo=SHANGHAI), tick=False):
        again = demo.seed()

    assert again == 0
    assert (Scorecard.objects.count(), ScorecardEvent.objects.count(),
            list(Scorecard.objects.order_by("pk").values_list("state", "result_final"))) == before


def test_seed_demo_finds_the_appraisal_demo_after_discipline():
    from core.management.commands.seed_demo import demo_modules
    from discipline import demo as discipline_demo

    found = demo_modules()
    assert found.index(demo) > found.index(discipline_demo)


def test_a_closed_360_round_with_results_and_an_open_one_waiting_for_demo_users(seeded):
    from appraisal.home import pending_feedback_ratings
    from appraisal.models import FeedbackRequest, FeedbackRound
    from appraisal.selectors import feedback_results
    from staff.models import User

    closed, open_round = FeedbackRound.objects.order_by("year")
    results = feedback_results([closed])
    people = sorted(User.objects.get(pk=subject).username for _round, subject in results)

    assert (closed.year, closed.state, open_round.year, open_round.state) == (2025, "closed", 2026, "open")
    assert people == ["1002", "1003", "1004", "1005", "1006", "1007"]
    assert all(result.visible and result.score is not None for result in results.values())
    assert FeedbackRequest.objects.filter(round=open_round, state="pending").count() == 13
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, tzinfo=SHANGHAI), tick=False):
        assert [len(pending_feedback_ratings(User.objects.get(username=name))) for name in ("1002", "1004")] == [5, 3]
