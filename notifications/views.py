from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.paging import paginate

from . import services
from .context_processors import bell_counts
from .models import Notification

# The list's tabs: work waiting for you (待您处理), news, and everything kept (history).
TABS = {
    "waiting": (_("Waiting for you"), lambda mine: mine.waiting()),
    "news": (_("News"), lambda mine: mine.news()),
    "all": (_("History"), lambda mine: mine),
}


def notification_list(request):
    counts = bell_counts(request)
    tab = request.GET.get("tab")
    if tab not in TABS:
        tab = "waiting" if counts["waiting"] or not counts["news"] else "news"
    label, rows = TABS[tab]
    notifications = rows(Notification.objects.for_user(request.user))
    search = request.GET.get("q", "").strip()[:100]
    if search:
        notifications = notifications.filter(subject__icontains=search)
    page, query = paginate(request, notifications)
    return render(request, "notifications/list.html", {
        "page": page, "query": query, "tab": tab, "search": search,
        "tabs": [(key, name, {"waiting": counts["waiting"], "news": counts["news"]}.get(key))
                 for key, (name, _rows) in TABS.items()],
    })


@require_POST
def notification_open(request, pk):
    """Mark one notification read and follow its link (only to a page of this site)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification, by=request.user)
    if request.htmx:
        return render(request, "notifications/_read.html", {"notification": notification})
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
def notification_mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, ngettext(
        "%(count)d notification marked as read.", "%(count)d notifications marked as read.", count
    ) % {"count": count})
    return redirect(reverse("notifications:list") + "?tab=news")
