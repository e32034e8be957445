from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Approvals")

    def ready(self):
        from audit.labels import register
        from audit.models import register_former_type
        from core.home import register_my_requests, register_pending
        from core.workdays import register_dependent

        from . import home, nav, services
        from .models import ApprovalRequest

        nav.register()
        register_former_type(ApprovalRequest, "approvals.request")  # its name until 2026-12

        register_pending(home.pending_approvals)
        register_my_requests(home.open_requests)
        register_dependent(name="approvals", task="approvals.tasks.recount_deadlines",
                           preview=services.deadlines_recount_preview)
        register({
            "approvals.request.create": _("created the request"),
            "approvals.request.submit": _("submitted"),
            "approvals.request.approve": _("request approved"),
            "approvals.request.reject": _("request rejected"),
            "approvals.request.return": _("returned for changes"),
            "approvals.request.withdraw": _("withdrew the request"),
            "approvals.step.approve": _("approved"),
            "approvals.step.reject": _("rejected"),
            "approvals.step.return": _("returned"),
            "approvals.step.remind": _("reminder sent"),
            "approvals.step.escalate": _("escalated to the fallback approver"),
            "approvals.request.close": _("closed: the applicant left or moved"),
            "approvals.step.reassign": _("reassigned: the approver left or moved"),
            "approvals.delegation.create": _("delegated approvals"),
            "approvals.delegation.end": _("ended a delegation of approvals"),
        })
