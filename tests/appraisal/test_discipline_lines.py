"""The month's confirmed discipline incidents are proposed as lines, each linked to its incident."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from appraisal import services
from appraisal.models import Adjustment
from core.errors import ServiceError
from discipline import services as discipline

from ..html import by_testid
from .helpers import NOW, fill_review, open_month, scorecard_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False):
        yield


def record(org, code, day, person=None, **options):
    return discipline.incident_record(person=person or org.employee, rule_code=code,
                                      occurred_on=datetime.date(2026, *day), facts="事实", by=org.head, **options)


@pytest.fixture
def incidents(org):
    open_month()
    return {
        "late": record(org, "Q2", (11, 3)),
        "late_again": record(org, "Q2", (11, 12)),
        "overtime": record(org, "Q13", (11, 14), measured_value=Decimal("3")),
        "fine": record(org, "F10", (11, 6)),
        "october": record(org, "Q2", (10, 30)),
        "colleague": record(org, "Q2", (11, 4), person=org.supervisor),
    }


def proposals(scorecard):
    return list(scorecard.adjustments.order_by("kind", "evidence_date").values_list(
        "kind", "evidence_id", "evidence_date", "rule_code", "points", "status", "source"))


def test_submitting_proposes_the_months_confirmed_incidents(org, incidents):
    scorecard = submitted(org.employee)

    assert proposals(scorecard) == [
        ("bonus", incidents["overtime"].pk, datetime.date(2026, 11, 14), "Q13", Decimal("2.00"), "proposed",
         "discipline"),
        ("deduction", incidents["late"].pk, datetime.date(2026, 11, 3), "Q2", Decimal("3.00"), "proposed",
         "discipline"),
        ("deduction", incidents["late_again"].pk, datetime.date(2026, 11, 12), "Q2", Decimal("6.00"), "proposed",
         "discipline"),
    ]
    line = scorecard.adjustments.get(evidence_id=incidents["late"].pk)
    assert (line.fact, line.basis) == (incidents["late"].rule.text, incidents["late"].explanation())
    assert line.evidence_url() == reverse("discipline:incident_detail", args=[incidents["late"].pk])
    assert scorecard.final_score() == scorecard.total_score()  # proposals count only once accepted


def test_the_reviewer_accepts_or_dismisses_each_and_only_accepted_lines_count(org, incidents):
    scorecard = submitted(org.employee)
    fill_review(scorecard, org.supervisor)

    with pytest.raises(ServiceError) as refused:
        services.review_confirm(scorecard=scorecard, by=org.supervisor)
    assert refused.value.message == "Accept or dismiss each line proposed from the month's records first."

    for line in scorecard.adjustments.all():
        services.adjustment_decide(adjustment=line, by=org.supervisor, accept=line.evidence_id != incidents["late"].pk)
    services.review_confirm(scorecard=scorecard, by=org.supervisor)
    scorecard = scorecard_of(org.employee)

    assert (scorecard.bonus_points(), scorecard.deduction_points()) == (Decimal("2.00"), Decimal("6.00"))
    assert scorecard.final_score() == Decimal("96.00")
    assert scorecard.adjustments.get(evidence_id=incidents["late"].pk).status == "dismissed"


def test_proposing_again_adds_only_new_incidents_and_follows_cancellations_and_appeals(org, incidents):
    scorecard = submitted(org.employee)
    assert services.evidence_lines_propose(scorecard=scorecard) == 0

    newer = record(org, "Q2", (11, 20))
    discipline.incident_cancel(incident=incidents["overtime"], by=org.head, reason="记录有误")
    services.adjustment_decide(adjustment=scorecard.adjustments.get(evidence_id=incidents["late"].pk),
                               by=org.supervisor, accept=True)
    discipline.incident_appeal(incident=incidents["late"], by=org.employee, reason="有事先请假")
    discipline.incident_reduce(incident=incidents["late"], by=org.head, reason="酌情减半", amount=Decimal("1.5"))

    assert services.evidence_lines_refresh(scorecard=scorecard, by=org.supervisor) == 1
    rows = {incident_id: (points, status) for _kind, incident_id, _day, _code, points, status, _source
            in proposals(scorecard)}
    assert incidents["overtime"].pk not in rows
    assert rows[incidents["late"].pk] == (Decimal("1.50"), "counted")
    assert rows[newer.pk][1] == "proposed"
    assert len(rows) == 3


def test_the_review_page_links_each_line_to_its_incident_and_shows_the_fines(client, org, incidents):
    scorecard = submitted(org.employee)
    client.force_login(org.supervisor)

    response = client.get(reverse("appraisal:review", args=[scorecard.pk]))

    late = scorecard.adjustments.get(evidence_id=incidents["late"].pk)
    assert f'href="/discipline/{incidents["late"].pk}/"' in response.content.decode()
    assert by_testid(response, f"accept-{late.pk}") == "Accept"
    assert "Fines this month from discipline records: 50.00 yuan (not part of the score)." in (
        response.content.decode())


def test_accepting_through_the_page(client, org, incidents):
    scorecard = submitted(org.employee)
    late = scorecard.adjustments.get(evidence_id=incidents["late"].pk)
    client.force_login(org.supervisor)

    response = client.post(reverse("appraisal:adjustment_decide", args=[scorecard.pk, late.pk]), {"accept": "1"},
                           HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    late.refresh_from_db()
    assert (late.status, late.decided_by) == ("counted", org.supervisor)
    assert Adjustment.objects.filter(scorecard=scorecard, status="proposed").count() == 2


def test_discipline_lines_are_dismissed_not_removed(org, incidents):
    scorecard = submitted(org.employee)
    line = scorecard.adjustments.first()

    with pytest.raises(ServiceError) as refused:
        services.adjustment_remove(adjustment=line, by=org.supervisor)

    assert refused.value.message == "A line proposed from the month's records is dismissed, not removed."
