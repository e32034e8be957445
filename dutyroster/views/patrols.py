"""Patrols (包片区), overtime (加班) and the findings the duty records propose."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from appraisal.models import Adjustment
from core.errors import ServiceError
from core.paging import paginate

from core.views import act, form_act
from .. import access, rules, selectors
from ..forms import ConfirmNoteForm, FilterMonthForm, OvertimeForm, ReasonForm, VisitForm, now_local
from ..models import Finding, Overtime, PatrolArea, PatrolVisit, next_month, previous_month
from ..services import findings as finding_services
from ..services import overtime as overtime_services
from ..services import patrols as services
from .common import this_month


@require_safe
def patrols(request):
    """My areas and visits; the visits waiting for my confirmation; a head sees the department's areas."""
    user = request.user
    led = list(user.headed_departments.values_list("pk", flat=True)) + list(
        user.deputised_departments.values_list("pk", flat=True))
    areas = PatrolArea.objects.filter(is_active=True).select_related("person").prefetch_related("departments")
    planner = any(rules.can_plan_roster(user, d) for d in selectors.duty_departments(user))
    if not planner:
        areas = areas.filter(person=user)
    visits = (PatrolVisit.objects.select_related("area", "department", "person", "confirmed_by")
              .filter(Q(person=user) | Q(area__in=areas) | Q(department_id__in=led) | Q(area__confirmers=user))
              .distinct())
    wanted = request.GET.get("area", "")
    if wanted.isdigit():
        visits = visits.filter(area_id=int(wanted))
    to_confirm = (PatrolVisit.objects.filter(state=PatrolVisit.State.RECORDED)
                  .filter(Q(department_id__in=led) | Q(area__confirmers=user)).exclude(person=user)
                  .select_related("area", "department", "person").distinct()[:50])
    page, query = paginate(request, visits)
    missed = Finding.objects.filter(kind=Finding.Kind.PATROL_MISSED, patrol_area__in=areas).standing().select_related(
        "patrol_area", "person", "incident")[:20]
    return render(request, "dutyroster/patrols.html", {
        "areas": areas, "page": page, "query": query, "to_confirm": to_confirm, "missed": missed,
        "week_start": services.week_start(timezone.localdate()),
    })


@require_http_methods(["GET", "POST"])
def visit_new(request, pk):
    area = access.get_area_for_user(request.user, pk)
    form = VisitForm(request.POST or None, area=area, initial={"visited_at": now_local()})
    return act(request, "duty:patrols", lambda data: services.visit_record(area=area, by=request.user, **data),
               lambda visit: _("Visit recorded; %(department)s was asked to confirm it.") % {
                   "department": visit.department.name}, form=form, template="dutyroster/visit_form.html",
               context={"area": area})


@require_safe
def visit(request, pk):
    visit = access.get_visit_for_user(request.user, pk)
    return render(request, "dutyroster/visit.html", {
        "visit": visit, "form": ConfirmNoteForm(),
        "can_confirm": visit.state == PatrolVisit.State.RECORDED and rules.can_confirm_visit(request.user, visit),
    })


@require_POST
def visit_confirm(request, pk):
    visit = access.get_visit_for_user(request.user, pk)
    confirmed = request.POST.get("decision") != "reject"
    return form_act(request, visit, ConfirmNoteForm(request.POST), lambda data: services.visit_confirm(
        visit=visit, by=request.user, confirmed=confirmed, note=data["note"]),
        _("Visit confirmed.") if confirmed else _("You did not confirm the visit."))


# Overtime ----------------------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def overtime(request):
    user = request.user
    can_record = rules.can_handle_calls(user)
    form = OvertimeForm(request.POST or None) if can_record else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                record = overtime_services.overtime_record(by=user, **form.cleaned_data)
            except ServiceError as refused:
                form.add_error(None, refused.message)
            else:
                if record.state == Overtime.State.PROPOSED:
                    messages.success(request, _("Overtime recorded; the bonus was proposed to the head."))
                else:
                    messages.warning(request, _("Overtime recorded, without a bonus: %(why)s") % {
                        "why": record.no_bonus_reason})
                return redirect("duty:overtime")
    departments = list(selectors.duty_departments(user))
    items = Overtime.objects.select_related("person", "main_duty__duty_type", "finding__incident")
    items = items.filter(Q(person=user) | Q(person__profile__department__in=departments))
    page, query = paginate(request, items)
    return render(request, "dutyroster/overtime.html", {"form": form, "page": page, "query": query,
                                                        "withdraw_form": ReasonForm()})


@require_POST
def overtime_withdraw(request, pk):
    record = Overtime.objects.filter(pk=pk, person=request.user).first()
    if record is None:
        raise Http404
    return form_act(request, reverse("duty:overtime"), ReasonForm(request.POST),
                    lambda data: overtime_services.overtime_withdraw(overtime=record, by=request.user,
                                                                     reason=data["reason"]), _("Overtime withdrawn."))


# Findings ----------------------------------------------------------------------------------------------------------

@require_safe
def findings(request):
    """The month's findings: mine, and those of the departments I lead (with what each was proposed as)."""
    user = request.user
    month = FilterMonthForm(request.GET).month_or(this_month())
    departments = list(selectors.duty_departments(user))
    items = (Finding.objects.in_month(month).filter(Q(person=user) | Q(department__in=departments))
             .for_list().select_related("incident"))
    kind = request.GET.get("kind", "")
    if kind in Finding.Kind.values:
        items = items.filter(kind=kind)
    person = request.GET.get("person", "").strip()[:30]
    if person:
        items = items.filter(person__username=person)
    page, query = paginate(request, items.order_by("-occurred_on", "-pk"))
    return render(request, "dutyroster/findings.html", {
        "page": page, "query": query, "month": month, "previous": previous_month(month),
        "following": next_month(month), "kinds": Finding.Kind.choices, "kind": kind, "leads": bool(departments),
        "person": person,
    })


@require_safe
def finding(request, pk):
    finding = access.get_finding_for_user(request.user, pk)
    label, url = finding.evidence()
    # Where its points went: the line on the person's scorecard and what the reviewer made of it.
    line = Adjustment.objects.filter(source="dutyroster", evidence_id=finding.pk).select_related(
        "scorecard").first() if finding.points is not None else None
    return render(request, "dutyroster/finding.html", {
        "finding": finding, "evidence_label": label, "evidence_url": url, "form": ReasonForm(), "line": line,
        "can_dismiss": finding.state != Finding.State.DISMISSED and rules.can_dismiss_finding(request.user, finding),
    })


@require_POST
def finding_dismiss(request, pk):
    finding = access.get_finding_for_user(request.user, pk)
    return form_act(request, finding, ReasonForm(request.POST), lambda data: finding_services.finding_dismiss(
        finding=finding, by=request.user, reason=data["reason"]), _("The finding was dismissed."))
