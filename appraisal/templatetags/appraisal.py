from decimal import Decimal

from django import template

from appraisal.models import score_text

register = template.Library()


@register.filter
def points(value):
    """A figure with two decimals ("—" when there is none)."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):.2f}"


@register.filter
def score(value):
    """A score as entered: one decimal at least, two when it has them ("—" when there is none)."""
    return score_text(value) or "—"


@register.filter
def percent(weight):
    return f"{(Decimal(weight) * 100).normalize():f}%"


@register.filter
def state_badge(state):
    return {"self": "secondary", "review": "info", "confirm": "warning", "locked": "success"}.get(state, "light")
