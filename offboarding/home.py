"""The home page's handover items: the successor's checks and password change, the owner's items, IT's
revocation once the successor confirmed, HR's completion."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import permissions
from core.home import WorkItem

from .models import Handover, HandoverItem

LIMIT = 5


def pending_work(user):
    items = []
    open_handovers = Handover.objects.open().select_related("person", "successor")
    for handover in open_handovers.filter(successor=user).filter(
            Q(state=Handover.State.OPEN) | Q(password_change_required=True, passwords_changed_at__isnull=True))[:LIMIT]:
        if handover.state == Handover.State.OPEN:
            title = _("Check and confirm the handover of %(name)s") % {"name": handover.person.display_name}
        else:
            title = _("Change the passwords handed over by %(name)s") % {"name": handover.person.display_name}
        items.append(WorkItem(title=title, url=handover.get_absolute_url(), kind=_("Handover"),
                              since=handover.created_at,
                              due=handover.effective_on if handover.state == Handover.State.OPEN else None))
    for handover in open_handovers.filter(state=Handover.State.OPEN).annotate(
            pending=Count("items", filter=Q(items__owner=user, items__state=HandoverItem.State.PENDING))).filter(
            pending__gt=0)[:LIMIT]:
        items.append(WorkItem(title=ngettext("Hand %(count)d item over to %(successor)s",
                                             "Hand %(count)d items over to %(successor)s", handover.pending) % {
            "count": handover.pending, "successor": handover.successor.display_name},
            url=handover.get_absolute_url(), kind=_("Handover"), since=handover.created_at, due=handover.effective_on))
    if permissions.is_it_staff(user):
        for handover in open_handovers.filter(state=Handover.State.CONFIRMED, revocation__issued_at__isnull=True,
                                              revocation__isnull=False).exclude(person=user).select_related(
                "revocation")[:LIMIT]:
            items.append(WorkItem(title=_("Revoke the accounts of %(name)s: the handover is confirmed") % {
                "name": handover.person.display_name}, url=handover.revocation.get_absolute_url(),
                kind=_("Revocation (注销)"), since=handover.confirmed_at, due=handover.effective_on))
    if permissions.is_hr(user):
        for handover in open_handovers.filter(state=Handover.State.CONFIRMED).exclude(person=user)[:LIMIT]:
            items.append(WorkItem(title=_("Complete the handover of %(name)s") % {"name": handover.person.display_name},
                                  url=handover.get_absolute_url(), kind=_("Handover"), since=handover.confirmed_at))
    return items


def my_handovers(user):
    return [WorkItem(title=str(handover), url=handover.get_absolute_url(), kind=_("Handover"),
                     since=handover.created_at, state=handover.get_state_display())
            for handover in Handover.objects.filter(Q(person=user) | Q(started_by=user)).open()
            .select_related("person")[:LIMIT]]
