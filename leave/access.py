"""Fetch leave objects for a user or raise 404: the one way views get at them."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from core import permissions

from .models import Lateness, LeaveRequest


def get_leave_for_user(user, pk):
    """Someone else's leave is "not found" for those who may not see it (no hint that it exists)."""
    leave = get_object_or_404(
        LeaveRequest.objects.for_list().select_related("person__profile__supervisor", "cover_named_by",
                                                       "returned_recorded_by", "department__head",
                                                       "department__deputy"), pk=pk)
    if not permissions.can_view_leave(user, leave):
        raise Http404
    return leave


def get_lateness_for_user(user, pk):
    """The person, the leaders of their department and HR see a lateness; for anyone else it does not exist."""
    lateness = get_object_or_404(Lateness.objects.for_list(), pk=pk)
    if not (user.pk == lateness.person_id or permissions.leads_department(user, lateness.department)
            or permissions.is_hr(user)):
        raise Http404
    return lateness
