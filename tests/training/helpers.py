"""Training objects built the way people build them, through the services (the tests and the permission matrix)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from hiring.models import Probation
from staff.models import Department, StaffProfile
from core.roles import Role
from tests.factories import DepartmentFactory, StaffProfileFactory, UserFactory
from training.models import AudienceKind, Exam, Form, Plan, Question, Requirement
from training.services import exams, plans, sessions
from tests.html import page_text  # noqa: F401 (training's tests import it from here)

ZONE = timezone.get_current_timezone


def at(day, hour=14, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def vice_president():
    """0001 郑院长: the vice president in charge of IT (分管院长), who approves the plan."""
    leadership = DepartmentFactory(code="leadership", name="院领导", kind=Department.Kind.FUNCTIONAL)
    return StaffProfileFactory(user=UserFactory(username="0001", name="郑院长", roles=[Role.VP_IT]),
                               department=leadership).user


def draft_plan(org, year=2026, items=1):
    plan = plans.plan_create(by=org.head, department=org.it, year=year, title=f"{year}年度信息科培训计划",
                             goals="每人全年不少于20学时")
    for number in range(items):
        add_item(org, plan, title=f"HIS系统运维（{number + 1}）")
    return plan


def add_item(org, plan, **overrides):
    values = {"title": "HIS系统运维", "content_kind": "skills", "description": "", "form": Form.INTERNAL,
              "requirement": Requirement.REQUIRED, "planned_from": datetime.date(plan.year, 1, 1),
              "planned_until": datetime.date(plan.year, 12, 31), "schedule_note": "", "place": "信息科会议室",
              "audience_kind": AudienceKind.DEPARTMENT, "trainer": org.supervisor, "trainer_name": "",
              "planned_hours": Decimal("4"), "is_induction": False}
    values.update(overrides)
    return plans.plan_item_save(plan=plan, by=org.head, **values)


def approved_plan(org, year=2026, items=1):
    """A plan in force (approved on the engine once the plan is an approval subject)."""
    plan = draft_plan(org, year=year, items=items)
    Plan.objects.filter(pk=plan.pk).update(state=Plan.State.APPROVED, submitted_at=timezone.now(),
                                           approved_at=timezone.now())
    plan.refresh_from_db()
    return plan


def schedule(org, day, *, people=None, hours="2", start=14, length=2, organiser=None, requirement=Requirement.REQUIRED,
             title="HIS系统运维：挂号收费模块", item=None):
    starts = at(day, start)
    return sessions.session_schedule(
        by=organiser or org.supervisor, department=org.it, title=title, starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=length), place="信息科会议室", hours=Decimal(hours), form=Form.INTERNAL,
        requirement=requirement, people=people if people is not None else [org.employee], trainer=org.supervisor,
        plan_item=item)


def attended(org, day, person=None, **kwargs):
    """A session held on `day` that the person signed in to on time."""
    session = schedule(org, day, people=[person or org.employee], **kwargs)
    sessions.attendance_sign_in(session=session, person=person or org.employee,
                                now=session.starts_at + datetime.timedelta(minutes=2))
    return session


def question_bank(org):
    """One topic with a question of every kind (5 + 5 + 5 + 10 points)."""
    topic = exams.topic_create(by=org.head, department=org.it, name="信息安全法规")
    return [
        exams.question_create(by=org.head, topic=topic, kind=Question.Kind.SINGLE, text_value="《网络安全法》自哪一年起施行？",
                              points=Decimal("5"), choices=[("2015年", False), ("2017年", True), ("2019年", False)]),
        exams.question_create(by=org.head, topic=topic, kind=Question.Kind.MULTIPLE, text_value="以下哪些行为违反制度？",
                              points=Decimal("5"), choices=[("出借工号", True), ("插入来历不明的U盘", True),
                                                            ("离开时锁屏", False)]),
        exams.question_create(by=org.head, topic=topic, kind=Question.Kind.TRUE_FALSE,
                              text_value="新进人员考核通过后方可上机操作。", points=Decimal("5"), true_false_answer=True),
        exams.question_create(by=org.head, topic=topic, kind=Question.Kind.SHORT, text_value="发现泄密时应当如何处理？",
                              points=Decimal("10"), reference_answer="立即制止并报告。"),
    ]


def open_exam(org, questions, *, kind=Exam.Kind.REGULAR, people=(), limit=30, closes_at=None, retakes=1,
              pass_percent="60", opens_at=None):
    exam = exams.exam_create(by=org.head, department=org.it, title="信息安全培训考核", kind=kind, instructions="",
                             pass_percent=Decimal(pass_percent), time_limit_minutes=limit,
                             opens_at=opens_at or timezone.now() - datetime.timedelta(hours=1), closes_at=closes_at,
                             retakes=retakes, retraining_note="重新学习讲义。", show_answers=True, shuffle=False)
    exams.exam_set_questions(exam=exam, by=org.head, questions=questions)
    if people:
        exams.exam_assign(exam=exam, by=org.head, people=list(people))
    return exams.exam_open(exam=exam, by=org.head)


def answer_all(attempt, person, right=True):
    """Answer every auto-marked question right (or wrong), the short answers with a sentence."""
    for question_id in attempt.question_ids:
        question = Question.objects.get(pk=question_id)
        if question.kind == Question.Kind.SHORT:
            exams.answer_save(attempt=attempt, by=person, question_id=question_id, text_value="立即制止并报告科主任。")
            continue
        choices = [c.pk for c in question.choices.all() if c.is_correct == right]
        if question.kind != Question.Kind.MULTIPLE:
            choices = choices[:1]
        exams.answer_save(attempt=attempt, by=person, question_id=question_id, choice_ids=choices)


def new_hire(org, username="1109", name="孙丽", starts_on=datetime.date(2026, 11, 2)):
    """A network administrator of 信息科 on probation since `starts_on`, without the induction exam."""
    profile = StaffProfileFactory(user=UserFactory(username=username, name=name, roles=[Role.STAFF]),
                                  department=org.it, post=org.post, supervisor=org.supervisor, hire_date=starts_on,
                                  status=StaffProfile.Status.PROBATION)
    Probation.objects.create(profile=profile, starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=89),
                             original_ends_on=starts_on + datetime.timedelta(days=89))
    return profile.user
