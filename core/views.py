from django.contrib import messages
from django.shortcuts import redirect, render

from . import home as home_registry
from .errors import ServiceError


def home(request):
    user = request.user
    return render(request, "core/home.html", {
        **home_registry.sections(user),  # news: work waiting is in "pending"
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


def form_errors(form):
    """A refused form's errors as one line, for messages.error."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def form_act(request, target, form, action, success):
    """act() for a POST with a small form: an invalid form goes back to `target` with its errors; a valid one calls
    `action(cleaned_data)`."""
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(target)
    return act(request, target, lambda: action(form.cleaned_data), success)
