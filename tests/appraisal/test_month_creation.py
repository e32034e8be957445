"""The month's scorecards: one per active staff member whose post has a template, created once."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from appraisal import services, tasks
from appraisal.models import AppraisalMonth, AppraisalPolicy, Scorecard, ScorecardEvent
from staff.models import Post, StaffProfile
from tests.factories import StaffProfileFactory, UserFactory

from .helpers import NOVEMBER, NOW

pytestmark = pytest.mark.django_db


def test_creates_one_scorecard_per_person_with_a_templated_post(org):
    created = services.scorecards_create_for_month(period=NOVEMBER)

    scorecards = Scorecard.objects.filter(period=NOVEMBER).select_related("template__post")
    assert created == 2
    assert sorted((sc.user.username, sc.template.post.code) for sc in scorecards) == [
        ("1101", "system_admin"), ("1102", "deputy_head")]
    employee = scorecards.get(user=org.employee)
    assert (employee.reviewer, employee.department, employee.state) == (org.supervisor, org.it, "self")
    assert employee.lines.count() == 26
    assert (employee.self_deadline, employee.review_deadline) == (datetime.date(2026, 12, 5),
                                                                  datetime.date(2026, 12, 10))
    assert scorecards.get(user=org.supervisor).reviewer == org.head
    assert list(employee.events.values_list("action", flat=True)) == [ScorecardEvent.Action.CREATED]
    assert AppraisalMonth.objects.get(period=NOVEMBER).closed_at is None


def test_running_it_again_creates_nothing(org):
    services.scorecards_create_for_month(period=NOVEMBER)

    again = services.scorecards_create_for_month(period=NOVEMBER)

    assert again == 0
    assert Scorecard.objects.filter(period=NOVEMBER).count() == 2
    assert ScorecardEvent.objects.count() == 2


def test_a_newcomer_is_added_on_a_later_run(org):
    services.scorecards_create_for_month(period=NOVEMBER)
    newcomer = StaffProfileFactory(user=UserFactory(username="1109", name="新人"), department=org.it,
                                   post=Post.objects.get(code="network_admin"), supervisor=org.supervisor,
                                   status=StaffProfile.Status.PROBATION)

    assert services.scorecards_create_for_month(period=NOVEMBER) == 1
    assert Scorecard.objects.get(user=newcomer.user).template.post.code == "network_admin"


@pytest.mark.parametrize("change", ["departed", "candidate", "hired_later", "no_post", "inactive_user"])
def test_who_gets_no_scorecard(org, change):
    profile = org.employee.profile
    if change in ("departed", "candidate"):
        profile.status = change
    elif change == "hired_later":
        profile.hire_date = datetime.date(2026, 12, 1)
    elif change == "no_post":
        profile.post = Post.objects.get(code="head")
    profile.save()
    if change == "inactive_user":
        org.employee.is_active = False
        org.employee.save()

    services.scorecards_create_for_month(period=NOVEMBER)

    assert not Scorecard.objects.filter(user=org.employee).exists()


def test_without_a_supervisor_the_department_head_reviews(org):
    profile = org.employee.profile
    profile.supervisor = None
    profile.save()

    services.scorecards_create_for_month(period=NOVEMBER)

    assert Scorecard.objects.get(user=org.employee).reviewer == org.head


def test_deadlines_follow_the_policy(org):
    AppraisalPolicy.objects.filter(pk=1).update(self_deadline_day=3, review_deadline_day=8)

    services.scorecards_create_for_month(period=datetime.date(2026, 12, 1))

    scorecard = Scorecard.objects.get(user=org.employee)
    assert (scorecard.self_deadline, scorecard.review_deadline) == (datetime.date(2027, 1, 3),
                                                                    datetime.date(2027, 1, 8))


def test_a_closed_month_gets_no_new_scorecards(org):
    services.scorecards_create_for_month(period=NOVEMBER)
    services.month_rollup(period=NOVEMBER)
    StaffProfileFactory(user=UserFactory(username="1109"), department=org.it, post=Post.objects.get(code="network_admin"))

    assert services.scorecards_create_for_month(period=NOVEMBER) == 0


def test_the_beat_task_opens_the_current_month(org):
    with time_machine.travel("2026-12-01 00:05 +08:00", tick=False):
        assert tasks.create_month_scorecards.delay().get() == 2
        assert tasks.create_month_scorecards.delay().get() == 0

    assert set(Scorecard.objects.values_list("period", flat=True)) == {datetime.date(2026, 12, 1)}


def test_the_open_month_command(org, capsys):
    with time_machine.travel(NOW, tick=False):
        call_command("open_month", "2026-11")
        call_command("open_month", "2026-11")

    assert capsys.readouterr().out.splitlines() == ["November 2026: 2 scorecards created", "November 2026: 0 scorecards created"]
