from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from approvals import selectors as approval_selectors
from core.paging import paginate
from core.uploads import attachment
from core.views import act, form_act

from .. import access, rules, selectors
from ..forms import ConfirmForm, ExternalForm, ReportForm
from ..models import ExternalTraining
from ..services import external as services
from ..services.common import number
from .common import year_from


@require_safe
def external_list(request):
    """Mine, or (?scope=department) the department's for its leaders, of one year (by the first day), with what the
    year's external training costs."""
    user = request.user
    scope = request.GET.get("scope", "mine")
    year = year_from(request)
    led = selectors.led_departments(user)
    records = ExternalTraining.objects.for_list().select_related("approval")
    if scope == "department" and led.exists():
        records = records.filter(department__in=led)
    else:
        scope = "mine"
        records = records.filter(person=user)
    records = records.filter(starts_on__year=year)
    page, query = paginate(request, records.order_by("-starts_on", "-pk"))
    return render(request, "training/external_list.html", {
        "page": page, "query": query, "scope": scope, "leads": led.exists(), "year": year,
        "costs": selectors.external_costs(records)})


def _department(user):
    profile = getattr(user, "profile", None)
    if profile is None or not profile.is_active_staff():
        raise Http404
    return profile.department


@require_http_methods(["GET", "POST"])
def external_new(request):
    department = _department(request.user)
    form = ExternalForm(request.POST or None, department=department)
    return act(request, lambda record: record, lambda _data: services.external_request(
        person=request.user, by=request.user, **form.service_arguments()),
        _("Your request for external training was sent for approval."), form=form,
        template="training/external_form.html")


@require_http_methods(["GET", "POST"])
def external_edit(request, pk):
    record = access.get_external_for_user(request.user, pk)
    if record.person_id != request.user.pk or not record.is_editable():
        messages.error(request, _("This request is not waiting for changes."))
        return redirect(record)
    form = ExternalForm(request.POST or None, instance=record, department=record.department)

    def update(_data):
        record.refresh_from_db()  # the form wrote its values on the instance; the service saves them
        return services.external_update(record=record, by=request.user, **form.service_arguments())

    return act(request, record, update, _("Your corrected request was sent for approval again."), form=form,
               template="training/external_form.html", context={"record": record})


@require_safe
def external_detail(request, pk):
    user = request.user
    record = access.get_external_for_user(user, pk)
    approval = record.approval if record.approval_id else None
    is_person = record.person_id == user.pk
    return render(request, "training/external_detail.html", {
        **approval_selectors.panel(approval, user), "record": record, "is_person": is_person,
        "report_form": ReportForm(initial={"hours": record.hours})
        if is_person and record.state == ExternalTraining.State.APPROVED else None,
        "can_confirm": record.state == ExternalTraining.State.REPORTED and rules.can_confirm_external(user, record),
        "can_withdraw": is_person and approval is not None and record.state == ExternalTraining.State.DRAFT
        and approval.is_open(),
    })


@require_POST
def external_withdraw(request, pk):
    record = access.get_external_for_user(request.user, pk)
    return act(request, record, lambda: services.external_withdraw(record=record, by=request.user),
               _("The request was withdrawn."))


@require_POST
def external_report(request, pk):
    record = access.get_external_for_user(request.user, pk)
    form = ReportForm(request.POST, request.FILES)
    return form_act(request, record, form, lambda data: services.external_report(
        record=record, by=request.user, certificate=data["certificate"], report=data["report"], hours=data["hours"]),
        _("The certificate was handed in; a leader of the department confirms the hours."))


@require_POST
def external_confirm(request, pk):
    record = access.get_external_for_user(request.user, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Confirm or send back."))
        return redirect(record)
    data = form.cleaned_data
    return act(request, record, lambda: services.external_confirm(
        record=record, by=request.user, accept=data["accept"], hours=data["hours"], note=data["note"]),
        lambda done: _("%(hours)s hours credited.") % {"hours": number(done.hours_credited)}
        if done.state == ExternalTraining.State.CONFIRMED else _("The certificate was sent back."))


@require_safe
def external_certificate(request, pk):
    record = access.get_external_for_user(request.user, pk)
    if not record.certificate:
        raise Http404
    return attachment(record.certificate, record.certificate_name or "certificate")
