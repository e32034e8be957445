"""Pages of the handover (离岗交接). Thin: fetch through access helpers, validate with a form, call a service."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from authz.rules import can_file_revocation
from core.paging import paginate
from core.roles import is_hr
from core.uploads import attachment
from core.views import act, attempt
from staff.rules import is_department_leader

from . import access, services
from .forms import EquipmentForm, HandoverFilterForm, HandoverStartForm, ItemNoteForm, ReasonForm
from .models import Handover, HandoverItem
from .record import handover_record_pdf
from .rules import can_cancel_handover, can_complete_handover, can_confirm_handover, can_edit_equipment


def _visible(user):
    handovers = Handover.objects.for_list()
    if is_hr(user):
        return handovers
    return handovers.filter(Q(person=user) | Q(successor=user) | Q(started_by=user) | Q(department__head=user)
                            | Q(department__deputy=user) | Q(target_department__head=user)
                            | Q(target_department__deputy=user))


@require_safe
def handover_list(request):
    user = request.user
    default = "all" if is_hr(user) else ("department" if is_department_leader(user) else "mine")
    form = HandoverFilterForm(request.GET or None, initial={"view": default})
    handovers = _visible(user)
    if form.is_bound and not form.is_valid():
        handovers = handovers.none()
    else:
        data = form.cleaned_data if form.is_bound else {}
        view = data.get("view") or default
        if view == "mine":
            handovers = handovers.filter(Q(person=user) | Q(successor=user) | Q(started_by=user))
        elif view == "department":
            handovers = handovers.filter(Q(department__head=user) | Q(department__deputy=user)
                                         | Q(target_department__head=user) | Q(target_department__deputy=user))
        if data.get("state"):
            handovers = handovers.filter(state=data["state"])
        if data.get("kind"):
            handovers = handovers.filter(kind=data["kind"])
        if data.get("q"):
            handovers = handovers.filter(Q(person__name__icontains=data["q"]) | Q(person__username=data["q"]))
    handovers = handovers.annotate(
        item_count=Count("items", distinct=True),
        confirmed_count=Count("items", filter=Q(items__state=HandoverItem.State.CONFIRMED), distinct=True),
    ).order_by("-pk")
    page, query = paginate(request, handovers)
    return render(request, "offboarding/list.html", {"page": page, "query": query, "form": form})


@require_http_methods(["GET", "POST"])
def handover_start(request):
    return act(request, lambda handover: handover,
               lambda data: services.handover_start(by=request.user, **data),
               _("The handover is started; the successor has been told."),
               form=HandoverStartForm(request.POST or None, user=request.user), template="offboarding/start.html",
               invalid=_("Please correct the errors below."), refusal_as_message=True)


def _detail_context(request, handover):
    user = request.user
    items = list(handover.items.select_related("owner", "confirmed_by"))
    equipment = list(handover.equipment.select_related("confirmed_by"))
    revocation = handover.revocation
    return {
        "handover": handover,
        "items": items,
        "equipment": equipment,
        "revocation": revocation,
        "is_successor": can_confirm_handover(user, handover),
        "handing_over": handover.state == Handover.State.OPEN,
        "can_edit_equipment": handover.state == Handover.State.OPEN and can_edit_equipment(user, handover),
        "can_complete": handover.is_open() and can_complete_handover(user, handover),
        "can_cancel": handover.is_open() and can_cancel_handover(user, handover) and (
            revocation is None or revocation.issued_at is None),
        "can_file_revocation": handover.is_open() and can_file_revocation(user, handover.person) and (
            revocation is None or (revocation.issued_at is None
                                   and revocation.approval.state not in services.LIVE_REVOCATION_STATES)),
        "refusals": services.completion_refusals(handover) if handover.is_open() else [],
        "still_leads": services.led_by(handover.person) if handover.is_open() else ([], 0),
        "equipment_form": EquipmentForm(),
    }


@require_safe
def handover_detail(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    return render(request, "offboarding/detail.html", _detail_context(request, handover))


def _item_response(request, item, action):
    done, error = attempt(action)
    item = done or item
    if request.htmx:
        item = HandoverItem.objects.select_related("owner", "confirmed_by").get(pk=item.pk)
        handover = access.get_handover_for_user(request.user, item.handover_id)
        return render(request, "offboarding/_item.html", {
            "item": item, "handover": handover, "error": error, "handing_over": handover.state == Handover.State.OPEN,
            "is_successor": can_confirm_handover(request.user, handover)})
    if error:
        messages.error(request, error)
    return redirect(item.handover)


@require_POST
def item_hand_over(request, pk, item_pk):
    item = access.get_item_for_user(request.user, pk, item_pk)
    form = ItemNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _item_response(request, item, lambda: services.item_hand_over(item=item, by=request.user, note=note))


@require_POST
def item_confirm(request, pk, item_pk):
    item = access.get_item_for_user(request.user, pk, item_pk)
    return _item_response(request, item, lambda: services.item_confirm(item=item, by=request.user))


@require_POST
def item_return(request, pk, item_pk):
    item = access.get_item_for_user(request.user, pk, item_pk)
    form = ItemNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _item_response(request, item, lambda: services.item_return(item=item, by=request.user, note=note))


@require_POST
def equipment_add(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    form = EquipmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the asset number and the equipment, and whether it is returned or "
                                  "handed on."))
        return redirect(handover)
    return act(request, handover, lambda: services.equipment_add(handover=handover, by=request.user,
                                                                   **form.cleaned_data),
                _("Added to the equipment list."))


@require_POST
def equipment_remove(request, pk, line_pk):
    line = access.get_equipment_for_user(request.user, pk, line_pk)
    return act(request, line.handover, lambda: services.equipment_remove(line=line, by=request.user),
                _("Removed from the equipment list."))


@require_POST
def equipment_confirm(request, pk, line_pk):
    line = access.get_equipment_for_user(request.user, pk, line_pk)
    confirmed, error = attempt(lambda: services.equipment_confirm(line=line, by=request.user))
    line = confirmed or line
    if request.htmx:
        handover = line.handover
        line = handover.equipment.select_related("confirmed_by").get(pk=line.pk)
        return render(request, "offboarding/_equipment.html", {
            "line": line, "handover": handover, "error": error,
            "is_successor": can_confirm_handover(request.user, handover),
            "handing_over": handover.state == Handover.State.OPEN,
            "can_edit_equipment": handover.state == Handover.State.OPEN and can_edit_equipment(
                request.user, handover)})
    if error:
        messages.error(request, error)
    return redirect(line.handover)


@require_POST
def handover_confirm(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    return act(request, handover, lambda: services.handover_confirm(handover=handover, by=request.user),
                _("You confirmed the handover. Now change the handed-over passwords and confirm that too."))


@require_POST
def passwords_changed(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    return act(request, handover, lambda: services.handover_passwords_changed(handover=handover, by=request.user),
                _("Recorded: you changed the handed-over passwords."))


@require_POST
def file_revocation(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    return act(request, handover, lambda: services.handover_file_revocation(handover=handover, by=request.user),
                _("The revocation of the accounts is filed with IT."))


@require_POST
def complete(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    return act(request, handover, lambda: services.handover_complete(handover=handover, by=request.user),
                _("The departure or transfer is completed."))


@require_POST
def cancel(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason."))
        return redirect(handover)
    return act(request, handover, lambda: services.handover_cancel(handover=handover, by=request.user,
                                                                    reason=form.cleaned_data["reason"]),
                _("The handover was cancelled."))


@require_safe
def record_pdf(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    return attachment(handover_record_pdf(handover), f"handover-{handover.pk}.pdf")
