"""The fine and point schedules (考核办法), incidents, appeals and monthly statements."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the audit log shows for each of the app's actions (audit.labels; tests/audit/test_labels.py checks all have one).
AUDIT_LABELS = {
    "discipline.incident.record": _("recorded an incident"),
    "discipline.incident.propose": _("proposed an incident"),
    "discipline.incident.settle": _("recorded a deduction settled by an approval"),
    "discipline.incident.confirm": _("confirmed the incident"),
    "discipline.incident.void": _("voided the incident"),
    "discipline.incident.acknowledge": _("acknowledged the incident"),
    "discipline.incident.appeal": _("appealed the incident"),
    "discipline.incident.uphold": _("upheld the incident on appeal"),
    "discipline.incident.reduce": _("reduced the incident on appeal"),
    "discipline.incident.cancel": _("cancelled the incident on appeal"),
    "discipline.incident.recalculate": _("recalculated the incident's fine and points"),
    "discipline.revision.clone": _("copied a schedule revision into a draft"),
    "discipline.revision.publish": _("published a schedule revision"),
}


class DisciplineConfig(AppConfig):
    name = "discipline"
    verbose_name = _("Discipline (考核)")

    def ready(self):
        from audit.labels import register as register_labels
        from core.home import register_my_requests, register_pending

        from . import home, nav

        nav.register()
        register_labels(AUDIT_LABELS)
        register_pending(home.pending_for_reviewer)
        register_pending(home.pending_for_person)
        register_my_requests(home.my_appeals)
