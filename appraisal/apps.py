from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalConfig(AppConfig):
    name = "appraisal"
    verbose_name = _("Appraisal (绩效考核)")

    def ready(self):
        from core.home import register_pending
        from staff.services import register_leadership_handover

        from . import discipline_lines, home, services
        from .evidence import register_line_source

        register_line_source("discipline", label=_("discipline"), evidence_label=_("incident #%(id)s"),
                             propose=discipline_lines.propose, evidence_url=discipline_lines.incident_url)

        register_pending(home.pending_appraisal_work)
        register_leadership_handover(services.reviewers_hand_over)
        register_pending(home.pending_feedback_ratings)
