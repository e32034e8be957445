from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import ServiceError
from core.paging import paginate
from core.views import act, form_act

from .. import access, rules, selectors
from ..forms import (AssignForm, ExamForm, ExamQuestionsForm, QuestionForm, RetakeForm, TopicForm, mark_form,
                     marks_from)
from ..models import Answer, Assignment, Attempt, Exam, Question, Topic
from ..services import exams as services
from ..services.common import number
from .common import int_or_404


def _led(user):
    departments = list(selectors.led_departments(user))
    if not departments:
        raise Http404
    return departments


def _department(request, departments):
    wanted = request.GET.get("department") or request.POST.get("department")
    if wanted:
        return next((d for d in departments if str(d.pk) == wanted), departments[0])
    return departments[0]


# The question bank -----------------------------------------------------------------------------------------------

@require_safe
def question_list(request):
    departments = _led(request.user)
    department = _department(request, departments)
    topics = Topic.objects.filter(department=department).annotate(
        active=Count("questions", filter=Q(questions__is_active=True)))
    questions = (Question.objects.filter(topic__department=department).select_related("topic")
                 .prefetch_related("choices").order_by("-is_active", "topic__name", "pk"))
    topic = request.GET.get("topic")
    if topic:
        questions = questions.filter(topic_id=int_or_404(topic))
    search = request.GET.get("q", "").strip()[:50]
    if search:
        questions = questions.filter(text__icontains=search)
    page, query = paginate(request, questions)
    return render(request, "training/question_list.html", {
        "department": department, "departments": departments, "topics": topics, "page": page, "query": query,
        "topic": topic, "search": search, "topic_form": TopicForm()})


@require_POST
def topic_new(request):
    departments = _led(request.user)
    department = _department(request, departments)
    return act(request, lambda topic: reverse("training:question_list") + (f"?topic={topic.pk}" if topic else ""),
               lambda data: services.topic_create(by=request.user, department=department, **data),
               lambda topic: _("Topic %(name)s added.") % {"name": topic.name}, form=TopicForm(request.POST),
               invalid=_("Give the topic a name."))


@require_http_methods(["GET", "POST"])
def question_new(request):
    departments = _led(request.user)
    topics = Topic.objects.filter(department__in=departments, is_active=True)
    if not topics.exists():
        messages.error(request, _("Add a topic first."))
        return redirect("training:question_list")
    form = QuestionForm(request.POST or None, topics=topics,
                        initial={"topic": request.GET.get("topic"), "kind": Question.Kind.SINGLE})
    return act(request, lambda question: reverse("training:question_list") + f"?topic={question.topic_id}",
               lambda data: services.question_create(
                   by=request.user, topic=data["topic"], kind=data["kind"], text_value=data["text"],
                   points=data["points"], choices=form.choices(), true_false_answer=data["true_false"],
                   reference_answer=data["reference_answer"], explanation=data["explanation"]),
               _("The question was added to the bank."), form=form, template="training/question_form.html")


@require_http_methods(["GET", "POST"])
def question_edit(request, pk):
    question = access.get_question_to_manage(request.user, pk)
    topics = Topic.objects.filter(pk=question.topic_id)
    form = QuestionForm(request.POST or None, topics=topics, question=question)
    return act(request, reverse("training:question_list") + f"?topic={question.topic_id}",
               lambda data: services.question_update(
                   question=question, by=request.user, text_value=data["text"], points=data["points"],
                   choices=form.choices(), true_false_answer=data["true_false"],
                   reference_answer=data["reference_answer"], explanation=data["explanation"]),
               _("The question was saved."), form=form, template="training/question_form.html",
               context={"question": question})


@require_POST
def question_retire(request, pk):
    question = access.get_question_to_manage(request.user, pk)
    return act(request, reverse("training:question_list") + f"?topic={question.topic_id}",
               lambda: services.question_retire(question=question, by=request.user),
               _("The question was retired; past papers keep it."))


# Exams ----------------------------------------------------------------------------------------------------------

@require_safe
def exam_list(request):
    """Leaders: the department's exams with their results. Others: their own exams and results."""
    user = request.user
    led = list(selectors.led_departments(user))
    exams = (Exam.objects.for_list().filter(Q(department__in=led) | Q(created_by=user))
             .annotate(assigned=Count("assignments", distinct=True),
                       passed=Count("assignments", filter=Q(assignments__passed_at__isnull=False), distinct=True))
             .order_by("-opens_at", "-pk"))
    kind = request.GET.get("kind", "")
    if kind in Exam.Kind.values:
        exams = exams.filter(kind=kind)
    page, query = paginate(request, exams)
    mine = (Assignment.objects.filter(person=user).select_related("exam")
            .annotate(used=Count("attempts")).order_by("-exam__opens_at")[:20])
    return render(request, "training/exam_list.html", {
        "page": page, "query": query, "kind": kind, "kinds": Exam.Kind.choices, "leads": bool(led), "mine": mine})


@require_http_methods(["GET", "POST"])
def exam_new(request):
    departments = _led(request.user)
    department = _department(request, departments)
    form = ExamForm(request.POST or None, department=department, initial={
        "opens_at": timezone.localtime().replace(second=0, microsecond=0),
        "pass_percent": selectors.TrainingPolicy.current().default_pass_percent,
        "kind": request.GET.get("kind") or Exam.Kind.REGULAR})
    return act(request, lambda exam: reverse("training:exam_questions", args=[exam.pk]),
               lambda data: services.exam_create(by=request.user, department=department, **data),
               _("The exam was created as a draft: choose its questions."), form=form,
               template="training/exam_form.html", context={"department": department})


@require_http_methods(["GET", "POST"])
def exam_edit(request, pk):
    exam = access.get_exam_to_manage(request.user, pk)
    form = ExamForm(request.POST or None, instance=exam, department=exam.department)

    def page():
        if request.method == "POST":
            exam.refresh_from_db()  # the form wrote its values on the instance
        return {"exam": exam, "department": exam.department}

    return act(request, exam, lambda data: services.exam_update(
        exam=exam, by=request.user, **{name: data[name] for name in form.changed_data if name in data}),
        _("The exam was saved."), form=form, template="training/exam_form.html", context=page)


@require_http_methods(["GET", "POST"])
def exam_questions(request, pk):
    exam = access.get_exam_to_manage(request.user, pk)
    chosen = list(exam.exam_questions.values_list("question_id", flat=True))
    form = ExamQuestionsForm(request.POST or None, department=exam.department, initial={"questions": chosen})
    return act(request, exam, lambda data: services.exam_set_questions(exam=exam, by=request.user,
                                                                       questions=data["questions"]),
               _("The questions were saved."), form=form, template="training/exam_questions.html",
               refusal_as_message=True, context=lambda: {
                   "exam": exam, "locked": exam.attempts.exists(),
                   "questions": form.fields["questions"].queryset.prefetch_related("choices")})


@require_safe
def exam_detail(request, pk):
    exam = access.get_exam_to_manage(request.user, pk)
    assignments = (exam.assignments.select_related("person__profile__department")
                   .annotate(used=Count("attempts")).order_by("person__username"))
    attempts = {}
    for attempt in exam.attempts.order_by("number"):
        attempts.setdefault(attempt.assignment_id, []).append(attempt)
    page, query = paginate(request, assignments, 50)
    rows = [(assignment, attempts.get(assignment.pk, [])) for assignment in page.object_list]
    questions = exam.exam_questions.select_related("question__topic").prefetch_related("question__choices")
    return render(request, "training/exam_detail.html", {
        "exam": exam, "rows": rows, "page": page, "query": query, "questions": questions,
        "max_score": sum((eq.question.points for eq in questions), 0),
        "assign_form": AssignForm(exam=exam), "retake_form": RetakeForm()})


@require_POST
def exam_open(request, pk):
    exam = access.get_exam_to_manage(request.user, pk)
    return act(request, exam, lambda: services.exam_open(exam=exam, by=request.user),
               _("The exam is open; the people assigned were told."))


@require_POST
def exam_close(request, pk):
    exam = access.get_exam_to_manage(request.user, pk)
    return act(request, exam, lambda: services.exam_close(exam=exam, by=request.user),
               _("The exam is closed; papers under way were handed in."))


@require_POST
def exam_assign(request, pk):
    exam = access.get_exam_to_manage(request.user, pk)
    form = AssignForm(request.POST, exam=exam)
    return form_act(request, exam, form, lambda data: services.exam_assign(exam=exam, by=request.user,
                                                                           people=form.chosen(), due_at=data["due_at"]),
               lambda added: _("%(count)d people were given the exam.") % {"count": len(added)})


@require_POST
def retake_grant(request, pk):
    assignment = access.get_assignment_to_manage(request.user, pk)
    form = RetakeForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return act(request, assignment.exam, lambda: services.retake_grant(assignment=assignment, by=request.user,
                                                                       note=note),
               _("A retake was granted to %(name)s.") % {"name": assignment.person.display_name})


# Taking an exam (on a phone) ---------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def exam_take(request, pk):
    """The exam's cover page; POST starts (or resumes) the paper."""
    assignment = access.get_own_assignment(request.user, pk)
    if request.method == "POST":
        try:
            attempt = services.attempt_start(assignment=assignment, by=request.user)
        except ServiceError as refused:
            messages.error(request, refused.message)
            return redirect("training:exam_take", assignment.pk)
        return redirect("training:attempt_paper", attempt.pk)
    attempts = list(assignment.attempts.order_by("number"))
    return render(request, "training/exam_take.html", {
        "assignment": assignment, "exam": assignment.exam, "attempts": attempts,
        "running": next((a for a in attempts if a.is_in_progress()), None),
        "left": assignment.attempts_allowed() - len(attempts),
        "questions": assignment.exam.exam_questions.count()})


def _paper(attempt):
    """The questions in the paper's order with the answers saved so far (never which choice is right)."""
    questions = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("choices")}
    answers = {a.question_id: a for a in attempt.answers.prefetch_related("choices")}
    rows = []
    for number, question_id in enumerate(attempt.question_ids, start=1):
        answer = answers.get(question_id)
        rows.append({"number": number, "question": questions[question_id], "answer": answer,
                     "chosen": {c.pk for c in answer.choices.all()} if answer else set()})
    return rows


@require_safe
@never_cache
def attempt_paper(request, pk):
    attempt = access.get_own_attempt(request.user, pk)
    if not attempt.is_in_progress():
        return redirect(attempt)
    if attempt.is_past_deadline():
        try:
            services.attempt_submit(attempt=attempt, by=request.user)
        except ServiceError as refused:
            messages.error(request, refused.message)
        return redirect(attempt)
    return render(request, "training/attempt_paper.html", {"attempt": attempt, "exam": attempt.exam,
                                                           "rows": _paper(attempt)})


def _save_posted(request, attempt, question_ids):
    """Save the answers a form posted for these questions (the paper's autosave, or the final hand-in)."""
    for question_id in question_ids:
        choices = [int_or_404(value) for value in request.POST.getlist(f"q{question_id}")]
        text = request.POST.get(f"t{question_id}", "")
        if f"q{question_id}" in request.POST or f"t{question_id}" in request.POST or f"seen{question_id}" in request.POST:
            services.answer_save(attempt=attempt, by=request.user, question_id=question_id, choice_ids=choices,
                                 text_value=text)


@require_POST
def answer_save(request, pk):
    """htmx: save one question's answer as it changes; answers "saved" (or why not) in place."""
    attempt = access.get_own_attempt(request.user, pk)
    question_id = int_or_404(request.POST.get("question"))
    error = None
    try:
        _save_posted(request, attempt, [question_id])
    except ServiceError as refused:
        error = refused.message
    attempt.refresh_from_db()
    response = render(request, "training/_answer_saved.html", {"error": error, "attempt": attempt})
    if not attempt.is_in_progress():
        response["HX-Redirect"] = attempt.get_absolute_url()
    return response


@require_POST
def attempt_submit(request, pk):
    attempt = access.get_own_attempt(request.user, pk)
    try:
        _save_posted(request, attempt, attempt.question_ids)
        attempt = services.attempt_submit(attempt=attempt, by=request.user)
    except ServiceError as refused:
        messages.error(request, refused.message)
        return redirect(attempt)
    if attempt.state == Attempt.State.MARKING:
        messages.success(request, _("Handed in. The short answers are marked by hand; you will be told the result."))
    elif attempt.passed:
        messages.success(request, _("Passed: %(score)s of %(max)s.") % {
            "score": number(attempt.score), "max": number(attempt.max_score)})
    else:
        messages.warning(request, _("Not passed: %(score)s of %(max)s.") % {
            "score": number(attempt.score), "max": number(attempt.max_score)})
    return redirect(attempt)


@require_safe
def attempt_detail(request, pk):
    """The paper and its result: the person (correct answers only once handed in, if the exam shows them), the
    organiser and the person's leaders."""
    attempt = access.get_attempt_for_user(request.user, pk)
    is_person = attempt.person_id == request.user.pk
    if is_person and attempt.is_in_progress():
        return redirect("training:attempt_paper", attempt.pk)
    manager = rules.can_manage_exam(request.user, attempt.exam) or rules.leads_person(request.user, attempt.person)
    show_key = attempt.is_finished() and (manager or attempt.exam.show_answers)
    return render(request, "training/attempt_detail.html", {
        "attempt": attempt, "exam": attempt.exam, "rows": _paper(attempt), "show_key": show_key,
        "is_person": is_person, "can_mark": attempt.state == Attempt.State.MARKING
        and rules.can_mark_attempt(request.user, attempt),
        "assignment": attempt.assignment,
        "left": attempt.assignment.attempts_allowed() - attempt.assignment.attempts.count()})


@require_http_methods(["GET", "POST"])
def attempt_mark(request, pk):
    attempt = access.get_attempt_for_user(request.user, pk)
    if not rules.can_mark_attempt(request.user, attempt):
        raise Http404
    if attempt.state != Attempt.State.MARKING:
        messages.info(request, _("This paper is not waiting for marking."))
        return redirect(attempt)
    answers = list(Answer.objects.filter(attempt=attempt, question__kind=Question.Kind.SHORT, points__isnull=True)
                   .select_related("question"))
    form = mark_form(attempt, answers)(request.POST or None)
    return act(request, attempt, lambda _data: services.attempt_mark(attempt=attempt, by=request.user,
                                                                     marks=marks_from(form, answers)),
               _("Marked."), form=form, template="training/attempt_mark.html", refusal_as_message=True,
               context=lambda: {"attempt": attempt, "rows": [
                   (answer, form[f"points_{answer.question_id}"], form[f"note_{answer.question_id}"])
                   for answer in answers]})
