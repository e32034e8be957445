"""What the training views share."""

from django.http import Http404
from django.utils import timezone


def year_from(request, key="year"):
    """The year asked for (this year when missing or absurd)."""
    try:
        year = int(request.GET.get(key) or timezone.localdate().year)
    except (TypeError, ValueError):
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def int_or_404(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None
