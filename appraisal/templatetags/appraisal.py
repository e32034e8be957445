from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def points(value):
    """A figure with two decimals ("—" when there is none)."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):.2f}"


@register.filter
def score(value):
    """A score as entered, with one decimal ("—" when there is none)."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):.1f}"


@register.filter
def percent(weight):
    return f"{(Decimal(weight) * 100).normalize():f}%"


@register.filter
def state_badge(state):
    return {"self": "secondary", "review": "info", "confirm": "warning", "locked": "success"}.get(state, "light")
