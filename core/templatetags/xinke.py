import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext, ngettext_lazy

from core.links import RowLink

register = template.Library()


@register.filter
def add_invalid(bound_field):
    """Render a bound field with Bootstrap's is-invalid class when it has errors."""
    if bound_field.errors:
        css = bound_field.field.widget.attrs.get("class", "")
        return bound_field.as_widget(attrs={"class": f"{css} is-invalid"})
    return bound_field.as_widget()


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """The current list's address with another page number, keeping the filters."""
    query = context.get("query", "")
    return f"?{query}&page={page_number}" if query else f"?page={page_number}"


@register.simple_tag(takes_context=True)
def pk_url(context, name, pk):
    """`{% url name pk %}` for a URL with one id, in a list's rows: reversed once per page (core.links.RowLink, kept
    beside the include cache of the page's render), each row's id put in."""
    links = context.render_context.dicts[0].setdefault("core.links.RowLink", {})
    if name not in links:
        links[name] = RowLink(name)
    return links[name](pk)


# (seconds, text): the largest unit that fits. Marked with ngettext_lazy so that makemessages keeps them.
AGO_UNITS = [
    (365 * 86400, ngettext_lazy("%(count)d year ago", "%(count)d years ago", "count")),
    (30 * 86400, ngettext_lazy("%(count)d month ago", "%(count)d months ago", "count")),
    (7 * 86400, ngettext_lazy("%(count)d week ago", "%(count)d weeks ago", "count")),
    (86400, ngettext_lazy("%(count)d day ago", "%(count)d days ago", "count")),
    (3600, ngettext_lazy("%(count)d hour ago", "%(count)d hours ago", "count")),
    (60, ngettext_lazy("%(count)d minute ago", "%(count)d minutes ago", "count")),
]


@register.filter
def ago(moment):
    """How long ago, in its largest unit: “2 小时前”, “3 天前”, “刚刚”."""
    if not moment:
        return ""
    if not isinstance(moment, datetime.datetime):
        moment = timezone.make_aware(datetime.datetime.combine(moment, datetime.time()))
    seconds = (timezone.now() - moment).total_seconds()
    if seconds < 0:
        return ""  # not yet: a start time, not an age
    for size, text in AGO_UNITS:
        if seconds >= size:
            return text % {"count": int(seconds // size)}
    return _("just now")


@register.inclusion_tag("includes/due.html")
def due(deadline, provisional=False):
    """“还剩 2 天”, “今天到期”, or in red “已逾期 3 天” (hours when less than a day)."""
    context = {"text": "", "overdue": False, "provisional": provisional}
    if not deadline:
        return context
    now = timezone.now()
    today = timezone.localdate(now)
    if isinstance(deadline, datetime.datetime):
        if abs(deadline - now) < datetime.timedelta(days=1):
            hours = max(1, int(abs(deadline - now).total_seconds() // 3600))
            context["overdue"] = deadline < now
            context["text"] = (ngettext("%(count)d hour overdue", "%(count)d hours overdue", hours) if deadline < now
                               else ngettext("%(count)d hour left", "%(count)d hours left", hours)) % {"count": hours}
            return context
        deadline = timezone.localdate(deadline)
    days = (deadline - today).days
    context["overdue"] = days < 0
    if days < 0:
        context["text"] = ngettext("%(count)d day overdue", "%(count)d days overdue", -days) % {"count": -days}
    elif days == 0:
        context["text"] = _("due today")
    else:
        context["text"] = ngettext("%(count)d day left", "%(count)d days left", days) % {"count": days}
    return context


@register.filter
def field_cols(widths, name):
    """The columns a filter bar's `widths` ("q: col-12 col-md-4, post: col-6 col-md-2") gives the field `name`."""
    for entry in (widths or "").split(","):
        field, _sep, cols = entry.partition(":")
        if field.strip() == name:
            return cols.strip()
    return ""
