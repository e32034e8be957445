"""The handover between shifts (交接班), on a phone: the outgoing person counts, the incoming person checks each
count and takes over; a head resolves disputes; the record as a PDF."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import ServiceError
from core.paging import paginate
from core.uploads import attachment
from core.views import act, form_act

from .. import access, rules, selectors
from ..exporters import handover_pdf
from ..forms import (HandoverFilterForm, HandoverItemForm, ItemCheckForm, ItemCountForm, NoteForm, OmissionForm,
                     ResolveForm)
from ..models import Handover, HandoverItem
from ..services import handover as services


@require_safe
def handovers(request):
    """The department's recent handovers (the staff, leaders and team leaders of a duty department)."""
    departments = [d for d in selectors.roster_departments(request.user)
                   if rules.can_view_duty_records(request.user, d)]
    if not departments:
        raise Http404
    items = (Handover.objects.filter(outgoing__roster__department__in=departments)
             .select_related("outgoing__duty_type", "outgoing__person", "incoming__person", "incoming__duty_type")
             .order_by("-outgoing__starts_at", "-pk"))
    filters = HandoverFilterForm(request.GET or None)
    if filters.is_valid() and filters.cleaned_data["state"]:
        items = items.filter(state=filters.cleaned_data["state"])
    page, query = paginate(request, items)
    return render(request, "dutyroster/handovers.html", {"page": page, "query": query, "filters": filters})


@require_POST
def handover_start(request, pk):
    shift = access.get_assignment_for_user(request.user, pk)
    try:
        handover = services.handover_start(assignment=shift, by=request.user)
    except ServiceError as refused:
        messages.error(request, refused.message)
        return redirect(shift)
    return redirect(handover)


@require_safe
def handover(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    user = request.user
    items = list(handover.items.order_by("order", "pk"))
    is_outgoing = user.pk == handover.outgoing.person_id
    is_incoming = handover.incoming_id is not None and user.pk == handover.incoming.person_id
    return render(request, "dutyroster/handover.html", {
        "handover": handover, "items": items, "kinds": HandoverItem.Kind.choices,
        "is_outgoing": is_outgoing, "is_incoming": is_incoming,
        "can_record": is_outgoing and handover.is_recording(),
        "can_check": is_incoming and handover.state == Handover.State.HANDED_OVER,
        "waiting": sum(1 for item in items if item.checked == HandoverItem.Check.WAITING),
        "can_resolve": rules.can_resolve_handover(user, handover) and handover.state == Handover.State.DISPUTED,
        "can_report_omission": (is_incoming or rules.can_resolve_handover(user, handover))
        and not handover.is_recording(),
        "item_form": HandoverItemForm(prefix="item"), "note_form": NoteForm(initial={"note": handover.note}),
        "omission_form": OmissionForm(), "resolve_form": ResolveForm(handover=handover),
        "omissions": handover.omissions.select_related("reported_by", "finding__incident"),
        "findings": handover.findings.select_related("person", "incident"),
    })


@require_POST
def item_add(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    return form_act(request, handover, HandoverItemForm(request.POST, prefix="item"), lambda data: services.item_add(
        handover=handover, by=request.user, **data), _("Item added."))


@require_POST
def item_update(request, pk):
    item, handover = access.get_handover_item_for_user(request.user, pk)
    return form_act(request, handover, ItemCountForm(request.POST), lambda data: services.item_update(
        item=item, by=request.user, **data), _("Count saved."))


@require_POST
def item_remove(request, pk):
    item, handover = access.get_handover_item_for_user(request.user, pk)
    return act(request, handover, lambda: services.item_remove(item=item, by=request.user), _("Item removed."))


@require_POST
def handover_submit(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    return form_act(request, handover, NoteForm(request.POST), lambda data: services.handover_submit(
        handover=handover, by=request.user, note=data["note"]),
        _("Handed over: the next shift checks the counts and takes over."))


@require_POST
def item_check(request, pk):
    item, handover = access.get_handover_item_for_user(request.user, pk)
    form = ItemCheckForm(request.POST)
    confirmed = request.POST.get("decision") == "confirm"
    return form_act(request, handover, form, lambda data: services.item_check(
        item=item, by=request.user, confirmed=confirmed, counted=data.get("counted"), note=data.get("note", "")),
        _("Count confirmed.") if confirmed else _("Count disputed."))


@require_POST
def take_over(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    return act(request, handover, lambda: services.handover_take_over(handover=handover, by=request.user),
               lambda result: _("You took the shift over.") if result.state == Handover.State.TAKEN_OVER
               else _("You took the shift over; the disputed counts went to the head."))


@require_POST
def omission(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    return form_act(request, handover, OmissionForm(request.POST), lambda data: services.omission_report(
        handover=handover, by=request.user, description=data["description"]),
        _("The omission was reported and proposed to the head."))


@require_POST
def resolve(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    return form_act(request, handover, ResolveForm(request.POST, handover=handover),
                        lambda data: services.handover_resolve(handover=handover, by=request.user,
                                                               resolution=data["resolution"],
                                                               wrong_items=list(data["wrong_items"])),
                        _("The dispute was resolved."))


@require_safe
def record_pdf(request, pk):
    handover = access.get_handover_for_user(request.user, pk)
    return attachment(handover_pdf(handover), f"handover-JB-{handover.pk:05d}.pdf")
