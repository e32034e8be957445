"""What the duty views share: month arguments and safe integers."""

import datetime

from django.http import Http404
from django.utils import timezone

from ..models import month_start


def int_or_404(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def month_or_404(text):
    try:
        day = datetime.datetime.strptime(text, "%Y-%m").date()
    except (TypeError, ValueError):
        raise Http404 from None
    if not 2000 <= day.year <= 2100:
        raise Http404
    return day


def date_or_404(text):
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise Http404 from None


def this_month():
    return month_start(timezone.localdate())


