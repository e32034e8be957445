"""One mechanism for lines proposed from other domains' records: a second source (as training and the duty
roster will register) proposes beside discipline, with its own wording, record link and badge."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from appraisal import evidence, services
from appraisal.evidence import ProposedLine

from ..html import by_testid
from .helpers import NOW, fill_review, open_month, scorecard_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def training(org):
    """A stand-in training domain: one missed session for the employee, with a record whose id is 7 (the real
    training source is put back afterwards)."""
    real = evidence._sources.get("training")
    missed = {org.employee.pk: [ProposedLine(kind="deduction", evidence_id=7, date=datetime.date(2026, 11, 9),
                                             fact="未参加网络安全培训", basis="培训管理制度第5条", points=Decimal("1"),
                                             rule_code="T5")]}
    evidence.register_line_source("training", label="培训", evidence_label="training #%(id)s",
                                  propose=lambda user, period: missed.get(user.pk, []),
                                  evidence_url=lambda evidence_id: f"/training/{evidence_id}/")
    yield missed
    evidence._sources.pop("training")
    if real is not None:
        evidence._sources["training"] = real


def test_each_source_proposes_its_lines_with_its_record(org, training):
    open_month()
    scorecard = submitted(org.employee)

    line = scorecard.adjustments.get()
    assert (line.source, line.kind, line.fact, line.rule_code, line.points, line.status) == (
        "training", "deduction", "未参加网络安全培训", "T5", Decimal("1.00"), "proposed")
    assert (line.evidence_text(), line.evidence_url(), line.source_label()) == ("training #7", "/training/7/", "培训")


def test_a_record_that_no_longer_counts_leaves_and_the_same_id_in_two_sources_gives_two_lines(org, training):
    from discipline import services as discipline

    open_month()
    scorecard = submitted(org.employee)
    incident = discipline.incident_record(person=org.employee, rule_code="Q2", occurred_on=datetime.date(2026, 11, 3),
                                          facts="迟到", by=org.head)

    assert services.evidence_lines_refresh(scorecard=scorecard, by=org.supervisor) == 1
    assert sorted(scorecard.adjustments.values_list("source", "evidence_id")) == [
        ("discipline", incident.pk), ("training", 7)]

    training[org.employee.pk] = []
    assert services.evidence_lines_refresh(scorecard=scorecard, by=org.supervisor) == 0
    assert list(scorecard.adjustments.values_list("source", flat=True)) == ["discipline"]


def test_the_reviewer_accepts_or_dismisses_a_line_of_any_source_and_sees_its_badge(org, training, client):
    open_month()
    scorecard = submitted(org.employee)
    line = scorecard.adjustments.get()

    services.adjustment_decide(adjustment=line, by=org.supervisor, accept=True)
    fill_review(scorecard, org.supervisor)

    assert scorecard_of(org.employee).final_score() == scorecard_of(org.employee).total_score() - Decimal("1")
    client.force_login(org.supervisor)
    page = client.get(reverse("appraisal:review", args=[scorecard.pk]))
    assert "training #7" in by_testid(page, f"line-{line.pk}")
