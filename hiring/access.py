"""Fetch hiring objects for a user or raise 404, and the querysets each person may list."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from approvals.rules import can_view_any_request
from core.roles import is_hr
from staff.models import StaffProfile

from .rules import (
    can_manage_hiring, can_see_candidate_files, can_view_headcount, can_view_posting, can_view_probation, is_on_panel,
)
from .models import Candidate, CandidateAttachment, HeadcountRequest, OnboardingItem, Posting, Probation


def led_department_ids(user):
    return set(user.headed_departments.values_list("pk", flat=True)) | set(
        user.deputised_departments.values_list("pk", flat=True))


def visible_headcounts(user):
    requests = HeadcountRequest.objects.select_related("department", "post", "requested_by", "approval")
    if is_hr(user) or can_view_any_request(user):
        return requests
    return requests.filter(Q(department_id__in=led_department_ids(user)) | Q(requested_by=user))


def visible_postings(user):
    postings = Posting.objects.select_related("department", "post")
    if is_hr(user):
        return postings
    return postings.filter(Q(department_id__in=led_department_ids(user)) | Q(panel=user)).distinct()


def visible_candidates(user):
    candidates = Candidate.objects.for_list()
    if is_hr(user):
        return candidates
    return candidates.filter(posting__in=visible_postings(user).values("pk"))


def visible_probations(user):
    probations = Probation.objects.for_list().order_by("state", "ends_on", "pk")  # running ones first
    if is_hr(user):
        return probations
    return probations.filter(Q(profile__department_id__in=led_department_ids(user)) | Q(profile__supervisor=user))


def get_headcount_for_user(user, pk):
    headcount = get_object_or_404(
        HeadcountRequest.objects.select_related("department__head", "department__deputy", "post", "requested_by",
                                                "approval__request_type"), pk=pk)
    if not can_view_headcount(user, headcount):
        raise Http404
    return headcount


def get_posting_for_user(user, pk):
    posting = get_object_or_404(
        Posting.objects.select_related("department__head", "department__deputy", "post", "headcount_request"), pk=pk)
    if not can_view_posting(user, posting):
        raise Http404
    return posting


def get_candidate_for_user(user, pk):
    candidate = get_object_or_404(
        Candidate.objects.select_related("posting__department__head", "posting__department__deputy", "posting__post",
                                         "registered_by", "screened_by", "offered_by", "closed_by", "hired_user"),
        pk=pk)
    if not can_view_posting(user, candidate.posting):
        raise Http404
    return candidate


def get_managed_candidate(user, pk):
    """A candidate for an HR action: anyone else gets 404, as if it did not exist."""
    candidate = get_candidate_for_user(user, pk)
    if not can_manage_hiring(user):
        raise Http404
    return candidate


def get_panel_candidate(user, pk):
    candidate = get_candidate_for_user(user, pk)
    if not is_on_panel(user, candidate.posting):
        raise Http404
    return candidate


def get_attachment_for_user(user, pk):
    attachment = get_object_or_404(CandidateAttachment.objects.select_related("candidate__posting"), pk=pk)
    if not can_see_candidate_files(user, attachment.candidate):
        raise Http404
    return attachment


def get_onboarding_item_for_user(user, pk):
    item = get_object_or_404(OnboardingItem.objects.select_related("candidate__posting"), pk=pk)
    if not can_manage_hiring(user):
        raise Http404
    return item


def get_probation_for_user(user, pk):
    probation = get_object_or_404(
        Probation.objects.select_related("profile__user", "profile__department__head", "profile__department__deputy",
                                         "profile__post", "profile__supervisor", "candidate__posting"), pk=pk)
    if not can_view_probation(user, probation):
        raise Http404
    return probation


def untracked_probationers():
    """Staff in status probation whose probation is not tracked yet (hired before the pipeline)."""
    return StaffProfile.objects.for_list().filter(status=StaffProfile.Status.PROBATION).exclude(
        probations__state=Probation.State.ACTIVE)
