import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from approvals import selectors as approval_selectors
from core.errors import ServiceError
from core.paging import paginate, paginate_ids
from core.roles import is_hr
from core.views import act, attempt
from core.uploads import attachment
from core.workdays import UnknownCalendarYear, is_provisional_year
from discipline.rules import can_record_incident
from staff.models import StaffProfile
from staff.rules import is_department_leader

from . import access, lateness as lateness_services, selectors, services
from . import days as leave_days
from .exporters import LeaveExporter
from .forms import (AbsenceForm, BalanceForm, CoverForm, LatenessDecisionForm, LatenessForm, LeaveFilterForm,
                    LeaveForm, PeriodForm, ReasonForm, ReturnForm, parse_month)
from .models import Absence, Lateness, LeaveBalance, LeaveRequest
from .rules import can_manage_leave, can_manage_leave_balances, can_see_leave_type


def _my_balance(user, year):
    balance = LeaveBalance.objects.filter(person=user, year=year).first()
    return selectors.balance_rows([balance], year)[0] if balance else None


@require_safe
def leave_list(request):
    """Mine by default; “team” for leaders, supervisors and HR: everything else they may see."""
    user = request.user
    scope = request.GET.get("scope", "mine")
    leaves = selectors.visible_leaves(user)
    leaves = leaves.filter(person=user) if scope != "team" else leaves.exclude(person=user)
    form = LeaveFilterForm(request.GET or None, departments=selectors.calendar_departments(user))
    if request.GET:
        leaves = form.filter(leaves)
    page, query = paginate_ids(request, leaves, LeaveRequest.objects.for_list())
    return render(request, "leave/list.html", {
        "form": form, "page": page, "query": query, "scope": scope,
        "sees_team": is_department_leader(user) or is_hr(user)
        or user.direct_reports.exists(),
        "balance": _my_balance(user, timezone.localdate().year) if scope != "team" else None,
    })


@require_safe
def leave_export(request):
    user = request.user
    if not (is_department_leader(user) or is_hr(user)):
        raise Http404
    form = LeaveFilterForm(request.GET or None, departments=selectors.calendar_departments(user))
    leaves = selectors.visible_leaves(user)
    if request.GET:
        leaves = form.filter(leaves)
    exporter = LeaveExporter(leaves.order_by("starts_on", "pk"))
    return exporter.attachment(f"leave-{timezone.localtime():%Y%m%d-%H%M}")


@require_http_methods(["GET", "POST"])
def leave_new(request):
    form = LeaveForm(request.POST or None, request.FILES or None, person=request.user,
                     initial={"starts_on": request.GET.get("date") or None})
    return act(request, lambda leave: leave,
               lambda _data: services.leave_apply(person=request.user, by=request.user, **form.service_arguments()),
               _("Your leave request was sent for approval."), form=form, template="leave/form.html",
               context=lambda: {"balance": _my_balance(request.user, timezone.localdate().year)})


def leave_preview(request):
    """The form's live preview (htmx): working days, holidays inside, the extension step, deductions, conflicts."""
    form = PeriodForm(request.GET)
    preview = None
    if all(form[name].value() for name in ("leave_type", "starts_on", "ends_on")) and form.is_valid():
        leave = None
        if request.GET.get("leave"):
            leave = access.get_leave_for_user(request.user, _int(request.GET["leave"]))
        preview = services.leave_preview(person=request.user, exclude=leave, **form.period())
    return render(request, "leave/_preview.html", {"preview": preview, "form": form})


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@require_safe
def leave_detail(request, pk):
    leave = access.get_leave_for_user(request.user, pk)
    user = request.user
    days = None
    if leave.state in LeaveRequest.HOLDING_STATES:
        try:
            days = leave_days.count_slots(leave.first_slot, leave.last_slot)
        except UnknownCalendarYear:
            days = None  # the stored total is shown without the day-by-day list
    today = timezone.localdate()
    return render(request, "leave/detail.html", {
        "leave": leave,
        "days": days,
        "deductions": leave.deductions.select_related("rule__revision__schedule").order_by("occurred_on"),
        "absences": leave.absences.select_related("incident"),
        **approval_selectors.panel(leave.approval if leave.approval_id else None, user),
        "is_person": user.pk == leave.person_id,
        "can_manage": can_manage_leave(user, leave),
        "can_see_type": can_see_leave_type(user, leave),
        "cover_form": CoverForm(leave=leave) if can_manage_leave(user, leave)
        and leave.state in LeaveRequest.OPEN_STATES else None,
        "return_form": ReturnForm() if leave.state == LeaveRequest.State.APPROVED and leave.has_started(today)
        and (user.pk == leave.person_id or can_manage_leave(user, leave)) else None,
        "can_cancel": leave.state == LeaveRequest.State.APPROVED and leave.starts_on > today
        and (user.pk == leave.person_id or can_manage_leave(user, leave)),
        "is_overdue": leave.is_overdue(today),
        "provisional_years": days.provisional if days and leave.count_provisional else [],
        "can_recount": user.pk == leave.person_id or can_manage_leave(user, leave)
        or can_manage_leave_balances(user),
    })


@require_POST
def leave_recount(request, pk):
    """Apply the official calendar's count once what held it back is resolved (the balance, a corrected request)."""
    leave = access.get_leave_for_user(request.user, pk)
    try:
        outcome = services.leave_recount(leave=leave, by=request.user)
    except ServiceError as refused:
        messages.error(request, refused.message)
        return redirect(leave)
    if outcome == services.RECOUNT_FLAGGED:
        leave.refresh_from_db()
        messages.error(request, leave.recount_problem)
    elif outcome == services.RECOUNT_APPLIED:
        messages.success(request, _("The leave was recounted on the official calendar."))
    else:
        messages.info(request, _("The count is unchanged."))
    return redirect(leave)


@require_http_methods(["GET", "POST"])
def leave_edit(request, pk):
    leave = access.get_leave_for_user(request.user, pk)
    if leave.person_id != request.user.pk or not leave.is_editable():
        messages.error(request, _("This leave request is not waiting for changes."))
        return redirect(leave)
    form = LeaveForm(request.POST or None, request.FILES or None, person=request.user,
                     initial=LeaveForm.initial_from(leave))
    return act(request, leave,
               lambda _data: services.leave_resubmit(leave=leave, by=request.user, **form.service_arguments()),
               _("Your corrected leave request was sent for approval again."), form=form, template="leave/form.html",
               context=lambda: {"leave": leave, "balance": _my_balance(request.user, leave.starts_on.year)})


@require_POST
def leave_withdraw(request, pk):
    leave = access.get_leave_for_user(request.user, pk)
    return act(request, leave, lambda: services.leave_withdraw(leave=leave, by=request.user),
                _("The leave request was withdrawn."))


@require_POST
def leave_cancel(request, pk):
    leave = access.get_leave_for_user(request.user, pk)
    return act(request, leave, lambda data: services.leave_cancel(leave=leave, by=request.user, reason=data["reason"]),
               _("The leave was cancelled."), form=ReasonForm(request.POST), invalid=_("Please give a reason."))


@require_POST
def leave_return(request, pk):
    leave = access.get_leave_for_user(request.user, pk)
    return act(request, leave, lambda data: services.leave_return(
        leave=leave, by=request.user, back_on=data["back_on"], back_half=data["back_half"]),
        _("The return to work was recorded."), form=ReturnForm(request.POST),
        invalid=_("Give the date and half day of the return."))


@require_POST
def leave_cover(request, pk):
    leave = access.get_leave_for_user(request.user, pk)
    return act(request, leave, lambda data: services.leave_set_cover(leave=leave, by=request.user, cover=data["cover"]),
               _("The cover was named."), form=CoverForm(request.POST, leave=leave),
               invalid=_("Choose who covers the work."))


@require_safe
def leave_document(request, pk):
    leave = access.get_leave_for_user(request.user, pk)
    if not leave.document or not can_see_leave_type(request.user, leave):
        raise Http404
    return attachment(leave.document, leave.document_name or "document")


@require_safe
def leave_calendar(request):
    """The department's month: who is away on which half day (年/月 grid), paged by people."""
    user = request.user
    departments = list(selectors.calendar_departments(user))
    wanted = _int(request.GET["department"]) if request.GET.get("department") else None
    own = getattr(getattr(user, "profile", None), "department_id", None)
    by_pk = {department.pk: department for department in departments}
    department = by_pk.get(wanted) or by_pk.get(own) or (departments[0] if departments else None)
    if department is None:
        raise Http404
    try:
        month = parse_month(request.GET.get("month", "")) or timezone.localdate().replace(day=1)
    except ValidationError:
        messages.error(request, _("Give the month as YYYY-MM."))
        month = timezone.localdate().replace(day=1)
    page, query = paginate(request, selectors.department_members(department), 50)
    days, rows = selectors.department_calendar(user, department, month.year, month.month, list(page.object_list))
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(request, "leave/calendar.html", {
        "department": department, "departments": departments, "month": month, "days": days, "rows": rows,
        "page": page, "query": query, "previous": previous, "following": following,
        "unknown_year": days and days[0].is_workday is None,
        "provisional_year": month.year if is_provisional_year(month.year) else None,
    })


@require_safe
def absence_list(request):
    user = request.user
    if not (is_department_leader(user) or is_hr(user)):
        raise Http404
    absences = Absence.objects.select_related("person", "department", "incident", "recorded_by", "leave", "lateness")
    if not is_hr(user):
        absences = absences.filter(department__in=selectors.led_departments(user))
    page, query = paginate(request, absences)
    return render(request, "leave/absence_list.html", {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
def absence_new(request):
    if not is_department_leader(request.user):
        raise Http404
    return act(request, "leave:absence_list", lambda data: services.absence_record(
        person=data["person"], by=request.user, starts_on=data["starts_on"], ends_on=data["ends_on"],
        note=data["note"]), _("The absence was recorded; confirm the proposed incident in Discipline."),
        form=AbsenceForm(request.POST or None, user=request.user), template="leave/absence_form.html")


# Lateness and early leave (迟到、早退) ---------------------------------------------------------------------------

def _require_leader_or_hr(user):
    if not (is_department_leader(user) or is_hr(user)):
        raise Http404


@require_safe
def lateness_list(request):
    user = request.user
    _require_leader_or_hr(user)
    latenesses = Lateness.objects.for_list().select_related("absence")
    if not is_hr(user):
        latenesses = latenesses.filter(department__in=selectors.led_departments(user))
    if request.GET.get("state") == "decide":
        latenesses = latenesses.awaiting_decision()
    page, query = paginate(request, latenesses)
    return render(request, "leave/lateness_list.html", {"page": page, "query": query,
                                                        "deciding": request.GET.get("state") == "decide"})


@require_http_methods(["GET", "POST"])
def lateness_new(request):
    if not is_department_leader(request.user):
        raise Http404
    form = LatenessForm(request.POST or None, user=request.user, initial={"person": _initial_person(request)})
    return act(request, lambda lateness: lateness, lambda data: lateness_services.lateness_record(
        person=data["person"], by=request.user, occurred_on=data["occurred_on"], half=data["half"],
        kind=data["kind"], minutes=data["minutes"], note=data["note"]),
        lambda lateness: _("The lateness was recorded: %(summary)s.") % {"summary": lateness.summary()},
        form=form, template="leave/lateness_form.html")


def _initial_person(request):
    username = request.GET.get("person")
    return get_user_model().objects.filter(username=username).first() if username else None


@require_POST
def lateness_preview(request):
    """The form's live preview (htmx): every rule the minutes meet, and why."""
    if not is_department_leader(request.user):
        raise Http404
    form = LatenessForm(request.POST, user=request.user)
    judgement, error = None, ""
    if form.is_valid():  # an unfinished form previews nothing, without an error
        judgement, error = attempt(lambda data: lateness_services.preview(
            person=data["person"], kind=data["kind"], minutes=data["minutes"], half=data["half"],
            occurred_on=data["occurred_on"]), form=form)
    return render(request, "leave/_lateness_preview.html", {"judgement": judgement, "error": error})


@require_safe
def lateness_detail(request, pk):
    lateness = access.get_lateness_for_user(request.user, pk)
    can_manage = can_record_incident(request.user, lateness.person)
    selectors.prefetch_lateness_incidents([lateness])
    return render(request, "leave/lateness_detail.html", {
        "lateness": lateness, "can_manage": can_manage and not lateness.is_cancelled,
        "waiting": [incident for incident in lateness.incidents.all() if incident.state == incident.State.PROPOSED],
        "decision_form": LatenessDecisionForm() if can_manage and lateness.awaits_decision else None,
    })


@require_POST
def lateness_decide(request, pk):
    lateness = access.get_lateness_for_user(request.user, pk)
    return act(request, lateness, lambda data: lateness_services.lateness_decide(
        lateness=lateness, by=request.user, rule_code=data["rule"], reason=data["reason"]),
        _("The decision was recorded."), form=LatenessDecisionForm(request.POST), invalid=_("Please give a reason."))


@require_POST
def lateness_confirm(request, pk):
    lateness = access.get_lateness_for_user(request.user, pk)
    return act(request, lateness, lambda: lateness_services.lateness_confirm_proposals(lateness=lateness,
                                                                                        by=request.user),
               lambda count: ngettext("%(count)d proposed incident was confirmed.",
                                      "%(count)d proposed incidents were confirmed.", count) % {"count": count})


@require_POST
def lateness_cancel(request, pk):
    lateness = access.get_lateness_for_user(request.user, pk)
    return act(request, lateness, lambda data: lateness_services.lateness_cancel(
        lateness=lateness, by=request.user, reason=data["reason"]), _("The lateness was cancelled."),
        form=ReasonForm(request.POST), invalid=_("Please give a reason."))


def _year(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@require_safe
def balance_list(request):
    user = request.user
    if not (is_hr(user) or is_department_leader(user)):
        raise Http404
    year = _year(request)
    balances = LeaveBalance.objects.filter(year=year).select_related("person__profile__department", "updated_by")
    if not is_hr(user):
        balances = balances.filter(person__profile__department__in=selectors.led_departments(user))
    search = request.GET.get("q", "").strip()[:50]
    if search:
        balances = balances.filter(Q(person__name__icontains=search) | Q(person__username__icontains=search))
    page, query = paginate(request, balances.order_by("person__username"))
    rows = selectors.balance_rows(page.object_list, year)
    User = get_user_model()
    missing = (User.objects.filter(is_active=True, profile__status__in=StaffProfile.ACTIVE_STATUSES)
               .exclude(leave_balances__year=year).count()) if is_hr(user) else 0
    return render(request, "leave/balance_list.html", {
        "page": page, "rows": rows, "query": query, "year": year, "search": search,
        "can_edit": can_manage_leave_balances(user), "missing": missing,
    })


@require_POST
def balance_edit(request, pk):
    if not can_manage_leave_balances(request.user):
        raise Http404
    balance = get_object_or_404(LeaveBalance.objects.select_related("person__profile__department"), pk=pk)
    saved, error = attempt(lambda data: services.balance_set(person=balance.person, year=balance.year,
                                                            by=request.user, **data), form=BalanceForm(request.POST))
    balance = saved or balance
    if request.htmx:
        row = selectors.balance_rows([LeaveBalance.objects.select_related("person").get(pk=balance.pk)],
                                     balance.year)[0]
        return render(request, "leave/_balance_row.html", {"balance": row, "error": error, "saved": error is None,
                                                           "can_edit": True})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Annual leave of %(name)s saved.") % {"name": balance.person.display_name})
    return redirect(f"{reverse('leave:balance_list')}?year={balance.year}")


@require_POST
def balances_open(request):
    if not can_manage_leave_balances(request.user):
        raise Http404
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        messages.error(request, _("Choose a year."))
        return redirect("leave:balance_list")
    return act(request, f"{reverse('leave:balance_list')}?year={year}",
               lambda: services.balances_open_year(year=year, by=request.user),
               lambda opened: _("Annual leave opened for %(count)d people in %(year)d.") % {
                   "count": opened, "year": year})
