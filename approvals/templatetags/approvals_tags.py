from django import template

register = template.Library()

# The badge colour of an approval request's state, wherever a list or a page shows one.
STATE_CLASSES = {
    "pending": "text-bg-primary",
    "returned": "text-bg-warning",
    "approved": "text-bg-success",
    "rejected": "text-bg-danger",
}


@register.filter
def approval_state_class(state):
    return STATE_CLASSES.get(state, "text-bg-secondary")
