"""Every training list reads a constant number of queries (at most 15), with 10 rows as with 1,000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.leave_seed import bulk_staff
from bench.training_seed import bulk_exams, bulk_hours_outside, bulk_plans, bulk_sessions

MAX_QUERIES = 15


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response


def compare(client, url, grow, params=None):
    client.get(url, params or {})  # the first request of a session does extra work
    grow(10)
    with_ten, _response = queries(client, url, params)
    grow(990)
    with_thousand, response = queries(client, url, params)
    assert with_thousand == with_ten
    assert with_thousand <= MAX_QUERIES
    return response


@pytest.mark.parametrize(("name", "params"), [
    ("training:session_list", {"when": "past"}),
    ("training:session_list", {"when": "all", "q": "业务"}),
    ("training:home", {}),
])
def test_session_lists(client, org, name, params):
    client.force_login(org.head)
    people = bulk_staff(department=org.it, count=3, prefix="s")

    def grow(count):
        bulk_sessions(department=org.it, organiser=org.supervisor, people=[*people, org.head], count=count)

    compare(client, reverse(name), grow, params)


@pytest.mark.parametrize("params", [{}, {"behind": "on"}, {"q": "h"}, {"order": "hours"}])
def test_the_hours_ledger(client, org, params):
    client.force_login(org.head)
    sessions = []

    def grow(count):
        people = bulk_staff(department=org.it, count=count, prefix=f"h{count}-")
        sessions.extend(bulk_sessions(department=org.it, organiser=org.supervisor, people=people, count=2))
        bulk_hours_outside(department=org.it, people=people, count=count)

    response = compare(client, reverse("training:hours"), grow, params)
    assert len(response.context["rows"]) == 50


def test_the_hours_export(client, org):
    client.force_login(org.hr)

    def grow(count):
        people = bulk_staff(department=org.it, count=count, prefix=f"x{count}-")
        bulk_sessions(department=org.it, organiser=org.supervisor, people=people, count=1)

    with CaptureQueriesContext(connection) as ten:
        grow(10)
        client.get(reverse("training:hours_export"))
    grow(990)
    with CaptureQueriesContext(connection) as thousand:
        client.get(reverse("training:hours_export"))
    assert len(thousand) <= MAX_QUERIES


@pytest.mark.parametrize(("name", "params"), [
    ("training:self_study_list", {"scope": "confirm", "state": "all"}),
    ("training:slides_list", {}),
])
def test_self_study_and_slides(client, org, name, params):
    client.force_login(org.head)
    people = bulk_staff(department=org.it, count=5, prefix="p")
    compare(client, reverse(name), lambda count: bulk_hours_outside(department=org.it, people=people, count=count),
            params)


def test_the_plan_list(client, org):
    client.force_login(org.head)
    compare(client, reverse("training:plan_list"),
            lambda count: bulk_plans(department=org.it, head=org.head, count=count, first_year=1000 + count))


def test_the_exam_list_and_the_bank(client, org):
    client.force_login(org.head)
    people = bulk_staff(department=org.it, count=2, prefix="e")
    compare(client, reverse("training:exam_list"),
            lambda count: bulk_exams(department=org.it, author=org.head, people=people, count=count))
    compare(client, reverse("training:question_list"),
            lambda count: bulk_exams(department=org.it, author=org.head, people=people, count=count))


def test_an_exam_with_many_people_and_a_sheet_with_many_rows(client, org):
    client.force_login(org.head)
    exam = bulk_exams(department=org.it, author=org.head, people=[org.employee], count=1)[0]
    session = bulk_sessions(department=org.it, organiser=org.supervisor, people=[org.employee], count=1)[0]

    rounds = []

    def grow(count):
        from training.models import Assignment, Attendance

        rounds.append(count)
        people = bulk_staff(department=org.it, count=count, prefix=f"m{len(rounds)}-")
        Assignment.objects.bulk_create([Assignment(exam=exam, person=person) for person in people])
        Attendance.objects.bulk_create([Attendance(session=session, person=person) for person in people])

    compare(client, reverse("training:exam_detail", args=[exam.pk]), grow)
    compare(client, reverse("training:session_detail", args=[session.pk]), lambda count: grow(count))
