"""The home page's lists: exams to take (the induction exam said plainly), surveys to answer, papers to mark and
self-study to confirm for leaders."""

import datetime
from decimal import Decimal

from django.urls import reverse

from core.home import my_requests, pending_work
from training.models import Exam, Question
from training.services import exams, external, hours

from .conftest import TODAY
from tests.html import by_testid

from .helpers import attended, new_hire, open_exam, question_bank


def titles(user):
    return [(item.kind, item.title) for item in pending_work(user) if item.kind == "培训"]


def test_the_exams_to_take_and_the_induction_exam(org):
    bank = [q for q in question_bank(org) if q.kind != Question.Kind.SHORT]
    open_exam(org, bank, people=[org.employee])
    hire = new_hire(org)
    induction = open_exam(org, bank, kind=Exam.Kind.INDUCTION)
    assert titles(org.employee) == [("培训", "参加考核：信息安全培训考核")]
    assert titles(hire) == [("培训", "参加岗前培训考核：信息安全培训考核（通过后方可申请信息系统账号）")]
    item = [item for item in pending_work(hire) if item.kind == "培训"][0]
    assert item.url == reverse("training:exam_take", args=[induction.assignments.get().pk])
    assert my_requests(org.employee) == []


def test_a_failed_exam_asks_for_the_retake(org):
    bank = [q for q in question_bank(org) if q.kind != Question.Kind.SHORT]
    exam = open_exam(org, bank, people=[org.employee])
    attempt = exams.attempt_start(assignment=exam.assignments.get(), by=org.employee)
    exams.attempt_submit(attempt=attempt, by=org.employee)
    assert titles(org.employee) == [("培训", "补考：信息安全培训考核")]


def test_surveys_to_answer(org):
    session = attended(org, TODAY - datetime.timedelta(days=2))
    assert titles(org.employee) == [("培训", "培训满意度调查：HIS系统运维：挂号收费模块")]
    assert [item for item in pending_work(org.employee) if item.kind == "培训"][0].url == reverse(
        "training:survey", args=[session.pk])


def test_the_leaders_work(org):
    bank = question_bank(org)
    exam = open_exam(org, bank, people=[org.employee])
    attempt = exams.attempt_start(assignment=exam.assignments.get(), by=org.employee)
    exams.answer_save(attempt=attempt, by=org.employee, question_id=bank[3].pk, text_value="制止")
    exams.attempt_submit(attempt=attempt, by=org.employee)
    hours.self_study_record(person=org.employee, by=org.employee, studied_on=TODAY, title="自学",
                            hours=Decimal("2"))
    assert titles(org.head) == [("培训", "批阅艾丽的答卷：信息安全培训考核"), ("培训", "确认自学：1 条待确认")]
    assert titles(org.employee) == [("培训", "考核进行中或阅卷中：信息安全培训考核")]


def test_my_training_page(client, org):
    attended(org, datetime.date(2026, 3, 10), hours="4")
    client.force_login(org.employee)
    ledger = by_testid(client.get(reverse("training:home")), "ledger")
    assert ledger == ("2026年培训学时 4 / 20 学时 20% 必修 4 选修 0 外派 0 自学 0 "
                      "落后于年度进度 13.5 学时（按进度此时应完成 17.5 学时）。")


def test_an_approved_external_training_asks_for_the_certificate_once_it_has_begun(org):
    from training.models import ExternalTraining

    from .test_external import FIELDS, approve_all
    from .helpers import vice_president

    vice_president()
    begun = approve_all(external.external_request(person=org.employee, by=org.employee, **FIELDS))
    later = dict(FIELDS, title="数据安全年会", starts_on=TODAY + datetime.timedelta(days=10),
                 ends_on=TODAY + datetime.timedelta(days=11))
    approve_all(external.external_request(person=org.employee, by=org.employee, **later))
    assert titles(org.employee) == [("培训", "提交培训证书：医院信息化建设高级研修班")]
    item = [item for item in pending_work(org.employee) if item.kind == "培训"][0]
    assert (item.url, item.state) == (begun.get_absolute_url(), "已批准，尚未提交证书")

    ExternalTraining.objects.filter(pk=begun.pk).update(state=ExternalTraining.State.REPORTED)
    assert titles(org.employee) == []
