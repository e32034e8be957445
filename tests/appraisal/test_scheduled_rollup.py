"""Beat rolls up the previous month on its own once the review deadline (the policy's day) has passed."""

import datetime

import pytest
import time_machine
from django_celery_beat.models import PeriodicTask

from appraisal import services, tasks
from appraisal.models import AppraisalMonth, AppraisalPolicy, Scorecard

from .helpers import NOVEMBER, SHANGHAI, locked, open_month

pytestmark = pytest.mark.django_db


def at(day, hour=1):
    return datetime.datetime(2026, 12, day, hour, 15, tzinfo=SHANGHAI)


@pytest.fixture
def month(org):
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, tzinfo=SHANGHAI), tick=False):
        open_month()
        locked(org.employee, org.supervisor)


def test_the_beat_entry_runs_daily_and_reads_the_deadline_from_the_policy():
    task = PeriodicTask.objects.select_related("crontab").get(
        name="appraisal: roll up the months whose review deadline has passed")

    assert (task.task, task.crontab.minute, task.crontab.hour, task.crontab.day_of_month) == (
        "appraisal.tasks.rollup_due_months", "15", "1", "*")


def test_nothing_is_rolled_up_on_the_deadline_day_itself(org, month):
    with time_machine.travel(at(10), tick=False):
        assert tasks.rollup_due_months() == []

    assert AppraisalMonth.objects.get(period=NOVEMBER).closed_at is None


def test_the_day_after_the_deadline_the_month_is_closed_once(org, month):
    with time_machine.travel(at(11), tick=False):
        assert tasks.rollup_due_months() == ["2026-11"]
        again = tasks.rollup_due_months()

    november = AppraisalMonth.objects.get(period=NOVEMBER)
    employee = Scorecard.objects.get(user=org.employee)
    assert again == []
    assert (november.closed_at, november.closed_by, employee.result_rank) == (at(11), None, 1)
    assert Scorecard.objects.filter(period=NOVEMBER, closed_at__isnull=True).count() == 0


def test_a_later_deadline_day_in_the_policy_moves_the_rollup(org, month):
    AppraisalPolicy.objects.update_or_create(pk=1, defaults={"review_deadline_day": 15})

    with time_machine.travel(at(11), tick=False):
        assert tasks.rollup_due_months() == []
    with time_machine.travel(at(16), tick=False):
        assert tasks.rollup_due_months() == ["2026-11"]


def test_a_month_reopened_after_its_rollup_is_not_closed_again_behind_the_heads_back(org, month):
    with time_machine.travel(at(11), tick=False):
        tasks.rollup_due_months()
        scorecard = Scorecard.objects.get(user=org.employee)
        services.scorecard_reopen(scorecard=scorecard, by=org.head, reason="复核加班记录")
    with time_machine.travel(at(12), tick=False):
        assert tasks.rollup_due_months() == []

    scorecard.refresh_from_db()
    assert (scorecard.state, scorecard.closed_at) == (Scorecard.State.REVIEW, None)


def test_the_current_month_is_never_rolled_up(org, month):
    with time_machine.travel(datetime.datetime(2026, 11, 30, 23, tzinfo=SHANGHAI), tick=False):
        assert services.months_due_for_rollup() == []
