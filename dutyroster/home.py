"""The home page's duty work: today's duty, handovers to give and take, logs to sign, calls, visits to confirm,
swaps to answer, disputes and conflicts for the head. Each provider reads a bounded number of rows in a constant
number of queries."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.home import WorkItem
from core.permissions import is_it_staff
from leave.selectors import away_days

from .models import Assignment, DutyLog, FaultCall, Handover, PatrolVisit, Swap, TeamLeader
from .selectors import duty_departments

LIMIT = 20


def _kind():
    return pgettext("menu", "Duty")


def duty_now(user):
    """My duty running now or starting within 12 hours, with what it asks of me (the handover, the log)."""
    now = timezone.now()
    duties = (Assignment.objects.published().filter(person=user, ends_at__gt=now - datetime.timedelta(hours=2),
                                                    starts_at__lt=now + datetime.timedelta(hours=12))
              .select_related("duty_type", "handover", "log").order_by("starts_at")[:LIMIT])
    items = []
    for duty in duties:
        if duty.starts_at > now:
            title = _("Coming up: %(duty)s at %(time)s") % {"duty": duty.duty_type.name,
                                                           "time": f"{timezone.localtime(duty.starts_at):%H:%M}"}
        elif duty.ends_at > now:
            title = _("On duty now: %(duty)s until %(time)s") % {"duty": duty.duty_type.name,
                                                                "time": f"{timezone.localtime(duty.ends_at):%m-%d %H:%M}"}
        else:
            handover = getattr(duty, "handover", None)
            if not duty.duty_type.needs_handover or (handover is not None and not handover.is_recording()):
                continue
            title = _("Hand over your shift: %(duty)s") % {"duty": duty}
        items.append(WorkItem(title=title, url=reverse("duty:mine"), kind=_kind(), since=duty.starts_at))
    return items


def takeovers(user):
    handovers = (Handover.objects.filter(incoming__person=user, state=Handover.State.HANDED_OVER)
                 .select_related("outgoing__duty_type", "outgoing__person").order_by("handed_over_at")[:LIMIT])
    return [WorkItem(title=_("Take over the shift from %(name)s") % {"name": h.outgoing.person.display_name},
                     url=h.get_absolute_url(), kind=_kind(), since=h.handed_over_at) for h in handovers]


def logs_to_sign(user):
    departments = set(TeamLeader.objects.filter(person=user).values_list("department_id", flat=True))
    departments |= set(duty_departments(user).values_list("pk", flat=True))
    if not departments:
        return []
    logs = (DutyLog.objects.filter(state=DutyLog.State.SUBMITTED, assignment__roster__department_id__in=departments)
            .exclude(assignment__person=user).select_related("assignment__duty_type", "assignment__person")
            .order_by("submitted_at")[:LIMIT])
    return [WorkItem(title=_("Sign the duty log: %(shift)s") % {"shift": log.assignment}, url=log.get_absolute_url(),
                     kind=_kind(), since=log.submitted_at) for log in logs]


def my_calls(user):
    if not is_it_staff(user):
        return []
    calls = (FaultCall.objects.open().filter(taken_by=user).select_related("department")
             .order_by("received_at")[:LIMIT])
    return [WorkItem(title=_("Fault call %(number)s: %(department)s, %(summary)s") % {
                "number": call.number, "department": call.department.name, "summary": call.summary},
            url=call.get_absolute_url(), kind=_kind(), since=call.received_at, state=call.get_state_display())
            for call in calls]


def visits_to_confirm(user):
    led = list(user.headed_departments.values_list("pk", flat=True)) + list(
        user.deputised_departments.values_list("pk", flat=True))
    visits = (PatrolVisit.objects.filter(state=PatrolVisit.State.RECORDED)
              .filter(Q(department_id__in=led) | Q(area__confirmers=user)).exclude(person=user)
              .select_related("department", "person").distinct().order_by("visited_at")[:LIMIT])
    return [WorkItem(title=_("Confirm the IT visit to %(department)s by %(name)s") % {
                "department": visit.department.name, "name": visit.person.display_name},
            url=visit.get_absolute_url(), kind=_kind(), since=visit.visited_at) for visit in visits]


def swaps_to_answer(user):
    swaps = (Swap.objects.filter(colleague=user, state=Swap.State.ASKED)
             .select_related("requester", "given__duty_type").order_by("created_at")[:LIMIT])
    return [WorkItem(title=_("%(name)s asks you to take %(duty)s") % {
                "name": swap.requester.display_name, "duty": swap.given}, url=swap.get_absolute_url(), kind=_kind(),
            since=swap.created_at) for swap in swaps]


def disputes_to_resolve(user):
    departments = duty_departments(user)
    handovers = (Handover.objects.filter(state=Handover.State.DISPUTED, outgoing__roster__department__in=departments)
                 .exclude(outgoing__person=user).exclude(incoming__person=user)
                 .select_related("outgoing__duty_type", "outgoing__person").order_by("taken_over_at")[:LIMIT])
    return [WorkItem(title=_("Resolve the handover dispute: %(shift)s") % {"shift": h.outgoing},
                     url=h.get_absolute_url(), kind=_kind(), since=h.taken_over_at) for h in handovers]


def leave_on_duty_days(user):
    """Published duties in the next 31 days whose person has approved leave that day: the head finds cover."""
    departments = list(duty_departments(user))
    if not departments:
        return []
    today = timezone.localdate()
    last = today + datetime.timedelta(days=31)
    duties = list(Assignment.objects.published().filter(roster__department__in=departments, day__gte=today,
                                                        day__lte=last).select_related("duty_type", "person", "roster__department"))
    away = away_days({duty.person_id for duty in duties}, today, last)
    items = []
    for duty in duties:
        mark = away.get((duty.person_id, duty.day))
        if mark is not None and mark.approved:
            items.append(WorkItem(title=_("On leave but on duty: %(duty)s") % {"duty": duty},
                                  url=duty.roster.get_absolute_url(), kind=_kind(), state=_("Conflict")))
    return items[:LIMIT]


PENDING = [duty_now, takeovers, logs_to_sign, my_calls, visits_to_confirm, swaps_to_answer, disputes_to_resolve,
           leave_on_duty_days]
