"""Fetch leave objects for a user or raise 404: the one way views get at them."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from core import permissions

from .models import LeaveRequest


def get_leave_for_user(user, pk):
    """Someone else's leave is "not found" for those who may not see it (no hint that it exists)."""
    leave = get_object_or_404(
        LeaveRequest.objects.for_list().select_related("person__profile__supervisor", "cover_named_by",
                                                       "returned_recorded_by", "department__head",
                                                       "department__deputy"), pk=pk)
    if not permissions.can_view_leave(user, leave):
        raise Http404
    return leave
