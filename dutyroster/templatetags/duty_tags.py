from django import template
from django.utils import timezone

register = template.Library()

STATE_CLASSES = {
    # rosters, handovers, logs, calls, swaps, visits, findings, overtime, complaints
    "draft": "text-bg-secondary", "published": "text-bg-success",
    "recording": "text-bg-warning", "handed_over": "text-bg-info", "taken_over": "text-bg-success",
    "disputed": "text-bg-danger", "resolved": "text-bg-success",
    "open": "text-bg-warning", "submitted": "text-bg-info", "signed": "text-bg-success",
    "new": "text-bg-danger", "responded": "text-bg-warning", "handling": "text-bg-info", "cancelled": "text-bg-light",
    "asked": "text-bg-warning", "pending": "text-bg-info", "approved": "text-bg-success", "declined": "text-bg-light",
    "rejected": "text-bg-danger", "withdrawn": "text-bg-light",
    "recorded": "text-bg-warning", "confirmed": "text-bg-success",
    "proposed": "text-bg-warning", "dismissed": "text-bg-light", "no_bonus": "text-bg-secondary",
    "received": "text-bg-warning", "upheld": "text-bg-danger", "unfounded": "text-bg-light",
    "waiting": "text-bg-light",
}


@register.filter
def duty_state_class(state):
    return STATE_CLASSES.get(state, "text-bg-secondary")


@register.filter
def local_hm(moment):
    """“12-04 08:00” in the hospital's time."""
    return f"{timezone.localtime(moment):%m-%d %H:%M}" if moment else "—"


@register.filter
def local_input(moment):
    """A moment for a datetime-local input."""
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}" if moment else ""


@register.simple_tag
def cell_id(person, day):
    return f"cell-{person.pk}-{day:%Y%m%d}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
