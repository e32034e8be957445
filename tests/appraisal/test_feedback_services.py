"""360° appraisal: the head opens a round and chooses raters, raters answer, results are anonymous aggregates."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from appraisal import selectors, services
from appraisal.models import FeedbackDimension, FeedbackPolicy, FeedbackRequest, FeedbackRound
from audit.models import AuditEntry
from core.errors import ServiceError
from tests.factories import StaffProfileFactory, UserFactory

from .helpers import NOW

pytestmark = pytest.mark.django_db
SUPERIOR, PEER, SERVICE = (FeedbackRequest.Relation.SUPERIOR, FeedbackRequest.Relation.PEER,
                           FeedbackRequest.Relation.SERVICE_USER)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def feedback_round(org, clock):
    return services.feedback_round_open(department=org.it, year=2026, by=org.head)


def rate(feedback_round, org, subject, rater, relation, ratings):
    request = services.feedback_rater_add(feedback_round=feedback_round, subject=subject, rater=rater,
                                          relation=relation, by=org.head)
    dimensions = list(FeedbackDimension.objects.filter(is_active=True))
    services.feedback_answer(request=request, by=rater, scores=dict(zip([d.pk for d in dimensions], ratings)))
    return request


def test_the_policys_dimensions_are_seeded():
    assert list(FeedbackDimension.objects.values_list("name", flat=True)) == [
        "工作任务完成情况", "团队合作和沟通", "知识和技能水平", "职业道德"]


def test_the_head_opens_one_round_a_year_with_the_policys_rules(org, feedback_round):
    assert (feedback_round.state, feedback_round.deadline, feedback_round.scale_max, feedback_round.min_raters) == (
        "open", datetime.date(2026, 12, 9), 5, 3)
    with pytest.raises(ServiceError) as twice:
        services.feedback_round_open(department=org.it, year=2026, by=org.head)
    assert twice.value.message == "信息科 already has a 360° round for 2026."
    with pytest.raises(ServiceError):
        services.feedback_round_open(department=org.it, year=2027, by=org.supervisor)  # the deputy is not the head
    assert AuditEntry.objects.filter(action="appraisal.feedback.open").count() == 1


def test_raters_are_told_and_nobody_rates_themselves(org, feedback_round):
    request = services.feedback_rater_add(feedback_round=feedback_round, subject=org.employee, rater=org.supervisor,
                                          relation=SUPERIOR, by=org.head)

    assert org.supervisor.notifications.get().subject == "Please rate 艾丽 for the 2026 360° appraisal by 2026-12-09"
    with pytest.raises(ServiceError) as itself:
        services.feedback_rater_add(feedback_round=feedback_round, subject=org.employee, rater=org.employee,
                                    relation=PEER, by=org.head)
    assert itself.value.message == "A person does not rate themselves in the 360° round."
    with pytest.raises(ServiceError) as outside:
        services.feedback_rater_add(feedback_round=feedback_round, subject=org.outsider, rater=org.supervisor,
                                    relation=PEER, by=org.head)
    assert outside.value.message == "艾琳 is not in 信息科."
    assert FeedbackRequest.objects.get() == request


def test_an_answer_needs_every_dimension_in_range_and_is_final(org, feedback_round):
    request = services.feedback_rater_add(feedback_round=feedback_round, subject=org.employee, rater=org.supervisor,
                                          relation=SUPERIOR, by=org.head)
    ids = list(FeedbackDimension.objects.values_list("pk", flat=True))

    with pytest.raises(ServiceError) as out_of_range:
        services.feedback_answer(request=request, by=org.supervisor, scores=dict(zip(ids, [5, 5, 5, 6])))
    with pytest.raises(ServiceError):
        services.feedback_answer(request=request, by=org.employee, scores=dict(zip(ids, [5, 5, 5, 5])))
    services.feedback_answer(request=request, by=org.supervisor, scores=dict(zip(ids, [5, 4, 4, 5])))
    with pytest.raises(ServiceError) as again:
        services.feedback_answer(request=request, by=org.supervisor, scores=dict(zip(ids, [1, 1, 1, 1])))

    assert out_of_range.value.message == "Rate every dimension from 1 to 5."
    assert again.value.message == "You have already answered; answers cannot be changed."
    assert sorted(request.answers.values_list("score", flat=True)) == [4, 4, 5, 5]
    # The audit log says that an answer was given, never what it was.
    assert AuditEntry.objects.get(action="appraisal.feedback.answer").after == {"subject": "1101"}


def test_results_are_hidden_until_closed_and_until_enough_raters_answered(org, feedback_round):
    peer = StaffProfileFactory(user=UserFactory(username="1103"), department=org.it).user
    clinician = org.outsider
    rate(feedback_round, org, org.employee, org.supervisor, SUPERIOR, [5, 4, 4, 5])
    rate(feedback_round, org, org.employee, peer, PEER, [4, 4, 3, 5])
    services.feedback_rater_add(feedback_round=feedback_round, subject=org.employee, rater=clinician,
                                relation=SERVICE, by=org.head)

    waiting = selectors.feedback_results([feedback_round])[(feedback_round.pk, org.employee.pk)]
    assert (waiting.asked, waiting.answered, waiting.visible, waiting.score, waiting.dimensions) == (
        3, 2, False, None, [])

    rate_request = FeedbackRequest.objects.get(rater=clinician)
    ids = list(FeedbackDimension.objects.values_list("pk", flat=True))
    services.feedback_answer(request=rate_request, by=clinician, scores=dict(zip(ids, [3, 5, 4, 5])))
    still_open = selectors.feedback_results([feedback_round])[(feedback_round.pk, org.employee.pk)]
    assert still_open.visible is False

    services.feedback_round_close(feedback_round=feedback_round, by=org.head)
    result = selectors.feedback_results([FeedbackRound.objects.get()])[(feedback_round.pk, org.employee.pk)]

    # By hand: (5+4+3)/3 = 4.00, (4+4+5)/3 = 4.33, (4+3+4)/3 = 3.67, (5+5+5)/3 = 5.00;
    # mean (4.00 + 4.33 + 3.67 + 5.00) / 4 = 4.25; out of 100: 4.25 / 5 × 100 = 85.00.
    assert [(d.name, d.average) for d in result.dimensions] == [
        ("工作任务完成情况", Decimal("4.00")), ("团队合作和沟通", Decimal("4.33")), ("知识和技能水平", Decimal("3.67")),
        ("职业道德", Decimal("5.00"))]
    assert (result.visible, result.answered, result.average, result.score) == (
        True, 3, Decimal("4.25"), Decimal("85.00"))
    assert org.employee.notifications.filter(subject="The 2026 360° appraisal is closed").count() == 1


def test_a_closed_round_with_too_few_answers_shows_nothing(org, feedback_round):
    rate(feedback_round, org, org.employee, org.supervisor, SUPERIOR, [5, 5, 5, 5])
    services.feedback_round_close(feedback_round=feedback_round, by=org.head)

    result = selectors.feedback_results([FeedbackRound.objects.get()])[(feedback_round.pk, org.employee.pk)]

    assert (result.answered, result.visible, result.score, result.dimensions) == (1, False, None, [])


def test_the_minimum_is_the_policys_when_the_round_opened(org, clock):
    FeedbackPolicy.objects.update_or_create(pk=1, defaults={"min_raters": 2})
    feedback_round = services.feedback_round_open(department=org.it, year=2026, by=org.head)
    FeedbackPolicy.objects.update_or_create(pk=1, defaults={"min_raters": 5})
    rate(feedback_round, org, org.employee, org.supervisor, SUPERIOR, [5, 5, 5, 5])
    rate(feedback_round, org, org.employee, org.head, SUPERIOR, [4, 4, 4, 4])
    services.feedback_round_close(feedback_round=feedback_round, by=org.head)

    result = selectors.feedback_results([FeedbackRound.objects.get()])[(feedback_round.pk, org.employee.pk)]

    assert (result.visible, result.score) == (True, Decimal("90.00"))


def test_only_pending_requests_are_taken_back_and_a_closed_round_takes_nothing(org, feedback_round):
    answered = rate(feedback_round, org, org.employee, org.supervisor, SUPERIOR, [5, 5, 5, 5])
    pending = services.feedback_rater_add(feedback_round=feedback_round, subject=org.supervisor, rater=org.employee,
                                          relation=FeedbackRequest.Relation.SUBORDINATE, by=org.head)

    with pytest.raises(ServiceError):
        services.feedback_rater_remove(request=answered, by=org.head)
    services.feedback_rater_remove(request=pending, by=org.head)
    services.feedback_round_close(feedback_round=feedback_round, by=org.head)
    with pytest.raises(ServiceError) as closed:
        services.feedback_rater_add(feedback_round=feedback_round, subject=org.supervisor, rater=org.employee,
                                    relation=PEER, by=org.head)

    assert closed.value.message == "This 360° round is closed."
    assert list(FeedbackRequest.objects.values_list("pk", flat=True)) == [answered.pk]
