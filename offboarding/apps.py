"""Departure and transfer handover (离岗交接): checklist, successor confirmation, revocation, HR's completion."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffboardingConfig(AppConfig):
    name = "offboarding"
    verbose_name = _("Offboarding and transfer (离岗交接)")

    def ready(self):
        from audit.labels import register
        from core.home import register_my_requests, register_pending

        from . import gates, home, nav  # noqa: F401 - gates registers into authz's BEFORE_REVOCATION

        nav.register()
        register_pending(home.pending_work)
        register_my_requests(home.my_handovers)
        register({
            "offboarding.handover.start": _("started the handover"),
            "offboarding.handover.revocation": _("filed the revocation of the accounts"),
            "offboarding.item.hand_over": _("handed the item over"),
            "offboarding.item.confirm": _("confirmed the item on the spot"),
            "offboarding.item.return": _("sent the item back"),
            "offboarding.equipment.add": _("added a piece of equipment"),
            "offboarding.equipment.remove": _("removed a piece of equipment"),
            "offboarding.equipment.confirm": _("confirmed a piece of equipment"),
            "offboarding.handover.confirm": _("the successor confirmed the handover"),
            "offboarding.handover.passwords_changed": _("the successor changed the handed-over passwords"),
            "offboarding.handover.complete": _("HR completed the departure or transfer"),
            "offboarding.handover.cancel": _("cancelled the handover"),
            "offboarding.handover.apply": _("applied on the date (sign-in disabled or profile moved)"),
        })
