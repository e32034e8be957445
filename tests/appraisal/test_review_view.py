"""The review page: the self score beside the reviewer's input, bonus and deduction lines, confirm or return."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from appraisal.models import Adjustment, ScoreLine

from ..html import by_testid, find_all
from .helpers import NOW, form_data, full_marks, lines, open_month, scorecard_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def scorecard(org):
    with time_machine.travel(NOW, tick=False):
        open_month()
        yield submitted(org.employee, score=lambda line: line.item.max_points - Decimal("0.5"))


def url(scorecard, name="appraisal:review", *extra):
    return reverse(name, args=[scorecard.pk, *extra])


def post_data(scorecard, action="save", score=full_marks, opinion="认真负责"):
    return form_data(scorecard, action, score, opinion=opinion)


def test_the_self_score_stands_beside_the_reviewers_input(client, org, scorecard):
    client.force_login(org.supervisor)

    response = client.get(url(scorecard))

    assert response.status_code == 200
    first = lines(scorecard)[0]
    assert by_testid(response, f"self-score-{first.item_id}") == "14.5"
    [(tag, attrs, _text)] = find_all(response, "name", f"score_{first.pk}")
    assert (tag, attrs["step"], attrs["max"]) == ("input", "0.01", "15.00")
    assert "value" not in attrs
    assert by_testid(response, "saved-figures") == (
        "Saved figures: total 26.10 + bonus 0.00 − deductions 0.00 = 26.10")


def test_saving_the_review_keeps_the_self_scores(client, org, scorecard):
    client.force_login(org.supervisor)
    data = post_data(scorecard, score=lambda line: line.item.max_points)
    data.update({f"self_score_{line.pk}": "0" for line in lines(scorecard)})

    response = client.post(url(scorecard), data)

    assert response.status_code == 302
    saved = ScoreLine.objects.filter(scorecard=scorecard).select_related("item")
    assert all(line.reviewer_score == line.item.max_points for line in saved)
    assert all(line.self_score == line.item.max_points - Decimal("0.5") for line in saved)
    scorecard.refresh_from_db()
    assert (scorecard.state, scorecard.reviewer_opinion) == ("review", "认真负责")


def test_confirm_sends_it_to_the_person(client, org, scorecard):
    client.force_login(org.head)

    with time_machine.travel(NOW, tick=False):
        response = client.post(url(scorecard), post_data(scorecard, action="confirm"))

    assert (response.status_code, response.url) == (302, scorecard.get_absolute_url())
    scorecard.refresh_from_db()
    assert (scorecard.state, scorecard.reviewer_confirmed_by, scorecard.reviewer_confirmed_at) == (
        "confirm", org.head, NOW)
    # 26 items, 0.5 under full marks for the self score: 30 − 0.3 × 13 = 26.10; reviewer full: 70.00
    assert scorecard_of(org.employee).final_score() == Decimal("96.10")


def test_confirming_with_items_unscored_is_refused(client, org, scorecard):
    client.force_login(org.supervisor)

    response = client.post(url(scorecard), post_data(scorecard, action="confirm", score=lambda line: None),
                           follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Score every item before you confirm: 26 not scored yet."]
    scorecard.refresh_from_db()
    assert scorecard.state == "review"


def test_adding_a_bonus_line_with_htmx_returns_the_block(client, org, scorecard):
    client.force_login(org.supervisor)

    response = client.post(url(scorecard, "appraisal:adjustment_add"),
                           {"kind": "bonus", "fact": "周六加班完成医保接口升级", "basis": "院领导临时安排，有工作记录",
                            "points": "2"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "appraisal/_adjustments.html"
    line = Adjustment.objects.get(scorecard=scorecard)
    assert (line.kind, line.points, line.status, line.created_by) == ("bonus", Decimal("2.00"), "counted",
                                                                      org.supervisor)
    assert "周六加班完成医保接口升级" in by_testid(response, f"line-{line.pk}")
    assert by_testid(response, "saved-figures").endswith("bonus 2.00 − deductions 0.00 = 28.10")


def test_adding_a_line_without_htmx_redirects_and_bad_input_is_reported(client, org, scorecard):
    client.force_login(org.supervisor)

    response = client.post(url(scorecard, "appraisal:adjustment_add"),
                           {"kind": "deduction", "fact": "被临床投诉1次", "basis": "", "points": "3"})
    bad = client.post(url(scorecard, "appraisal:adjustment_add"), {"kind": "deduction", "fact": "", "points": "-1"},
                      HTTP_HX_REQUEST="true")

    assert (response.status_code, response.url) == (302, url(scorecard))
    assert list(Adjustment.objects.values_list("kind", "points")) == [("deduction", Decimal("3.00"))]
    assert bad.context["adjustment_error"] == "Please correct the errors in the new line."
    assert set(bad.context["adjustment_form"].errors) == {"fact", "points"}


def test_removing_a_line(client, org, scorecard):
    line = Adjustment.objects.create(scorecard=scorecard, kind="bonus", fact="加班", points=2, created_by=org.supervisor)
    client.force_login(org.supervisor)

    response = client.post(url(scorecard, "appraisal:adjustment_remove", line.pk), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert Adjustment.objects.count() == 0


def test_return_to_the_person_needs_a_reason(client, org, scorecard):
    client.force_login(org.supervisor)

    empty = client.post(url(scorecard, "appraisal:review_return"), {"reason": ""})
    scorecard.refresh_from_db()
    assert (empty.url, scorecard.state) == (url(scorecard), "review")

    client.post(url(scorecard, "appraisal:review_return"), {"reason": "请补充第5项说明"})
    scorecard.refresh_from_db()
    assert scorecard.state == "self"


@pytest.mark.parametrize("role", ["employee", "hr", "outsider", "admin"])
def test_only_the_reviewer_or_the_head(client, org, scorecard, role):
    client.force_login(org.by_role(role))

    assert client.get(url(scorecard)).status_code == 404
    assert client.post(url(scorecard), post_data(scorecard)).status_code == 404
    assert client.post(url(scorecard, "appraisal:adjustment_add"),
                       {"kind": "bonus", "fact": "x", "points": "50"}).status_code == 404
    assert ScoreLine.objects.filter(scorecard=scorecard, reviewer_score__isnull=False).count() == 0
    assert Adjustment.objects.count() == 0


def test_the_page_is_closed_outside_the_review(client, org, scorecard):
    client.force_login(org.supervisor)
    client.post(url(scorecard), post_data(scorecard, action="confirm"))

    response = client.get(url(scorecard))

    assert (response.status_code, response.url) == (302, scorecard.get_absolute_url())
