from decimal import Decimal

from django import template

register = template.Library()

STATE_CLASSES = {
    # plans, external training, self-study
    "draft": "text-bg-light border",
    "pending": "text-bg-primary",
    "returned": "text-bg-warning",
    "approved": "text-bg-success",
    "rejected": "text-bg-danger",
    "withdrawn": "text-bg-light border",
    "superseded": "text-bg-secondary",
    "reported": "text-bg-info",
    "confirmed": "text-bg-success",
    # sessions
    "scheduled": "text-bg-primary",
    "held": "text-bg-secondary",
    "cancelled": "text-bg-light border",
    # attendance
    "expected": "text-bg-light border",
    "present": "text-bg-success",
    "late": "text-bg-warning",
    "absent": "text-bg-danger",
    "excused": "text-bg-info",
    # exams and papers
    "open": "text-bg-success",
    "closed": "text-bg-secondary",
    "in_progress": "text-bg-primary",
    "marking": "text-bg-warning",
    "marked": "text-bg-secondary",
}


@register.filter
def state_class(state):
    return STATE_CLASSES.get(state, "text-bg-secondary")


@register.filter
def hours(value):
    """20.0 → 20, 1.5 → 1.5 (hours as people write them)."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).normalize():f}"


@register.filter
def result_class(attempt):
    if attempt.passed is None:
        return "text-bg-warning"
    return "text-bg-success" if attempt.passed else "text-bg-danger"
