"""The self-assessment page: one card per item, draft and submit, only for the person appraised."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from appraisal.models import ScoreLine

from ..html import find_all
from .helpers import NOW, form_data, full_marks, lines, open_month, scorecard_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def scorecard(org):
    with time_machine.travel(NOW, tick=False):
        open_month()
        yield scorecard_of(org.employee)


def url(scorecard):
    return reverse("appraisal:self_assessment", args=[scorecard.pk])


def post_data(scorecard, action="save", score=full_marks, gains="本月完成巡检"):
    return form_data(scorecard, action, score, summary_gains=gains, summary_losses="")


def test_one_card_per_item_with_a_decimal_input(client, org, scorecard):
    client.force_login(org.employee)

    response = client.get(url(scorecard))

    assert response.status_code == 200
    cards = find_all(response, "data-testid")
    assert len([attrs for tag, attrs, text in cards if attrs["data-testid"].startswith("item-")]) == 26
    first = lines(scorecard)[0]
    [(tag, attrs, _text)] = find_all(response, "name", f"score_{first.pk}")
    assert (tag, attrs["type"], attrs["step"], attrs["min"], attrs["max"], attrs["inputmode"]) == (
        "input", "number", "0.01", "0", "15.00", "decimal")
    assert [attrs["value"] for _tag, attrs, _text in find_all(response, "name", "action")] == ["save", "submit"]
    page = response.content.decode()
    assert "接科室电话后15分钟内响应（包括电话）" in page  # the criteria, in the collapsible details
    assert "Submit by 2026-12-05." in page


def test_save_draft_keeps_partial_scores_and_the_summary(client, org, scorecard):
    client.force_login(org.employee)
    first, second = lines(scorecard)[:2]
    data = post_data(scorecard, score=lambda line: None)
    data.update({f"score_{first.pk}": "14.5", f"remark_{first.pk}": "本月值班12次", f"score_{second.pk}": "9"})

    response = client.post(url(scorecard), data)

    assert response.status_code == 302
    assert response.url == url(scorecard)
    saved = {line.pk: (line.self_score, line.self_remark) for line in lines(scorecard)}
    assert saved[first.pk] == (Decimal("14.5"), "本月值班12次")
    assert saved[second.pk] == (Decimal("9.0"), "")
    assert sum(1 for value, _remark in saved.values() if value is None) == 24
    scorecard.refresh_from_db()
    assert (scorecard.state, scorecard.summary_gains) == ("self", "本月完成巡检")
    assert [str(m) for m in client.get(url(scorecard)).context["messages"]] == ["Draft saved."]


@pytest.mark.parametrize("value, error", [
    ("15.5", "Ensure this value is less than or equal to 15.00."),
    ("-1", "Ensure this value is greater than or equal to 0."),
    ("12.255", "Ensure that there are no more than 2 decimal places."),
])
def test_a_score_out_of_range_or_too_precise_is_shown_as_an_error_and_nothing_is_saved(client, org, scorecard,
                                                                                       value, error):
    client.force_login(org.employee)
    first = lines(scorecard)[0]
    data = post_data(scorecard)
    data[f"score_{first.pk}"] = value

    response = client.post(url(scorecard), data)

    assert response.status_code == 200
    assert response.context["form"].errors[f"score_{first.pk}"] == [error]
    assert ScoreLine.objects.filter(scorecard=scorecard, self_score__isnull=False).count() == 0


def test_submit_goes_to_the_reviewer_and_the_page_closes(client, org, scorecard):
    client.force_login(org.employee)

    with time_machine.travel(NOW, tick=False):
        response = client.post(url(scorecard), post_data(scorecard, action="submit"))

    assert response.status_code == 302
    assert response.url == scorecard.get_absolute_url()
    scorecard.refresh_from_db()
    assert (scorecard.state, scorecard.submitted_at) == ("review", NOW)
    again = client.get(url(scorecard))
    assert (again.status_code, again.url) == (302, scorecard.get_absolute_url())


def test_submitting_an_incomplete_form_saves_the_draft_and_says_what_is_missing(client, org, scorecard):
    client.force_login(org.employee)
    first = lines(scorecard)[0]

    response = client.post(url(scorecard), post_data(scorecard, action="submit",
                                                     score=lambda line: 1 if line.pk == first.pk else None),
                           follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Score every item before you submit: 25 not scored yet."]
    scorecard.refresh_from_db()
    assert scorecard.state == "self"
    assert ScoreLine.objects.get(pk=first.pk).self_score == Decimal("1.0")


def test_the_reviewers_fields_cannot_be_posted_here(client, org, scorecard):
    client.force_login(org.employee)
    data = post_data(scorecard)
    data.update({f"reviewer_score_{line.pk}": "0" for line in lines(scorecard)})

    client.post(url(scorecard), data)

    assert ScoreLine.objects.filter(scorecard=scorecard, reviewer_score__isnull=False).count() == 0


@pytest.mark.parametrize("role", ["supervisor", "head", "hr", "outsider"])
def test_nobody_else_opens_it(client, org, scorecard, role):
    client.force_login(org.by_role(role))

    assert client.get(url(scorecard)).status_code == 404
    assert client.post(url(scorecard), post_data(scorecard)).status_code == 404
    assert ScoreLine.objects.filter(scorecard=scorecard, self_score__isnull=False).count() == 0


def test_the_reviewer_cannot_open_the_form_after_submission_either(client, org, scorecard):
    with time_machine.travel(NOW, tick=False):
        submitted(org.employee)
    client.force_login(org.supervisor)

    assert client.get(url(scorecard)).status_code == 404
