from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HiringConfig(AppConfig):
    """Hiring and probation (录用与试用期): a domain above staff and authz (docs/conventions.md, "Layers")."""

    name = "hiring"
    verbose_name = _("Hiring and probation")

    def ready(self):
        from approvals.subjects import register_subject
        from audit.models import register_former_type
        from staff.headcount import register_approved_beyond

        from . import home, nav, services, staffing
        from .models import HeadcountRequest, ProbationAssessment

        for model in self.get_models():  # audit entries written while hiring lived in staff (until 2026-12)
            register_former_type(model, f"staff.{model._meta.model_name}")
        nav.register()
        register_subject(HeadcountRequest.REQUEST_TYPE, check=services.headcounts.headcount_check_approval,
                         finished=services.headcounts.headcount_finalised)
        register_subject(ProbationAssessment.REQUEST_TYPE, check=services.probations.assessment_check_approval,
                         finished=services.probations.assessment_finalised)
        register_approved_beyond(staffing.approved_beyond)  # the post list's 在岗 / 编制 (+ approved beyond it)
        home.register()  # home-page work items, audit labels, the induction gate of new accounts
