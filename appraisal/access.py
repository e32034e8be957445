"""Fetch appraisal objects for a user or raise 404: the one way views get at them."""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from staff.models import Department, StaffProfile

from .models import Adjustment, ExportJob, Scorecard
from .rules import (
    can_answer_feedback, can_export_scorecards, can_manage_feedback_round, can_reopen_scorecard, can_self_assess, can_view_all_scorecards, can_view_department_appraisal, can_view_feedback_round, can_view_person_appraisal, can_view_scorecard, reviews_scorecard,
)


def get_scorecard_for_user(user, pk):
    """A scorecard the person may read (their own, one they review, or any for HR), with its figures."""
    scorecard = get_object_or_404(Scorecard.objects.with_figures(), pk=pk)
    if not can_view_scorecard(user, scorecard):
        raise Http404
    return scorecard


def _scorecard_if(user, pk, allowed):
    scorecard = get_scorecard_for_user(user, pk)
    if not allowed(user, scorecard):
        raise Http404
    return scorecard


def get_scorecard_for_self_assessment(user, pk):
    """The person's own scorecard (their self-assessment, acknowledgement or dispute)."""
    return _scorecard_if(user, pk, can_self_assess)


def get_scorecard_for_review(user, pk):
    return _scorecard_if(user, pk, reviews_scorecard)


def get_scorecard_for_reopen(user, pk):
    return _scorecard_if(user, pk, can_reopen_scorecard)


def get_adjustment_for_review(user, scorecard_pk, pk):
    scorecard = get_scorecard_for_review(user, scorecard_pk)
    adjustment = get_object_or_404(Adjustment, pk=pk, scorecard=scorecard)
    adjustment.scorecard = scorecard
    return adjustment


def require_exporter(user):
    if not can_export_scorecards(user):
        raise Http404


def get_export_job_for_user(user, pk):
    require_exporter(user)
    return get_object_or_404(ExportJob.objects.select_related("department", "requested_by"), pk=pk)


def get_department_for_appraisal(user, code):
    department = get_object_or_404(Department.objects.select_related("head"), code=code)
    if not can_view_department_appraisal(user, department):
        raise Http404
    return department


def departments_for_appraisal(user):
    """The departments whose month overview this person may open: all for HR, the ones they lead."""
    if can_view_all_scorecards(user):
        # a semi-join, not a DISTINCT over the join of every scorecard: the list's "is there one" stops at the first
        has_scorecards = Exists(Scorecard.objects.filter(department=OuterRef("pk")))
        return Department.objects.filter(has_scorecards).order_by("sort_order", "name")
    return Department.objects.filter(Q(head=user) | Q(deputy=user)).order_by("sort_order", "name")


def get_profile_for_appraisal(user, username):
    profile = get_object_or_404(StaffProfile.objects.select_related("user", "department"), user__username=username)
    if not can_view_person_appraisal(user, profile):
        raise Http404
    return profile


def list_links(user, *, sees_all, shows_scorecards):
    """(may open a month overview, may open the 360° rounds): the scorecard list's two buttons, in at most one query.
    Whoever sees all: the rounds always, an overview when a department has scorecards (a page of them shows it).
    Anyone else: departments_for_appraisal() and feedback_departments(), both among the departments they head or
    deputise, read together."""
    if sees_all:
        return shows_scorecards or departments_for_appraisal(user).exists(), True
    heads = list(departments_for_appraisal(user).values_list("head_id", flat=True))
    return bool(heads), user.pk in heads


# --- 360° appraisal -------------------------------------------------------------------------------------

def feedback_departments(user):
    """The departments whose 360° round this person opens: the ones they head."""
    if not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.filter(head=user).order_by("sort_order", "name")


def feedback_rounds_for(user):
    """The rounds whose page this person opens: all for HR, the departments they head."""
    from .models import FeedbackRound

    rounds = FeedbackRound.objects.select_related("department", "opened_by")
    if can_view_all_scorecards(user):
        return rounds
    return rounds.filter(department__head=user)


def get_feedback_round_for_user(user, pk):
    from .models import FeedbackRound

    feedback_round = get_object_or_404(FeedbackRound.objects.select_related("department", "opened_by"), pk=pk)
    if not can_view_feedback_round(user, feedback_round):
        raise Http404
    return feedback_round


def get_feedback_round_for_manager(user, pk):
    feedback_round = get_feedback_round_for_user(user, pk)
    if not can_manage_feedback_round(user, feedback_round):
        raise Http404
    return feedback_round


def get_feedback_request_for_manager(user, round_pk, pk):
    from .models import FeedbackRequest

    feedback_round = get_feedback_round_for_manager(user, round_pk)
    request = get_object_or_404(FeedbackRequest.objects.select_related("subject", "rater"), pk=pk,
                                round=feedback_round)
    request.round = feedback_round
    return request


def get_feedback_request_for_rater(user, pk):
    """A rating request of this rater's own; anybody else's is 404 (the person appraised included)."""
    from .models import FeedbackRequest

    request = get_object_or_404(FeedbackRequest.objects.select_related("round__department", "subject"), pk=pk)
    if not can_answer_feedback(user, request):
        raise Http404
    return request
