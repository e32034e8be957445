"""Bulk rows for the training benchmark and the query-count tests: sessions with their attendance sheets, self-study,
slides, exams with papers — written with bulk_create, so thousands of rows take seconds.

Not a demo: the rows are plausible but uniform. The real flows are exercised by the services' tests.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from training.models import (
    Assignment, Attempt, Attendance, Exam, Form, Plan, PlanItem, Question, Requirement, SelfStudy, Session,
    SlideDeck, Topic,
)
from training.services.hours import year_hours_recount

from .authz_seed import BATCH


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def bulk_sessions(*, department, organiser, people, count, first_day=datetime.date(2026, 1, 5)):
    """`count` two-hour sessions a day apart, every person on each sheet, most present."""
    sessions = Session.objects.bulk_create([
        Session(department=department, title=f"业务学习{i}", starts_at=_at(first_day + datetime.timedelta(days=i % 330), 14),
                ends_at=_at(first_day + datetime.timedelta(days=i % 330), 16), place="信息科会议室", hours=Decimal("2"),
                organiser=organiser, trainer=organiser, form=Form.INTERNAL,
                requirement=Requirement.REQUIRED if i % 2 else Requirement.ELECTIVE,
                state=Session.State.HELD)
        for i in range(count)], batch_size=BATCH)
    Attendance.objects.bulk_create([
        Attendance(session=session, person=person,
                   status=Attendance.Status.PRESENT if (i + j) % 5 else Attendance.Status.ABSENT)
        for i, session in enumerate(sessions) for j, person in enumerate(people)], batch_size=BATCH)
    # bulk_create sends no signal: store the people's yearly totals as the services would
    years = {timezone.localtime(session.starts_at).year for session in sessions}
    year_hours_recount((person.pk, year) for person in people for year in years)
    return sessions


@transaction.atomic
def bulk_hours_outside(*, department, people, count, day=datetime.date(2026, 3, 2)):
    SelfStudy.objects.bulk_create([
        SelfStudy(person=people[i % len(people)], department=department, studied_on=day, title=f"自学{i}",
                  hours=Decimal("1"), state=SelfStudy.State.CONFIRMED if i % 2 else SelfStudy.State.PENDING)
        for i in range(count)], batch_size=BATCH)
    SlideDeck.objects.bulk_create([
        SlideDeck(person=people[i % len(people)], department=department, month=day.replace(day=1), title=f"PPT{i}",
                  slides=10, file=f"training/seed/{i}.pdf", file_name=f"{i}.pdf")
        for i in range(count)], batch_size=BATCH)
    year_hours_recount((person.pk, day.year) for person in people)


@transaction.atomic
def bulk_plans(*, department, head, count, first_year=2000):
    """`count` revisions of yearly plans: one in force a year, the others replaced."""
    plans = Plan.objects.bulk_create([
        Plan(department=department, year=first_year + i // 10, revision=1 + i % 10, drawn_up_by=head,
             title=f"{first_year + i // 10}年度培训计划",
             state=Plan.State.APPROVED if i % 10 == 0 else Plan.State.SUPERSEDED)
        for i in range(count)], batch_size=BATCH)
    PlanItem.objects.bulk_create([
        PlanItem(plan=plan, order=1, title="HIS运维", planned_from=datetime.date(plan.year, 1, 1),
                 planned_until=datetime.date(plan.year, 12, 31), planned_hours=Decimal("4"))
        for plan in plans], batch_size=BATCH)


@transaction.atomic
def bulk_exams(*, department, author, people, count, opens=datetime.date(2026, 3, 2)):
    """`count` exams with every person assigned and one marked paper each; a question bank of `count` questions."""
    topic, _created = Topic.objects.get_or_create(department=department, name="批量")
    Question.objects.bulk_create([
        Question(topic=topic, kind=Question.Kind.SHORT, text=f"题目{i}", points=Decimal("5"), created_by=author)
        for i in range(count)], batch_size=BATCH)
    exams = Exam.objects.bulk_create([
        Exam(department=department, title=f"考核{i}", kind=Exam.Kind.WEEKLY, opens_at=_at(opens, 8),
             closes_at=_at(opens + datetime.timedelta(days=5), 18), state=Exam.State.CLOSED, created_by=author)
        for i in range(count)], batch_size=BATCH)
    assignments = Assignment.objects.bulk_create([
        Assignment(exam=exam, person=person) for exam in exams for person in people], batch_size=BATCH)
    Attempt.objects.bulk_create([
        Attempt(assignment=assignment, exam_id=assignment.exam_id, person_id=assignment.person_id,
                started_at=_at(opens, 9), submitted_at=_at(opens, 9), state=Attempt.State.MARKED, score=Decimal("4"),
                max_score=Decimal("5"), passed=True)
        for assignment in assignments], batch_size=BATCH)
    return exams
