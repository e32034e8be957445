from django import template

from ..models import Incident
from ..numbers import plain as plain_number

register = template.Library()

STATE_CLASSES = {
    Incident.State.PROPOSED: "text-bg-info",
    Incident.State.CONFIRMED: "text-bg-warning",
    Incident.State.ACKNOWLEDGED: "text-bg-secondary",
    Incident.State.APPEALED: "text-bg-primary",
    Incident.State.UPHELD: "text-bg-dark",
    Incident.State.REDUCED: "text-bg-success",
    Incident.State.CANCELLED: "text-bg-light border",
}


@register.filter
def state_class(state):
    """Bootstrap badge classes for an incident's state."""
    return STATE_CLASSES.get(state, "text-bg-secondary")


@register.filter
def plain(value):
    """20.00 → 20, 0.50 → 0.5 (numbers as people write them)."""
    return plain_number(value)
