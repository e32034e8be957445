"""Step deadlines in working days, when they run into a year whose holiday notice is not loaded yet."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from approvals.models import Step
from approvals.services import deadlines_recount, request_submit
from tests.html import find_all
from tests.workcalendar.notices import NOTICE_2027
from workcalendar.services import calendar_year_load


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def step_before_spring_festival(make_request, org):
    """Reached on Thursday 2027-02-04: two working days later is provisionally Tuesday 2-9 (2-5 除夕 and 2-8 off)."""
    with time_machine.travel(at(2027, 2, 4, 10, 0), tick=False):
        request = make_request(org.employee)
        request_submit(request=request, by=org.employee)
    return Step.objects.get(request=request, order=1)


def test_a_deadline_in_a_provisional_year_is_marked(step_before_spring_festival):
    step = step_before_spring_festival
    assert (step.due_at, step.due_provisional) == (at(2027, 2, 10, 10, 0), True)


def test_a_deadline_in_a_known_year_is_not(make_request, org):
    with time_machine.travel(at(2026, 9, 21, 10, 0), tick=False):
        request = make_request(org.employee)
        request_submit(request=request, by=org.employee)
    step = Step.objects.get(request=request, order=1)
    assert (step.due_at, step.due_provisional) == (at(2026, 9, 23, 10, 0), False)


def test_loading_the_notice_moves_the_deadline(step_before_spring_festival, org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_load(year=2027, text=NOTICE_2027, by=org.admin)
    step = Step.objects.get(pk=step_before_spring_festival.pk)
    # 2-5..2-13 off, Sunday 2-14: the first two working days are 2-15 and 2-16.
    assert (step.due_at, step.due_provisional) == (at(2027, 2, 16, 10, 0), False)
    assert deadlines_recount(year=2027) == 0  # idempotent


def test_the_inbox_marks_a_provisional_deadline(client, step_before_spring_festival, org):
    with time_machine.travel(at(2027, 2, 4, 11, 0), tick=False):
        client.force_login(org.supervisor)
        page = client.get(reverse("approvals:inbox"))
    assert [text for _tag, _attrs, text in find_all(page, "data-testid", "provisional")] == ["provisional"]

