"""What offboarding adds to authz's gates (authz never imports this app)."""

from django.utils.translation import gettext_lazy as _

from authz import gates


@gates.BEFORE_REVOCATION.register(
    "handover_confirmed",
    _("The successor has not yet confirmed the handover of %(name)s: the accounts are revoked only after the "
      "successor has checked everything on the spot with the handed-over credentials (离岗交接)."))
def handover_confirmed(person):
    """No handover of this person is still waiting for the successor's confirmation."""
    from .models import Handover

    return not Handover.objects.filter(person=person, state=Handover.State.OPEN).exists()
