import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import ServiceError
from core.uploads import attachment
from core.views import act
from core.paging import paginate
from core.roles import is_hr
from staff.models import User
from staff.rules import is_department_leader

from . import access, assessment, selectors, services
from .exporters import StatementExporter
from .forms import AppealForm, DecisionForm, IncidentFilterForm, IncidentForm, ReasonForm
from .models import Incident, Schedule
from .rules import can_record_incident, can_review_incident
from .sources import evidence_of

PAGE_SIZE = 25


# Incidents -------------------------------------------------------------------------------------------------------

@require_safe
def incident_list(request):
    form = IncidentFilterForm(request.GET or None)
    incidents = selectors.visible_incidents(request.user)
    if request.GET:
        incidents = form.filter(incidents)
    page, query = paginate(request, incidents, PAGE_SIZE)
    return render(request, "discipline/incident_list.html", {
        "form": form, "page": page, "query": query,
        "can_record": is_department_leader(request.user),
    })


def _require_leader(user):
    if not is_department_leader(user):
        raise Http404


@require_http_methods(["GET", "POST"])
def incident_create(request):
    _require_leader(request.user)
    form = IncidentForm(request.POST or None, request.FILES or None, user=request.user,
                        initial={"person": _initial_person(request)})
    if request.method == "POST":
        if form.is_valid():
            try:
                incident = services.incident_record(
                    **form.service_arguments(), facts=form.cleaned_data["facts"],
                    evidence=form.cleaned_data["evidence"], by=request.user,
                )
            except assessment.IncidentInputError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The incident was recorded: %(amount)s.") % {
                    "amount": incident.amount_text()})
                return redirect(incident)
        messages.error(request, _("Please correct the errors below."))
    return render(request, "discipline/incident_form.html", {"form": form})


def _initial_person(request):
    username = request.GET.get("person")
    return User.objects.filter(username=username).first() if username else None


@require_POST
def incident_preview(request):
    """The form's live preview (htmx): which revision and rule apply on the date, and what it would cost."""
    _require_leader(request.user)
    form = IncidentForm(request.POST, user=request.user)
    form.is_valid()
    rule = incident = None
    errors = [error for name, field_errors in form.errors.items() if name not in ("facts", "evidence")
              for error in field_errors]
    data = form.cleaned_data
    if data.get("rule") and data.get("occurred_on"):
        try:
            rule = assessment.rule_in_force(data["rule"], data["occurred_on"])
        except assessment.IncidentInputError:
            rule = None
    if not errors and data.get("person"):
        try:
            incident = services.incident_preview(**form.service_arguments())
        except ServiceError as error:
            errors = [error.message]
    return render(request, "discipline/_preview.html", {"rule": rule, "incident": incident, "errors": errors})


@require_safe
def incident_detail(request, pk):
    return _detail_page(request, pk)


def _detail_page(request, pk, forms=None):
    """The incident's page; an action whose form was not valid draws it again with that form's errors (a POST)."""
    incident = access.get_incident_for_user(request.user, pk)
    user = request.user
    is_person = user.pk == incident.person_id
    can_review = can_review_incident(user, incident)
    forms = forms or {}
    context = {
        "incident": incident,
        "events": incident.events.select_related("actor"),
        "repeats": _repeats(incident),
        "can_respond": is_person and incident.state in Incident.AWAITING_PERSON,
        "can_appeal": is_person and incident.state in Incident.AWAITING_PERSON
        and incident.rule.effect != incident.rule.Effect.BONUS,
        "can_confirm": can_review and incident.state == Incident.State.PROPOSED,
        "can_decide": can_review and incident.state == Incident.State.APPEALED,
        "can_cancel": can_review and incident.state in (Incident.State.PROPOSED, Incident.State.CONFIRMED,
                                                        Incident.State.ACKNOWLEDGED),
        "appeal_form": forms.get("appeal") or AppealForm(),
        "decision_form": forms.get("decide") or DecisionForm(),
        "cancel_form": forms.get("cancel") or ReasonForm(),
        "evidence": evidence_of(incident),
    }
    return render(request, "discipline/incident_detail.html", context)


def _repeats(incident):
    """The other counting incidents of the same rule in the same counting period (they set the repeat number)."""
    start, end = assessment.period_bounds(incident.rule.escalation_period, incident.occurred_on)
    return (
        Incident.objects.counting().filter(
            person_id=incident.person_id, rule__code=incident.rule.code,
            rule__revision__schedule_id=incident.rule.revision.schedule_id, occurred_on__range=(start, end),
        ).exclude(pk=incident.pk).select_related("rule").order_by("occurred_on", "pk")
    )


@require_safe
def evidence_download(request, pk):
    incident = access.get_incident_for_user(request.user, pk)
    if not incident.evidence:
        raise Http404
    return attachment(incident.evidence, incident.evidence_name or incident.evidence.name.rsplit("/", 1)[-1])


def _run(request, incident, action, success, form=None, form_key=None):
    """Validate the action's form (showing the page again with its errors), call the service, say what happened."""
    if form is not None and not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return _detail_page(request, incident.pk, forms={form_key: form})
    return act(request, incident, action if form is not None else lambda: action(None), success, form=form)


def _person_only(request, pk):
    incident = access.get_incident_for_user(request.user, pk)
    if incident.person_id != request.user.pk:
        raise Http404
    return incident


def _reviewer_only(request, pk):
    incident = access.get_incident_for_user(request.user, pk)
    if not can_review_incident(request.user, incident):
        raise Http404
    return incident


@require_POST
def incident_acknowledge(request, pk):
    incident = _person_only(request, pk)
    return _run(request, incident, lambda _data: services.incident_acknowledge(incident=incident, by=request.user),
                _("You acknowledged the incident."))


@require_POST
def incident_appeal(request, pk):
    incident = _person_only(request, pk)
    return _run(request, incident, lambda data: services.incident_appeal(
        incident=incident, by=request.user, reason=data["reason"]),
        _("Your appeal was sent to the head of your department."), AppealForm(request.POST), "appeal")


@require_POST
def incident_confirm(request, pk):
    incident = _reviewer_only(request, pk)
    return _run(request, incident, lambda _data: services.incident_confirm(incident=incident, by=request.user),
                _("The incident was confirmed."))


@require_POST
def incident_decide(request, pk):
    incident = _reviewer_only(request, pk)
    return _run(request, incident, lambda data: services.incident_decide(
        incident=incident, by=request.user, decision=data["decision"], reason=data["reason"], amount=data["amount"]),
        _("The appeal was decided."), DecisionForm(request.POST), "decide")


@require_POST
def incident_cancel(request, pk):
    incident = _reviewer_only(request, pk)
    return _run(request, incident, lambda data: services.incident_cancel(
        incident=incident, by=request.user, reason=data["reason"]),
        _("The incident was cancelled; it no longer counts."), ReasonForm(request.POST), "cancel")


# The rules -------------------------------------------------------------------------------------------------------

@require_safe
def rules(request):
    """Every schedule's revision in force today, with its rules, and any revision already published for later."""
    today = timezone.localdate()
    schedules = []
    for schedule in Schedule.objects.all():
        revisions = schedule.revisions.published()
        current = revisions.in_force_on(today).first()
        upcoming = revisions.filter(effective_from__gt=today).order_by("effective_from").first()
        schedules.append({
            "schedule": schedule, "revision": current, "upcoming": upcoming,
            "rules": list(current.rules.all()) if current else [],
        })
    return render(request, "discipline/rules.html", {"schedules": schedules, "today": today})


# Monthly statements ----------------------------------------------------------------------------------------------

def _month(year, month):
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    return datetime.date(year, month, 1)


def _month_navigation(first):
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    today = timezone.localdate()
    return {"month": first, "previous": previous,
            "following": following if following <= today.replace(day=1) else None}


def _goto_month(request, url_name, *args):
    """The month picker submits ?month=YYYY-MM; send it to that month's address."""
    try:
        chosen = datetime.datetime.strptime(request.GET["month"], "%Y-%m").date()
    except ValueError:
        return None
    return redirect(url_name, *args, chosen.year, chosen.month)


def my_statement(request):
    today = timezone.localdate()
    return redirect("discipline:person_statement", request.user.username, today.year, today.month)


@require_safe
def person_statement(request, username, year, month):
    first = _month(year, month)
    person = access.get_person_for_statement(request.user, username)
    if "month" in request.GET and (response := _goto_month(request, "discipline:person_statement", username)):
        return response
    statement = selectors.person_statement(person, year, month)
    return render(request, "discipline/statement_person.html", {
        "statement": statement, "person": person, **_month_navigation(first),
        "sections": selectors.statement_sections(person, year, month),  # e.g. the leave behind 请假扣罚 lines
        "can_record": can_record_incident(request.user, person),
    })


@require_safe
def person_statement_export(request, username, year, month):
    _month(year, month)
    person = access.get_person_for_statement(request.user, username)
    statement = selectors.person_statement(person, year, month)
    title = f"{person.display_name} {year}年{month}月违纪考核月报"
    return StatementExporter(title, [statement]).attachment(f"违纪考核月报-{person.username}-{year}-{month:02d}")


@require_safe
def department_index(request):
    departments = list(selectors.statement_departments(request.user))
    if not departments:
        raise Http404
    today = timezone.localdate()
    if len(departments) == 1 and not is_hr(request.user):
        return redirect("discipline:department_statement", departments[0].code, today.year, today.month)
    return render(request, "discipline/department_index.html", {"departments": departments, "today": today})


@require_safe
def department_statement(request, code, year, month):
    first = _month(year, month)
    department = access.get_department_for_statement(request.user, code)
    if "month" in request.GET and (response := _goto_month(request, "discipline:department_statement", code)):
        return response
    statement = selectors.department_statement(department, year, month)
    return render(request, "discipline/statement_department.html", {
        "statement": statement, "department": department, **_month_navigation(first),
        "incidents_url": reverse("discipline:incident_list"),
    })


@require_safe
def department_statement_export(request, code, year, month):
    _month(year, month)
    department = access.get_department_for_statement(request.user, code)
    statement = selectors.department_statement(department, year, month)
    title = f"{department.name} {year}年{month}月违纪考核月报"
    return StatementExporter(title, statement.people).attachment(f"违纪考核月报-{department.name}-{year}-{month:02d}")



