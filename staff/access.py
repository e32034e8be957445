"""Fetch an object for a user or raise 404: the one way views get at staff objects."""

from django.http import Http404
from django.shortcuts import get_object_or_404


from .models import Post, StaffDocument, StaffProfile
from .rules import can_edit_profile, can_see_documents


def get_profile_for_user(user, username):
    # The directory is hospital-wide: every signed-in person may see a profile (masked).
    return get_object_or_404(StaffProfile.objects.for_list(), user__username=username)


def get_editable_profile_for_user(user, username):
    profile = get_profile_for_user(user, username)
    if not can_edit_profile(user, profile):
        raise Http404
    return profile


def get_document_for_user(user, document_id):
    document = get_object_or_404(StaffDocument.objects.select_related("profile"), pk=document_id)
    if not can_see_documents(user, document.profile):
        raise Http404
    return document


def get_post(code):
    return get_object_or_404(Post, code=code)
