"""Fetch discipline objects for a user or raise 404: the one way views get at them."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from staff.models import Department, User

from .models import Incident
from .rules import can_see_department_statement, can_see_incident, can_see_person_statement


def get_incident_for_user(user, pk):
    """Someone else's incident is "not found" for those who may not see it (no hint that it exists)."""
    incident = get_object_or_404(Incident.objects.for_list().select_related("recorded_by", "decided_by"), pk=pk)
    if not can_see_incident(user, incident):
        raise Http404
    return incident


def get_person_for_statement(user, username):
    person = get_object_or_404(User.objects.select_related("profile__department"), username=username)
    if not can_see_person_statement(user, person):
        raise Http404
    return person


def get_department_for_statement(user, code):
    department = get_object_or_404(Department, code=code)
    if not can_see_department_statement(user, department):
        raise Http404
    return department
