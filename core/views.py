from django.shortcuts import render

from notifications.models import Notification

from . import home as home_registry


def home(request):
    user = request.user
    return render(request, "core/home.html", {
        "pending": home_registry.pending_work(user),
        "my_requests": home_registry.my_requests(user),
        "notifications": Notification.objects.for_user(user)[:8],
        "profile": getattr(user, "profile", None),
    })
