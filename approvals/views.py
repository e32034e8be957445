from django.contrib import messages
from django.http import HttpResponseRedirect, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.paging import paginate, paginate_ids
from core.views import act, attempt

from . import access, selectors, services
from .forms import DecisionForm, DelegationForm, RequestFilterForm
from .models import ApprovalRequest, Delegation, RequestType
from .rules import can_delegate
from .subjects import facts_of


@require_safe
def inbox(request):
    steps = selectors.inbox_steps(request.user)
    request_type = request.GET.get("type", "")
    if request_type:
        steps = steps.filter(request__request_type__code=request_type)
    page, query = paginate_ids(request, steps, selectors.inbox_rows())
    if not request_type:  # the menu's badge counts the same steps
        request.user._approvals_waiting = page.paginator.count
    return render(request, "approvals/inbox.html", {
        "page": page,
        "types": RequestType.objects.filter(is_active=True).only("code", "name"),
        "selected_type": request_type,
        "query": query,
    })


@require_POST
def decide(request, step_id):
    step = access.get_step_for_user(request.user, step_id)
    decided, error = attempt(lambda data: services.step_decide(step=step, by=request.user, **data),
                             form=DecisionForm(request.POST), invalid=_("Choose approve, reject or return."))
    step = decided or step
    step.refresh_from_db()
    if request.htmx:
        return render(request, "approvals/_inbox_row.html", {"step": step, "error": error, "decided": error is None,
                                                             "refresh_shell": True,
                                                             "show_title": request.POST.get("show_title") != "0"})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your decision on “%(title)s” was recorded.") % {"title": step.request.title})
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(back)  # a path of this site, never a URL name for redirect() to reverse
    return redirect(step.request)


@require_safe
def request_detail(request, pk):
    approval = access.get_request_for_user(request.user, pk)
    subject = approval.subject
    return render(request, "approvals/request_detail.html", {
        **selectors.panel(approval, request.user),
        "subject": subject,
        "subject_url": subject.get_absolute_url(),
        "facts": facts_of(subject),
        "can_withdraw": approval.applicant_id == request.user.pk and approval.is_undecided(),
    })


def open_subject(request, pk):
    """From an inbox row to the domain's own page (IT executes there: opening the account, the certificate)."""
    approval = access.get_request_for_user(request.user, pk)
    return redirect(approval.subject.get_absolute_url())


@require_POST
def withdraw(request, pk):
    approval = access.get_request_for_user(request.user, pk)
    return act(request, approval, lambda: services.request_withdraw(request=approval, by=request.user),
               _("The request was withdrawn."))


@require_safe
def my_requests(request):
    form = RequestFilterForm(request.GET or None)
    requests = ApprovalRequest.objects.filter(applicant=request.user).select_related("request_type", "department")
    if form.is_valid() and form.cleaned_data["state"]:
        requests = requests.filter(state=form.cleaned_data["state"])
    page, query = paginate(request, requests)
    return render(request, "approvals/my_requests.html", {"page": page, "form": form, "query": query})


@require_http_methods(["GET", "POST"])
def delegations(request):
    if not can_delegate(request.user):
        raise Http404
    return act(request, "approvals:delegations",
               lambda data: services.delegation_create(delegator=request.user, by=request.user, **data),
               _("Your approvals are delegated."), form=DelegationForm(request.POST or None, user=request.user),
               template="approvals/delegations.html", invalid=_("Please correct the errors below."),
               refusal_as_message=True, context=lambda: {
                   "given": Delegation.objects.filter(delegator=request.user).select_related("delegate")[:50],
                   "received": Delegation.objects.filter(delegate=request.user).select_related("delegator")[:50],
                   "today": timezone.localdate()})


@require_POST
def delegation_end(request, pk):
    delegation = access.get_own_delegation(request.user, pk)
    return act(request, "approvals:delegations",
               lambda: services.delegation_end(delegation=delegation, by=request.user), _("The delegation has ended."))
