"""The home page: my self-assessment due, my acknowledgement, the reviews waiting for me."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal import services
from appraisal.home import pending_appraisal_work

from .helpers import NOW, fill_review, submitted

pytestmark = pytest.mark.django_db


def titles(user):
    return [(item.title, item.url) for item in pending_appraisal_work(user)]


def test_my_self_assessment_is_waiting_for_me(client, org, november):
    scorecard = org.employee.scorecards.get()
    client.force_login(org.employee)

    response = client.get(reverse("home"))

    assert [(item.title, item.url, item.kind) for item in response.context["pending"]] == [
        ("Self-assessment for November 2026, due 12/05/2026", f"/appraisal/{scorecard.pk}/self/", "Appraisal")]


def test_the_review_waits_for_the_reviewer_then_the_acknowledgement_for_the_person(org, november):
    with time_machine.travel(NOW, tick=False):
        employee = submitted(org.employee)
    assert titles(org.employee) == []
    assert titles(org.head) == []  # the head may review too, but the deputy is 艾丽's reviewer
    own = org.supervisor.scorecards.get()
    assert titles(org.supervisor) == [("Self-assessment for November 2026, due 12/05/2026", f"/appraisal/{own.pk}/self/"),
                                      ("Review 艾丽's scorecard for November 2026", f"/appraisal/{employee.pk}/review/")]

    with time_machine.travel(NOW, tick=False):
        deputy = submitted(org.supervisor)
        assert titles(org.head) == [("Review 鲍勃's scorecard for November 2026", f"/appraisal/{deputy.pk}/review/")]
        fill_review(deputy, org.head)
        services.review_confirm(scorecard=deputy, by=org.head)

    assert titles(org.head) == []
    assert titles(org.supervisor) == [("Acknowledge your scorecard for November 2026", deputy.get_absolute_url()),
                                      ("Review 艾丽's scorecard for November 2026", f"/appraisal/{employee.pk}/review/")]


def test_one_query_whatever_the_number_of_scorecards(org, november):
    with CaptureQueriesContext(connection) as queries:
        pending_appraisal_work(org.supervisor)

    assert len(queries) == 1
