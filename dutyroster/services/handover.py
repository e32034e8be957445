"""The handover between shifts (交接班): the outgoing person counts the items, the incoming person confirms or
disputes each count and takes the shift over; a head resolves disputes. Missing handovers and take-overs after the
grace period, and items left out (漏项), become findings proposed to the head (F10, F11, Q5 by default)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import require, required_text
from audit.services import audit_record
from notifications.services import notify, notify_each, work_done

from .. import rules
from ..models import Assignment, DutyPolicy, EquipmentLoan, Finding, Handover, HandoverItem, HandoverOmission
from . import findings

State = Handover.State
Check = HandoverItem.Check
CARRIED_KINDS = (HandoverItem.Kind.SPARE, HandoverItem.Kind.TOOL, HandoverItem.Kind.PENDING)
LOOKBACK_DAYS = 14


def _snapshot(handover):
    return {"state": handover.state, "outgoing": handover.outgoing_id, "incoming": handover.incoming_id,
            "items": handover.items.count()}


def _lock(handover):
    return (Handover.objects.select_for_update(of=("self",))
            .select_related("outgoing__duty_type", "outgoing__person", "outgoing__roster__department",
                            "incoming__person", "incoming__duty_type").get(pk=handover.pk))


def next_shift(assignment):
    """The shift that takes over from this one: the next duty of the type it hands over to, in the same department."""
    target = assignment.duty_type.hands_over_to_id or assignment.duty_type_id
    return (Assignment.objects.published().filter(duty_type_id=target, starts_at__gt=assignment.starts_at,
                                                  roster__department_id=assignment.roster.department_id)
            .exclude(pk=assignment.pk).select_related("person", "duty_type").order_by("starts_at", "pk").first())


def _previous_handover(assignment):
    return (Handover.objects.filter(incoming=assignment).exclude(state=State.RECORDING)
            .order_by("-handed_over_at").first())


def _carry_items(handover):
    """Start from the previous handover's counts (spares, tools, pending work) and the loans still out."""
    items, order = [], 0
    previous = _previous_handover(handover.outgoing)
    if previous is not None:
        for item in previous.items.filter(kind__in=CARRIED_KINDS).order_by("order", "pk"):
            order += 1
            count = item.counted if item.checked == Check.DISPUTED and item.counted is not None else item.quantity
            items.append(HandoverItem(handover=handover, kind=item.kind, name=item.name, quantity=count,
                                      location=item.location, note=item.note, order=order))
    for loan in EquipmentLoan.objects.filter(returned_at__isnull=True).select_related("department").order_by("lent_at"):
        order += 1
        due = _("due %(date)s") % {"date": f"{loan.due_on:%Y-%m-%d}"} if loan.due_on else ""
        items.append(HandoverItem(handover=handover, kind=HandoverItem.Kind.LOAN, name=loan.item[:100],
                                  quantity=loan.quantity, location=f"{loan.department.name} {loan.borrower}"[:150],
                                  note=" ".join(part for part in (loan.asset_number, due) if part)[:300],
                                  order=order))
    HandoverItem.objects.bulk_create(items)


@transaction.atomic
def handover_start(*, assignment, by):
    """The outgoing person opens the shift's handover (idempotent), prefilled from the last one."""
    assignment = Assignment.objects.select_for_update(of=("self",)).select_related(
        "duty_type", "roster__department", "person").get(pk=assignment.pk)
    existing = Handover.objects.filter(outgoing=assignment).first()
    if existing is not None:
        return existing
    require(by.pk == assignment.person_id, _("Only the person on this duty hands it over."))
    require(assignment.duty_type.needs_handover, _("%(duty)s is not handed over with counted items.") % {
        "duty": assignment.duty_type.name})
    require(assignment.roster.is_published(), _("The roster of this duty is not published yet."))
    require(assignment.has_started(), _("The handover is recorded during the shift, not before it begins."))
    handover = Handover.objects.create(outgoing=assignment, incoming=next_shift(assignment))
    _carry_items(handover)
    audit_record(actor=by, action="dutyroster.handover.start", obj=handover, after=_snapshot(handover))
    return handover


def _require_recording(handover, by):
    require(by.pk == handover.outgoing.person_id, _("Only the outgoing person changes the handover."))
    require(handover.is_recording(), _("The shift was handed over: the counts can no longer change."))


def _clean_item(kind, name, quantity, location):
    require(kind in HandoverItem.Kind.values, _("Choose what kind of item it is."))
    name = required_text(name, _("Name the item."), limit=100)
    require(quantity is not None and 0 <= quantity <= 9999, _("Give the count as a whole number from 0 to 9999."))
    if kind == HandoverItem.Kind.LOAN:
        require((location or "").strip(), _("Say to whom the item is lent."))
    return name


@transaction.atomic
def item_add(*, handover, by, kind, name, quantity, location="", note=""):
    handover = _lock(handover)
    _require_recording(handover, by)
    name = _clean_item(kind, name, quantity, location)
    order = (handover.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = HandoverItem.objects.create(handover=handover, kind=kind, name=name, quantity=quantity,
                                       location=(location or "").strip()[:150], note=(note or "").strip()[:300],
                                       order=order)
    audit_record(actor=by, action="dutyroster.handover.item_add", obj=handover,
                 after={"item": item.pk, "kind": kind, "name": name, "count": quantity})
    return item


@transaction.atomic
def item_update(*, item, by, quantity, location="", note=""):
    handover = _lock(item.handover)
    _require_recording(handover, by)
    item = HandoverItem.objects.get(pk=item.pk)
    _clean_item(item.kind, item.name, quantity, location)
    before = {"count": item.quantity, "location": item.location, "note": item.note}
    item.quantity, item.location, item.note = quantity, (location or "").strip()[:150], (note or "").strip()[:300]
    item.save(update_fields=["quantity", "location", "note"])
    audit_record(actor=by, action="dutyroster.handover.item_update", obj=handover, before={"item": item.pk, **before},
                 after={"item": item.pk, "count": quantity, "location": item.location, "note": item.note})
    return item


@transaction.atomic
def item_remove(*, item, by):
    handover = _lock(item.handover)
    _require_recording(handover, by)
    audit_record(actor=by, action="dutyroster.handover.item_remove", obj=handover,
                 before={"item": item.pk, "kind": item.kind, "name": item.name, "count": item.quantity})
    HandoverItem.objects.filter(pk=item.pk).delete()


@transaction.atomic
def handover_submit(*, handover, by, note=""):
    """The outgoing person hands over: the counts are fixed and the incoming person is told."""
    handover = _lock(handover)
    _require_recording(handover, by)
    if handover.incoming_id is None:
        handover.incoming = next_shift(handover.outgoing)
    note = (note or "").strip()
    require(len(note) <= 2000, _("The text is too long: at most %(max)d characters.") % {"max": 2000})
    before = _snapshot(handover)
    handover.state, handover.handed_over_at, handover.note = State.HANDED_OVER, timezone.now(), note
    handover.save(update_fields=["state", "handed_over_at", "incoming", "note", "updated_at"])
    audit_record(actor=by, action="dutyroster.handover.hand_over", obj=handover, before=before,
                 after=_snapshot(handover))
    if handover.incoming_id:
        notify(recipient=handover.incoming.person, subject=_("Take over the shift from %(name)s") % {
            "name": handover.outgoing.person.display_name}, body=str(handover.outgoing),
            url=handover.get_absolute_url(), work=handover)
    return handover


def _require_incoming(handover, by):
    require(handover.incoming_id is not None and by.pk == handover.incoming.person_id,
            _("Only the person on the next shift takes it over."))
    # The gate: nothing is confirmed before the previous shift was handed over.
    require(handover.state != State.RECORDING,
            _("%(name)s has not handed the shift over yet: it cannot be taken over before that.") % {
                "name": handover.outgoing.person.display_name})
    require(handover.state == State.HANDED_OVER, _("The shift was already taken over."))


@transaction.atomic
def item_check(*, item, by, confirmed, counted=None, note=""):
    """The incoming person confirms a count, or disputes it with the count found and why."""
    handover = _lock(item.handover)
    _require_incoming(handover, by)
    item = HandoverItem.objects.get(pk=item.pk)
    before = {"item": item.pk, "check": item.checked, "counted": item.counted}
    if confirmed:
        item.checked, item.counted, item.dispute_note = Check.CONFIRMED, item.quantity, ""
    else:
        require(counted is not None and 0 <= counted <= 9999,
                _("Give the count you found as a whole number from 0 to 9999."))
        note = required_text(note, _("Say why the count is disputed."), limit=300)
        item.checked, item.counted, item.dispute_note = Check.DISPUTED, counted, note
    item.save(update_fields=["checked", "counted", "dispute_note"])
    audit_record(actor=by, action="dutyroster.handover.item_check", obj=handover, before=before, after={
        "item": item.pk, "check": item.checked, "counted": item.counted, "note": item.dispute_note})
    return item


@transaction.atomic
def handover_take_over(*, handover, by):
    """The incoming person takes the shift over once every count is confirmed or disputed."""
    handover = _lock(handover)
    _require_incoming(handover, by)
    waiting = handover.items.filter(checked=Check.WAITING).count()
    require(not waiting, _("Check every count first: %(count)d not checked yet.") % {"count": waiting})
    disputed = list(handover.items.filter(checked=Check.DISPUTED))
    before = _snapshot(handover)
    handover.state = State.DISPUTED if disputed else State.TAKEN_OVER
    handover.taken_over_at, handover.taken_over_by = timezone.now(), by
    handover.save(update_fields=["state", "taken_over_at", "taken_over_by", "updated_at"])
    audit_record(actor=by, action="dutyroster.handover.take_over", obj=handover, before=before,
                 after={**_snapshot(handover), "disputed": [item.pk for item in disputed]})
    work_done(handover)  # the taking over; a dispute is new work for the leaders
    outgoing = handover.outgoing.person
    notify(recipient=outgoing, subject=_("%(name)s took over your shift") % {"name": by.display_name}
           if not disputed else _("%(name)s disputed %(count)d counts of your handover") % {
               "name": by.display_name, "count": len(disputed)},
           body=str(handover.outgoing), url=handover.get_absolute_url())
    if disputed:
        notify_each(handover.outgoing.roster.department.leaders(), skip=(outgoing, by),
                    subject=_("A handover dispute waits for you: %(shift)s") % {"shift": handover.outgoing},
                    body="\n".join(f"{item.name}: {item.quantity} → {item.counted} ({item.dispute_note})"
                                   for item in disputed), url=handover.get_absolute_url(), work=handover)
    return handover


def _omission_finding(handover, omission, by):
    policy = DutyPolicy.current()
    outgoing = handover.outgoing
    return findings.finding_record(
        key=f"omission:{omission.pk}", kind=Finding.Kind.OMISSION, person=outgoing.person,
        occurred_on=outgoing.day, by=by, rule_code=policy.omission_rule, measured_value=Decimal("1"),
        facts=_("Handover of %(shift)s: %(what)s") % {"shift": outgoing, "what": omission.description},
        handover=handover, omission=omission)


@transaction.atomic
def omission_report(*, handover, by, description):
    """Something the outgoing person left out or filled in incompletely (漏项): one Q5 line for the head."""
    handover = _lock(handover)
    incoming_id = handover.incoming.person_id if handover.incoming_id else None
    require(by.pk == incoming_id or rules.can_resolve_handover(by, handover),
            _("Only the incoming person or a head reports what the handover left out."))
    require(handover.state != State.RECORDING, _("The handover is still being recorded."))
    description = required_text(description, _("Say what was left out."), limit=300)
    omission = HandoverOmission.objects.create(handover=handover, description=description, reported_by=by)
    audit_record(actor=by, action="dutyroster.handover.omission", obj=handover, after={"omission": description})
    _omission_finding(handover, omission, by)
    return omission


@transaction.atomic
def handover_resolve(*, handover, by, resolution, wrong_items=()):
    """A head settles the disputed counts; each count the outgoing person had wrong becomes an omission (Q5)."""
    handover = _lock(handover)
    require(rules.can_resolve_handover(by, handover),
            _("Only the head or deputy head, not one of the two people on the shifts, resolves a dispute."))
    require(handover.state == State.DISPUTED, _("This handover has no dispute to resolve."))
    resolution = required_text(resolution, _("Say how the dispute was settled."))
    disputed = {item.pk: item for item in handover.items.filter(checked=Check.DISPUTED)}
    require(all(item.pk in disputed for item in wrong_items), _("Only disputed counts can be found wrong."))
    before = _snapshot(handover)
    handover.state, handover.resolved_at, handover.resolved_by = State.RESOLVED, timezone.now(), by
    handover.resolution = resolution
    handover.save(update_fields=["state", "resolved_at", "resolved_by", "resolution", "updated_at"])
    audit_record(actor=by, action="dutyroster.handover.resolve", obj=handover, before=before,
                 after={**_snapshot(handover), "resolution": resolution, "wrong": [item.pk for item in wrong_items]})
    work_done(handover)  # the dispute, for every leader told
    for item in (disputed[item.pk] for item in wrong_items):
        omission = HandoverOmission.objects.create(
            handover=handover, item=item, reported_by=by,
            description=_("%(item)s counted %(recorded)d, found %(found)d") % {
                "item": item.name, "recorded": item.quantity, "found": item.counted})
        _omission_finding(handover, omission, by)
    notify_each((handover.outgoing.person, handover.incoming.person),
                subject=_("Handover dispute resolved: %(shift)s") % {"shift": handover.outgoing},
                body=resolution, url=handover.get_absolute_url())
    return handover


# The beat: handovers and take-overs missing after the grace period -------------------------------------------------

def propose_missing(now=None):
    """Propose F10 for shifts not handed over and F11 for shifts not taken over, once the grace period is past.

    Idempotent (one finding per shift and kind); reads a bounded window of recent shifts.
    """
    now = now or timezone.now()
    policy = DutyPolicy.current()
    grace = datetime.timedelta(minutes=policy.handover_grace_minutes)
    since = now - datetime.timedelta(days=LOOKBACK_DAYS)
    proposed = 0
    not_handed = (Assignment.objects.published().filter(duty_type__needs_handover=True, ends_at__lte=now - grace,
                                                        ends_at__gte=since)
                  .filter(Q(handover__isnull=True) | Q(handover__state=State.RECORDING))
                  .exclude(findings__kind=Finding.Kind.HANDOVER_MISSING)
                  .select_related("person__profile", "duty_type"))
    for assignment in not_handed:
        if next_shift(assignment) is None:
            continue  # the last shift on the roster: nobody to hand over to yet
        findings.finding_record(
            key=f"handover:{assignment.pk}", kind=Finding.Kind.HANDOVER_MISSING, person=assignment.person,
            occurred_on=assignment.day, rule_code=policy.handover_missing_rule, assignment=assignment,
            handover=getattr(assignment, "handover", None),
            facts=_("%(shift)s ended at %(end)s and was not handed over within %(minutes)d minutes.") % {
                "shift": assignment, "end": f"{timezone.localtime(assignment.ends_at):%Y-%m-%d %H:%M}",
                "minutes": policy.handover_grace_minutes})
        proposed += 1
    waiting = (Handover.objects.filter(state=State.HANDED_OVER, incoming__isnull=False,
                                       handed_over_at__gte=since - datetime.timedelta(days=1))
               .exclude(findings__kind=Finding.Kind.TAKEOVER_MISSING)
               .select_related("incoming__person__profile", "incoming__duty_type", "outgoing__duty_type"))
    for handover in waiting:
        due = max(handover.handed_over_at, handover.incoming.starts_at) + grace
        if due > now:
            continue
        findings.finding_record(
            key=f"takeover:{handover.pk}", kind=Finding.Kind.TAKEOVER_MISSING, person=handover.incoming.person,
            occurred_on=timezone.localdate(due), rule_code=policy.takeover_missing_rule, handover=handover,
            assignment=handover.incoming,
            facts=_("%(shift)s was handed over at %(at)s but not taken over within %(minutes)d minutes.") % {
                "shift": handover.outgoing, "at": f"{timezone.localtime(handover.handed_over_at):%Y-%m-%d %H:%M}",
                "minutes": policy.handover_grace_minutes})
        proposed += 1
    return proposed
