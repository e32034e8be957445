"""What the duty views share: month arguments, safe integers, a form's errors as one message."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone

from core.views import act

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


def form_errors(form):
    """A refused form's errors as one line, for messages.error."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def form_act(request, target, form, action, success):
    """A POST with a small form: an invalid form goes back to `target` with its errors; a valid one calls
    `action(cleaned_data)` through core.views.act (the service's refusal or `success` as the message).
    (The architecture issue brings one project-wide action helper with an optional form; this becomes it.)"""
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(target)
    return act(request, target, lambda: action(form.cleaned_data), success)
