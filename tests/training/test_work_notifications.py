"""Training in the bell: an exam to take waits until passed (or no attempt is left, or it closes); a paper to mark
waits for the markers until one marks it."""

import pytest

from notifications.models import Notification
from training.models import Assignment, Question
from training.services import exams

from .helpers import answer_all, open_exam, question_bank


@pytest.fixture
def bank(org):
    return question_bank(org)


def waiting():
    return sorted(Notification.objects.waiting().values_list("recipient__username", flat=True))


def take(exam, person, right=True):
    attempt = exams.attempt_start(assignment=Assignment.objects.get(exam=exam, person=person), by=person)
    answer_all(attempt, person, right=right)
    return exams.attempt_submit(attempt=attempt, by=person)


def test_an_exam_waits_until_passed_and_a_short_answer_until_marked(org, bank):
    exam = open_exam(org, bank, people=[org.employee, org.outsider])
    assert waiting() == ["1101", "4100"]

    attempt = take(exam, org.employee)
    assert waiting() == ["1100", "1101", "1102", "4100"]  # the paper waits for its markers

    exams.attempt_mark(attempt=attempt, by=org.supervisor, marks={bank[3].pk: (8, "要点齐全")})

    assert waiting() == ["4100"]


def test_no_attempt_left_ends_the_wait_until_a_retake_is_granted(org, bank):
    automatic = [question for question in bank if question.kind != Question.Kind.SHORT]
    exam = open_exam(org, automatic, people=[org.employee], retakes=0)

    take(exam, org.employee, right=False)
    assert waiting() == []

    exams.retake_grant(assignment=Assignment.objects.get(), by=org.head, note="已重新学习")
    assert waiting() == ["1101"]

    exams.exam_close(exam=exam, by=org.head)
    assert waiting() == []
