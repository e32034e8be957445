"""Leave requests (请假/离岗) on China's working-day calendar."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AUDIT_LABELS = {
    "leave.request.apply": _("asked for leave"),
    "leave.request.resubmit": _("corrected and resubmitted the leave request"),
    "leave.request.approved": _("leave approved"),
    "leave.request.rejected": _("leave rejected"),
    "leave.request.withdrawn": _("leave request withdrawn"),
    "leave.request.cover": _("named the cover"),
    "leave.request.cancel": _("cancelled the leave"),
    "leave.request.return": _("recorded the return to work"),
    "leave.absence.record": _("recorded an absence without approval"),
    "leave.lateness.record": _("recorded a lateness or early leave"),
    "leave.lateness.decide": _("decided on a lateness no fine covers"),
    "leave.lateness.cancel": _("cancelled a lateness"),
    "leave.balance.set": _("set the annual leave"),
    "leave.balance.open_year": _("opened the year's annual leave"),
    "leave.request.recount": _("recounted on the official calendar"),
    "leave.request.recount_flagged": _("official count held back for a decision"),
}


class LeaveConfig(AppConfig):
    name = "leave"
    verbose_name = _("Leave (请假)")

    def ready(self):
        from approvals.subjects import register_subject
        from audit.labels import register as register_labels
        from core.home import register_pending
        from core.workdays import register_dependent
        from discipline.selectors import register_absence_days

        from . import home, selectors, services
        from .models import LeaveRequest

        register_subject(LeaveRequest.REQUEST_TYPE, context=services.leave_chain_facts,
                         check=services.leave_check_final_step, finished=services.leave_decided)

        register_pending(home.pending_return)
        register_pending(home.overdue_for_leaders)
        register_pending(home.lateness_to_decide)
        register_absence_days(selectors.absence_days)
        register_labels(AUDIT_LABELS)
        register_dependent(name="leave", task="leave.tasks.recount_year", preview=services.recount_preview)
