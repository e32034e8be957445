"""Training plans, hours and exams (教育培训), including the induction exam that gates system access."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIT_LABELS = {
    "training.plan.create": _("drew up a training plan"),
    "training.plan.update": _("changed the training plan"),
    "training.plan.item_add": _("added a plan item"),
    "training.plan.item_change": _("changed a plan item"),
    "training.plan.item_remove": _("removed a plan item"),
    "training.plan.discard": _("discarded the draft plan"),
    "training.plan.revise": _("drew up a revision of the plan"),
    "training.plan.submit": _("submitted the plan for approval"),
    "training.plan.approved": _("plan approved"),
    "training.plan.rejected": _("plan rejected"),
    "training.plan.withdrawn": _("plan withdrawn"),
    "training.plan.superseded": _("plan replaced by the approved revision"),
    "training.session.schedule": _("scheduled a training session"),
    "training.session.update": _("changed the training session"),
    "training.session.invite": _("added people to the session"),
    "training.session.cancel": _("cancelled the training session"),
    "training.session.close": _("closed the attendance"),
    "training.attendance.sign_in": _("signed in with the QR code"),
    "training.attendance.mark": _("ticked the attendance sheet"),
    "training.material.add": _("added a training material"),
    "training.material.remove": _("removed a training material"),
    "training.survey.answer": _("answered the satisfaction survey"),
    "training.self_study.record": _("recorded self-study"),
    "training.self_study.decide": _("decided on self-study"),
    "training.slides.upload": _("uploaded the month's slides"),
    "training.hours.remind": _("reminded people behind on training hours"),
    "training.topic.create": _("added a question bank topic"),
    "training.question.create": _("added a question"),
    "training.question.update": _("changed a question"),
    "training.question.retire": _("retired a question"),
    "training.exam.create": _("created an exam"),
    "training.exam.update": _("changed the exam"),
    "training.exam.questions": _("chose the exam's questions"),
    "training.exam.open": _("opened the exam"),
    "training.exam.close": _("closed the exam"),
    "training.exam.assign": _("gave the exam to people"),
    "training.induction.assign": _("gave a new hire the induction exam"),
    "training.attempt.start": _("started an exam paper"),
    "training.attempt.submit": _("handed in an exam paper"),
    "training.attempt.mark": _("marked the short answers"),
    "training.attempt.result": _("exam result"),
    "training.retake.grant": _("granted a retake"),
    "training.external.create": _("asked for external training"),
    "training.external.update": _("changed the external training request"),
    "training.external.approved": _("external training approved"),
    "training.external.rejected": _("external training rejected"),
    "training.external.withdrawn": _("external training withdrawn"),
    "training.external.report": _("handed in the certificate"),
    "training.external.confirm": _("confirmed the external training hours"),
}


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training (教育培训)")

    def ready(self):
        from appraisal.evidence import register_line_source
        from approvals.executors import register_execute_bar
        from approvals.subjects import register_subject
        from audit.labels import register as register_labels
        from core.home import register_pending

        from . import evidence, home, nav, selectors, signals  # noqa: F401  (signals: a new probation gets the induction exam)
        from .models import ExternalTraining, Plan
        from .services import external, plans

        register_subject(Plan.REQUEST_TYPE, finished=plans.plan_decided)
        register_subject(ExternalTraining.REQUEST_TYPE, finished=external.external_decided)
        register_line_source("training", label=pgettext_lazy("scorecard line source", "training"),
                             evidence_label=_("training records #%(id)s"), propose=evidence.appraisal_lines,
                             evidence_url=evidence.appraisal_line_url, facts=evidence.appraisal_facts)

        nav.register()
        register_execute_bar("induction", people=selectors.without_induction,
                             message=_("You have not passed the induction exam yet: a colleague carries this out."))
        register_pending(home.exams_to_take)
        register_pending(home.surveys_to_answer)
        register_pending(home.certificates_to_hand_in)
        register_pending(home.work_for_leaders)
        register_labels(AUDIT_LABELS)
