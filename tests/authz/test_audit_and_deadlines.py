"""The audit trail over an authorization request's life, and the engine's deadlines (reminder, then escalation) on
an account request. (verify_audit itself: tests/audit/test_verify_audit.py.)"""

import datetime

import time_machine
from django.utils import timezone

from approvals.models import Step
from approvals.services import process_deadlines
from authz.models import AccountRequest
from authz.selectors import timeline
from notifications.models import Notification

from .hospital import active_step, granted, submitted

TZ = timezone.get_current_timezone()


def test_the_timeline_holds_the_approval_and_the_execution(hospital):
    account_request = granted(hospital.nurse, hospital.it)

    actions = [entry.action for entry in timeline(account_request)]

    assert actions == [
        "approvals.request.create", "approvals.request.submit",
        "approvals.step.approve", "approvals.step.approve", "approvals.step.approve",
        "authz.accountrequest.consent_received", "authz.accountrequest.execute", "approvals.step.approve",
        "approvals.request.approve", "authz.grant.register",
    ]


def test_a_late_step_is_reminded_then_escalated(hospital):
    # Monday 2026-11-23, 09:00: the request reaches the head of 心内科 (2 working days, then 1 more).
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=TZ), tick=False):
        account_request = submitted(hospital.nurse)
    step = active_step(account_request)
    assert timezone.localtime(step.due_at) == datetime.datetime(2026, 11, 25, 9, 0, tzinfo=TZ)
    assert step.fallback == hospital.vp  # 心内科 has no deputy: the VP stands in
    Notification.objects.all().delete()

    with time_machine.travel(datetime.datetime(2026, 11, 25, 8, 0, tzinfo=TZ), tick=False):
        assert process_deadlines() == (0, 0)
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=TZ), tick=False):
        assert process_deadlines() == (1, 0)
        assert process_deadlines() == (0, 0)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["4900"]
    with time_machine.travel(datetime.datetime(2026, 11, 26, 9, 30, tzinfo=TZ), tick=False):
        assert process_deadlines() == (0, 0)  # the reminder was yesterday at 10:00: one more working day
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 30, tzinfo=TZ), tick=False):
        assert process_deadlines() == (0, 1)

    step = Step.objects.get(pk=step.pk)
    assert (step.assignee, step.state) == (hospital.vp, Step.State.ACTIVE)
    assert [entry.action for entry in timeline(AccountRequest.objects.get())][-2:] == [
        "approvals.step.remind", "approvals.step.escalate"]
