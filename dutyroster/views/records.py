"""Duty logs signed off by the team leader, the days without a signed log, and the registers kept on duty."""

import datetime

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import ServiceError
from core.paging import paginate
from core.uploads import attachment
from core.views import act, form_act

from .. import access, rules, selectors
from ..exporters import log_pdf
from ..forms import FilterMonthForm, LoanForm, LogEntryForm, LogSignForm, ReasonForm, RegisterEntryForm, now_local
from ..models import Assignment, DutyLog, EquipmentLoan, Finding, RegisterBook, RegisterEntry, month_days, next_month
from ..services import records as services
from .common import this_month


def _record_departments(user):
    departments = [d for d in selectors.roster_departments(user) if rules.can_view_duty_records(user, d)]
    extra = selectors.team_leader_departments(user) - {d.pk for d in departments}
    if extra:
        from staff.models import Department

        departments += list(Department.objects.filter(pk__in=extra))
    return departments


@require_safe
def logs(request):
    """Logs waiting for a signature, and the shifts of the month whose log is not signed (for the head)."""
    user = request.user
    departments = _record_departments(user)
    if not departments:
        raise Http404
    month = FilterMonthForm(request.GET).month_or(this_month())
    days = month_days(month)
    start = timezone.make_aware(datetime.datetime.combine(days[0], datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(next_month(month), datetime.time()))
    signers = [d for d in departments if rules.can_sign(user, d, None)]
    waiting = (DutyLog.objects.filter(state=DutyLog.State.SUBMITTED, assignment__roster__department__in=signers)
               .exclude(assignment__person=user).select_related("assignment__duty_type", "assignment__person")
               .order_by("submitted_at")) if signers else []
    unsigned = (Assignment.objects.published().filter(roster__department__in=departments, duty_type__needs_log=True,
                                                      starts_at__gte=start, starts_at__lt=end,
                                                      ends_at__lte=timezone.now())
                .filter(Q(log__isnull=True) | ~Q(log__state=DutyLog.State.SIGNED))
                .select_related("duty_type", "person", "log", "roster__department").order_by("day", "person__username"))
    planners = {d.pk for d in departments if rules.can_review_findings(user, d)}
    if not planners:
        unsigned = unsigned.filter(person=user)
    proposed = set(Finding.objects.filter(kind=Finding.Kind.LOG_MISSING, assignment__in=unsigned)
                   .values_list("assignment_id", flat=True))
    return render(request, "dutyroster/logs.html", {
        "waiting": waiting, "unsigned": unsigned, "proposed": proposed, "planners": planners, "month": month,
        "previous": (month - datetime.timedelta(days=1)).replace(day=1), "following": next_month(month),
        "mine": DutyLog.objects.filter(assignment__person=user).select_related("assignment__duty_type")[:10],
    })


@require_safe
def log(request, pk):
    shift = access.get_log_shift_for_user(request.user, pk)
    user = request.user
    log = DutyLog.objects.filter(assignment=shift).select_related("signed_by").first()
    is_mine = user.pk == shift.person_id
    return render(request, "dutyroster/log.html", {
        "shift": shift, "log": log, "entries": log.entries.select_related("recorded_by") if log else [],
        "is_mine": is_mine,
        "can_write": is_mine and (log is None or log.state == DutyLog.State.OPEN)
        and shift.has_started() and timezone.now() <= shift.ends_at + services.ENTRY_WINDOW,
        "can_sign": log is not None and log.state == DutyLog.State.SUBMITTED
        and rules.can_sign(user, shift.roster.department, shift.person_id),
        "can_propose": rules.can_review_findings(user, shift.roster.department) and shift.has_ended()
        and (log is None or not log.is_signed()) and user.pk != shift.person_id,
        "finding": Finding.objects.filter(kind=Finding.Kind.LOG_MISSING, assignment=shift).first(),
        "entry_form": LogEntryForm(initial={"at": min(now_local(), timezone.localtime(shift.ends_at))}),
        "return_form": ReasonForm(),
    })


@require_POST
def log_entry(request, pk):
    shift = access.get_log_shift_for_user(request.user, pk)
    return form_act(request, reverse("duty:log", args=[shift.pk]), LogEntryForm(request.POST),
                    lambda data: services.log_entry_add(assignment=shift, by=request.user, at=data["at"],
                                                        text_value=data["text"]), _("Entry added."))


@require_POST
def log_submit(request, pk):
    shift = access.get_log_shift_for_user(request.user, pk)
    return act(request, reverse("duty:log", args=[shift.pk]),
               lambda: services.log_submit(assignment=shift, by=request.user),
               _("The log was sent to the team leader for signature."))


@require_POST
def log_sign(request, pk):
    log = access.get_log_for_user(request.user, pk)
    return form_act(request, reverse("duty:log", args=[pk]), LogSignForm(request.POST), lambda data: services.log_sign(
        log=log, by=request.user, note=data["note"]), _("The log was signed."))


@require_POST
def log_return(request, pk):
    log = access.get_log_for_user(request.user, pk)
    return form_act(request, reverse("duty:log", args=[pk]), ReasonForm(request.POST), lambda data: services.log_return(
        log=log, by=request.user, note=data["reason"]), _("The log was sent back."))


@require_POST
def log_propose(request, pk):
    shift = access.get_log_shift_for_user(request.user, pk)
    return act(request, request.POST.get("next") == "list" and reverse("duty:logs") or reverse("duty:log", args=[pk]),
               lambda: services.missing_log_finding(assignment=shift, by=request.user),
               _("Offered as the scorecard line “如无工作日志扣1分” of that month."))


@require_safe
def log_record_pdf(request, pk):
    log = access.get_log_for_user(request.user, pk)
    return attachment(log_pdf(log), f"duty-log-{log.assignment.day:%Y%m%d}-{pk}.pdf")


# Registers ---------------------------------------------------------------------------------------------------------

@require_safe
def registers(request):
    if not (rules.can_handle_calls(request.user) or access._leads_it(request.user)):
        raise Http404
    books = list(RegisterBook.objects.filter(is_active=True))
    today = timezone.localdate()
    recorded = set(RegisterEntry.objects.filter(occurred_at__date=today).values_list("book_id", flat=True))
    return render(request, "dutyroster/registers.html", {
        "books": [(book, book.pk in recorded) for book in books],
        "open_loans": EquipmentLoan.objects.filter(returned_at__isnull=True).count(),
    })


@require_http_methods(["GET", "POST"])
def register(request, code):
    book = access.get_register_for_user(request.user, code)
    form = RegisterEntryForm(request.POST or None, initial={"occurred_at": now_local()})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.register_entry_add(book=book, by=request.user, **form.cleaned_data)
            except ServiceError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Entry recorded."))
                return redirect(book)
    entries = book.entries.select_related("recorded_by", "signed_by", "department")
    page, query = paginate(request, entries)
    missing = []
    if book.is_daily:
        today = timezone.localdate()
        since = today - datetime.timedelta(days=13)
        recorded = set(book.entries.filter(occurred_at__date__gte=since).values_list("occurred_at__date", flat=True))
        missing = [since + datetime.timedelta(days=n) for n in range(14)
                   if since + datetime.timedelta(days=n) not in recorded and since + datetime.timedelta(days=n) < today]
    return render(request, "dutyroster/register.html", {
        "book": book, "form": form, "page": page, "query": query, "missing": missing,
        "can_record": rules.can_handle_calls(request.user),
        "signable": {entry.pk for entry in page.object_list
                     if entry.signed_at is None and rules.can_sign(request.user, entry.department,
                                                                   entry.recorded_by_id)},
    })


@require_POST
def register_sign(request, pk):
    entry = access.get_register_entry_for_user(request.user, pk)
    return act(request, entry.book, lambda: services.register_entry_sign(entry=entry, by=request.user),
               _("Entry signed."))


@require_http_methods(["GET", "POST"])
def loans(request):
    if not (rules.can_handle_calls(request.user) or access._leads_it(request.user)):
        raise Http404
    form = LoanForm(request.POST or None, initial={"lent_at": now_local()})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.loan_record(by=request.user, **form.cleaned_data)
            except ServiceError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The loan was recorded; it is carried into every handover until "
                                            "it is returned."))
                return redirect("duty:loans")
    items = EquipmentLoan.objects.select_related("department", "lent_by", "returned_to")
    show = request.GET.get("show", "out")
    if show != "all":
        items = items.filter(returned_at__isnull=True)
    page, query = paginate(request, items)
    return render(request, "dutyroster/loans.html", {"form": form, "page": page, "query": query, "show": show,
                                                     "today": timezone.localdate(),
                                                     "can_record": rules.can_handle_calls(request.user)})


@require_POST
def loan_return(request, pk):
    if not rules.can_handle_calls(request.user):
        raise Http404
    loan = get_object_or_404(EquipmentLoan, pk=pk)
    return act(request, reverse("duty:loans"), lambda: services.loan_return(loan=loan, by=request.user),
               _("The item was returned."))
