"""My duty on a phone: what is next, the duty board, one shift's page, and the personal calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from core.uploads import attachment
from core.views import form_act

from .. import access, rules, selectors
from ..forms import BreachForm, now_local
from ..models import CalendarFeed, Finding, Swap
from ..services import breaches, feeds
from ..services.handover import next_shift


@require_safe
def mine(request):
    user = request.user
    duties = selectors.my_duties(user)
    now = timezone.now()
    return render(request, "dutyroster/mine.html", {
        "duties": duties, "now": now, "current": [d for d in duties if d.starts_at <= now],
        "upcoming": [d for d in duties if d.starts_at > now][:20],
        "feed": CalendarFeed.objects.filter(person=user, revoked_at__isnull=True).first(),
        "swaps": Swap.objects.filter(state__in=Swap.OPEN_STATES).filter(requester=user).select_related(
            "colleague", "given__duty_type")[:10],
        "findings": Finding.objects.filter(person=user).standing().select_related("breach__kind").order_by(
            "-occurred_on")[:5],
        "is_it": rules.can_handle_calls(user),
    })


@require_safe
def board(request):
    """Who is on duty now and today (everyone: the wards call them)."""
    now = timezone.now()
    return render(request, "dutyroster/board.html", {"running": selectors.on_duty(now), "now": now})


@require_safe
def assignment(request, pk):
    shift = access.get_assignment_for_user(request.user, pk)
    user = request.user
    conflicts = []
    if rules.can_plan_roster(user, shift.roster.department) or user.pk == shift.person_id:
        checker = selectors.ConflictChecker([shift.person_id], shift.day, shift.day)
        conflicts = checker.conflicts(shift)
    handover = getattr(shift, "handover", None)
    kinds = selectors.breach_kinds_for(user, shift) if shift.roster.is_published() and shift.has_started() else []
    sees_breaches = bool(kinds) or user.pk == shift.person_id or rules.can_record_breaches(user, shift)
    return render(request, "dutyroster/assignment.html", {
        "shift": shift, "conflicts": conflicts, "handover": handover,
        "incoming_handover": shift.taken_over.select_related("outgoing__person").first(),
        "log": getattr(shift, "log", None),
        "next": next_shift(shift) if shift.duty_type.needs_handover else None,
        "is_mine": user.pk == shift.person_id, "can_plan": rules.can_plan_roster(user, shift.roster.department),
        "changes": shift.changes.select_related("person_before", "person_after", "by")[:20],
        "open_swap": Swap.objects.filter(given=shift, state__in=Swap.OPEN_STATES).first(),
        "swap_url": reverse("duty:swap_new", args=[shift.pk]),
        "now": timezone.now(),
        "breaches": shift.breaches.select_related("kind", "recorded_by", "finding") if sees_breaches else None,
        "breach_form": BreachForm(kinds=kinds, initial={
            "occurred_at": min(now_local(), timezone.localtime(shift.ends_at))}) if kinds else None,
    })


@require_POST
def breach_new(request, pk):
    """A breach witnessed on this duty (the phone left ringing, asleep on duty…), proposed as its rule or line."""
    shift = access.get_assignment_for_user(request.user, pk)
    kinds = selectors.breach_kinds_for(request.user, shift)
    if not kinds:
        raise Http404
    return form_act(request, shift, BreachForm(request.POST, kinds=kinds), lambda data: breaches.breach_record(
        assignment=shift, by=request.user, **data), _("The breach was recorded and proposed to the head."))


@login_not_required
@never_cache
@require_GET
def feed(request, token):
    """The iCal feed a phone calendar subscribes to: a secret token instead of a sign-in, revocable."""
    found = feeds.feed_for_token(token)
    if found is None:
        raise Http404
    return attachment(feeds.calendar_bytes(found.person, base_url=request.build_absolute_uri("/")[:-1]), "duty.ics",
                      content_type="text/calendar; charset=utf-8", inline=True)


@require_POST
def feed_create(request):
    """A new link; shown once on this page (only its hash is kept), the old link stops working."""
    _feed, token = feeds.feed_create(person=request.user, by=request.user)
    url = feeds.feed_url(request, token)
    return render(request, "dutyroster/feed_created.html", {"url": url,
                                                            "webcal": "webcal://" + url.split("://", 1)[1]})


@require_POST
def feed_revoke(request):
    if feeds.feed_revoke(person=request.user, by=request.user):
        messages.success(request, _("Your calendar link was revoked: calendars subscribed to it no longer update."))
    else:
        messages.info(request, _("You had no calendar link."))
    return redirect("duty:mine")
