from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the audit log shows for each of the app's actions (audit.labels; tests/audit/test_labels.py checks all have one).
AUDIT_LABELS = {
    "appraisal.template.revise": _("revised the appraisal template"),
    "appraisal.month.open": _("opened the month's scorecards"),
    "appraisal.month.rollup": _("rolled up the month's results"),
    "appraisal.scorecard.reviewer": _("changed the scorecard's reviewer"),
    "appraisal.scorecard.self_save": _("saved the self-assessment"),
    "appraisal.scorecard.submit": _("submitted the self-assessment"),
    "appraisal.scorecard.review_save": _("saved the review"),
    "appraisal.scorecard.review_without_self": _("reviewed without a self-assessment"),
    "appraisal.scorecard.return": _("returned the scorecard for changes"),
    "appraisal.scorecard.review_confirm": _("confirmed the review"),
    "appraisal.scorecard.acknowledge": _("acknowledged the result"),
    "appraisal.scorecard.dispute": _("disputed the result"),
    "appraisal.scorecard.reopen": _("reopened the scorecard"),
    "appraisal.scorecard.attach": _("attached a page to the scorecard"),
    "appraisal.scorecard.detach": _("removed a page from the scorecard"),
    "appraisal.adjustment.add": _("added a bonus or deduction"),
    "appraisal.adjustment.remove": _("removed a bonus or deduction"),
    "appraisal.adjustment.decide": _("decided on a bonus or deduction"),
    "appraisal.export.request": _("asked for a scorecard export"),
    "appraisal.feedback.open": _("opened a 360° round"),
    "appraisal.feedback.rater_add": _("added a 360° rater"),
    "appraisal.feedback.rater_remove": _("removed a 360° rater"),
    "appraisal.feedback.answer": _("answered a 360° rating"),
    "appraisal.feedback.close": _("closed a 360° round"),
}


class AppraisalConfig(AppConfig):
    name = "appraisal"
    verbose_name = _("Appraisal (绩效考核)")

    def ready(self):
        from audit.labels import register as register_labels
        from core.home import register_pending
        from staff.services import register_leadership_handover

        from . import discipline_lines, home, nav, services
        from .evidence import register_line_source

        nav.register()
        register_labels(AUDIT_LABELS)
        register_line_source("discipline", label=_("discipline"), evidence_label=_("incident #%(id)s"),
                             propose=discipline_lines.propose, evidence_url=discipline_lines.incident_url)

        register_pending(home.pending_appraisal_work)
        register_leadership_handover(services.reviewers_hand_over)
        register_pending(home.pending_feedback_ratings)
