"""The home page's lists: returns to record (the person), overdue returns (leaders)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.home import WorkItem

from .models import Lateness, LeaveRequest
from .selectors import led_departments

LIMIT = 20


def pending_return(user):
    """The person's approved leave that has begun: mark the return when back (one query)."""
    today = timezone.localdate()
    leaves = (LeaveRequest.objects.filter(person=user, state=LeaveRequest.State.APPROVED, starts_on__lte=today)
              .select_related("person", "leave_type").order_by("starts_on")[:LIMIT])
    return [WorkItem(title=_("Record your return to work: %(type)s, %(period)s") % {
                "type": leave.leave_type.name, "period": leave.period_text()},
            url=leave.get_absolute_url(), kind=_("Leave"), since=leave.updated_at, state=leave.get_state_display())
            for leave in leaves]


def overdue_for_leaders(user):
    """Leave past its end with no return recorded, of people this person leads or supervises (one query)."""
    today = timezone.localdate()
    leaves = (LeaveRequest.objects.filter(state=LeaveRequest.State.APPROVED, ends_on__lt=today)
              .filter(Q(department__in=led_departments(user).values("pk")) | Q(person__profile__supervisor=user))
              .exclude(person=user).select_related("person", "leave_type").order_by("ends_on")[:LIMIT])
    return [WorkItem(title=_("No return recorded: %(name)s, %(type)s until %(date)s") % {
                "name": leave.person.display_name, "type": leave.leave_type.name, "date": leave.ends_on.isoformat()},
            url=leave.get_absolute_url(), kind=_("Leave"), since=leave.updated_at, state=_("Overdue"), due=leave.ends_on)
            for leave in leaves]


def lateness_to_decide(user):
    """Lateness no fine covers, in the departments this person leads, waiting for their decision (one query)."""
    latenesses = (Lateness.objects.awaiting_decision().filter(department__in=led_departments(user).values("pk"))
                  .exclude(person=user).select_related("person").order_by("occurred_on")[:LIMIT])
    return [WorkItem(title=_("Decide on the lateness of %(name)s: %(summary)s") % {
                "name": lateness.person.display_name, "summary": lateness.summary()},
            url=lateness.get_absolute_url(), kind=_("Attendance"), since=lateness.created_at,
            state=lateness.get_decision_display())
            for lateness in latenesses]
