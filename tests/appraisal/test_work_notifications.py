"""Scorecards and 360° ratings in the bell: each state's work waits for its person and ends with the next step,
whoever takes it; the month's rollup ends what was still waiting."""

import pytest

from appraisal import services
from appraisal.models import FeedbackDimension, FeedbackRequest
from notifications.models import Notification

from .helpers import NOVEMBER, fill_review, submitted

pytestmark = pytest.mark.usefixtures("november")


def waiting():
    return sorted(Notification.objects.waiting().values_list("recipient__username", "subject"))


def test_each_side_waits_in_turn_and_nothing_is_left_once_locked(org):
    scorecard = submitted(org.employee)
    assert waiting() == [("1102", "艾丽 submitted the self-assessment for November 2026")]

    fill_review(scorecard, org.supervisor)
    services.review_confirm(scorecard=scorecard, by=org.supervisor)
    assert waiting() == [("1101", "Your scorecard for November 2026 was reviewed: please acknowledge it")]

    services.scorecard_acknowledge(scorecard=scorecard, by=org.employee)

    assert waiting() == []


def test_a_disagreement_waits_for_the_reviewer(org):
    scorecard = submitted(org.employee)
    fill_review(scorecard, org.supervisor)
    services.review_confirm(scorecard=scorecard, by=org.supervisor)

    services.scorecard_dispute(scorecard=scorecard, by=org.employee, reason="第三项已完成")

    assert waiting() == [("1102", "艾丽 does not agree with the scorecard for November 2026")]


def test_the_rollup_ends_the_work_on_scorecards_closed_as_they_are(org):
    submitted(org.employee)

    services.month_rollup(period=NOVEMBER)

    assert waiting() == []
    assert list(Notification.objects.filter(kind="work").values_list("outcome", flat=True)) == ["cancelled"]


def test_a_rater_is_asked_until_answering_or_the_round_closes(org):
    feedback_round = services.feedback_round_open(department=org.it, year=2026, by=org.head)
    relation = FeedbackRequest.Relation.PEER
    answered = services.feedback_rater_add(feedback_round=feedback_round, subject=org.employee, rater=org.supervisor,
                                           relation=relation, by=org.head)
    services.feedback_rater_add(feedback_round=feedback_round, subject=org.supervisor, rater=org.employee,
                                relation=relation, by=org.head)
    assert [username for username, _subject in waiting()] == ["1101", "1102"]

    dimensions = FeedbackDimension.objects.filter(is_active=True).values_list("pk", flat=True)
    services.feedback_answer(request=answered, by=org.supervisor, scores={pk: 4 for pk in dimensions})
    assert [username for username, _subject in waiting()] == ["1101"]

    services.feedback_round_close(feedback_round=feedback_round, by=org.head)

    assert waiting() == []
