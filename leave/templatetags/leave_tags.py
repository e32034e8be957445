from decimal import Decimal

from django import template

register = template.Library()

STATE_CLASSES = {
    "pending": "text-bg-primary",
    "approved": "text-bg-success",
    "closed": "text-bg-secondary",
    "rejected": "text-bg-danger",
    "withdrawn": "text-bg-light border",
    "cancelled": "text-bg-light border",
}


@register.filter
def leave_state_class(state):
    return STATE_CLASSES.get(state, "text-bg-secondary")


@register.filter
def days(value):
    """2.50 → 2.5, 3.0 → 3 (days as people write them)."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"
