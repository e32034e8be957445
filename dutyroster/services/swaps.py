"""Swaps (换班): a person asks a colleague to take one of their published duties, in exchange for one of the
colleague's or not (顶班); the colleague accepts; the head approves through the approval engine; only then does the
roster change — both duties change hands, each change recorded on the roster, audited and told.

The engine calls the hooks registered in apps.py: swap_check before the head approves (the exchange must still be
free of conflicts, the duties still ahead), swap_finished when the request ends.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import services as approvals
from approvals.models import ApprovalRequest
from audit.services import audit_record
from core.errors import ServiceError, require, required_text
from notifications.services import notify, notify_each

from .. import rules
from ..models import Assignment, AssignmentChange, Swap
from ..selectors import ConflictChecker

State = Swap.State


def _snapshot(swap):
    return {"state": swap.state, "given": swap.given_id, "taken": swap.taken_id, "requester": swap.requester.username,
            "colleague": swap.colleague.username}


def _lock(swap):
    return (Swap.objects.select_for_update(of=("self",))
            .select_related("requester", "colleague", "given__duty_type", "given__roster__department",
                            "taken__duty_type", "approval").get(pk=swap.pk))


def _check_duty_ahead(assignment):
    require(assignment.roster.is_published(), _("The roster of this duty is not published yet."))
    require(assignment.starts_at > timezone.now(), _("%(duty)s has begun: it can no longer be swapped.") % {
        "duty": assignment})


def exchange_conflicts(given, taken, requester, colleague):
    """The hard conflicts the roster would have after the exchange, as one text (empty: none)."""
    days = [given.day] + ([taken.day] if taken else [])
    checker = ConflictChecker([requester.pk, colleague.pk], min(days), max(days),
                              exclude_ids=[a.pk for a in (given, taken) if a])
    moved = [Assignment(roster=given.roster, duty_type=given.duty_type, person=colleague, day=given.day,
                        starts_at=given.starts_at, ends_at=given.ends_at)]
    if taken:
        moved.append(Assignment(roster=taken.roster, duty_type=taken.duty_type, person=requester, day=taken.day,
                                starts_at=taken.starts_at, ends_at=taken.ends_at))
    for assignment in moved:
        checker.add(assignment)
    problems = []
    for assignment in moved:
        hard = [conflict.message for conflict in checker.conflicts(assignment) if conflict.hard]
        if hard:
            name = colleague.display_name if assignment.person_id == colleague.pk else requester.display_name
            problems.append(_("%(name)s on %(duty)s %(date)s: %(why)s") % {
                "name": name, "duty": assignment.duty_type.name, "date": f"{assignment.day:%m-%d}",
                "why": " ".join(hard)})
    return " ".join(problems)


def _require_no_conflicts(swap):
    problems = exchange_conflicts(swap.given, swap.taken, swap.requester, swap.colleague)
    require(not problems, _("The swap would break the roster's rules: %(problems)s") % {"problems": problems})


@transaction.atomic
def swap_ask(*, given, by, colleague, reason, taken=None):
    """The person on a duty asks a colleague to take it (and gives one of the colleague's in exchange, or not)."""
    given = Assignment.objects.select_for_update(of=("self",)).select_related(
        "duty_type", "roster__department", "person").get(pk=given.pk)
    require(by.pk == given.person_id, _("Only the person on a duty asks for it to be swapped."))
    _check_duty_ahead(given)
    require(colleague.pk != by.pk, _("Choose a colleague, not yourself."))
    require(rules.member_of(colleague, given.roster.department), _("%(name)s is not on the staff of %(department)s.") % {
        "name": colleague.display_name, "department": given.roster.department.name})
    if taken is not None:
        taken = Assignment.objects.select_related("duty_type", "roster").get(pk=taken.pk)
        require(taken.person_id == colleague.pk, _("The duty taken in exchange must be %(name)s's.") % {
            "name": colleague.display_name})
        _check_duty_ahead(taken)
    reason = required_text(reason, _("Please give a reason."), limit=500)
    require(not Swap.objects.filter(given=given, state__in=Swap.OPEN_STATES).exists(),
            _("A swap of this duty is already under way."))
    swap = Swap(requester=by, colleague=colleague, given=given, taken=taken, reason=reason)
    _require_no_conflicts(swap)
    swap.save()
    audit_record(actor=by, action="dutyroster.swap.ask", obj=swap, after=_snapshot(swap))
    notify(recipient=colleague, subject=_("%(name)s asks you to take %(duty)s") % {
        "name": by.display_name, "duty": given}, body=reason, url=swap.get_absolute_url())
    return swap


@transaction.atomic
def swap_answer(*, swap, by, accept, note=""):
    """The colleague declines, or accepts: then the swap goes to the head for approval."""
    swap = _lock(swap)
    require(by.pk == swap.colleague_id, _("Only the colleague asked answers."))
    require(swap.state == State.ASKED, _("This swap is %(state)s.") % {"state": swap.get_state_display()})
    before = _snapshot(swap)
    swap.answer_note, swap.answered_at = (note or "").strip()[:300], timezone.now()
    if not accept:
        swap.state = State.DECLINED
        swap.save(update_fields=["state", "answer_note", "answered_at", "updated_at"])
        audit_record(actor=by, action="dutyroster.swap.decline", obj=swap, before=before, after=_snapshot(swap))
        notify(recipient=swap.requester, subject=_("%(name)s declined the swap of %(duty)s") % {
            "name": by.display_name, "duty": swap.given}, body=swap.answer_note, url=swap.get_absolute_url())
        return swap
    _check_duty_ahead(swap.given)
    if swap.taken_id:
        _check_duty_ahead(swap.taken)
    _require_no_conflicts(swap)
    swap.state = State.PENDING
    swap.save(update_fields=["state", "answer_note", "answered_at", "updated_at"])
    audit_record(actor=by, action="dutyroster.swap.accept", obj=swap, before=before, after=_snapshot(swap))
    # The request is the requester's: they asked, they may withdraw it; the head of their department approves.
    approvals.submit_for_approval(subject=swap, by=swap.requester, department=swap.given.roster.department)
    notify(recipient=swap.requester, subject=_("%(name)s accepted the swap of %(duty)s; it waits for the head's "
                                               "approval") % {"name": by.display_name, "duty": swap.given},
           url=swap.get_absolute_url())
    return swap


@transaction.atomic
def swap_withdraw(*, swap, by):
    swap = _lock(swap)
    require(by.pk == swap.requester_id, _("Only the person who asked withdraws the swap."))
    require(swap.is_open(), _("This swap is %(state)s.") % {"state": swap.get_state_display()})
    if swap.state == State.PENDING:
        approvals.request_withdraw(request=swap.approval, by=by)  # the finished hook records it
        return Swap.objects.get(pk=swap.pk)
    before = _snapshot(swap)
    swap.state = State.WITHDRAWN
    swap.save(update_fields=["state", "updated_at"])
    audit_record(actor=by, action="dutyroster.swap.withdraw", obj=swap, before=before, after=_snapshot(swap))
    notify(recipient=swap.colleague, subject=_("%(name)s withdrew the swap of %(duty)s") % {
        "name": by.display_name, "duty": swap.given}, url=swap.get_absolute_url())
    return swap


# The engine's hooks ------------------------------------------------------------------------------------------------

def swap_check(swap, *, step, by):
    """The `check` hook: before the head approves, the duties are still ahead and the exchange still fits."""
    swap = Swap.objects.select_related("requester", "colleague", "given__duty_type", "given__roster",
                                       "taken__duty_type", "taken__roster").get(pk=swap.pk)
    _check_duty_ahead(swap.given)
    if swap.taken_id:
        _check_duty_ahead(swap.taken)
    _require_no_conflicts(swap)


def _move(assignment, person, swap, by):
    previous = assignment.person
    assignment.person = person
    assignment.sequence += 1
    assignment.reminded_at = None
    assignment.save(update_fields=["person", "sequence", "reminded_at", "updated_at"])
    AssignmentChange.objects.create(roster=assignment.roster, assignment=assignment,
                                    kind=AssignmentChange.Kind.SWAPPED, day=assignment.day,
                                    duty_type=assignment.duty_type, person_before=previous, person_after=person,
                                    reason=swap.reason, swap=swap, by=by)


def swap_finished(swap, *, outcome, by):
    """The `finished` hook: approved, the duties change hands; rejected or withdrawn, nothing changes."""
    swap = _lock(swap)
    if swap.state != State.PENDING:
        return
    state = {ApprovalRequest.State.APPROVED: State.APPROVED, ApprovalRequest.State.REJECTED: State.REJECTED,
             ApprovalRequest.State.WITHDRAWN: State.WITHDRAWN}.get(outcome)
    if state is None:
        return
    before = _snapshot(swap)
    if state == State.APPROVED:
        given = Assignment.objects.select_for_update(of=("self",)).select_related("duty_type", "roster").get(
            pk=swap.given_id)
        if given.person_id != swap.requester_id:
            raise ServiceError(_("%(duty)s is no longer %(name)s's.") % {"duty": given,
                                                                          "name": swap.requester.display_name})
        _move(given, swap.colleague, swap, by)
        if swap.taken_id:
            taken = Assignment.objects.select_for_update(of=("self",)).select_related("duty_type", "roster").get(
                pk=swap.taken_id)
            if taken.person_id != swap.colleague_id:
                raise ServiceError(_("%(duty)s is no longer %(name)s's.") % {"duty": taken,
                                                                              "name": swap.colleague.display_name})
            _move(taken, swap.requester, swap, by)
    swap.state = state
    swap.save(update_fields=["state", "updated_at"])
    audit_record(actor=by, action=f"dutyroster.swap.{state}", obj=swap, before=before, after=_snapshot(swap))
    subject = {State.APPROVED: _("Swap approved: %(duty)s is now %(name)s's"),
               State.REJECTED: _("Swap rejected: %(duty)s stays %(name)s's"),
               State.WITHDRAWN: _("Swap withdrawn: %(duty)s stays %(name)s's")}[state] % {
        "duty": swap.given, "name": (swap.colleague if state == State.APPROVED else swap.requester).display_name}
    notify_each((swap.requester, swap.colleague), skip=(by,), subject=subject, url=swap.get_absolute_url())
