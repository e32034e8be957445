"""Fetch leave objects for a user or raise 404: the one way views get at them."""

from django.http import Http404
from django.shortcuts import get_object_or_404


from .models import Lateness, LeaveRequest
from .rules import can_view_leave

from core.roles import is_hr
from staff.rules import leads_department


def get_leave_for_user(user, pk):
    """Someone else's leave is "not found" for those who may not see it (no hint that it exists)."""
    leave = get_object_or_404(
        LeaveRequest.objects.for_list().select_related("person__profile__supervisor", "cover_named_by",
                                                       "returned_recorded_by", "department__head",
                                                       "department__deputy"), pk=pk)
    if not can_view_leave(user, leave):
        raise Http404
    return leave


def get_lateness_for_user(user, pk):
    """The person, the leaders of their department and HR see a lateness; for anyone else it does not exist."""
    lateness = get_object_or_404(Lateness.objects.for_list(), pk=pk)
    if not (user.pk == lateness.person_id or leads_department(user, lateness.department)
            or is_hr(user)):
        raise Http404
    return lateness
