"""The exam pages: the cover, the paper on a phone (never showing which answer is right), saving answers in place
(htmx), handing in (after the limit refused), the result with the key only once handed in, marking, the bank and
building an exam. Today is Monday 2026-11-16, 9:00."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.html import by_testid
from training.models import Assignment, Attempt, Exam, Question
from training.services import exams

from .conftest import NOW
from .helpers import new_hire, open_exam, page_text, question_bank


@pytest.fixture
def bank(org):
    return question_bank(org)


@pytest.fixture
def exam(org, bank):
    return open_exam(org, bank, people=[org.employee], limit=20)


def paper(client, org, exam):
    client.force_login(org.employee)
    assignment = Assignment.objects.get(exam=exam, person=org.employee)
    response = client.post(reverse("training:exam_take", args=[assignment.pk]))
    attempt = Attempt.objects.get()
    assert response.url == reverse("training:attempt_paper", args=[attempt.pk])
    return attempt


def test_the_cover_page(client, org, exam):
    client.force_login(org.employee)
    page = client.get(reverse("training:exam_take", args=[exam.assignments.get().pk]))
    text = page_text(page)
    assert "共 4 题 · 合格线 60%" in text
    assert "考试时长：开始后 20 分钟。超时后不再接受作答。" in text
    client.force_login(org.supervisor)
    assert client.get(reverse("training:exam_take", args=[exam.assignments.get().pk])).status_code == 404


def test_the_paper_never_shows_which_answer_is_right(client, org, exam, bank):
    attempt = paper(client, org, exam)
    response = client.get(reverse("training:attempt_paper", args=[attempt.pk]))
    html = response.content.decode()
    assert by_testid(response, "countdown") == "截止 09:20"
    assert html.count('data-testid="question"') == 4
    assert "立即制止并报告。" not in html  # the reference answer
    assert "依据" not in html and "✓" not in html and "text-success" not in html
    # Before handing in, the result page sends the person back to the paper.
    assert client.get(reverse("training:attempt_detail", args=[attempt.pk])).url == reverse(
        "training:attempt_paper", args=[attempt.pk])


def test_answers_are_saved_in_place(client, org, exam, bank):
    attempt = paper(client, org, exam)
    right = bank[0].choices.get(is_correct=True)
    response = client.post(reverse("training:answer_save", args=[attempt.pk]),
                           {"question": bank[0].pk, f"q{bank[0].pk}": right.pk, f"seen{bank[0].pk}": "1"},
                           headers={"HX-Request": "true"})
    assert page_text(response) == "已保存"
    assert list(attempt.answers.get(question=bank[0]).choices.all()) == [right]
    response = client.post(reverse("training:answer_save", args=[attempt.pk]),
                           {"question": bank[3].pk, f"t{bank[3].pk}": "立即制止"}, headers={"HX-Request": "true"})
    assert attempt.answers.get(question=bank[3]).text == "立即制止"


def test_handing_in_saves_the_form_and_marks_it(client, org, exam, bank):
    attempt = paper(client, org, exam)
    data = {f"seen{q.pk}": "1" for q in bank}
    for question in bank[:3]:
        data[f"q{question.pk}"] = [c.pk for c in question.choices.filter(is_correct=True)][:1 if question.kind !=
                                                                                           "multiple" else 5]
    data[f"t{bank[3].pk}"] = "立即制止并报告科主任"
    response = client.post(reverse("training:attempt_submit", args=[attempt.pk]), data, follow=True)
    assert "已交卷。简答题需人工阅卷，成绩出来后会通知您。" in page_text(response)
    attempt.refresh_from_db()
    assert (attempt.state, sorted(a.points for a in attempt.answers.exclude(question=bank[3]))) == (
        "marking", [5, 5, 5])


def test_after_the_limit_the_paper_is_refused(client, org, exam, bank):
    attempt = paper(client, org, exam)
    with time_machine.travel(NOW + datetime.timedelta(minutes=21), tick=False):
        client.force_login(org.employee)
        response = client.post(reverse("training:attempt_submit", args=[attempt.pk]),
                               {f"seen{bank[0].pk}": "1", f"q{bank[0].pk}": bank[0].choices.get(is_correct=True).pk},
                               follow=True)
    assert "考试时间已到：已按到时前保存的答案交卷。" in page_text(response)
    attempt.refresh_from_db()
    assert (attempt.timed_out, attempt.score, attempt.passed) == (True, 0, False)


def test_the_result_shows_the_key_once_handed_in(client, org, bank):
    auto = [q for q in bank if q.kind != Question.Kind.SHORT]
    exam = open_exam(org, auto, people=[org.employee])
    attempt = paper(client, org, exam)
    exams.answer_save(attempt=attempt, by=org.employee, question_id=auto[0].pk,
                      choice_ids=[auto[0].choices.get(is_correct=True).pk])
    exams.attempt_submit(attempt=attempt, by=org.employee)
    response = client.get(reverse("training:attempt_detail", args=[attempt.pk]))
    assert (by_testid(response, "score"), by_testid(response, "verdict")) == ("5", "不合格")
    assert "☑ B. 2017年 ✓" in page_text(response)


def test_papers_are_hidden_from_others(client, org, exam):
    attempt = paper(client, org, exam)
    for role, status in (("supervisor", 200), ("head", 200), ("hr", 404), ("outsider", 404), ("admin", 404)):
        client.force_login(org.by_role(role))
        assert client.get(reverse("training:attempt_detail", args=[attempt.pk])).status_code == status, role


def test_marking_a_short_answer(client, org, exam, bank):
    attempt = paper(client, org, exam)
    exams.answer_save(attempt=attempt, by=org.employee, question_id=bank[3].pk, text_value="立即制止")
    exams.attempt_submit(attempt=attempt, by=org.employee)
    client.force_login(org.head)
    page = client.get(reverse("training:attempt_mark", args=[attempt.pk]))
    assert "参考答案： 立即制止并报告。" in page_text(page)
    response = client.post(reverse("training:attempt_mark", args=[attempt.pk]),
                           {f"points_{bank[3].pk}": "12", f"note_{bank[3].pk}": ""})
    assert response.status_code == 200  # more than the question's points: the form says so
    response = client.post(reverse("training:attempt_mark", args=[attempt.pk]),
                           {f"points_{bank[3].pk}": "9.5", f"note_{bank[3].pk}": "要点齐全"})
    attempt.refresh_from_db()
    assert (response.status_code, attempt.state, attempt.score) == (302, "marked", 9.5)


def test_the_new_hire_s_induction_leads_to_the_account_request(client, org, bank):
    hire = new_hire(org)
    auto = [q for q in bank if q.kind != Question.Kind.SHORT]
    open_exam(org, auto, kind=Exam.Kind.INDUCTION)
    client.force_login(hire)
    home = client.get(reverse("training:home"))
    assert by_testid(home, "induction").startswith("新进人员培训及考核 新进人员须考核通过后方可上机操作。")
    assignment = Assignment.objects.get(person=hire)
    client.post(reverse("training:exam_take", args=[assignment.pk]))
    attempt = Attempt.objects.get()
    data = {f"seen{q.pk}": "1" for q in auto}
    for question in auto:
        data[f"q{question.pk}"] = [c.pk for c in question.choices.filter(is_correct=True)]
    response = client.post(reverse("training:attempt_submit", args=[attempt.pk]), data, follow=True)
    assert by_testid(response, "request-account") == "申请信息系统账号"
    assert "已于 2026-11-16 考核通过，可以申请信息系统账号。" in page_text(client.get(reverse("training:home")))


def test_building_an_exam_from_the_bank(client, org, bank):
    client.force_login(org.head)
    response = client.post(reverse("training:exam_new"), {
        "title": "每周科员专业考核（11月16日）", "kind": "weekly", "instructions": "", "pass_percent": "60",
        "time_limit_minutes": "15", "opens_at": "2026-11-16T08:00", "closes_at": "2026-11-22T22:00", "retakes": "1",
        "retraining_note": "", "show_answers": "on"})
    exam = Exam.objects.get()
    assert response.url == reverse("training:exam_questions", args=[exam.pk])
    client.post(reverse("training:exam_questions", args=[exam.pk]), {"questions": [bank[0].pk, bank[2].pk]})
    client.post(reverse("training:exam_assign", args=[exam.pk]), {"everyone": "on"})
    client.post(reverse("training:exam_open", args=[exam.pk]))
    exam.refresh_from_db()
    assert (exam.state, list(exam.exam_questions.values_list("question_id", flat=True))) == (
        "open", [bank[0].pk, bank[2].pk])
    assert sorted(exam.assignments.values_list("person__username", flat=True)) == ["1100", "1101", "1102", "9100"]


def test_the_bank_page_and_a_new_question(client, org, bank):
    client.force_login(org.head)
    response = client.post(reverse("training:question_new"), {
        "topic": bank[0].topic_id, "kind": "single", "text": "机房温度应保持在多少度？", "points": "5",
        "choice_0": "18–25℃", "correct_0": "on", "choice_1": "30℃以上"})
    assert response.status_code == 302
    question = Question.objects.get(text="机房温度应保持在多少度？")
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [("18–25℃", True), ("30℃以上", False)]
    page = client.get(reverse("training:question_list"), {"topic": bank[0].topic_id})
    assert page.context["page"].paginator.count == 5
    response = client.post(reverse("training:question_new"), {
        "topic": bank[0].topic_id, "kind": "single", "text": "x", "points": "5", "choice_0": "甲", "correct_0": "on",
        "choice_1": "乙", "correct_1": "on"})
    assert "单选题只能勾选一个正确选项。" in page_text(response)
