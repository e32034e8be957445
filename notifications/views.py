from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import services
from .models import Notification


def notification_list(request):
    notifications = Notification.objects.for_user(request.user)
    page = Paginator(notifications, 20).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def notification_open(request, pk):
    """Mark one notification read and follow its link (only to a page of this site)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification, by=request.user)
    if request.htmx:
        return render(request, "notifications/_item.html", {"notification": notification})
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
def notification_mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, ngettext(
        "%(count)d notification marked as read.", "%(count)d notifications marked as read.", count
    ) % {"count": count})
    return redirect("notifications:list")
