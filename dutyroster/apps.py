"""The duty roster (值班) and what happens on duty: handovers (交接班), logs and registers, fault calls (报修),
patrols (包片区) and overtime (加班)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIT_LABELS = {
    "dutyroster.roster.open": _("opened a duty roster"),
    "dutyroster.roster.draft": _("drafted the duty roster from the rotations"),
    "dutyroster.roster.publish": _("published the duty roster"),
    "dutyroster.assignment.add": _("added a duty"),
    "dutyroster.assignment.remove": _("removed a duty"),
    "dutyroster.assignment.reassign": _("gave a duty to someone else"),
    "dutyroster.rotation.save": _("saved a rotation"),
    "dutyroster.swap.ask": _("asked for a duty swap"),
    "dutyroster.swap.accept": _("accepted a duty swap"),
    "dutyroster.swap.decline": _("declined a duty swap"),
    "dutyroster.swap.withdraw": _("withdrew a duty swap"),
    "dutyroster.swap.approved": _("duty swap approved"),
    "dutyroster.swap.rejected": _("duty swap rejected"),
    "dutyroster.swap.withdrawn": _("duty swap withdrawn"),
    "dutyroster.feed.create": _("made a calendar link"),
    "dutyroster.feed.revoke": _("revoked a calendar link"),
    "dutyroster.handover.start": _("started a shift handover"),
    "dutyroster.handover.item_add": _("added a handover item"),
    "dutyroster.handover.item_update": _("changed a handover count"),
    "dutyroster.handover.item_remove": _("removed a handover item"),
    "dutyroster.handover.hand_over": _("handed the shift over"),
    "dutyroster.handover.item_check": _("checked a handover count"),
    "dutyroster.handover.take_over": _("took the shift over"),
    "dutyroster.handover.omission": _("reported an item left out of the handover"),
    "dutyroster.handover.resolve": _("resolved a handover dispute"),
    "dutyroster.log.entry": _("wrote in the duty log"),
    "dutyroster.log.submit": _("submitted the duty log"),
    "dutyroster.log.sign": _("signed the duty log"),
    "dutyroster.log.return": _("sent the duty log back"),
    "dutyroster.register.entry": _("recorded a register entry"),
    "dutyroster.register.sign": _("signed a register entry"),
    "dutyroster.loan.lend": _("lent equipment"),
    "dutyroster.loan.return": _("took lent equipment back"),
    "dutyroster.call.record": _("recorded a fault call"),
    "dutyroster.call.respond": _("responded to a fault call"),
    "dutyroster.call.start": _("started handling a fault call"),
    "dutyroster.call.resolve": _("resolved a fault call"),
    "dutyroster.call.assign": _("handed a fault call to a colleague"),
    "dutyroster.call.cancel": _("cancelled a fault call"),
    "dutyroster.complaint.record": _("recorded a complaint"),
    "dutyroster.complaint.decide": _("checked a complaint"),
    "dutyroster.patrol.visit": _("recorded a patrol visit"),
    "dutyroster.patrol.confirm": _("answered a patrol visit"),
    "dutyroster.overtime.record": _("recorded overtime"),
    "dutyroster.overtime.withdraw": _("withdrew overtime"),
    "dutyroster.breach.record": _("recorded a breach on duty"),
    "dutyroster.finding.record": _("recorded a duty finding"),
    "dutyroster.finding.dismiss": _("dismissed a duty finding"),
}


class DutyrosterConfig(AppConfig):
    name = "dutyroster"
    verbose_name = _("Duty roster (值班)")

    def ready(self):
        from appraisal.evidence import register_line_source
        from approvals.subjects import register_subject
        from audit.labels import register as register_labels
        from core.home import register_pending
        from discipline.sources import register_source

        from . import home, nav
        from .models import Swap
        from .selectors import finding_url, incident_evidence, scorecard_lines
        from .services import swaps

        nav.register()
        for provider in home.PENDING:
            register_pending(provider)
        register_labels(AUDIT_LABELS)
        register_source("dutyroster", incident_evidence)
        register_subject(Swap.REQUEST_TYPE, check=swaps.swap_check, finished=swaps.swap_finished)
        register_line_source("dutyroster", label=pgettext_lazy("scorecard line source", "duty"), evidence_label=_("duty finding #%(id)s"),
                             propose=scorecard_lines, evidence_url=finding_url)
