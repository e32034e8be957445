from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from . import home as home_registry
from .errors import ServiceError


@require_safe
def home(request):
    user = request.user
    return render(request, "core/home.html", {
        **home_registry.sections(user),  # news: work waiting is in "pending"
        "profile": getattr(user, "profile", None),
    })


def attempt(action, *, form=None, invalid=None):
    """Validate `form` (if any) and call the service: `(result, None)`, or `(None, the message why not)` — an
    invalid form's `invalid` text (default: its errors) or the service's refusal. For views that answer with an htmx
    partial; the others use act()."""
    if form is not None and not form.is_valid():
        return None, invalid or form_errors(form)
    try:
        return (action(form.cleaned_data) if form is not None else action()), None
    except ServiceError as refused:
        return None, refused.message


def act(request, target, action, success, *, form=None, template=None, context=None, invalid=None,
        refusal_as_message=False):
    """The one POST action helper: call a service, show why it refused or `success`, and go to `target`'s page.

    target: an object, URL, or URL name for redirect(), or a function of the service's result that returns one
    (given None after a refusal).
    success: a text, or a function of the service's result.
    form: validated first; `action(form.cleaned_data)` is called instead of `action()`.
    Without `template`, an invalid form goes back to `target` with `invalid` (default: the form's errors) as the
    message, and a refusal is a message on `target`'s page.
    With `template`, this is the whole view of a form page: a GET, an invalid form (with `invalid` as a message,
    if given) or a refusal (as the form's own error) draws `template` with the form and `context` (a dict, or a
    function returning one, called only when the page is drawn). `refusal_as_message=True`: the refusal is a message
    above the page instead (pages whose refusal is about the whole page, not the form).
    """
    if template is not None and (request.method != "POST" or not form.is_valid()):
        if request.method == "POST" and invalid:
            messages.error(request, invalid)
        return _page(request, template, form, context)
    result, error = attempt(action, form=form, invalid=invalid)
    if error is not None:
        if template is not None:
            if refusal_as_message:
                messages.error(request, error)
            else:
                form.add_error(None, error)
            return _page(request, template, form, context)
        messages.error(request, error)
        return redirect(target(None) if callable(target) else target)
    messages.success(request, success(result) if callable(success) else success)
    return redirect(target(result) if callable(target) else target)


def _page(request, template, form, context):
    return render(request, template, {"form": form, **((context() if callable(context) else context) or {})})


def form_errors(form):
    """A refused form's errors as one line, for messages.error."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def form_act(request, target, form, action, success):
    """act() with a form, for the short POST-only views: `action(cleaned_data)`."""
    return act(request, target, action, success, form=form)
