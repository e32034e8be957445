from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

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


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def duty_cell(context, cell, oob=False):
    """One cell of the month grid as HTML. A tag rather than an included template: a month of 50 people is 1,500
    cells, and the grid and the cell editor's out-of-band update draw them the same way. Every value from the
    database is escaped."""
    classes = "duty-cell"
    if cell.day.is_rest_day:
        classes += " cal-off"
    if cell.away:
        classes += " duty-away"
    if cell.has_conflict:
        classes += " duty-has-conflict"
    parts = [f'<span class="duty-chip duty-{escape(duty_type.colour)}{" duty-conflict" if conflict else ""}" '
             f'title="{escape(title)}">{escape(duty_type.short)}</span>' for duty_type, conflict, title in cell.chips]
    if cell.away:
        # Translated outside the f-strings: makemessages does not look inside an f-string's braces.
        state = pgettext("roster tooltip", "On leave") if cell.away.approved else gettext("Leave waiting for approval")
        mark = pgettext("roster mark", "Leave")
        parts.append(f'<span class="duty-away-mark" title="{escape(state)} {escape(cell.away.period)}">'
                     f'{escape(mark)}</span>')
    if cell.changed:
        changed = gettext("Changed after publication")
        parts.append(f'<span class="duty-changed" title="{escape(changed)}">*</span>')
    inner = "".join(parts)
    if context.get("can_plan"):
        url = escape(f"{context['cell_base']}{cell.person.pk}/{cell.iso}/")
        inner = (f'<a class="duty-cell-link" href="{url}" hx-get="{url}" hx-target="#cell-editor" hx-swap="innerHTML" '
                 f'aria-label="{escape(cell.person.display_name)} {cell.iso}">{inner}</a>')
    swap = ' hx-swap-oob="true"' if oob else ""
    return mark_safe(f'<td id="{cell.dom_id}" class="{classes}"{swap}>{inner}</td>')  # noqa: S308 (escaped above)
