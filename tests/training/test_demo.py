"""seed_demo: the training history, once — the approved plan, sessions with attendance, one person behind on hours,
the induction exam passed by the new hires (孙丽 after a retake), this week's failed weekly test with its retake,
a session whose sign-in is open now."""

import datetime
import zoneinfo
from decimal import Decimal
from io import StringIO

import time_machine
from django.core.management import call_command

from authz import gates
from staff.models import User
from training import selectors
from training.models import Attempt, Exam, ExternalTraining, Plan, Session

NOW = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue().splitlines()


def test_the_training_history_is_seeded_once(db):
    with time_machine.travel(NOW, tick=False):
        first = seed()
        counts = (Plan.objects.count(), Session.objects.count(), Attempt.objects.count())
        second = seed()
        assert "training: 0 created" in second
        assert [line for line in first if line.startswith("training:")] != ["training: 0 created"]
        assert (Plan.objects.count(), Session.objects.count(), Attempt.objects.count()) == counts

        plan = Plan.objects.get()
        assert (plan.state, plan.year, plan.items.count()) == ("approved", 2026, 9)
        assert list(plan.approval.steps.values_list("label", "decided_by__username", "state")) == [
            ("分管院长审批（上级部门）", "0001", "approved")]
        course = ExternalTraining.objects.get()
        assert (course.person.username, course.state, course.hours_credited) == ("1003", "confirmed", 16)
        held = Session.objects.filter(state="held")
        assert held.count() == 12
        it = plan.department
        rows = selectors.with_people(selectors.department_ledger(it, 2026, behind_only=True))
        assert [row.person.username for row in rows] == ["1006"]  # 杨帆, behind on hours
        today = Session.objects.get(title="电子病历系统新版本操作培训")
        assert today.signin_is_open(selectors.TrainingPolicy.current())


def test_the_induction_exam_and_the_retakes(db):
    with time_machine.travel(NOW, tick=False):
        seed()
        induction = Exam.objects.get(kind="induction")
        papers = {(a.person.username, a.number): a.passed for a in induction.attempts.select_related("person")}
        assert papers == {("1008", 1): False, ("1008", 2): True, ("1009", 1): True}
        for username in ("1008", "1009"):
            assert gates.NEW_ACCOUNT.refusals(User.objects.get(username=username)) == []
        weekly = Exam.objects.filter(kind="weekly", state="open").get()
        failed = weekly.attempts.get(person__username="1007")
        assert (failed.passed, failed.assignment.attempts_allowed()) == (False, 2)
        assert Attempt.objects.filter(state="marking", person__username="1006").count() == 1


def test_last_months_scorecard_handed_in_late_carries_the_training_lines(db):
    from appraisal.models import Scorecard

    with time_machine.travel(NOW, tick=False):
        seed()
    scorecard = Scorecard.objects.get(user__username="1009", period=datetime.date(2026, 11, 1))
    assert scorecard.state == "review"
    assert list(scorecard.adjustments.order_by("points").values_list("source", "kind", "points", "status")) == [
        ("training", "deduction", Decimal("1.00"), "proposed"), ("training", "deduction", Decimal("10.00"), "proposed")]
