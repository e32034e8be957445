"""A "waiting for you" notification of an approval step stops waiting when the step's work is over: decided by
anyone (a delegate, one of a role pool), reassigned, escalated, or the request withdrawn or closed."""

import datetime

import time_machine
from django.utils import timezone

from approvals.models import ChainRule, Delegation, Step
from approvals.services import (Decision, process_deadlines, request_close, request_submit, request_withdraw,
                                requests_hand_over, step_decide)
from notifications.models import Notification
from core.roles import Role

TZ = timezone.get_default_timezone()


def active_step(request):
    return Step.objects.get(request=request, state=Step.State.ACTIVE)


def waiting():
    """Who has what waiting: (username, subject), sorted."""
    return sorted(Notification.objects.waiting().values_list("recipient__username", "subject"))


def outcomes(username):
    return list(Notification.objects.filter(recipient__username=username, kind="work").order_by("pk")
                .values_list("outcome", flat=True))


def test_each_step_waits_for_its_approver_until_decided(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)
    assert waiting() == [("1102", "Waiting for you: 请假三天")]

    step_decide(step=active_step(request), by=org.supervisor, decision=Decision.APPROVE)
    assert waiting() == [("1100", "Waiting for you: 请假三天")]

    step_decide(step=active_step(request), by=org.head, decision=Decision.APPROVE)
    assert waiting() == []
    assert (outcomes("1102"), outcomes("1100")) == (["done"], ["done"])
    assert list(Notification.objects.filter(recipient=org.employee).values_list("kind", "subject")) == [
        ("news", "Approved: 请假三天")]


def test_a_delegates_decision_ends_the_heads_notification(org, make_request):
    today = timezone.localdate()
    Delegation.objects.create(delegator=org.head, delegate=org.hr, starts_on=today,
                              ends_on=today + datetime.timedelta(days=3))
    request = request_submit(request=make_request(org.employee), by=org.employee)
    step_decide(step=active_step(request), by=org.supervisor, decision=Decision.APPROVE)

    step_decide(step=active_step(request), by=org.hr, decision=Decision.APPROVE)

    assert waiting() == []
    assert outcomes("1100") == ["done"]


def test_one_of_a_role_pool_acts_and_the_others_stop_waiting(org):
    from tests.factories import StaffProfileFactory, UserFactory, stand_in_request_type

    colleague = StaffProfileFactory(user=UserFactory(username="1103", name="迪克", roles=[Role.STAFF]),
                                    department=org.it).user
    request_type = stand_in_request_type("test.pool", name="执行")
    ChainRule.objects.create(request_type=request_type, order=1, label="信息科执行", kind=ChainRule.Kind.EXECUTE,
                             approver=ChainRule.Approver.IT_EXECUTOR)
    from approvals.services import request_create

    request = request_submit(request=request_create(request_type_code="test.pool", subject=org.outsider.profile,
                                                    applicant=org.outsider, title="开通账号"), by=org.outsider)
    assert [username for username, _subject in waiting()] == ["1101", "1103"]

    step_decide(step=active_step(request), by=colleague, decision=Decision.APPROVE)

    assert waiting() == []
    assert (outcomes("1101"), outcomes("1103")) == (["done"], ["done"])


def test_a_rejection_ends_the_step_and_tells_the_applicant_as_news(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)

    step_decide(step=active_step(request), by=org.supervisor, decision=Decision.REJECT, comment="人手不足")

    assert waiting() == []
    assert list(Notification.objects.filter(recipient=org.employee).values_list("kind", flat=True)) == ["news"]


def test_a_returned_request_waits_for_the_applicant_until_resubmitted(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)
    step_decide(step=active_step(request), by=org.supervisor, decision=Decision.RETURN, comment="请写明日期")
    assert waiting() == [("1101", "Returned for changes: 请假三天")]

    request_submit(request=request, by=org.employee)

    assert waiting() == [("1102", "Waiting for you: 请假三天")]
    assert outcomes("1101") == ["done"]


def test_withdrawing_cancels_what_waited(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)

    request_withdraw(request=request, by=org.employee)

    assert waiting() == []
    assert outcomes("1102") == ["cancelled"]


def test_withdrawing_a_returned_request_ends_the_applicants_work(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)
    step_decide(step=active_step(request), by=org.supervisor, decision=Decision.RETURN, comment="请写明日期")

    request_withdraw(request=request, by=org.employee)

    assert waiting() == []
    assert outcomes("1101") == ["cancelled"]


def test_closing_by_another_domain_cancels_what_waited(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)

    request_close(request=request, by=org.hr, note="交接已取消")

    assert waiting() == []
    assert outcomes("1102") == ["cancelled"]


def test_a_step_passed_on_at_a_departure_moves_the_work(org, make_request):
    request = request_submit(request=make_request(org.employee), by=org.employee)

    requests_hand_over(person=org.supervisor, by=org.hr, note="鲍勃离岗")

    assert active_step(request).assignee == org.head
    assert waiting() == [("1100", "Reassigned to you: 请假三天")]
    assert outcomes("1102") == ["moved"]


def test_a_reminder_counts_once_and_an_escalation_moves_the_work(org, make_request):
    # Monday 2026-11-23, 09:00: two working days for the step, then one more after the reminder.
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=TZ), tick=False):
        request = request_submit(request=make_request(org.employee), by=org.employee)
    step = active_step(request)
    assert step.fallback == org.head
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=TZ), tick=False):
        assert process_deadlines() == (1, 0)
    assert waiting() == [("1102", "Reminder: 请假三天 is waiting for you")]
    assert outcomes("1102") == ["repeated", ""]

    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 30, tzinfo=TZ), tick=False):
        assert process_deadlines() == (0, 1)

    assert waiting() == [("1100", "Escalated to you: 请假三天")]
    assert outcomes("1102") == ["repeated", "moved"]
