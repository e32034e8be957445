"""Fetch an object for a user or raise 404: the one way views get at authorization objects."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from approvals.access import get_request_for_user

from .models import (
    AccessReview,
    AccessReviewItem,
    AccountRequest,
    AuthzRequest,
    ExternalAccess,
    KeyActivity,
    PrivilegedChange,
    Revocation,
)
from .rules import can_review_access, can_view_all_grants, can_view_authz_request


def _subject(queryset, user, pk):
    subject = get_object_or_404(queryset, pk=pk)
    if not can_view_authz_request(user, subject):
        raise Http404
    return subject


def get_account_request_for_user(user, pk):
    return _subject(AccountRequest.objects.for_list().select_related("approval__request_type", "executed_by"), user, pk)


def get_revocation_for_user(user, pk):
    return _subject(Revocation.objects.for_list().select_related("approval__request_type", "person__profile"), user, pk)


def get_change_for_user(user, pk):
    return _subject(PrivilegedChange.objects.for_list().select_related("approval__request_type"), user, pk)


def get_external_for_user(user, pk):
    return _subject(ExternalAccess.objects.for_list().select_related("approval__request_type"), user, pk)


def get_activity_for_user(user, pk):
    return _subject(KeyActivity.objects.for_list().select_related("approval__request_type", "approval__department"),
                    user, pk)


def get_subject_for_user(user, approval_pk):
    """The authorization request behind an approval request (for submit and withdraw), or 404."""
    approval = get_request_for_user(user, approval_pk)
    subject = approval.subject
    if not isinstance(subject, AuthzRequest) or subject.approval_id != approval.pk:
        raise Http404
    return subject


def can_see_review(user, review):
    return can_review_access(user, review) or can_view_all_grants(user)


def get_review_for_user(user, pk):
    review = get_object_or_404(AccessReview.objects.select_related("department__head", "department__deputy",
                                                                   "reviewer", "completed_by"), pk=pk)
    if not can_see_review(user, review):
        raise Http404
    return review


def get_review_item_for_user(user, pk):
    item = get_object_or_404(AccessReviewItem.objects.select_related("review__department"), pk=pk)
    if not can_see_review(user, item.review):
        raise Http404
    return item
