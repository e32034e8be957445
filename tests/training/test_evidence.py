"""The training facts behind a monthly scorecard and the deductions the post's items justify (004 绩效考核表):
proposed for the reviewer, kept as one row per month and rule. October 2026, seen on 16 November."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.html import by_testid
from training.evidence import propose_lines, scorecard_evidence
from training.models import EvidenceProposal, Exam, Question
from training.services import exams, hours

from .helpers import at, attended, new_hire, question_bank, schedule

OCTOBER = datetime.date(2026, 10, 1)
PDF = b"%PDF-1.4\n%test\n"


def weekly(org, monday, questions, people):
    exam = exams.exam_create(by=org.supervisor, department=org.it, title=f"每周科员专业考核（{monday:%m-%d}）",
                             kind=Exam.Kind.WEEKLY, instructions="", pass_percent=Decimal("60"), time_limit_minutes=15,
                             opens_at=at(monday, 8), closes_at=at(monday + datetime.timedelta(days=6), 22), retakes=0,
                             retraining_note="", show_answers=True, shuffle=False)
    exams.exam_set_questions(exam=exam, by=org.supervisor, questions=questions)
    exams.exam_assign(exam=exam, by=org.supervisor, people=people)
    Exam.objects.filter(pk=exam.pk).update(state=Exam.State.OPEN)
    exam.refresh_from_db()
    return exam


@pytest.fixture
def october(org):
    """Weekly tests in the weeks of 10-05 and 10-12 only; 艾丽 took the first, missed the second, uploaded 8 slides
    and trained nobody; a new hire started on 10-08 without the induction exam; the deputy's session of 10-20 has no
    attendance record."""
    questions = [q for q in question_bank(org) if q.kind == Question.Kind.TRUE_FALSE]
    first = weekly(org, datetime.date(2026, 10, 5), questions, [org.employee])
    weekly(org, datetime.date(2026, 10, 12), questions, [org.employee])
    attempt = exams.attempt_start(assignment=first.assignments.get(), by=org.employee,
                                  now=at(datetime.date(2026, 10, 6), 10))
    exams.attempt_submit(attempt=attempt, by=org.employee, now=at(datetime.date(2026, 10, 6), 10, 5))
    hours.slides_upload(person=org.employee, by=org.employee, month=OCTOBER, title="10月问题及处理方法",
                        upload=SimpleUploadedFile("slides.pdf", PDF), slides=8)
    attended(org, datetime.date(2026, 10, 14), hours="2")
    new_hire(org, starts_on=datetime.date(2026, 10, 8))
    schedule(org, datetime.date(2026, 10, 20), people=[org.head])


def wording(evidence):
    return [(p.rule.wording, p.count, p.points, p.facts) for p in evidence.proposals]


def test_the_system_administrator_s_month(org, october):
    evidence = scorecard_evidence(org.employee, OCTOBER)
    assert (evidence.hours_month, evidence.slides, [s.title for s in evidence.given]) == (2, 8, [])
    assert [exam.title for exam in evidence.weekly_missed] == ["每周科员专业考核（10-12）"]
    assert wording(evidence) == [
        ("未进行辅导和教育培训的每次扣1分", 1, Decimal("1.00"), ("本月未组织或讲授培训",)),
        ("制作信息化系统运行中的问题及处理方法PPT每月10张，不完成扣10分", 1, Decimal("10.00"),
         ("本月上传 8 张，要求 10 张",)),
        ("不参与考核每周扣5分", 1, Decimal("5.00"), ("未参加每周科员专业考核（10-12）",)),
    ]


def test_the_deputy_head_s_month(org, october):
    evidence = scorecard_evidence(org.supervisor, OCTOBER)
    assert [(monday.isoformat(), [e.title for e in held]) for monday, _sunday, held in evidence.weeks] == [
        ("2026-10-05", ["每周科员专业考核（10-05）"]), ("2026-10-12", ["每周科员专业考核（10-12）"]),
        ("2026-10-19", []), ("2026-10-26", [])]
    assert wording(evidence) == [
        ("每周无考核记录扣2.5分", 2, Decimal("5.00"), ("10-19 当周无考核记录", "10-26 当周无考核记录")),
        ("新员工无培训上岗扣5分", 1, Decimal("5.00"), ("孙丽 未通过岗前培训考核即上岗",)),
        ("其它培训无相关记录一次扣5分", 1, Decimal("5.00"), ("10-20 的“HIS系统运维：挂号收费模块”无签到记录",)),
    ]


def test_the_current_month_proposes_nothing_before_it_ends(org):
    evidence = scorecard_evidence(org.employee, datetime.date(2026, 11, 1))
    assert wording(evidence) == []


def test_proposals_are_kept_one_row_a_month_and_rule(org, october):
    first = propose_lines(org.employee, OCTOBER)
    again = propose_lines(org.employee, OCTOBER)
    assert [row.pk for row, _proposal in first] == [row.pk for row, _proposal in again]
    assert EvidenceProposal.objects.count() == 3
    row = first[0][0]
    assert (row.count, row.facts, row.points) == (1, ["本月未组织或讲授培训"], Decimal("1.00"))


def test_the_facts_page_for_the_reviewer(client, org, october):
    row, _proposal = propose_lines(org.employee, OCTOBER)[0]
    client.force_login(org.supervisor)
    response = client.get(reverse("training:evidence_line", args=[row.pk]))
    assert response.url == reverse("training:evidence", args=["1101", 2026, 10])
    page = client.get(response.url)
    assert by_testid(page, "proposals").startswith("材料显示的扣分 未进行辅导和教育培训的每次扣1分本月未组织或讲授培训")
    client.force_login(org.outsider)
    assert client.get(response.url).status_code == 404
