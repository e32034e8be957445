"""Exams (考核): the question bank, exams built from it, attempts kept to their time limit by the server,
auto-marking where possible and hand-marking of short answers, retakes (再培训), and the induction exam whose pass
is recorded on the new hire's probation (新进人员培训考核通过后方可上机操作)."""

import datetime
import random
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ServiceError, optional_text, require, required_text
from notifications.services import Outcome, work_done

from .. import hiring, rules
from ..models import Answer, Assignment, Attempt, Choice, Exam, ExamQuestion, Question, Topic
from .common import leaders_of, number, tell

Kind = Question.Kind


# The question bank (题库) --------------------------------------------------------------------------------------

@transaction.atomic
def topic_create(*, by, department, name, description=""):
    require(rules.can_manage_exams(by, department), _("Only the department's leaders keep its question bank."))
    name = required_text(name, _("Give the topic a name."), limit=100)
    require(not Topic.objects.filter(department=department, name=name).exists(),
            _("There is already a topic called %(name)s.") % {"name": name})
    topic = Topic.objects.create(department=department, name=name, description=optional_text(description, 300))
    audit_record(actor=by, action="training.topic.create", obj=topic, after={"name": name})
    return topic


def _clean_choices(kind, choices, true_false_answer):
    """[(text, correct)] checked for the kind; true/false gets its two choices."""
    if kind == Kind.TRUE_FALSE:
        require(true_false_answer in (True, False), _("Say whether the statement is true or false."))
        return [(_("True"), true_false_answer), (_("False"), not true_false_answer)]
    if kind == Kind.SHORT:
        return []
    cleaned = [((label or "").strip(), bool(correct)) for label, correct in choices if (label or "").strip()]
    require(len(cleaned) >= 2, _("Give at least two choices."))
    require(len(cleaned) <= 8, _("Give at most eight choices."))
    require(all(len(label) <= 300 for label, _correct in cleaned), _("A choice is at most 300 characters."))
    correct = sum(1 for _label, right in cleaned if right)
    if kind == Kind.SINGLE:
        require(correct == 1, _("Mark exactly one choice as correct."))
    else:
        require(correct >= 1, _("Mark at least one choice as correct."))
    return cleaned


def _question_snapshot(question):
    return {"kind": question.kind, "text": question.text, "points": question.points,
            "choices": [(c.text, c.is_correct) for c in question.choices.all()]}


@transaction.atomic
def question_create(*, by, topic, kind, text_value, points, choices=(), true_false_answer=None,
                    reference_answer="", explanation=""):
    require(rules.can_manage_exams(by, topic.department), _("Only the department's leaders keep its question bank."))
    require(kind in Kind.values, _("Choose the kind of question."))
    body = required_text(text_value, _("Write the question."))
    require(points is not None and points > 0, _("A question is worth more than zero points."))
    cleaned = _clean_choices(kind, choices, true_false_answer)
    question = Question.objects.create(topic=topic, kind=kind, text=body, points=points, created_by=by,
                                       reference_answer=optional_text(reference_answer),
                                       explanation=optional_text(explanation))
    Choice.objects.bulk_create([Choice(question=question, order=order, text=label, is_correct=correct)
                                for order, (label, correct) in enumerate(cleaned)])
    audit_record(actor=by, action="training.question.create", obj=question, after=_question_snapshot(question))
    return question


@transaction.atomic
def question_update(*, question, by, text_value, points, choices=(), true_false_answer=None, reference_answer="",
                    explanation=""):
    question = Question.objects.select_for_update().select_related("topic__department").get(pk=question.pk)
    require(rules.can_manage_exams(by, question.topic.department),
            _("Only the department's leaders keep its question bank."))
    require(not Answer.objects.filter(question=question).exists(),
            _("This question has been answered in an exam: retire it and write a new one, so past papers keep "
              "what was asked."))
    body = required_text(text_value, _("Write the question."))
    require(points is not None and points > 0, _("A question is worth more than zero points."))
    cleaned = _clean_choices(question.kind, choices, true_false_answer)
    before = _question_snapshot(question)
    question.text, question.points = body, points
    question.reference_answer, question.explanation = optional_text(reference_answer), optional_text(explanation)
    question.save()
    question.choices.all().delete()
    Choice.objects.bulk_create([Choice(question=question, order=order, text=label, is_correct=correct)
                                for order, (label, correct) in enumerate(cleaned)])
    audit_record(actor=by, action="training.question.update", obj=question, before=before,
                 after=_question_snapshot(question))
    return question


@transaction.atomic
def question_retire(*, question, by):
    require(rules.can_manage_exams(by, question.topic.department),
            _("Only the department's leaders keep its question bank."))
    require(question.is_active, _("This question is already retired."))
    question.is_active = False
    question.save(update_fields=["is_active"])
    audit_record(actor=by, action="training.question.retire", obj=question, before={"active": True},
                 after={"active": False})
    return question


# Exams -----------------------------------------------------------------------------------------------------------

EXAM_FIELDS = ("title", "kind", "instructions", "pass_percent", "time_limit_minutes", "opens_at", "closes_at",
               "retakes", "retraining_note", "show_answers", "shuffle", "session")
LATE_FIELDS = ("instructions", "closes_at", "retakes", "retraining_note")  # may change once papers exist


def _exam_snapshot(exam):
    return {"title": exam.title, "kind": exam.kind, "state": exam.state, "pass_percent": exam.pass_percent,
            "time_limit": exam.time_limit_minutes, "opens_at": exam.opens_at, "closes_at": exam.closes_at,
            "retakes": exam.retakes, "questions": list(exam.exam_questions.values_list("question_id", flat=True))}


def _check_exam(data, department):
    require((data.get("title") or "").strip(), _("Give the exam a title."))
    require(data.get("kind") in Exam.Kind.values, _("Choose the kind of exam."))
    require(data.get("opens_at") is not None, _("Say when the exam opens."))
    closes_at = data.get("closes_at")
    require(closes_at is None or closes_at > data["opens_at"], _("The exam must close after it opens."))
    percent = data.get("pass_percent")
    require(percent is not None and Decimal("0") <= percent <= Decimal("100"), _("The pass mark is 0 to 100%."))
    session = data.get("session")
    require(session is None or session.department_id == department.pk, _("Choose a session of the department."))


def _lock_exam(exam):
    return Exam.objects.select_for_update(of=("self",)).select_related("department").get(pk=exam.pk)


@transaction.atomic
def exam_create(*, by, department, **data):
    require(rules.can_manage_exams(by, department), _("Only the department's leaders set its exams."))
    _check_exam(data, department)
    values = {name: data.get(name) for name in EXAM_FIELDS if name in data}
    values["title"] = values["title"].strip()[:200]
    values["instructions"] = optional_text(values.get("instructions"))
    values["retraining_note"] = optional_text(values.get("retraining_note"))
    exam = Exam.objects.create(department=department, created_by=by, **values)
    audit_record(actor=by, action="training.exam.create", obj=exam, after=_exam_snapshot(exam))
    return exam


@transaction.atomic
def exam_update(*, exam, by, **data):
    exam = _lock_exam(exam)
    require(rules.can_manage_exam(by, exam), _("Only the exam's organiser or the department's leaders change it."))
    require(exam.state != Exam.State.CLOSED, _("A closed exam cannot be changed."))
    started = exam.attempts.exists()
    before = _exam_snapshot(exam)
    merged = {name: getattr(exam, name) for name in EXAM_FIELDS}
    for name in (LATE_FIELDS if started else EXAM_FIELDS):
        if name in data:
            merged[name] = data[name]
    _check_exam(merged, exam.department)
    merged["instructions"] = optional_text(merged["instructions"])
    merged["retraining_note"] = optional_text(merged["retraining_note"])
    for name, value in merged.items():
        setattr(exam, name, value)
    exam.save()
    audit_record(actor=by, action="training.exam.update", obj=exam, before=before, after=_exam_snapshot(exam))
    return exam


@transaction.atomic
def exam_set_questions(*, exam, by, questions):
    """The exam's questions in order; fixed once anyone has started a paper."""
    exam = _lock_exam(exam)
    require(rules.can_manage_exam(by, exam), _("Only the exam's organiser or the department's leaders change it."))
    require(not exam.attempts.exists(), _("Papers have been started: the questions can no longer change."))
    questions = list(questions)
    require(questions, _("Choose at least one question."))
    require(all(q.topic.department_id == exam.department_id and q.is_active for q in questions),
            _("Choose active questions of the department's bank."))
    before = _exam_snapshot(exam)
    exam.exam_questions.all().delete()
    ExamQuestion.objects.bulk_create([ExamQuestion(exam=exam, question=q, order=order)
                                      for order, q in enumerate(questions)])
    audit_record(actor=by, action="training.exam.questions", obj=exam, before=before, after=_exam_snapshot(exam))
    return exam


def _tell_assigned(exam, people):
    tell(people, subject=_("Exam to take: %(title)s") % {"title": exam.title},
         body=_("Open it on your phone or computer from your training page.") + (
             " " + _("Time limit: %(minutes)d minutes.") % {"minutes": exam.time_limit_minutes}
             if exam.time_limit_minutes else ""),
         url=reverse("training:home"), work=exam)


@transaction.atomic
def exam_open(*, exam, by, now=None):
    now = now or timezone.now()
    exam = _lock_exam(exam)
    require(rules.can_manage_exam(by, exam), _("Only the exam's organiser or the department's leaders open it."))
    require(exam.state == Exam.State.DRAFT, _("Only a draft exam is opened."))
    require(exam.exam_questions.exists(), _("Add questions first."))
    require(exam.closes_at is None or exam.closes_at > now, _("The closing time has passed; change it first."))
    before = _exam_snapshot(exam)
    exam.state = Exam.State.OPEN
    exam.save(update_fields=["state"])
    audit_record(actor=by, action="training.exam.open", obj=exam, before=before, after=_exam_snapshot(exam))
    if exam.kind == Exam.Kind.INDUCTION:
        for probation in hiring.probations_waiting_for_induction(exam.department):
            _assign_induction(exam, probation, by)
    _tell_assigned(exam, [a.person for a in exam.assignments.select_related("person")])
    return exam


@transaction.atomic
def exam_close(*, exam, by, now=None):
    """Close the exam: papers under way are handed in with what was saved."""
    now = now or timezone.now()
    exam = _lock_exam(exam)
    require(rules.can_manage_exam(by, exam), _("Only the exam's organiser or the department's leaders close it."))
    require(exam.state == Exam.State.OPEN, _("Only an open exam is closed."))
    before = _exam_snapshot(exam)
    exam.state = Exam.State.CLOSED
    exam.closes_at = min(exam.closes_at, now) if exam.closes_at else now
    exam.save(update_fields=["state", "closes_at"])
    for attempt in exam.attempts.filter(state=Attempt.State.IN_PROGRESS):
        _finish(attempt, now=now, timed_out=True)
    audit_record(actor=by, action="training.exam.close", obj=exam, before=before, after=_exam_snapshot(exam))
    work_done(exam, outcome=Outcome.CANCELLED)  # nobody can take it any more
    return exam


@transaction.atomic
def exam_assign(*, exam, by, people, due_at=None):
    """Who takes the exam (the weekly test: the department's staff; a session's test: its attendees)."""
    exam = _lock_exam(exam)
    require(rules.can_manage_exam(by, exam), _("Only the exam's organiser or the department's leaders assign it."))
    require(exam.state != Exam.State.CLOSED, _("The exam is closed."))
    existing = set(exam.assignments.values_list("person_id", flat=True))
    added = [person for person in people if person.pk not in existing]
    require(added, _("Everyone chosen already has this exam."))
    Assignment.objects.bulk_create([Assignment(exam=exam, person=person, due_at=due_at, assigned_by=by)
                                    for person in added])
    audit_record(actor=by, action="training.exam.assign", obj=exam,
                 after={"people": [person.username for person in added]})
    if exam.state == Exam.State.OPEN:
        _tell_assigned(exam, added)
    return added


# The induction exam (新进人员培训考核) -----------------------------------------------------------------------------

def current_induction_exam(department):
    now = timezone.now()
    return (Exam.objects.filter(department=department, kind=Exam.Kind.INDUCTION, state=Exam.State.OPEN,
                                opens_at__lte=now).exclude(closes_at__lte=now).order_by("-opens_at").first())


def _assign_induction(exam, probation, by):
    person = probation.profile.user
    assignment = Assignment.objects.filter(exam__kind=Exam.Kind.INDUCTION, probation_id=probation.pk).first()
    if assignment is not None:
        return None
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(exam=exam, person=person, probation_id=probation.pk,
                                                   assigned_by=by)
    except IntegrityError:  # the person already has this exam (assigned by hand): attach the probation to it
        assignment = Assignment.objects.get(exam=exam, person=person)
        assignment.probation_id = probation.pk
        assignment.save(update_fields=["probation_id"])
    audit_record(actor=by, action="training.induction.assign", obj=exam,
                 after={"person": person.username, "probation": probation.pk})
    return assignment


@transaction.atomic
def induction_assign(*, probation_id, by=None):
    """A new hire's probation gets the induction exam of their department (idempotent). Returns the new assignment,
    or None when they have one, have passed, or no induction exam is open (the head is told)."""
    probation = hiring.probation_by_id(probation_id)
    if probation is None or not probation.is_active() or probation.induction_passed_on is not None:
        return None
    department = probation.profile.department
    exam = current_induction_exam(department)
    if exam is None:
        if not Assignment.objects.filter(probation_id=probation.pk).exists():
            tell(department.leaders(), subject=_("No induction exam is open for %(name)s") % {
                "name": probation.profile.user.display_name},
                body=_("New staff get system access only after passing it. Open the department's induction exam; "
                       "it is then given to every new hire waiting for it."), url=reverse("training:exam_list"))
        return None
    assignment = _assign_induction(exam, probation, by)
    if assignment is not None:
        _tell_assigned(exam, [assignment.person])
    return assignment


def induction_assign_waiting():
    """Beat: every active probation without the induction exam gets it (catches hires made while nothing was open)."""
    assigned = 0
    waiting = hiring.probations_waiting_for_induction().values_list("pk", flat=True)
    given = set(Assignment.objects.filter(probation_id__in=list(waiting)).values_list("probation_id", flat=True))
    for probation_id in waiting:
        if probation_id not in given and current_induction_exam(hiring.probation_by_id(probation_id).profile
                                                                .department) is not None:
            assigned += induction_assign(probation_id=probation_id) is not None
    return assigned


# Taking an exam -----------------------------------------------------------------------------------------------------

def _check_can_start(assignment, now):
    exam = assignment.exam
    require(exam.is_open(now), _("This exam is not open now."))
    require(assignment.passed_at is None, _("You have passed this exam already."))
    used = assignment.attempts.count()
    require(not assignment.attempts.filter(state=Attempt.State.MARKING).exists(),
            _("Your last paper is waiting for marking."))
    require(used < assignment.attempts_allowed(), _("You have used every attempt; ask the organiser about "
                                                    "re-training."))
    return used


@transaction.atomic
def attempt_start(*, assignment, by, now=None):
    """Start (or go back to) a paper. The deadline is the start plus the time limit, and no later than the close."""
    now = now or timezone.now()
    assignment = Assignment.objects.select_for_update(of=("self",)).select_related("exam").get(pk=assignment.pk)
    require(assignment.person_id == by.pk, _("Only the person the exam is for takes it."))
    running = assignment.attempts.filter(state=Attempt.State.IN_PROGRESS).first()
    if running is not None:
        if not running.is_past_deadline(now):
            return running
        _finish(running, now=now, timed_out=True)
    used = _check_can_start(assignment, now)
    exam = assignment.exam
    questions = list(exam.exam_questions.select_related("question").order_by("order", "pk"))
    require(questions, _("This exam has no questions."))
    ids = [eq.question_id for eq in questions]
    if exam.shuffle:
        random.shuffle(ids)
    deadline = now + datetime.timedelta(minutes=exam.time_limit_minutes) if exam.time_limit_minutes else None
    if exam.closes_at is not None:
        deadline = min(deadline, exam.closes_at) if deadline else exam.closes_at
    attempt = Attempt.objects.create(assignment=assignment, exam=exam, person=by, number=used + 1,
                                     question_ids=ids, started_at=now, deadline_at=deadline,
                                     max_score=sum((eq.question.points for eq in questions), Decimal("0")))
    audit_record(actor=by, action="training.attempt.start", obj=attempt,
                 after={"exam": exam.title, "number": attempt.number, "deadline": deadline})
    return attempt


def _lock_attempt(attempt):
    return Attempt.objects.select_for_update(of=("self",)).select_related("exam", "assignment", "person").get(
        pk=attempt.pk)


def _time_is_up():
    return _("The time limit has passed: the paper was handed in with the answers saved before it.")


def answer_save(*, attempt, by, question_id, choice_ids=(), text_value="", now=None):
    """Save one answer as the person goes (nothing is lost if the phone's browser closes). After the time limit the
    server refuses, and the paper is handed in with what was saved before it."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_attempt(attempt)
        require(attempt.person_id == by.pk, _("Only the person taking the exam answers."))
        require(attempt.is_in_progress(), _("This paper has been handed in."))
        if attempt.is_past_deadline(now):
            _finish(attempt, now=now, timed_out=True)
            timed_out = True
        else:
            timed_out = False
            require(question_id in attempt.question_ids, _("This question is not on your paper."))
            question = Question.objects.get(pk=question_id)
            answer, _created = Answer.objects.get_or_create(attempt=attempt, question=question)
            if question.kind == Kind.SHORT:
                answer.text = optional_text(text_value, 5000)
                answer.save(update_fields=["text", "saved_at"])
                return answer
            chosen = list(question.choices.filter(pk__in=list(choice_ids)))
            require(len(chosen) == len(set(choice_ids)), _("Choose among the question's choices."))
            require(question.kind == Kind.MULTIPLE or len(chosen) <= 1, _("Choose one answer."))
            answer.choices.set(chosen)
            answer.save(update_fields=["saved_at"])
            return answer
    if timed_out:  # raised after the commit, so the handing-in stays
        raise ServiceError(_time_is_up())


def attempt_submit(*, attempt, by, now=None):
    """Hand the paper in. After the time limit the server refuses (the saved answers are handed in at the limit)."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock_attempt(attempt)
        require(attempt.person_id == by.pk, _("Only the person taking the exam hands the paper in."))
        require(attempt.is_in_progress(), _("This paper has already been handed in."))
        if not attempt.is_past_deadline(now):
            return _finish(attempt, now=now, timed_out=False)
        _finish(attempt, now=now, timed_out=True)
    raise ServiceError(_time_is_up())


def _is_right(question, answer):
    correct = {c.pk for c in question.choices.all() if c.is_correct}
    return answer is not None and {c.pk for c in answer.choices.all()} == correct


def _finish(attempt, *, now, timed_out):
    """Hand in and auto-mark; short answers go to the markers, else the result is concluded."""
    questions = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("choices")}
    answers = {a.question_id: a for a in attempt.answers.prefetch_related("choices")}
    needs_marking = False
    for question_id in attempt.question_ids:
        question, answer = questions[question_id], answers.get(question_id)
        if question.kind == Kind.SHORT:
            if answer is not None and answer.text.strip():
                needs_marking = True
            elif answer is not None:
                answer.points = Decimal("0")
                answer.save(update_fields=["points"])
            continue
        if answer is None:
            answer = Answer.objects.create(attempt=attempt, question=question)
        answer.points = question.points if _is_right(question, answer) else Decimal("0")
        answer.save(update_fields=["points"])
    attempt.submitted_at = attempt.deadline_at if timed_out and attempt.deadline_at else now
    attempt.timed_out = timed_out
    attempt.state = Attempt.State.MARKING if needs_marking else Attempt.State.MARKED
    attempt.save(update_fields=["submitted_at", "timed_out", "state"])
    audit_record(actor=attempt.person if not timed_out else None, action="training.attempt.submit", obj=attempt,
                 after={"timed_out": timed_out, "state": attempt.state})
    if needs_marking:
        exam = attempt.exam
        tell([exam.created_by, *exam.department.leaders()],
             subject=_("To mark: %(name)s's paper of %(exam)s") % {"name": attempt.person.display_name,
                                                                   "exam": exam.title},
             url=reverse("training:attempt_mark", args=[attempt.pk]), skip=attempt.person, work=attempt)
        return attempt
    return _conclude(attempt, by=attempt.person, now=now)


def _conclude(attempt, *, by, now):
    """Score the paper; a pass closes the assignment (and records the induction), a fail opens the retake."""
    total = sum((a.points or Decimal("0") for a in attempt.answers.all()), Decimal("0"))
    attempt.score = total
    attempt.state = Attempt.State.MARKED
    attempt.passed = attempt.max_score > 0 and total * 100 >= attempt.exam.pass_percent * attempt.max_score
    attempt.marked_at = attempt.marked_at or now
    attempt.save(update_fields=["score", "state", "passed", "marked_at"])
    audit_record(actor=by, action="training.attempt.result", obj=attempt,
                 after={"score": total, "out_of": attempt.max_score, "passed": attempt.passed})
    exam, assignment, person = attempt.exam, attempt.assignment, attempt.person
    work_done(attempt)  # the marking
    result = {"exam": exam.title, "score": number(total), "max": number(attempt.max_score)}
    if attempt.passed:
        assignment.passed_at = now
        assignment.save(update_fields=["passed_at"])
        work_done(exam, recipients=[person])
        tell([person], subject=_("Passed: %(exam)s (%(score)s / %(max)s)") % result, url=attempt.get_absolute_url())
        if exam.kind == Exam.Kind.INDUCTION and assignment.probation_id:
            hiring.record_induction(probation_id=assignment.probation_id, by=by,
                                    passed_on=timezone.localtime(attempt.submitted_at).date())
        return attempt
    left = assignment.attempts_allowed() - assignment.attempts.count()
    if left <= 0:
        work_done(exam, recipients=[person])  # nothing left to take until a leader grants a retake
    body = (_("You may retake it (%(left)d attempt(s) left) after re-training: %(note)s") % {
        "left": left, "note": exam.retraining_note or _("review the session's materials.")} if left > 0
        else _("No attempt is left; your leaders decide on re-training."))
    tell([person], subject=_("Not passed: %(exam)s (%(score)s / %(max)s)") % result, body=body,
         url=attempt.get_absolute_url())
    tell(leaders_of(person), subject=_("%(name)s did not pass %(exam)s (%(score)s / %(max)s)") % {
        **result, "name": person.display_name}, body=body, url=attempt.get_absolute_url(), skip=by)
    return attempt


@transaction.atomic
def attempt_mark(*, attempt, by, marks, now=None):
    """Mark the short answers: marks is {question_id: (points, note)}; each between 0 and the question's points."""
    now = now or timezone.now()
    attempt = _lock_attempt(attempt)
    require(rules.can_mark_attempt(by, attempt), _("Only the exam's organiser or the department's leaders mark it."))
    require(attempt.state == Attempt.State.MARKING, _("This paper is not waiting for marking."))
    short = list(attempt.answers.select_related("question").filter(question__kind=Kind.SHORT, points__isnull=True))
    for answer in short:
        points, note = marks.get(answer.question_id, (None, ""))
        require(points is not None, _("Give points for every answer."))
        require(Decimal("0") <= points <= answer.question.points, _("Points are 0 to %(max)s for “%(question)s”.") % {
            "max": number(answer.question.points), "question": str(answer.question)})
        answer.points, answer.marker_note = points, optional_text(note, 300)
        answer.save(update_fields=["points", "marker_note"])
    attempt.marked_by, attempt.marked_at = by, now
    attempt.save(update_fields=["marked_by", "marked_at"])
    audit_record(actor=by, action="training.attempt.mark", obj=attempt,
                 after={"marks": {str(a.question_id): a.points for a in short}})
    return _conclude(attempt, by=by, now=now)


@transaction.atomic
def retake_grant(*, assignment, by, note=""):
    """再培训: after the attempts are used, a leader grants one more once the person has been re-trained."""
    assignment = Assignment.objects.select_for_update(of=("self",)).select_related("exam", "person").get(
        pk=assignment.pk)
    require(rules.can_manage_exam(by, assignment.exam) and by.pk != assignment.person_id,
            _("Only the exam's organiser or the department's leaders grant a retake."))
    require(assignment.passed_at is None, _("The exam is passed; no retake is needed."))
    require(assignment.exam.state != Exam.State.CLOSED, _("The exam is closed."))
    used = assignment.attempts.count()
    require(used >= assignment.attempts_allowed(), _("An attempt is still left."))
    require(not assignment.attempts.filter(state__in=[Attempt.State.IN_PROGRESS, Attempt.State.MARKING]).exists(),
            _("The last paper is not marked yet."))
    note = optional_text(note, 500)
    assignment.extra_attempts += 1
    assignment.save(update_fields=["extra_attempts"])
    audit_record(actor=by, action="training.retake.grant", obj=assignment.exam,
                 after={"person": assignment.person.username, "extra": assignment.extra_attempts, "note": note})
    tell([assignment.person], subject=_("Retake granted: %(exam)s") % {"exam": assignment.exam.title},
         body=note, url=reverse("training:home"), work=assignment.exam)
    return assignment


def expire_overdue_attempts(now=None):
    """Beat: papers left open past their limit are handed in with what was saved (idempotent)."""
    now = now or timezone.now()
    count = 0
    for attempt_id in Attempt.objects.filter(state=Attempt.State.IN_PROGRESS, deadline_at__lt=now).values_list(
            "pk", flat=True):
        with transaction.atomic():
            attempt = _lock_attempt(Attempt(pk=attempt_id))
            if attempt.is_in_progress():
                _finish(attempt, now=now, timed_out=True)
                count += 1
    return count
