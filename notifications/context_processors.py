from .models import Notification


def bell_counts(request):
    """Work waiting for the signed-in person and their unread news, counted once per request (one query)."""
    if not hasattr(request, "_bell_counts"):
        request._bell_counts = Notification.objects.counts_for(request.user)
    return request._bell_counts


def bell(request):
    """The bell's two figures on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = bell_counts(request)
    return {"bell_waiting": counts["waiting"], "bell_news": counts["news"]}
