"""Fetch duty objects for a user or raise 404: the one way views get at them (someone else's is "not found")."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from . import rules
from .models import (Assignment, Complaint, DutyLog, FaultCall, Finding, Handover, HandoverItem, PatrolArea,
                     PatrolVisit, RegisterBook, RegisterEntry, Roster, Swap)


def get_roster_for_user(user, pk, plan=False):
    roster = get_object_or_404(Roster.objects.select_related("department"), pk=pk)
    allowed = rules.can_plan_roster(user, roster.department) if plan else rules.can_view_roster(user, roster)
    if not allowed:
        raise Http404
    return roster


def get_assignment_for_user(user, pk):
    assignment = get_object_or_404(Assignment.objects.for_list().select_related("person__profile"), pk=pk)
    if not assignment.roster.is_published() and not rules.can_plan_roster(user, assignment.roster.department):
        raise Http404
    if not rules.can_view_assignment(user, assignment):
        raise Http404
    return assignment


def get_handover_for_user(user, pk):
    handover = get_object_or_404(Handover.objects.select_related(
        "outgoing__duty_type", "outgoing__person", "outgoing__roster__department", "incoming__duty_type",
        "incoming__person", "taken_over_by", "resolved_by"), pk=pk)
    if not rules.can_view_duty_records(user, handover.outgoing.roster.department):
        raise Http404
    return handover


def get_handover_item_for_user(user, pk):
    item = get_object_or_404(HandoverItem, pk=pk)
    return item, get_handover_for_user(user, item.handover_id)


def get_log_shift_for_user(user, pk):
    """A shift whose log is read or written: the department's staff, leaders and team leaders."""
    assignment = get_object_or_404(Assignment.objects.for_list(), pk=pk)
    if not assignment.duty_type.needs_log or not assignment.roster.is_published():
        raise Http404
    if not rules.can_view_duty_records(user, assignment.roster.department):
        raise Http404
    return assignment


def get_log_for_user(user, assignment_pk):
    assignment = get_log_shift_for_user(user, assignment_pk)
    return get_object_or_404(DutyLog.objects.select_related("signed_by"), assignment=assignment)


def get_register_for_user(user, code):
    book = get_object_or_404(RegisterBook, code=code, is_active=True)
    if not rules.can_handle_calls(user) and not _leads_it(user):
        raise Http404
    return book


def get_register_entry_for_user(user, pk):
    entry = get_object_or_404(RegisterEntry.objects.select_related("department", "book"), pk=pk)
    if not rules.can_view_duty_records(user, entry.department):
        raise Http404
    return entry


def _leads_it(user):
    from staff.models import Department

    return any(rules.can_plan_roster(user, department) for department in Department.objects.filter(
        kind=Department.Kind.IT))


def get_call_for_user(user, pk):
    call = get_object_or_404(FaultCall.objects.for_list(), pk=pk)
    if not rules.can_view_call(user, call):
        raise Http404
    return call


def get_complaint_for_user(user, pk):
    complaint = get_object_or_404(Complaint.objects.select_related("person__profile__department", "department",
                                                                   "call", "recorded_by", "decided_by"), pk=pk)
    if not rules.can_view_complaint(user, complaint):
        raise Http404
    return complaint


def get_area_for_user(user, pk):
    area = get_object_or_404(PatrolArea.objects.select_related("person"), pk=pk, is_active=True)
    if not rules.can_record_visit(user, area):
        raise Http404
    return area


def get_visit_for_user(user, pk):
    visit = get_object_or_404(PatrolVisit.objects.select_related("area", "department", "person__profile__department",
                                                                 "confirmed_by"), pk=pk)
    if not rules.can_view_visit(user, visit):
        raise Http404
    return visit


def get_finding_for_user(user, pk):
    finding = get_object_or_404(Finding.objects.for_list().select_related("incident__rule"), pk=pk)
    if not rules.can_view_finding(user, finding):
        raise Http404
    return finding


def get_swap_for_user(user, pk):
    swap = get_object_or_404(Swap.objects.select_related(
        "requester", "colleague", "given__duty_type", "given__roster__department", "taken__duty_type"), pk=pk)
    if user.pk not in (swap.requester_id, swap.colleague_id) and not rules.can_plan_roster(
            user, swap.given.roster.department):
        raise Http404
    return swap
