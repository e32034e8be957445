"""Fetch training objects for a user or raise 404: the one way views get at them (no hint that others exist)."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import rules
from .models import (
    Assignment, Attempt, Attendance, Exam, ExternalTraining, Material, Plan, PlanItem, Question, SelfStudy, Session,
    SlideDeck, Topic,
)


def _check(allowed):
    if not allowed:
        raise Http404


def get_plan_for_user(user, pk):
    plan = get_object_or_404(Plan.objects.for_list().select_related("previous", "approval"), pk=pk)
    _check(rules.can_view_plan(user, plan))
    return plan


def get_plan_item_for_editor(user, pk):
    item = get_object_or_404(PlanItem.objects.select_related("plan__department"), pk=pk)
    _check(rules.can_edit_plan(user, item.plan))
    return item


def get_session_for_user(user, pk):
    """The session and the person's own row of its sheet (None when not on it)."""
    session = get_object_or_404(Session.objects.for_list(), pk=pk)
    own = Attendance.objects.filter(session=session, person=user).first() if user.is_authenticated else None
    _check(rules.can_view_session(user, session, own))
    return session, own


def get_session_to_manage(user, pk):
    session = get_object_or_404(Session.objects.for_list(), pk=pk)
    _check(rules.can_manage_session(user, session))
    return session


def get_material_for_user(user, pk):
    material = get_object_or_404(Material.objects.select_related("session__department"), pk=pk)
    get_session_for_user(user, material.session_id)
    return material


def get_person_for_hours(user, username):
    person = get_object_or_404(get_user_model().objects.select_related("profile__department", "profile__post"),
                               username=username)
    _check(rules.can_view_hours(user, person))
    return person


def get_self_study_for_user(user, pk):
    record = get_object_or_404(SelfStudy.objects.select_related("person", "department", "decided_by"), pk=pk)
    _check(rules.can_view_self_study(user, record))
    return record


def get_deck_for_user(user, pk):
    deck = get_object_or_404(SlideDeck.objects.select_related("person", "department"), pk=pk)
    _check(rules.can_view_slides(user, deck))
    return deck


def get_topic_to_manage(user, pk):
    topic = get_object_or_404(Topic.objects.select_related("department"), pk=pk)
    _check(rules.can_manage_exams(user, topic.department))
    return topic


def get_question_to_manage(user, pk):
    question = get_object_or_404(Question.objects.select_related("topic__department"), pk=pk)
    _check(rules.can_manage_exams(user, question.topic.department))
    return question


def get_exam_to_manage(user, pk):
    exam = get_object_or_404(Exam.objects.for_list(), pk=pk)
    _check(rules.can_manage_exam(user, exam))
    return exam


def get_assignment_to_manage(user, pk):
    assignment = get_object_or_404(Assignment.objects.for_list(), pk=pk)
    _check(rules.can_manage_exam(user, assignment.exam))
    return assignment


def get_own_assignment(user, pk):
    assignment = get_object_or_404(Assignment.objects.for_list(), pk=pk)
    _check(assignment.person_id == user.pk)
    return assignment


def get_attempt_for_user(user, pk):
    attempt = get_object_or_404(Attempt.objects.for_list().select_related("assignment", "person__profile"), pk=pk)
    _check(rules.can_view_attempt(user, attempt))
    return attempt


def get_own_attempt(user, pk):
    attempt = get_object_or_404(Attempt.objects.for_list().select_related("assignment"), pk=pk)
    _check(attempt.person_id == user.pk)
    return attempt


def get_external_for_user(user, pk):
    record = get_object_or_404(ExternalTraining.objects.for_list().select_related("approval", "plan_item"), pk=pk)
    _check(rules.can_view_external(user, record))
    return record
