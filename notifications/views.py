from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from core.errors import ServiceError
from core.paging import paginate

from . import push, services
from .context_processors import bell_counts
from .forms import PushPreferenceForm, PushRobotForm
from .models import Notification, PushChannel, PushDelivery, PushPreference

# The list's tabs: work waiting for you (待您处理), news, and everything kept (history).
TABS = {
    "waiting": (_("Waiting for you"), lambda mine: mine.waiting()),
    "news": (_("News"), lambda mine: mine.news()),
    "all": (_("History"), lambda mine: mine),
}


@require_safe
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


# Robot pushes: the person's own settings ---------------------------------------------------------------------------

def _department_channel(user):
    department_id = push.department_of(user)
    if department_id is None:
        return None
    return PushChannel.objects.filter(department_id=department_id, is_active=True).select_related("department").first()


def push_settings(request):
    """Where my notifications are pushed: my department's group robot, my own robot, or nowhere."""
    user = request.user
    channel = PushChannel.objects.filter(owner=user).first()
    preference = PushPreference.objects.filter(user=user).first() or PushPreference(user=user)
    data = request.POST or None
    preference_form = PushPreferenceForm(data, prefix="push", initial={"source": preference.source,
                                                                       "scope": preference.scope})
    robot_form = PushRobotForm(data, prefix="robot", channel=channel,
                               initial={"kind": channel.kind if channel else PushChannel.Kind.WECOM})
    if request.method == "POST" and preference_form.is_valid() and robot_form.is_valid():
        own = preference_form.cleaned_data["source"] == PushPreference.Source.OWN
        robot = robot_form.cleaned_data
        try:
            with transaction.atomic():
                if robot_form.changes() or (own and channel is None):
                    channel = push.channel_save(
                        by=user, channel=channel, owner=None if channel else user, kind=robot["kind"],
                        name=channel.name if channel else _("%(name)s's robot") % {"name": user.display_name},
                        webhook=robot["webhook"], secret=robot["secret"])
                push.preference_save(user=user, **preference_form.cleaned_data)
        except ServiceError as refused:
            robot_form.add_error(None, refused.message)
        else:
            messages.success(request, _("Your push settings are saved."))
            return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {
        "preference_form": preference_form, "robot_form": robot_form, "channel": channel,
        "department_channel": _department_channel(user),
        "deliveries": PushDelivery.objects.filter(channel=channel).order_by("-pk")[:5] if channel else [],
    })


@require_POST
def push_test(request):
    """Send a test message to my own robot now and say how it went."""
    channel = get_object_or_404(PushChannel, owner=request.user)
    delivery = push.channel_test(channel=channel, by=request.user)
    if delivery.state == PushDelivery.State.SENT:
        messages.success(request, _("The test message was sent: look in the group chat."))
    else:
        messages.error(request, _("The test message failed: %(error)s") % {"error": delivery.last_error})
    return redirect("notifications:settings")


@require_POST
def push_remove(request):
    """Remove my own robot; pushes go to my department's group again."""
    push.channel_delete(channel=get_object_or_404(PushChannel, owner=request.user), by=request.user)
    messages.success(request, _("Your robot is removed."))
    return redirect("notifications:settings")
