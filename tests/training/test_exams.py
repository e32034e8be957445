"""Exams: the question bank's checks, an exam's life, papers kept to the time limit by the server, auto-marking and
hand-marking, retakes (再培训), and the induction exam that records the pass on the probation and opens the account
gate. Today is Monday 2026-11-16, 9:00."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEntry
from authz import gates
from core.errors import ServiceError
from notifications.models import Notification
from hiring.models import Probation
from tests.html import by_testid
from training.models import Answer, Assignment, Attempt, Exam, Question
from training.services import exams

from .conftest import NOW
from .helpers import answer_all, new_hire, open_exam, question_bank


@pytest.fixture
def bank(org):
    return question_bank(org)


@pytest.fixture
def auto_bank(bank):
    return [question for question in bank if question.kind != Question.Kind.SHORT]


def start(exam, person):
    return exams.attempt_start(assignment=Assignment.objects.get(exam=exam, person=person), by=person)


# The question bank ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "choices", "true_false", "message"), [
    ("single", [("甲", True), ("乙", True)], None, "单选题只能勾选一个正确选项。"),
    ("single", [("甲", True)], None, "请至少填写两个选项。"),
    ("multiple", [("甲", False), ("乙", False)], None, "请至少勾选一个正确选项。"),
    ("true_false", [], None, "请选择该说法是否正确。"),
])
def test_questions_are_checked(org, bank, kind, choices, true_false, message):
    with pytest.raises(ServiceError) as refused:
        exams.question_create(by=org.head, topic=bank[0].topic, kind=kind, text_value="题目", points=Decimal("5"),
                              choices=choices, true_false_answer=true_false)
    assert refused.value.message == message
    assert Question.objects.count() == 4


def test_a_true_false_question_gets_its_two_choices(bank):
    assert [(c.text, c.is_correct) for c in bank[2].choices.all()] == [("正确", True), ("错误", False)]


def test_only_leaders_keep_the_bank(org, bank):
    with pytest.raises(ServiceError) as refused:
        exams.topic_create(by=org.employee, department=org.it, name="网络")
    assert refused.value.message == "只有本科室负责人可以维护题库。"


def test_an_answered_question_is_retired_not_changed(org, auto_bank):
    exam = open_exam(org, auto_bank, people=[org.employee])
    attempt = start(exam, org.employee)
    answer_all(attempt, org.employee)
    with pytest.raises(ServiceError) as refused:
        exams.question_update(question=auto_bank[0], by=org.head, text_value="改过的题目", points=Decimal("5"),
                              choices=[("甲", True), ("乙", False)])
    assert refused.value.message == "此题已在考核中作答过：请停用后另出新题，以保留历史答卷的原题。"
    exams.question_retire(question=auto_bank[0], by=org.head)
    auto_bank[0].refresh_from_db()
    assert auto_bank[0].is_active is False


# Taking an exam ------------------------------------------------------------------------------------------------

def test_a_paper_answered_right_passes(org, auto_bank):
    exam = open_exam(org, auto_bank, people=[org.employee])
    assert Notification.objects.filter(recipient=org.employee, subject="待参加的考核：信息安全培训考核").count() == 1
    attempt = start(exam, org.employee)
    assert (attempt.number, attempt.deadline_at, attempt.max_score) == (1, NOW + datetime.timedelta(minutes=30),
                                                                        Decimal("15"))
    answer_all(attempt, org.employee)
    attempt = exams.attempt_submit(attempt=attempt, by=org.employee)
    assert (attempt.state, attempt.score, attempt.passed, attempt.percent()) == ("marked", 15, True, 100)
    assert Assignment.objects.get().passed_at == NOW


def test_multiple_choice_scores_only_when_exactly_right(org, auto_bank):
    exam = open_exam(org, [auto_bank[1]], people=[org.employee])
    attempt = start(exam, org.employee)
    right = [c.pk for c in auto_bank[1].choices.all() if c.is_correct]
    exams.answer_save(attempt=attempt, by=org.employee, question_id=auto_bank[1].pk, choice_ids=right[:1])
    attempt = exams.attempt_submit(attempt=attempt, by=org.employee)
    assert (attempt.score, attempt.passed) == (0, False)


def test_starting_again_returns_the_paper_under_way(org, auto_bank):
    exam = open_exam(org, auto_bank, people=[org.employee])
    assert start(exam, org.employee).pk == start(exam, org.employee).pk
    assert Attempt.objects.count() == 1


def test_only_the_person_takes_their_paper(org, auto_bank):
    exam = open_exam(org, auto_bank, people=[org.employee])
    with pytest.raises(ServiceError) as refused:
        exams.attempt_start(assignment=Assignment.objects.get(), by=org.supervisor)
    assert refused.value.message == "只有被安排的人员本人可以参加考核。"
    attempt = start(exam, org.employee)
    with pytest.raises(ServiceError):
        exams.attempt_submit(attempt=attempt, by=org.supervisor)


def test_after_the_time_limit_the_server_refuses_and_hands_in_what_was_saved(org, auto_bank):
    exam = open_exam(org, auto_bank, people=[org.employee], limit=10)
    attempt = start(exam, org.employee)
    right = [c.pk for c in auto_bank[0].choices.all() if c.is_correct]
    exams.answer_save(attempt=attempt, by=org.employee, question_id=auto_bank[0].pk, choice_ids=right)
    with time_machine.travel(NOW + datetime.timedelta(minutes=10, seconds=1), tick=False):
        with pytest.raises(ServiceError) as refused:
            exams.answer_save(attempt=attempt, by=org.employee, question_id=auto_bank[2].pk,
                              choice_ids=[auto_bank[2].choices.first().pk])
        assert refused.value.message == "考试时间已到：已按到时前保存的答案交卷。"
        with pytest.raises(ServiceError) as refused:
            exams.attempt_submit(attempt=attempt, by=org.employee)
        assert refused.value.message == "本答卷已经交卷。"
    attempt.refresh_from_db()
    assert (attempt.state, attempt.timed_out, attempt.submitted_at, attempt.score) == (
        "marked", True, NOW + datetime.timedelta(minutes=10), 5)
    assert list(Answer.objects.filter(attempt=attempt, points__gt=0).values_list("question_id", flat=True)) == [
        auto_bank[0].pk]


def test_the_deadline_is_the_exam_s_close_when_sooner(org, auto_bank):
    exam = open_exam(org, auto_bank, people=[org.employee], limit=60, closes_at=NOW + datetime.timedelta(minutes=20))
    assert start(exam, org.employee).deadline_at == NOW + datetime.timedelta(minutes=20)


def test_papers_left_open_are_handed_in_by_the_beat_task(org, auto_bank):
    exam = open_exam(org, auto_bank, people=[org.employee], limit=5)
    start(exam, org.employee)
    assert exams.expire_overdue_attempts(now=NOW + datetime.timedelta(minutes=4)) == 0
    assert exams.expire_overdue_attempts(now=NOW + datetime.timedelta(minutes=6)) == 1
    assert exams.expire_overdue_attempts(now=NOW + datetime.timedelta(minutes=7)) == 0
    assert list(Attempt.objects.values_list("state", "timed_out", "passed")) == [("marked", True, False)]


def test_closing_the_exam_hands_in_the_papers_under_way(org, auto_bank):
    exam = open_exam(org, auto_bank, people=[org.employee])
    start(exam, org.employee)
    exams.exam_close(exam=exam, by=org.head)
    assert list(Attempt.objects.values_list("state", "timed_out")) == [("marked", True)]
    with pytest.raises(ServiceError) as refused:
        exams.attempt_start(assignment=Assignment.objects.get(), by=org.employee)
    assert refused.value.message == "本次考核当前未开放。"


def test_an_answer_must_be_one_of_the_question_s_choices(org, auto_bank):
    exam = open_exam(org, auto_bank, people=[org.employee])
    attempt = start(exam, org.employee)
    with pytest.raises(ServiceError) as refused:
        exams.answer_save(attempt=attempt, by=org.employee, question_id=auto_bank[0].pk,
                          choice_ids=[auto_bank[1].choices.first().pk])
    assert refused.value.message == "请从本题的选项中选择。"
    with pytest.raises(ServiceError) as refused:
        exams.answer_save(attempt=attempt, by=org.employee, question_id=auto_bank[0].pk,
                          choice_ids=[c.pk for c in auto_bank[0].choices.all()])
    assert refused.value.message == "请只选择一个答案。"


# Marking and retakes -----------------------------------------------------------------------------------------------

def test_short_answers_wait_for_marking_then_conclude(org, bank):
    exam = open_exam(org, bank, people=[org.employee])
    attempt = start(exam, org.employee)
    answer_all(attempt, org.employee)
    attempt = exams.attempt_submit(attempt=attempt, by=org.employee)
    assert (attempt.state, attempt.score, attempt.passed) == ("marking", None, None)
    assert Notification.objects.filter(subject="待阅卷：艾丽的信息安全培训考核答卷").count() == 2
    short = bank[3]
    with pytest.raises(ServiceError) as refused:
        exams.attempt_mark(attempt=attempt, by=org.head, marks={short.pk: (Decimal("11"), "")})
    assert refused.value.message == "“发现泄密时应当如何处理？”的得分应在0到10之间。"
    with pytest.raises(ServiceError):
        exams.attempt_mark(attempt=attempt, by=org.employee, marks={short.pk: (Decimal("10"), "")})
    attempt = exams.attempt_mark(attempt=attempt, by=org.supervisor, marks={short.pk: (Decimal("8"), "要点齐全")})
    assert (attempt.state, attempt.score, attempt.max_score, attempt.passed, attempt.marked_by) == (
        "marked", 23, 25, True, org.supervisor)
    assert Answer.objects.get(question=short).marker_note == "要点齐全"


def test_a_fail_opens_the_retake_and_tells_the_leaders(org, auto_bank):
    exam = open_exam(org, auto_bank, people=[org.employee], retakes=1)
    attempt = start(exam, org.employee)
    answer_all(attempt, org.employee, right=False)
    attempt = exams.attempt_submit(attempt=attempt, by=org.employee)
    assert (attempt.score, attempt.passed) == (0, False)
    assert list(Notification.objects.filter(subject="艾丽的信息安全培训考核不合格（0 / 15）")
                .values_list("recipient__username", flat=True).order_by("recipient__username")) == ["1100", "1102"]
    assert Notification.objects.get(recipient=org.employee, subject__startswith="考核不合格").body == (
        "再培训后可以补考（还有 1 次机会）：重新学习讲义。")
    retake = start(exam, org.employee)
    assert retake.number == 2
    answer_all(retake, org.employee, right=False)
    exams.attempt_submit(attempt=retake, by=org.employee)
    with pytest.raises(ServiceError) as refused:
        start(exam, org.employee)
    assert refused.value.message == "您已用完所有考试机会，请联系组织人安排再培训。"
    exams.retake_grant(assignment=Assignment.objects.get(), by=org.head, note="已重新学习")
    third = start(exam, org.employee)
    answer_all(third, org.employee)
    assert exams.attempt_submit(attempt=third, by=org.employee).passed is True
    assert AuditEntry.objects.get(action="training.retake.grant").after == {
        "person": "1101", "extra": 1, "note": "已重新学习"}


def test_a_retake_is_granted_only_when_the_attempts_are_used(org, auto_bank):
    exam = open_exam(org, auto_bank, people=[org.employee])
    with pytest.raises(ServiceError) as refused:
        exams.retake_grant(assignment=Assignment.objects.get(exam=exam), by=org.head)
    assert refused.value.message == "还有考试机会未用。"


# The induction exam (新进人员培训考核) ----------------------------------------------------------------------------

def test_passing_the_induction_exam_records_it_and_opens_the_account_gate(org, auto_bank):
    hire = new_hire(org)
    exam = open_exam(org, auto_bank, kind=Exam.Kind.INDUCTION)
    assignment = Assignment.objects.get(exam=exam)
    probation = Probation.objects.get(profile__user=hire)
    assert (assignment.person, assignment.probation_id) == (hire, probation.pk)
    assert gates.NEW_ACCOUNT.refusals(hire) == ["孙丽尚未通过岗前培训考核。"]
    attempt = exams.attempt_start(assignment=assignment, by=hire)
    answer_all(attempt, hire)
    exams.attempt_submit(attempt=attempt, by=hire)
    probation.refresh_from_db()
    assert probation.induction_passed_on == datetime.date(2026, 11, 16)
    assert gates.NEW_ACCOUNT.refusals(hire) == []
    assert AuditEntry.objects.filter(action="staff.probation.induction").count() == 1


def test_a_failed_induction_exam_keeps_the_gate_closed(org, auto_bank):
    hire = new_hire(org)
    exam = open_exam(org, auto_bank, kind=Exam.Kind.INDUCTION)
    attempt = exams.attempt_start(assignment=Assignment.objects.get(exam=exam), by=hire)
    answer_all(attempt, hire, right=False)
    exams.attempt_submit(attempt=attempt, by=hire)
    assert Probation.objects.get(profile__user=hire).induction_passed_on is None
    assert gates.NEW_ACCOUNT.refusals(hire) == ["孙丽尚未通过岗前培训考核。"]


def test_regular_staff_are_never_blocked(org):
    assert gates.NEW_ACCOUNT.refusals(org.employee) == []


def test_a_new_hire_without_an_open_induction_exam_is_told_to_the_head(org):
    hire = new_hire(org)
    probation = Probation.objects.get(profile__user=hire)
    assert exams.induction_assign(probation_id=probation.pk) is None
    assert Notification.objects.filter(subject="没有可供孙丽参加的岗前培训考核").count() == 2


def test_the_beat_task_gives_waiting_new_hires_the_induction_exam_once(org, auto_bank):
    exam = open_exam(org, auto_bank, kind=Exam.Kind.INDUCTION)
    hire = new_hire(org)
    assert exams.induction_assign_waiting() == 1
    assert exams.induction_assign_waiting() == 0
    assert list(Assignment.objects.filter(exam=exam).values_list("person__username", flat=True)) == [hire.username]


def test_a_new_probation_is_given_the_exam_after_commit(org, auto_bank, django_capture_on_commit_callbacks):
    exam = open_exam(org, auto_bank, kind=Exam.Kind.INDUCTION)
    with django_capture_on_commit_callbacks(execute=True):
        hire = new_hire(org)
    assert Assignment.objects.get(exam=exam).person == hire


def test_the_probation_assessment_shows_the_induction_result(client, org, auto_bank):
    hire = new_hire(org)
    probation = Probation.objects.get(profile__user=hire)
    client.force_login(org.head)
    page = client.get(reverse("hiring:probation_assess", args=[probation.pk]))
    assert by_testid(page, "induction-result") == "新进人员培训及考核 尚未通过：考核通过前不得上机操作。"
    exam = open_exam(org, auto_bank, kind=Exam.Kind.INDUCTION)
    attempt = exams.attempt_start(assignment=Assignment.objects.get(exam=exam), by=hire)
    answer_all(attempt, hire)
    exams.attempt_submit(attempt=attempt, by=hire)
    page = client.get(reverse("hiring:probation_assess", args=[probation.pk]))
    assert by_testid(page, "induction-result") == "新进人员培训及考核 已于 2026-11-16 考核通过。"
