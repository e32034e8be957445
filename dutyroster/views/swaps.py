"""Swaps (换班): asked from a shift's page, answered by the colleague, approved by the head in the approvals inbox."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from approvals import selectors as approval_selectors
from core.paging import paginate
from core.views import act, form_act

from .. import access, rules, selectors
from ..forms import NoteForm, SwapForm
from ..models import Assignment, Swap
from ..services import swaps as services


@require_safe
def swaps(request):
    """Mine (asked by me or of me) and, for the head, the department's."""
    user = request.user
    departments = list(selectors.duty_departments(user))
    items = (Swap.objects.filter(Q(requester=user) | Q(colleague=user) | Q(given__roster__department__in=departments))
             .select_related("requester", "colleague", "given__duty_type", "taken__duty_type").distinct())
    page, query = paginate(request, items)
    return render(request, "dutyroster/swaps.html", {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
def swap_new(request, pk):
    shift = access.get_assignment_for_user(request.user, pk)
    if shift.person_id != request.user.pk:
        raise Http404
    department = shift.roster.department
    people = selectors.department_people(department).exclude(pk=request.user.pk)
    duties = (Assignment.objects.published().filter(roster__department=department, starts_at__gt=timezone.now())
              .exclude(person=request.user).select_related("duty_type", "person").order_by("starts_at")[:200])
    form = SwapForm(request.POST or None, people=people,
                    duties=Assignment.objects.filter(pk__in=[duty.pk for duty in duties]).select_related(
                        "duty_type", "person").order_by("starts_at"))
    return act(request, lambda swap: swap, lambda data: services.swap_ask(
        given=shift, by=request.user, colleague=data["colleague"], taken=data["taken"], reason=data["reason"]),
        lambda swap: _("%(name)s was asked; once they accept, the head approves the swap.") % {
            "name": swap.colleague.display_name}, form=form, template="dutyroster/swap_form.html",
        context={"shift": shift})


@require_safe
def swap(request, pk):
    swap = access.get_swap_for_user(request.user, pk)
    user = request.user
    return render(request, "dutyroster/swap.html", {
        **approval_selectors.panel(swap.approval if swap.approval_id else None, user),
        "swap": swap, "answer_form": NoteForm(),
        "can_answer": user.pk == swap.colleague_id and swap.state == Swap.State.ASKED,
        "can_withdraw": user.pk == swap.requester_id and swap.is_open(),
        "changes": swap.changes.select_related("duty_type", "person_before", "person_after"),
        "leads": rules.can_plan_roster(user, swap.given.roster.department),
    })


@require_POST
def swap_answer(request, pk):
    swap = access.get_swap_for_user(request.user, pk)
    accept = request.POST.get("decision") == "accept"
    return form_act(request, swap, NoteForm(request.POST), lambda data: services.swap_answer(
        swap=swap, by=request.user, accept=accept, note=data["note"]),
        _("You accepted: the swap waits for the head's approval.") if accept else _("You declined the swap."))


@require_POST
def swap_withdraw(request, pk):
    swap = access.get_swap_for_user(request.user, pk)
    return act(request, swap, lambda: services.swap_withdraw(swap=swap, by=request.user), _("The swap was withdrawn."))
