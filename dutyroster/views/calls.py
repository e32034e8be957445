"""Fault calls (报修): recorded by IT or filed as a ticket by a ward, timed against their targets; the monthly report
by person and by department; complaints linked to calls."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.paging import paginate

from core.views import act, form_act
from .. import access, rules
from ..forms import (ActionTimeForm, AssignForm, CallForm, ComplaintDecideForm, ComplaintForm, FilterMonthForm,
                     ReasonForm, ResolveCallForm, TicketForm, it_staff, now_local)
from ..models import Complaint, FaultCall, Finding, next_month, previous_month
from ..selectors import phone_duty
from ..services import calls as services
from .common import int_or_404, this_month

BREACH_KINDS = (Finding.Kind.RESPONSE_LATE, Finding.Kind.UNATTENDED, Finding.Kind.OUTAGE)


def _visible_calls(user):
    calls = FaultCall.objects.for_list()
    if rules.can_handle_calls(user):
        return calls
    department = getattr(getattr(user, "profile", None), "department_id", None)
    return calls.filter(Q(department_id=department) | Q(received_by=user))


@require_safe
def calls(request):
    user = request.user
    items = _visible_calls(user)
    view = request.GET.get("view", "open")
    if view == "open":
        items = items.open()
    elif view == "mine":
        items = items.filter(taken_by=user)
    q = request.GET.get("q", "").strip()[:50]
    if q:
        items = items.filter(Q(summary__icontains=q) | Q(caller__icontains=q) | Q(department__name__icontains=q))
    page, query = paginate(request, items.order_by("-received_at", "-pk"))
    breached = set(Finding.objects.filter(call__in=list(page.object_list), kind__in=BREACH_KINDS)
                   .values_list("call_id", flat=True))
    return render(request, "dutyroster/calls.html", {
        "page": page, "query": query, "view": view, "q": q, "breached": breached, "now": timezone.now(),
        "is_it": rules.can_handle_calls(user), "duty": phone_duty(timezone.now()),
    })


@require_http_methods(["GET", "POST"])
def call_new(request):
    user = request.user
    is_it = rules.can_handle_calls(user)
    if is_it:
        form = CallForm(request.POST or None, initial={"received_at": now_local(), "responded_by_phone": True})
    else:
        form = TicketForm(request.POST or None)

    def record(data):
        data = dict(data)
        if not is_it:  # a department reports its own fault
            data["department"] = getattr(getattr(user, "profile", None), "department", None)
            if data["department"] is None:
                raise Http404
        return services.call_record(by=user, **data)

    return act(request, lambda call: call, record,
               lambda call: _("Fault call %(number)s recorded.") % {"number": call.number}, form=form,
               template="dutyroster/call_form.html",
               context=lambda: {"is_it": is_it, "duty": phone_duty(timezone.now())})


@require_safe
def call(request, pk):
    call = access.get_call_for_user(request.user, pk)
    now = timezone.now()
    is_it = rules.can_handle_calls(request.user)
    return render(request, "dutyroster/call.html", {
        "call": call, "now": now, "is_it": is_it,
        "findings": call.findings.select_related("person", "incident"),
        "complaints": call.complaints.select_related("person") if is_it or rules.can_view_call_report(request.user)
        else [], "resolve_form": ResolveCallForm(), "assign_form": AssignForm(), "cancel_form": ReasonForm(),
        "can_cancel": call.is_open() and (is_it or call.received_by_id == request.user.pk),
        "can_complain": call.taken_by_id and rules.can_record_complaint(request.user, call.taken_by),
        "targets": [
            (_("Response"), call.response_due(), call.responded_at, call.response_late(now)),
            (_("Handling started"), call.handling_due(), call.handling_at, call.unattended(now)),
            *([(_("Restored (major outage)"), call.restore_due(), call.resolved_at, call.outage_late(now))]
              if call.is_major else []),
        ],
    })


def _timed(request, pk, action, success):
    call = access.get_call_for_user(request.user, pk)
    return form_act(request, call, ActionTimeForm(request.POST),
                    lambda data: action(call=call, by=request.user, at=data.get("at")), success)


@require_POST
def call_respond(request, pk):
    return _timed(request, pk, services.call_respond, _("Response recorded."))


@require_POST
def call_start(request, pk):
    return _timed(request, pk, services.call_start, _("Handling started."))


@require_POST
def call_resolve(request, pk):
    call = access.get_call_for_user(request.user, pk)
    return form_act(request, call, ResolveCallForm(request.POST), lambda data: services.call_resolve(
        call=call, by=request.user, resolution=data["resolution"], at=data.get("at")), _("Call resolved."))


@require_POST
def call_assign(request, pk):
    call = access.get_call_for_user(request.user, pk)
    return form_act(request, call, AssignForm(request.POST), lambda data: services.call_assign(
        call=call, by=request.user, person=data["person"]), _("The call was handed over."))


@require_POST
def call_cancel(request, pk):
    call = access.get_call_for_user(request.user, pk)
    return form_act(request, call, ReasonForm(request.POST), lambda data: services.call_cancel(
        call=call, by=request.user, reason=data["reason"]), _("The call was cancelled."))


@require_safe
def report(request):
    """The month per person (calls taken, response times, breaches) and per calling department. Four queries."""
    if not rules.can_view_call_report(request.user):
        raise Http404
    month = FilterMonthForm(request.GET).month_or(this_month())
    start = timezone.make_aware(datetime.datetime.combine(month, datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(next_month(month), datetime.time()))
    month_calls = list(FaultCall.objects.filter(received_at__gte=start, received_at__lt=end)
                       .exclude(state=FaultCall.State.CANCELLED).select_related("department", "taken_by"))
    findings = list(Finding.objects.in_month(month).standing().select_related("person", "department")
                    .order_by("person__username", "occurred_on"))
    people, departments = defaultdict(Counter), defaultdict(Counter)
    minutes = defaultdict(list)
    by_call = defaultdict(list)
    for finding in findings:
        people[finding.person][finding.kind] += 1
        if finding.call_id:
            by_call[finding.call_id].append(finding.kind)
    for item in month_calls:
        department = departments[item.department]
        department["calls"] += 1
        department["open"] += item.is_open()
        for kind in by_call.get(item.pk, []):
            department[kind] += 1
        if item.taken_by is not None:
            people[item.taken_by]["calls"] += 1
            if item.responded_at:
                minutes[item.taken_by.pk].append(item.minutes_to_response())
    person_rows = sorted(people.items(), key=lambda pair: pair[0].username)
    for person, counts in person_rows:
        taken = minutes.get(person.pk, [])
        counts["average"] = round(sum(taken) / len(taken), 1) if taken else None
    return render(request, "dutyroster/call_report.html", {
        "month": month, "previous": previous_month(month), "following": next_month(month),
        "person_rows": person_rows, "department_rows": sorted(departments.items(), key=lambda p: p[0].sort_order),
        "kinds": Finding.Kind, "total": len(month_calls),
    })


# Complaints --------------------------------------------------------------------------------------------------------

@require_safe
def complaints(request):
    user = request.user
    items = Complaint.objects.select_related("person", "department", "call")
    led = [d.pk for d in user.headed_departments.all()] + [d.pk for d in user.deputised_departments.all()]
    items = items.filter(Q(person=user) | Q(person__profile__department_id__in=led))
    page, query = paginate(request, items)
    return render(request, "dutyroster/complaints.html", {"page": page, "query": query, "can_record": bool(led)})


@require_http_methods(["GET", "POST"])
def complaint_new(request):
    user = request.user
    led = list(user.headed_departments.all()) + list(user.deputised_departments.all())
    if not led:
        raise Http404
    people = it_staff().filter(profile__department__in=led).exclude(pk=user.pk)
    call = None
    if request.GET.get("call"):
        call = access.get_call_for_user(user, int_or_404(request.GET["call"]))
    initial = {"received_on": timezone.localdate()}
    if call is not None:
        initial.update({"person": call.taken_by_id, "department": call.department_id})
    form = ComplaintForm(request.POST or None, people=people, initial=initial)
    return act(request, lambda complaint: complaint, lambda data: services.complaint_record(
        by=user, person=data["person"], department=data["department"], received_on=data["received_on"],
        complaint_text=data["text"], call=call), _("The complaint was recorded: check it and record what you found."),
        form=form, template="dutyroster/complaint_form.html", context={"call": call})


@require_safe
def complaint(request, pk):
    complaint = access.get_complaint_for_user(request.user, pk)
    return render(request, "dutyroster/complaint.html", {
        "complaint": complaint, "form": ComplaintDecideForm(),
        "can_decide": complaint.state == Complaint.State.RECEIVED
        and rules.can_record_complaint(request.user, complaint.person),
        "findings": complaint.findings.select_related("incident__rule"),
    })


@require_POST
def complaint_decide(request, pk):
    complaint = access.get_complaint_for_user(request.user, pk)
    return form_act(request, complaint, ComplaintDecideForm(request.POST), lambda data: services.complaint_decide(
        complaint=complaint, by=request.user, upheld=data["upheld"], note=data["note"]),
        lambda result: _("Found true: proposed as incidents for you to confirm in Discipline.")
        if result.state == Complaint.State.UPHELD else _("Recorded as not upheld."))
