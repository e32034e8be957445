from django.contrib import messages
from django.shortcuts import redirect, render

from notifications.models import Notification

from . import home as home_registry
from .errors import ServiceError


def home(request):
    user = request.user
    return render(request, "core/home.html", {
        "pending": home_registry.pending_work(user),
        "my_requests": home_registry.my_requests(user),
        "notifications": Notification.objects.for_user(user).news()[:8],  # work waiting is in "pending"
        "profile": getattr(user, "profile", None),
    })


def act(request, target, action, success):
    """For a POST view: call a service, show why it refused or `success` (a text, or a function of the service's
    result), and go back to `target`'s page."""
    try:
        result = action()
    except ServiceError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(target)
