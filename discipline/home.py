"""The home page's lists: incidents to confirm and appeals to decide (heads), incidents to acknowledge (staff)."""

from django.utils.translation import gettext as _

from core.home import WorkItem

from .models import Incident
from .selectors import led_departments

LIMIT = 50


def _title(incident, text):
    return text % {"person": incident.person.display_name, "date": incident.occurred_on,
                   "code": incident.rule.code, "rule": incident.rule.short_text(30)}


def pending_for_reviewer(user):
    """Proposals to confirm and appeals to decide in the departments this person leads (one query)."""
    incidents = (
        Incident.objects.filter(department__in=led_departments(user).values("pk"), state__in=Incident.AWAITING_REVIEW)
        .exclude(person=user).select_related("person", "rule").order_by("updated_at")[:LIMIT]
    )
    items = []
    for incident in incidents:
        if incident.state == Incident.State.PROPOSED:
            title = _title(incident, _("Confirm: %(person)s, %(date)s, %(code)s %(rule)s"))
        else:
            title = _title(incident, _("Decide the appeal: %(person)s, %(date)s, %(code)s %(rule)s"))
        items.append(WorkItem(title=title, url=incident.get_absolute_url(), kind=_("Discipline"),
                              since=incident.updated_at, state=incident.get_state_display()))
    return items


def pending_for_person(user):
    """The person's confirmed incidents, to acknowledge or appeal (one query)."""
    incidents = Incident.objects.filter(person=user, state__in=Incident.AWAITING_PERSON).select_related(
        "person", "rule").order_by("updated_at")[:LIMIT]
    return [
        WorkItem(title=_title(incident, _("Acknowledge or appeal: %(date)s, %(code)s %(rule)s")),
                 url=incident.get_absolute_url(), kind=_("Discipline"), since=incident.updated_at,
                 state=incident.get_state_display())
        for incident in incidents
    ]


def my_appeals(user):
    """The person's appeals waiting for a decision."""
    incidents = Incident.objects.filter(person=user, state=Incident.State.APPEALED).select_related(
        "person", "rule").order_by("updated_at")[:LIMIT]
    return [
        WorkItem(title=_title(incident, _("Appeal: %(date)s, %(code)s %(rule)s")), url=incident.get_absolute_url(),
                 kind=_("Discipline"), since=incident.updated_at, state=incident.get_state_display())
        for incident in incidents
    ]
