"""Probation: its end computed, reminders before and after it (frozen time), the head's assessment and 人事科's
decision: conversion, one extension, termination; and ending at once for a rule violation."""

import datetime

import pytest
import time_machine
from django.db.models import Q
from django.urls import reverse

from approvals.models import ApprovalRequest
from approvals.services import Decision, step_decide
from audit.models import AuditEntry
from core.errors import ServiceError
from notifications.models import Notification
from hiring import services
from hiring.tasks import probation_reminders
from hiring.models import Probation, ProbationAssessment
from staff.models import StaffProfile

from .helpers import active_step, policy, probationer

pytestmark = pytest.mark.django_db
CST = datetime.timezone(datetime.timedelta(hours=8))
START = datetime.date(2026, 9, 1)
LAST_DAY = datetime.date(2026, 11, 30)
DAY_AFTER = datetime.date(2026, 12, 1)


def at(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=CST), tick=False)


@pytest.fixture
def probation(org):
    with at(START):
        return probationer(org, starts_on=START)


def assessment_data(proposal="convert", **values):
    return {"work_rating": "good", "work_comments": "按时完成网络巡检", "conduct_rating": "excellent",
            "conduct_comments": "", "attendance_rating": "satisfactory", "attendance_comments": "迟到1次",
            "summary": "试用期表现合格", "proposal": proposal, "new_end_date": None, **values}


def assess(org, probation, day, **values):
    with at(day):
        return services.probations.assessment_submit(probation=probation, by=org.head, data=assessment_data(**values))


def hr_decides(org, assessment, day, decision=Decision.APPROVE, comment=""):
    with at(day):
        return step_decide(step=active_step(assessment.approval), by=org.hr, decision=decision, comment=comment)


@pytest.mark.parametrize("start, months, last_day", [
    (datetime.date(2026, 9, 1), 3, datetime.date(2026, 11, 30)),
    (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 27)),
    (datetime.date(2026, 1, 15), 6, datetime.date(2026, 7, 14)),
])
def test_the_probation_end_is_computed(start, months, last_day):
    assert services.probations.probation_end_date(start, months) == last_day


def test_the_probation_follows_the_policy_length(org):
    policy(probation_months=6)
    with at(START):
        assert probationer(org, starts_on=START).ends_on == datetime.date(2027, 2, 28)


def test_reminders_before_the_end_and_when_overdue(org, probation):
    with at(datetime.date(2026, 11, 15)):  # 15 days before the last day
        assert probation_reminders.apply().get() == {"before_end": 0, "overdue": 0}
    with at(datetime.date(2026, 11, 16)):
        assert probation_reminders.apply().get() == {"before_end": 1, "overdue": 0}
        assert probation_reminders.apply().get() == {"before_end": 0, "overdue": 0}
    with at(LAST_DAY):
        assert probation_reminders.apply().get() == {"before_end": 0, "overdue": 0}
    with at(datetime.date(2026, 12, 1)):
        assert probation_reminders.apply().get() == {"before_end": 0, "overdue": 1}
        assert probation_reminders.apply().get() == {"before_end": 0, "overdue": 0}

    reminders = Notification.objects.filter(Q(subject__startswith="The probation of") | Q(subject__startswith="Overdue:"))
    subjects = {(n.recipient.username, n.subject) for n in reminders.select_related("recipient")}
    assert subjects == {
        (person, subject) for person in ("1100", "1102", "2100") for subject in (
            "The probation of 孙丽 ends on 2026-11-30", "Overdue: the probation of 孙丽 ended on 2026-11-30")}


def test_the_reminder_period_is_configurable(org, probation):
    policy(probation_reminder_days=30)
    with at(datetime.date(2026, 10, 31)):
        assert probation_reminders.apply().get() == {"before_end": 1, "overdue": 0}


def test_conversion_assessed_by_the_head_and_approved_by_hr(org, probation):
    assessment = assess(org, probation, datetime.date(2026, 11, 20))
    assert assessment.approval.state == ApprovalRequest.State.PENDING

    # 试用期三个月后才可考虑聘为正式员工: from the day after the last day.
    with pytest.raises(ServiceError) as refused:
        hr_decides(org, assessment, LAST_DAY)
    assert refused.value.message.endswith(
        "the conversion can be approved from 2026-12-01, the day after the probation's last day.")

    hr_decides(org, assessment, DAY_AFTER)

    probation.refresh_from_db()
    profile = probation.profile
    profile.refresh_from_db()
    assert (probation.state, probation.ended_on, profile.status) == (
        Probation.State.CONVERTED, DAY_AFTER, StaffProfile.Status.REGULAR)
    assert [h.status for h in profile.history.order_by("history_date")][-2:] == ["probation", "regular"]
    actions = list(AuditEntry.objects.for_object(probation)
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["staff.probation.start", "staff.probation.assess", "staff.probation.convert"]
    assert Notification.objects.filter(recipient=profile.user, subject="Converted to regular staff: 孙丽").exists()


def test_no_conversion_without_hr(org, probation):
    assessment = assess(org, probation, LAST_DAY)

    with pytest.raises(ServiceError) as refused:
        hr_decides_as = step_decide
        with at(LAST_DAY):
            hr_decides_as(step=active_step(assessment.approval), by=org.head, decision=Decision.APPROVE)

    assert refused.value.message == "You cannot decide on your own request."
    with pytest.raises(ServiceError):
        with at(LAST_DAY):
            step_decide(step=active_step(assessment.approval), by=org.supervisor, decision=Decision.APPROVE)
    probation.refresh_from_db()
    assert (probation.state, probation.profile.status) == (Probation.State.ACTIVE, StaffProfile.Status.PROBATION)


def test_the_assessment_opens_in_the_reminder_period(org, probation):
    with pytest.raises(ServiceError) as refused:
        assess(org, probation, datetime.date(2026, 11, 1))

    assert refused.value.message == "The end-of-probation assessment opens on 2026-11-16."
    assert ProbationAssessment.objects.count() == 0


def test_a_conversion_needs_satisfactory_ratings(org, probation):
    with pytest.raises(ServiceError) as refused:
        assess(org, probation, LAST_DAY, attendance_rating="unsatisfactory")

    assert refused.value.message == "A conversion needs every rating satisfactory or better."


def test_only_the_departments_leaders_assess(org, probation):
    with pytest.raises(ServiceError):
        with at(LAST_DAY):
            services.probations.assessment_submit(probation=probation, by=org.hr, data=assessment_data())
    with pytest.raises(ServiceError):
        with at(LAST_DAY):
            services.probations.assessment_submit(probation=probation, by=org.outsider, data=assessment_data())


def test_extension_once_with_a_new_end_date(org, probation):
    new_end = datetime.date(2027, 1, 31)
    with pytest.raises(ServiceError) as refused:
        assess(org, probation, LAST_DAY, proposal="extend", new_end_date=LAST_DAY)
    assert refused.value.message == "The new last day must be after 2026-11-30."
    with pytest.raises(ServiceError) as refused:
        assess(org, probation, LAST_DAY, proposal="extend", new_end_date=datetime.date(2027, 3, 1))
    assert refused.value.message == "A probation may last at most 6 months: the latest last day is 2027-02-28."

    hr_decides(org, assess(org, probation, LAST_DAY, proposal="extend", new_end_date=new_end), LAST_DAY)

    probation.refresh_from_db()
    assert (probation.state, probation.ends_on, probation.original_ends_on, probation.extensions) == (
        Probation.State.ACTIVE, new_end, LAST_DAY, 1)
    assert (probation.reminded_before_at, probation.reminded_overdue_at) == (None, None)
    with pytest.raises(ServiceError) as refused:
        assess(org, probation, datetime.date(2027, 1, 20), proposal="extend", new_end_date=datetime.date(2027, 2, 20))
    assert refused.value.message == "The probation has already been extended; it can be extended only 1 time(s)."
    hr_decides(org, assess(org, probation, new_end), new_end + datetime.timedelta(days=1))
    probation.refresh_from_db()
    assert probation.state == Probation.State.CONVERTED


def test_termination_by_assessment(org, probation):
    hr_decides(org, assess(org, probation, datetime.date(2026, 10, 10), proposal="terminate",
                           work_rating="unsatisfactory", summary="多次未完成巡检"), datetime.date(2026, 10, 12))

    probation.refresh_from_db()
    user = probation.profile.user
    user.refresh_from_db()
    assert (probation.state, probation.end_reason, probation.ended_on) == (
        Probation.State.TERMINATED, Probation.EndReason.ASSESSMENT, datetime.date(2026, 10, 12))
    assert (user.profile.status, user.is_active) == (StaffProfile.Status.DEPARTED, False)


def test_hr_rejecting_the_proposal_keeps_the_probation(org, probation):
    assessment = assess(org, probation, LAST_DAY)
    hr_decides(org, assessment, LAST_DAY, decision=Decision.REJECT, comment="考勤记录不全")

    probation.refresh_from_db()
    assert probation.state == Probation.State.ACTIVE
    assert services.probations.open_assessment(probation) is None  # the head may assess again


def test_a_returned_assessment_is_revised_on_the_page(org, probation, client):
    assessment = assess(org, probation, LAST_DAY)
    hr_decides(org, assessment, LAST_DAY, decision=Decision.RETURN, comment="请补充考勤说明")
    with at(LAST_DAY):
        client.force_login(org.head)
        response = client.post(reverse("hiring:probation_assess", args=[probation.pk]),
                               {**assessment_data(attendance_comments="全勤"), "new_end_date": ""})

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.attendance_comments, assessment.approval.state) == ("全勤", ApprovalRequest.State.PENDING)


def test_ending_at_once_for_a_violation_links_the_incident(org, probation):
    try:
        from discipline.services import incident_record
    except ImportError:
        pytest.skip("the discipline domain is not installed")
    person = probation.profile.user
    with at(datetime.date(2026, 10, 9)):
        incident = incident_record(person=person, rule_code="F2", occurred_on=datetime.date(2026, 10, 9),
                                   facts="擅自离岗", by=org.head, measured_value=3)
    with pytest.raises(ServiceError) as refused:
        with at(datetime.date(2026, 10, 10)):
            services.probations.probation_terminate_for_violation(probation=probation, by=org.hr, reason="擅自离岗",
                                                       ended_on=datetime.date(2026, 10, 10), incident_id=None)
    assert refused.value.message == "Choose the incident (违纪记录) the probation ends for."

    with at(datetime.date(2026, 10, 10)):
        services.probations.probation_terminate_for_violation(probation=probation, by=org.hr, reason="擅自离岗",
                                                   ended_on=datetime.date(2026, 10, 10), incident_id=incident.pk)

    probation.refresh_from_db()
    assert (probation.state, probation.end_reason, probation.incident_id) == (
        Probation.State.TERMINATED, Probation.EndReason.VIOLATION, incident.pk)
    assert probation.profile.status == StaffProfile.Status.DEPARTED


def test_only_hr_ends_a_probation_for_a_violation(org, probation, client):
    client.force_login(org.head)

    response = client.post(reverse("hiring:probation_terminate", args=[probation.pk]), {"reason": "x"})

    assert response.status_code == 404
    probation.refresh_from_db()
    assert probation.state == Probation.State.ACTIVE


def test_the_induction_gate(org, probation):
    from authz import gates

    person = probation.profile.user
    assert gates.NEW_ACCOUNT.refusals(person) == ["孙丽 has not passed the induction exam yet."]

    with at(datetime.date(2026, 9, 10)):
        services.probations.probation_record_induction(probation=probation, by=org.hr, passed_on=datetime.date(2026, 9, 9))

    assert gates.NEW_ACCOUNT.refusals(person) == []


def test_the_assessment_page_shows_the_probation_s_incidents_and_scorecards_beside_the_form(org, probation, client):
    """Only the months of the probation (September to November 2026), in order. Issue 11: the lookup filtered on a
    field the scorecard does not have, so it listed the person's first 24 scorecards, whatever their month."""
    from appraisal.models import Scorecard, ScorecardTemplate
    from appraisal.services import scorecards_create_for_month
    from discipline.services import incident_record

    person = probation.profile.user
    # A post with a scorecard template, and no hire date, so that the months around the probation have cards too.
    StaffProfile.objects.filter(pk=probation.profile.pk).update(
        post_id=next(iter(ScorecardTemplate.objects.current_by_post())), hire_date=None)
    for month in (12, 8, 10, 9, 11):
        with at(datetime.date(2026, month, 1)):
            scorecards_create_for_month(period=datetime.date(2026, month, 1))
    with at(datetime.date(2026, 10, 9)):
        incident = incident_record(person=person, rule_code="F2", occurred_on=datetime.date(2026, 10, 9),
                                   facts="擅自离岗", by=org.head, measured_value=3)
    with at(LAST_DAY):
        client.force_login(org.head)
        response = client.get(reverse("hiring:probation_assess", args=[probation.pk]))

    assert response.status_code == 200
    cards = Scorecard.objects.filter(user=person)
    assert [card["url"] for card in response.context["scorecards"]] == [
        cards.get(period=datetime.date(2026, month, 1)).get_absolute_url() for month in (9, 10, 11)]
    assert [(row["id"], row["date"], row["url"]) for row in response.context["incidents"]] == [
        (incident.pk, datetime.date(2026, 10, 9), incident.get_absolute_url())]


def test_hr_ends_a_probation_for_a_violation_on_the_page(org, probation, client):
    """The page's form names the incident; the service takes its id (issue 12.8: always a 500 before)."""
    from discipline.services import incident_record

    person = probation.profile.user
    with at(datetime.date(2026, 10, 9)):
        incident = incident_record(person=person, rule_code="F2", occurred_on=datetime.date(2026, 10, 9),
                                   facts="擅自离岗", by=org.head, measured_value=3)
    client.force_login(org.hr)
    with at(datetime.date(2026, 10, 10)):
        response = client.post(reverse("hiring:probation_terminate", args=[probation.pk]), {
            "ended_on": "2026-10-10", "incident": incident.pk, "reason": "擅自离岗"})

    assert (response.status_code, response.url) == (302, probation.get_absolute_url())
    probation.refresh_from_db()
    assert (probation.state, probation.incident_id) == (Probation.State.TERMINATED, incident.pk)
