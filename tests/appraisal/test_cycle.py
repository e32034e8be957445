"""The monthly cycle through the services: submit, review, both confirmations, lock, dispute and reopen."""

from decimal import Decimal

import pytest
import time_machine

from appraisal import services
from appraisal.models import AppraisalMonth, ScorecardEvent, ScorecardTemplate
from appraisal.services import Entry
from audit.models import AuditEntry
from core.errors import ServiceError
from notifications.models import Notification

from .helpers import NOW, fill_review, fill_self, lines, locked, open_month, reviewed, scorecard_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def month(org):
    with time_machine.travel(NOW, tick=False):
        open_month()
        yield


def actions(scorecard):
    return list(scorecard.events.order_by("pk").values_list("action", flat=True))


def refused(call, **kwargs):
    with pytest.raises(ServiceError) as error:
        call(**kwargs)
    return error.value.message


def test_submit_needs_every_item_and_the_summary(org):
    scorecard = scorecard_of(org.employee)
    first = lines(scorecard)[0]
    services.self_assessment_save(scorecard=scorecard, by=org.employee, entries=[Entry(first.pk, Decimal("15"))],
                                  summary_gains="", summary_losses="")

    assert refused(services.self_assessment_submit, scorecard=scorecard, by=org.employee) == (
        "Score every item before you submit: 25 not scored yet.")
    fill_self(scorecard, summary="")
    assert refused(services.self_assessment_submit, scorecard=scorecard, by=org.employee) == (
        "Write this month's summary (得) before you submit.")


def test_submit_hands_the_scorecard_to_the_reviewer(org):
    scorecard = submitted(org.employee)

    assert (scorecard.state, scorecard.submitted_at, scorecard.reviewer) == ("review", NOW, org.supervisor)
    assert actions(scorecard) == ["created", "submitted"]
    assert list(Notification.objects.filter(recipient=org.supervisor).values_list("subject", "url")) == [
        ("艾丽 submitted the self-assessment for November 2026", f"/appraisal/{scorecard.pk}/review/")]
    assert AuditEntry.objects.filter(action="appraisal.scorecard.submit", object_id=str(scorecard.pk)).count() == 1


def test_scores_outside_the_item_range_or_off_the_step_are_refused(org):
    scorecard = scorecard_of(org.employee)
    first = lines(scorecard)[0]

    def save(value):
        return refused(services.self_assessment_save, scorecard=scorecard, by=org.employee,
                       entries=[Entry(first.pk, Decimal(value))], summary_gains="", summary_losses="")

    assert save("15.1") == "The self score for “日常工作” must be between 0 and 15.00."
    assert save("-1") == "The self score for “日常工作” must be between 0 and 15.00."
    ScorecardTemplate.objects.filter(pk=scorecard.template_id).update(score_step=Decimal("0.5"))
    assert save("7.25") == "Scores on this form go in steps of 0.5: 7.25 for “日常工作” is not one."


def test_nobody_edits_the_other_sides_scores(org):
    scorecard = scorecard_of(org.employee)
    entry = [Entry(lines(scorecard)[0].pk, Decimal("10"))]

    assert refused(services.self_assessment_save, scorecard=scorecard, by=org.supervisor, entries=entry,
                   summary_gains="", summary_losses="") == "Only the person appraised fills in the self-assessment."
    assert refused(services.review_save, scorecard=scorecard, by=org.supervisor, entries=entry, opinion="") == (
        "The review can no longer be changed.")
    scorecard = submitted(org.employee)
    assert refused(services.review_save, scorecard=scorecard, by=org.employee, entries=entry, opinion="") == (
        "Only the reviewer (the direct supervisor or the department head) reviews this scorecard.")
    assert refused(services.review_save, scorecard=scorecard, by=org.hr, entries=entry, opinion="") == (
        "Only the reviewer (the direct supervisor or the department head) reviews this scorecard.")
    assert refused(services.self_assessment_save, scorecard=scorecard, by=org.employee, entries=entry,
                   summary_gains="", summary_losses="") == "The self-assessment can no longer be changed."


def test_the_department_head_may_review_too(org):
    scorecard = submitted(org.employee)

    fill_review(scorecard, org.head)
    services.review_confirm(scorecard=scorecard, by=org.head)

    assert scorecard_of(org.employee).reviewer_confirmed_by == org.head


def test_review_confirmation_needs_every_item(org):
    scorecard = submitted(org.employee)
    services.review_save(scorecard=scorecard, by=org.supervisor,
                         entries=[Entry(lines(scorecard)[0].pk, Decimal("12"))], opinion="")

    assert refused(services.review_confirm, scorecard=scorecard, by=org.supervisor) == (
        "Score every item before you confirm: 25 not scored yet.")


def test_both_confirm_then_the_scorecard_is_locked_with_its_result(org):
    first = lines(scorecard_of(org.employee))[0]
    scorecard = reviewed(org.employee, org.supervisor,
                         reviewer_score=lambda line: 0 if line.pk == first.pk else line.item.max_points)

    assert (scorecard.state, scorecard.reviewer_confirmed_by, scorecard.reviewer_confirmed_at) == (
        "confirm", org.supervisor, NOW)
    services.scorecard_acknowledge(scorecard=scorecard, by=org.employee)
    scorecard = scorecard_of(org.employee)

    # self full marks: 30% of 100 = 30.00; the reviewer gives 0 of 15 on 日常工作: 70% of 85 = 59.50; 89.50
    assert (scorecard.state, scorecard.staff_confirmed_by, scorecard.staff_confirmed_at, scorecard.locked_at) == (
        "locked", org.employee, NOW, NOW)
    assert (scorecard.result_total, scorecard.result_final, scorecard.result_grade) == (
        Decimal("89.50"), Decimal("89.50"), "良好")
    assert actions(scorecard) == ["created", "submitted", "review_confirmed", "acknowledged", "locked"]
    assert list(Notification.objects.filter(recipient=org.supervisor).order_by("pk").values_list("subject", flat=True))[-1] == (
        "艾丽 acknowledged the scorecard for November 2026: it is locked")


def test_locked_means_locked(org):
    scorecard = locked(org.employee, org.supervisor)
    entry = [Entry(lines(scorecard)[0].pk, Decimal("1"))]

    assert refused(services.self_assessment_save, scorecard=scorecard, by=org.employee, entries=entry,
                   summary_gains="", summary_losses="") == "The self-assessment can no longer be changed."
    assert refused(services.review_save, scorecard=scorecard, by=org.supervisor, entries=entry, opinion="") == (
        "The review can no longer be changed.")
    assert refused(services.adjustment_add, scorecard=scorecard, by=org.supervisor, kind="bonus", fact="加班",
                   basis="", points=Decimal("2")) == "The review can no longer be changed."
    assert refused(services.scorecard_acknowledge, scorecard=scorecard, by=org.employee) == (
        "This scorecard is not waiting for your acknowledgement.")


def test_the_person_may_disagree_and_it_goes_back_to_the_reviewer(org):
    scorecard = reviewed(org.employee, org.supervisor)

    assert refused(services.scorecard_dispute, scorecard=scorecard, by=org.employee, reason=" ") == (
        "Say what you do not agree with.")
    services.scorecard_dispute(scorecard=scorecard, by=org.employee, reason="第3项已按时完成，有记录")
    scorecard = scorecard_of(org.employee)

    assert (scorecard.state, scorecard.reviewer_confirmed_at, scorecard.reviewer_confirmed_by) == ("review", None,
                                                                                                 None)
    assert scorecard.events.last().note == "第3项已按时完成，有记录"
    assert Notification.objects.filter(recipient=org.supervisor, body="第3项已按时完成，有记录").count() == 1


def test_the_reviewer_may_return_the_self_assessment(org):
    scorecard = submitted(org.employee)

    services.review_return(scorecard=scorecard, by=org.supervisor, reason="请补充第2项完成情况")

    scorecard = scorecard_of(org.employee)
    assert (scorecard.state, scorecard.submitted_at) == ("self", None)
    assert Notification.objects.filter(recipient=org.employee, body="请补充第2项完成情况").count() == 1


def test_only_the_head_reopens_with_a_reason(org):
    scorecard = locked(org.employee, org.supervisor)

    assert refused(services.scorecard_reopen, scorecard=scorecard, by=org.supervisor, reason="x") == (
        "Only the head of the department reopens a scorecard.")
    assert refused(services.scorecard_reopen, scorecard=scorecard, by=org.hr, reason="x") == (
        "Only the head of the department reopens a scorecard.")
    assert refused(services.scorecard_reopen, scorecard=scorecard, by=org.head, reason="  ") == (
        "Give the reason for reopening.")
    services.scorecard_reopen(scorecard=scorecard, by=org.head, reason="补录周末抢修加分")
    scorecard = scorecard_of(org.employee)

    assert (scorecard.state, scorecard.locked_at, scorecard.staff_confirmed_at, scorecard.reviewer_confirmed_at,
            scorecard.result_final, scorecard.result_grade) == ("review", None, None, None, None, "")
    event = scorecard.events.last()
    assert (event.action, event.actor, event.note) == (ScorecardEvent.Action.REOPENED, org.head, "补录周末抢修加分")
    audit = AuditEntry.objects.get(action="appraisal.scorecard.reopen")
    assert (audit.actor_id, audit.before, audit.after["reason"]) == (org.head.pk, {"state": "locked"}, "补录周末抢修加分")


def test_an_open_scorecard_has_nothing_to_reopen(org):
    scorecard = submitted(org.employee)

    assert refused(services.scorecard_reopen, scorecard=scorecard, by=org.head, reason="x") == (
        "This scorecard is still open: there is nothing to reopen.")


def test_reopening_a_closed_month_asks_for_another_rollup(org):
    locked(org.employee, org.supervisor)
    services.month_rollup(period=NOW.date().replace(day=1))
    scorecard = scorecard_of(org.employee)

    services.scorecard_reopen(scorecard=scorecard, by=org.head, reason="更正", to_state="self")

    scorecard = scorecard_of(org.employee)
    assert (scorecard.state, scorecard.closed_at, scorecard.submitted_at) == ("self", None, None)
    assert AppraisalMonth.objects.get(period=scorecard.period).needs_rollup is True
    fill_self(scorecard)
    services.self_assessment_submit(scorecard=scorecard, by=org.employee)
    assert scorecard_of(org.employee).state == "review"


def test_a_closed_month_cannot_be_edited_without_a_reopen(org):
    scorecard = submitted(org.employee)
    services.month_rollup(period=scorecard.period)

    assert refused(services.review_save, scorecard=scorecard, by=org.supervisor, entries=[], opinion="") == (
        "The review can no longer be changed.")
