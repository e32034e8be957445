"""360° pages: the head's round, the rater's phone form, the person's annual view, the home page, query counts."""

from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal import services
from appraisal.home import pending_feedback_ratings
from appraisal.models import FeedbackDimension, FeedbackRequest
from tests.factories import StaffProfileFactory, UserFactory

from ..html import by_testid, find_all
from .helpers import NOW

pytestmark = pytest.mark.django_db
PEER = FeedbackRequest.Relation.PEER


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def feedback_round(org):
    return services.feedback_round_open(department=org.it, year=2026, by=org.head)


def ask(feedback_round, org, rater, subject=None, relation=PEER):
    return services.feedback_rater_add(feedback_round=feedback_round, subject=subject or org.employee, rater=rater,
                                       relation=relation, by=org.head)


def answer_data(ratings, comment=""):
    ids = FeedbackDimension.objects.filter(is_active=True).values_list("pk", flat=True)
    return {**{f"d{pk}": str(value) for pk, value in zip(ids, ratings)}, "comment": comment}


def test_the_head_opens_a_round_and_asks_a_rater(client, org):
    client.force_login(org.head)

    opened = client.post(reverse("appraisal:feedback_round_open"), {"department": org.it.pk, "year": "2026",
                                                                     "deadline": "2026-12-10"})
    feedback_round = org.it.feedback_rounds.get()
    asked = client.post(reverse("appraisal:feedback_rater_add", args=[feedback_round.pk]), {
        "subject": org.employee.pk, "rater": org.outsider.pk, "relation": FeedbackRequest.Relation.SERVICE_USER})
    page = client.get(reverse("appraisal:feedback_round", args=[feedback_round.pk]))

    assert (opened.url, asked.url) == (feedback_round.get_absolute_url(), feedback_round.get_absolute_url())
    assert by_testid(page, "person-1101").split() == [
        "艾丽", "1101", "艾琳", "·", "Service", "user", "(服务对象)", "Waiting", "for", "the", "answer", "Take", "back",
        "0", "of", "1", "raters", "have", "answered;", "results", "show", "when", "the", "round", "is", "closed."]


def test_bad_input_changes_nothing_and_says_why(client, org, feedback_round):
    client.force_login(org.head)

    response = client.post(reverse("appraisal:feedback_rater_add", args=[feedback_round.pk]), {
        "subject": org.employee.pk, "rater": org.employee.pk, "relation": PEER}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["A person does not rate themselves in the 360° round."]
    assert FeedbackRequest.objects.count() == 0


def test_the_rater_answers_on_the_phone_form(client, org, feedback_round):
    request = ask(feedback_round, org, org.supervisor)
    client.force_login(org.supervisor)

    form = client.get(reverse("appraisal:feedback_answer", args=[request.pk]))
    incomplete = client.post(reverse("appraisal:feedback_answer", args=[request.pk]), answer_data([5, 4]))
    sent = client.post(reverse("appraisal:feedback_answer", args=[request.pk]), answer_data([5, 4, 4, 5], "响应及时"))

    assert len(find_all(form, "type", "radio")) == 4 * 5
    assert (incomplete.status_code, sent.status_code, sent.url) == (200, 302, reverse("appraisal:feedback_tasks"))
    request.refresh_from_db()
    assert (request.state, request.comment, sorted(request.answers.values_list("score", flat=True))) == (
        "answered", "响应及时", [4, 4, 5, 5])


def test_the_person_cannot_open_a_rating_about_themselves(client, org, feedback_round):
    request = ask(feedback_round, org, org.supervisor)
    client.force_login(org.employee)

    assert client.get(reverse("appraisal:feedback_answer", args=[request.pk])).status_code == 404


def test_the_annual_view_shows_the_anonymous_result_beside_the_average(client, org, feedback_round):
    raters = [org.supervisor, org.head, StaffProfileFactory(user=UserFactory(username="1103"), department=org.it).user]
    for rater, ratings in zip(raters, ([5, 4, 4, 5], [4, 4, 3, 5], [3, 5, 4, 5])):
        request = ask(feedback_round, org, rater)
        ids = list(FeedbackDimension.objects.values_list("pk", flat=True))
        services.feedback_answer(request=request, by=rater, scores=dict(zip(ids, ratings)))
    client.force_login(org.employee)
    url = reverse("appraisal:person_year", args=["1101", 2026])

    before = client.get(url)
    services.feedback_round_close(feedback_round=feedback_round, by=org.head)
    after = client.get(url)

    assert by_testid(before, f"feedback-waiting-{feedback_round.pk}") == (
        "3 of 3 raters have answered; results show when the round is closed.")
    assert by_testid(after, f"feedback-score-{feedback_round.pk}") == "85.00 / 100"
    assert "鲍勃" not in by_testid(after, f"feedback-{feedback_round.pk}")  # never a rater's name


def test_waiting_ratings_are_on_the_raters_home_page(org, feedback_round):
    ask(feedback_round, org, org.supervisor)

    [item] = pending_feedback_ratings(org.supervisor)

    assert (item.title, item.url) == ("Rate 艾丽 for the 2026 360° appraisal, due 12/09/2026",
                                      reverse("appraisal:feedback_answer", args=[FeedbackRequest.objects.get().pk]))
    assert pending_feedback_ratings(org.employee) == []


def _people(count, org):
    return [StaffProfileFactory(user=UserFactory(username=f"7{n:03d}"), department=org.it).user for n in range(count)]


@pytest.mark.parametrize("url_name", ["appraisal:feedback_round", "appraisal:feedback_tasks",
                                      "appraisal:feedback_rounds"])
def test_the_360_pages_run_a_constant_number_of_queries(client, org, feedback_round, url_name):
    counts = []
    people = _people(40, org)
    for size in (10, 40):
        for person in people[0 if size == 10 else 10:size]:
            ask(feedback_round, org, org.supervisor, subject=person)
        client.force_login(org.head if url_name != "appraisal:feedback_tasks" else org.supervisor)
        args = [feedback_round.pk] if url_name == "appraisal:feedback_round" else []
        client.get(reverse(url_name, args=args))  # the session's first request reads more
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name, args=args)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
    assert counts[1] <= 15


def test_the_scores_out_of_100_are_exact(org, feedback_round):
    from appraisal.selectors import feedback_results

    raters = _people(3, org)
    ids = list(FeedbackDimension.objects.values_list("pk", flat=True))
    for rater, ratings in zip(raters, ([1, 1, 1, 2], [1, 1, 2, 2], [1, 2, 2, 2])):
        services.feedback_answer(request=ask(feedback_round, org, rater), by=rater, scores=dict(zip(ids, ratings)))
    services.feedback_round_close(feedback_round=feedback_round, by=org.head)
    feedback_round.refresh_from_db()

    result = feedback_results([feedback_round])[(feedback_round.pk, org.employee.pk)]

    # 1.00, 1.33, 1.67, 2.00 → mean 1.50 → 1.50 / 5 × 100 = 30.00
    assert [d.average for d in result.dimensions] == [Decimal("1.00"), Decimal("1.33"), Decimal("1.67"),
                                                      Decimal("2.00")]
    assert (result.average, result.score) == (Decimal("1.50"), Decimal("30.00"))


def test_the_department_year_shows_each_persons_360_score(client, org, feedback_round):
    from .helpers import open_month

    open_month()
    raters = _people(3, org)
    ids = list(FeedbackDimension.objects.values_list("pk", flat=True))
    for rater in raters:
        services.feedback_answer(request=ask(feedback_round, org, rater), by=rater, scores=dict(zip(ids, [4] * 4)))
    services.feedback_round_close(feedback_round=feedback_round, by=org.head)
    client.force_login(org.head)

    page = client.get(reverse("appraisal:department_year", args=["it", 2026]))

    assert (by_testid(page, "feedback-1101"), by_testid(page, "feedback-1102")) == ("80.00", "—")


def test_the_rounds_filter_by_year_beside_the_form_that_opens_one(client, org, feedback_round):
    client.force_login(org.head)

    def years(query):
        response = client.get(reverse("appraisal:feedback_rounds"), query)
        return [item.year for item in response.context["page"].object_list], response

    assert years({"year": "2026"})[0] == [2026]
    assert years({"year": "2025"})[0] == []
    shown, response = years({"year": "20x6"})
    assert shown == [2026]
    assert find_all(response, "class", "col-12 text-danger small")[0][2] == (
        "Some filters are not valid and were ignored.")
    assert [attrs["id"] for _tag, attrs, _text in find_all(response, "name", "year")] == ["id_year", "filter-year"]
