"""Every change to an approval request goes through these functions.

A domain puts its subject (approvals.subjects.ApprovalSubject) before the engine with submit_for_approval():
the first call creates and attaches the request, a later one (after a return) resubmits it. The engine
computes the chain from the request type's rules and the subject's facts, asks the subject's `check` hook
before a step is approved and tells its `finished` hook the outcome (approvals.subjects).
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from guardian.shortcuts import assign_perm

from audit.services import audit_record
from core.errors import ServiceError
from core.roles import Role
from core.workdays import add_working_days, provisional_years
from notifications.services import Outcome, notify, notify_each, work_done

from .executors import exclude_barred, execute_refusal
from .models import VIEW_PERMISSION, ApprovalRequest, ChainRule, Delegation, RequestType, Step
from .people import directory
from .subjects import hooks_for


class Decision:
    APPROVE = "approve"
    REJECT = "reject"
    RETURN = "return"
    CHOICES = (APPROVE, REJECT, RETURN)


@dataclass(frozen=True)
class Assignment:
    assignee: object = None
    role: str = ""
    department: object = None
    fallback: object = None


def _snapshot(request):
    return {"state": request.state, "round": request.round}


def _first_other(candidates, applicant):
    """The first candidate who exists and is not the applicant, and the next one as the fallback."""
    people = []
    for person in candidates:
        if person is not None and person.pk != applicant.pk and person.is_active and person not in people:
            people.append(person)
    return (people[0] if people else None), (people[1] if len(people) > 1 else None)


def resolve(rule, request, facts):
    """Who acts on a rule's step for this request. Nobody is ever assigned their own request."""
    people = directory()
    applicant = request.applicant
    leaders = people.leaders_of(request.department)
    vp = people.vp_it()
    approver = rule.approver
    if approver == ChainRule.Approver.SUPERVISOR:
        assignee, fallback = _first_other([people.supervisor_of(applicant), *leaders, vp], applicant)
    elif approver == ChainRule.Approver.DEPARTMENT_HEAD:
        assignee, fallback = _first_other([*leaders, vp], applicant)
    elif approver == ChainRule.Approver.SYSTEM_OWNER:
        assignee, fallback = _first_other([*people.leaders_of(facts.owner_department), vp], applicant)
    elif approver == ChainRule.Approver.VP_IT:
        assignee, fallback = _first_other([vp], applicant)
    elif approver == ChainRule.Approver.PERSON:
        assignee, fallback = _first_other([rule.person, vp], applicant)
    elif approver == ChainRule.Approver.IT_EXECUTOR:
        return Assignment(role=Role.STAFF.value, department=people.it_department())
    else:  # a role, optionally within a department
        return Assignment(role=rule.role, department=rule.department)
    if facts.hospital_wide and vp is not None and assignee != vp:
        fallback = vp  # hospital-wide systems escalate to the VP in charge of IT
    if assignee is None:
        raise ServiceError(_("No one can approve the step “%(step)s”: please ask an administrator to "
                             "assign department heads.") % {"step": rule.label})
    return Assignment(assignee=assignee, fallback=fallback)


def _hooks(request):
    return hooks_for(request.request_type.code)


def _lock_request(request_id):
    """Lock an approval request for a change, in the one order every service takes its locks: the subject's row
    (the leave, the account request, …), then the request, then its steps, and the audit chain last
    (audit_record). A domain's own services lock their subject first and then call the engine; the inbox's
    decisions come in through the request, so the engine locks the subject first too (its type and id never
    change) and two people acting on the same request queue at the same row instead of deadlocking."""
    subject_type_id, subject_id = ApprovalRequest.objects.values_list("subject_type_id", "subject_id").get(pk=request_id)
    model = ContentType.objects.get_for_id(subject_type_id).model_class()
    if model is not None:
        list(model._base_manager.select_for_update().filter(pk=subject_id).values_list("pk", flat=True))
    return ApprovalRequest.objects.select_for_update().get(pk=request_id)


def request_create(*, request_type_code, subject, applicant, title, department=None):
    """A draft approval request about `subject` (the engine's part of submit_for_approval; tests use it alone)."""
    hooks_for(request_type_code)  # a code no app handles is a programming error, not a missing setting
    request_type = RequestType.objects.filter(code=request_type_code, is_active=True).first()
    if request_type is None:
        raise ServiceError(_("This kind of request is not set up; please ask an administrator."))
    department = department or directory().department_of(applicant)
    request = ApprovalRequest.objects.create(
        request_type=request_type, applicant=applicant, department=department, title=title[:200],
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk,
    )
    assign_perm(VIEW_PERMISSION, applicant, request)
    audit_record(actor=applicant, action="approvals.request.create", obj=request, after=_snapshot(request))
    return request


@transaction.atomic
def submit_for_approval(*, subject, by, action="", before=None, after=None, audited=None, department=None,
                        draft=False):
    """Put a domain subject before the engine — the one way every domain does it.

    The first call creates the subject's approval request (applicant: `by`; department: `department`, else the
    applicant's) and attaches it; a later call (a draft edited, a returned request corrected) refreshes its title.
    Then the domain's own audit entry (`action` on `audited`, the subject by default, with `before`/`after`) and
    the submission (or resubmission after a return) — unless `draft`, which leaves it for a later call.
    Returns the approval request.
    """
    if subject.approval_id is None:
        subject.approval = request_create(request_type_code=subject.request_type_code(), subject=subject,
                                          applicant=by, title=subject.approval_title(), department=department)
        subject.save(update_fields=["approval"])
    else:
        ApprovalRequest.objects.filter(pk=subject.approval_id).update(title=subject.approval_title()[:200])
    if action:
        audit_record(actor=by, action=action, obj=audited or subject, before=before, after=after)
    if not draft:
        request_submit(request=subject.approval, by=by)
        subject.approval.refresh_from_db()
    return subject.approval


def _grant_view(step):
    if step.assignee_id:
        assign_perm(VIEW_PERMISSION, step.assignee, step.request)


def _set_due(step, start):
    """The step's deadline: the request type's working days after `start` (reaching the step, or escalation)."""
    step.due_at = add_working_days(start, step.request.request_type.step_working_days)
    step.due_provisional = bool(provisional_years(timezone.localdate(start), timezone.localdate(step.due_at)))


def deadlines_recount(*, year):
    """Once a year's holiday notice is loaded: the provisional deadlines of waiting steps counted again (idempotent;
    queued through core.workdays.register_dependent)."""
    count = 0
    for step in Step.objects.active().filter(due_provisional=True).select_related("request__request_type"):
        with transaction.atomic():
            step = Step.objects.select_for_update(of=("self",)).select_related("request__request_type").get(pk=step.pk)
            if step.state != Step.State.ACTIVE or not step.due_provisional:
                continue
            _set_due(step, step.escalated_at or step.activated_at)
            step.save(update_fields=["due_at", "due_provisional"])
            count += 1
    return count


def deadlines_recount_preview(year):
    count = Step.objects.active().filter(due_provisional=True).count()
    return [ngettext("Approvals: %(count)d step deadline counted provisionally is recounted",
                     "Approvals: %(count)d step deadlines counted provisionally are recounted", count) % {"count": count}] \
        if count else []


def _activate(step, now):
    step.state = Step.State.ACTIVE
    step.activated_at = now
    _set_due(step, now)
    step.save(update_fields=["state", "activated_at", "due_at", "due_provisional"])
    notify_each(
        _actors(step),
        subject=_("Waiting for you: %(title)s") % {"title": step.request.title},
        body=_("%(applicant)s's request needs your decision at the step “%(step)s”.") % {
            "applicant": step.request.applicant.display_name, "step": step.label},
        url=step.request.get_absolute_url(), work=step,
    )


def _actors(step):
    """The people told that a step waits for them: the assignee, or everyone in the role pool (for an EXECUTE
    step, those allowed to execute)."""
    if step.assignee_id:
        return [step.assignee]
    people = directory().people_with_role(step.assignee_role, step.assignee_department_id)
    if step.kind == ChainRule.Kind.EXECUTE:
        people = exclude_barred(people)
    return list(people.exclude(pk=step.request.applicant_id)[:50])


@transaction.atomic
def request_submit(*, request, by):
    """The applicant submits (or resubmits after a return): the chain is computed from the rules now."""
    request = _lock_request(request.pk)
    if by.pk != request.applicant_id:
        raise ServiceError(_("Only the applicant can submit this request."))
    if not request.is_editable():
        raise ServiceError(_("This request has already been submitted."))
    before = _snapshot(request)
    returned_step = None
    if request.state == ApprovalRequest.State.RETURNED:
        returned_step = request.steps.filter(round=request.round, state=Step.State.RETURNED).first()
    facts = _hooks(request).context(request.subject)
    rules = [rule for rule in request.request_type.rules.select_related("person", "department") if rule.applies(facts)]
    if not rules:
        raise ServiceError(_("This kind of request has no approval steps; please ask an administrator."))
    now = timezone.now()
    request.round += 1
    keep_until = None
    if returned_step is not None and request.request_type.restart_on_resubmit == RequestType.Restart.FROM_RETURNING_STEP:
        keep_until = returned_step.order
    previous = {s.order: s for s in request.steps.filter(round=request.round - 1)} if keep_until else {}
    steps = []
    last_person = None
    for order, rule in enumerate(rules, start=1):
        assignment = resolve(rule, request, facts)
        step = Step(
            request=request, round=request.round, order=order, label=rule.label, kind=rule.kind, rule=rule,
            assignee=assignment.assignee, assignee_role=assignment.role,
            assignee_department=assignment.department, fallback=assignment.fallback,
        )
        carried = previous.get(order)
        if keep_until and order < keep_until and carried and carried.state == Step.State.APPROVED:
            step.state = Step.State.APPROVED
            step.decided_by, step.decided_at = carried.decided_by, carried.decided_at
            step.comment = _("Approved before the return; kept.")
        elif (rule.kind == ChainRule.Kind.APPROVE and not rule.always_ask and assignment.assignee is not None
              and assignment.assignee == last_person):
            step.state = Step.State.SKIPPED
            step.comment = _("Same approver as the previous step.")
        if rule.kind == ChainRule.Kind.APPROVE and assignment.assignee is not None:
            last_person = assignment.assignee
        steps.append(step)
    Step.objects.bulk_create(steps)
    for step in steps:
        _grant_view(step)  # everyone on the chain may follow the request, not only the current step
    request.state = ApprovalRequest.State.PENDING
    request.submitted_at = now
    request.decided_at = None
    request.save(update_fields=["state", "round", "submitted_at", "decided_at"])
    work_done(request)  # a returned request, resubmitted
    audit_record(actor=by, action="approvals.request.submit", obj=request, before=before, after=_snapshot(request))
    _advance(request, by, now)
    return request


def _advance(request, by, now):
    """Activate the next waiting step, or finish the request when none is left."""
    following = request.steps.filter(round=request.round, state=Step.State.WAITING).order_by("order").first()
    if following is not None:
        _activate(following, now)
        return
    before = _snapshot(request)
    request.state = ApprovalRequest.State.APPROVED
    request.decided_at = now
    request.save(update_fields=["state", "decided_at"])
    audit_record(actor=by, action="approvals.request.approve", obj=request, before=before, after=_snapshot(request))
    notify(recipient=request.applicant, subject=_("Approved: %(title)s") % {"title": request.title},
           url=request.get_absolute_url())
    _tell_subject(request, by)


def _tell_subject(request, by):
    """The request ended: its subject hears the outcome (its `finished` hook)."""
    _hooks(request).finished(request.subject, outcome=request.state, by=by)


def can_act(step, user, today=None):
    return Step.objects.for_actor(user, today).filter(pk=step.pk).exists()


@transaction.atomic
def step_decide(*, step, by, decision, comment=""):
    """Approve, reject or return one step. Exactly one of two simultaneous deciders wins (row lock)."""
    if decision not in Decision.CHOICES:
        raise ServiceError(_("Unknown decision."))
    request = _lock_request(Step.objects.values_list("request_id", flat=True).get(pk=step.pk))
    step = Step.objects.select_for_update(of=("self",)).select_related("request__request_type").get(pk=step.pk)
    if request.applicant_id == by.pk:
        raise ServiceError(_("You cannot decide on your own request."))
    if request.state != ApprovalRequest.State.PENDING:
        raise ServiceError(_("This request is %(state)s; nothing more can be decided.") % {
            "state": request.get_state_display()})
    if step.state != Step.State.ACTIVE:
        if step.state in Step.DECIDED_STATES and step.decided_by_id:
            raise ServiceError(_("This step was already decided by %(name)s.") % {"name": step.decided_by.display_name})
        raise ServiceError(_("This step is not waiting for a decision."))
    if step.kind == ChainRule.Kind.EXECUTE and not step.assignee_id:
        refusal = execute_refusal(by)
        if refusal:
            raise ServiceError(refusal)
    if not can_act(step, by):
        raise ServiceError(_("This step is not yours to decide."))
    comment = (comment or "").strip()
    if decision in (Decision.REJECT, Decision.RETURN) and not comment:
        raise ServiceError(_("Please give a reason."))
    if decision == Decision.APPROVE:
        _hooks(request).check(request.subject, step=step, by=by)  # the subject may refuse (ServiceError)
    now = timezone.now()
    step_before = {"state": step.state}
    step.decided_by, step.decided_at, step.comment = by, now, comment
    if decision == Decision.APPROVE:
        step.state = Step.State.DONE if step.kind == ChainRule.Kind.EXECUTE else Step.State.APPROVED
    elif decision == Decision.REJECT:
        step.state = Step.State.REJECTED
    else:
        step.state = Step.State.RETURNED
    step.save(update_fields=["state", "decided_by", "decided_at", "comment"])
    work_done(step)  # for everyone told: the assignee, the role pool, a delegate's delegator
    assign_perm(VIEW_PERMISSION, by, request)
    audit_record(actor=by, action=f"approvals.step.{decision}", obj=request, before=step_before,
                 after={"step": step.label, "state": step.state, "comment": comment})
    if decision == Decision.APPROVE:
        _advance(request, by, now)
        return step
    before = _snapshot(request)
    request.steps.filter(round=request.round, state__in=[Step.State.WAITING]).update(state=Step.State.CANCELLED)
    request.state = ApprovalRequest.State.REJECTED if decision == Decision.REJECT else ApprovalRequest.State.RETURNED
    if decision == Decision.REJECT:
        request.decided_at = now
    request.save(update_fields=["state", "decided_at"])
    audit_record(actor=by, action=f"approvals.request.{decision}", obj=request, before=before, after=_snapshot(request))
    if decision == Decision.REJECT:
        subject_line = _("Rejected: %(title)s") % {"title": request.title}
    else:
        subject_line = _("Returned for changes: %(title)s") % {"title": request.title}
    notify(recipient=request.applicant, subject=subject_line,
           body=_("%(name)s at “%(step)s”: %(comment)s") % {
               "name": by.display_name, "step": step.label, "comment": comment},
           url=request.get_absolute_url(), work=request if decision == Decision.RETURN else None)
    if decision == Decision.REJECT:
        _tell_subject(request, by)
    return step


@transaction.atomic
def request_withdraw(*, request, by):
    request = _lock_request(request.pk)
    if request.applicant_id != by.pk:
        raise ServiceError(_("Only the applicant can withdraw this request."))
    if request.state not in ApprovalRequest.UNDECIDED_STATES:
        raise ServiceError(_("This request is %(state)s and can no longer be withdrawn.") % {
            "state": request.get_state_display()})
    return _close_withdrawn(request, by, action="approvals.request.withdraw")


@transaction.atomic
def request_close(*, request, by, note):
    """Another domain ends a request that no longer has a reason to be (e.g. a revocation filed for a handover that
    was called off): closed as withdrawn, with the note in the audit log."""
    request = _lock_request(request.pk)
    if request.state not in ApprovalRequest.UNDECIDED_STATES:
        return request
    return _close_withdrawn(request, by, action="approvals.request.close", note=note)


def _close_withdrawn(request, by, *, action, note=""):
    """End an open request as withdrawn: its remaining steps are cancelled, the subject is told."""
    before = _snapshot(request)
    work_done(request, *request.steps.filter(round=request.round, state=Step.State.ACTIVE),
              outcome=Outcome.CANCELLED)
    request.steps.filter(round=request.round, state__in=[Step.State.WAITING, Step.State.ACTIVE]).update(
        state=Step.State.CANCELLED)
    request.state = ApprovalRequest.State.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["state", "decided_at"])
    after = {**_snapshot(request), "note": note} if note else _snapshot(request)
    audit_record(actor=by, action=action, obj=request, before=before, after=after)
    _tell_subject(request, by)
    return request


@transaction.atomic
def requests_hand_over(*, person, by, note):
    """A person leaves or moves (离岗/转岗): their own open requests are closed as withdrawn, and the steps
    waiting for them go to the step's fallback, else to a leader of the request's department (or the VP in
    charge of IT) — each with the note, in the audit log. Returns (closed, reassigned)."""
    closed = 0
    for request_id in ApprovalRequest.objects.filter(
            applicant=person, state__in=ApprovalRequest.UNDECIDED_STATES).order_by("pk").values_list("pk", flat=True):
        request = _lock_request(request_id)
        if request.state not in ApprovalRequest.UNDECIDED_STATES:
            continue
        _close_withdrawn(request, by, action="approvals.request.close", note=note)
        notify(recipient=person, subject=_("Closed: %(title)s") % {"title": request.title}, body=note,
               url=request.get_absolute_url())
        closed += 1
    reassigned = 0
    open_steps = Step.objects.filter(assignee=person, state__in=[Step.State.WAITING, Step.State.ACTIVE],
                                     request__state=ApprovalRequest.State.PENDING)
    for request_id, step_id in open_steps.order_by("request_id", "pk").values_list("request_id", "pk"):
        _lock_request(request_id)
        step = (Step.objects.select_for_update(of=("self",)).select_related("request__department", "fallback")
                .filter(pk=step_id, assignee=person, state__in=[Step.State.WAITING, Step.State.ACTIVE],
                        request__state=ApprovalRequest.State.PENDING).first())
        if step is None:
            continue
        request = step.request
        department = request.department
        candidates = [step.fallback, *directory().leaders_of(department), directory().vp_it()]
        target, _next = _first_other([c for c in candidates if c is None or c.pk != person.pk], request.applicant)
        if target is None:
            continue
        step.assignee = target
        if step.fallback_id in (target.pk, person.pk):
            step.fallback = None
        step.save(update_fields=["assignee", "fallback"])
        work_done(step, recipients=[person], outcome=Outcome.MOVED)
        _grant_view(step)
        audit_record(actor=by, action="approvals.step.reassign", obj=request, before={"assignee": person.username},
                     after={"step": step.label, "assignee": target.username, "note": note})
        if step.state == Step.State.ACTIVE:
            notify(recipient=target, subject=_("Reassigned to you: %(title)s") % {"title": request.title},
                   body=note, url=request.get_absolute_url(), work=step)
        reassigned += 1
    return closed, reassigned


@transaction.atomic
def delegation_create(*, delegator, delegate, starts_on, ends_on, reason="", by):
    if delegator.pk == delegate.pk:
        raise ServiceError(_("You cannot delegate to yourself."))
    if ends_on < starts_on:
        raise ServiceError(_("The end date is before the start date."))
    if Delegation.objects.filter(delegator=delegator, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise ServiceError(_("You already delegate your approvals during part of these dates."))
    delegation = Delegation.objects.create(delegator=delegator, delegate=delegate, starts_on=starts_on,
                                           ends_on=ends_on, reason=reason)
    audit_record(actor=by, action="approvals.delegation.create", obj=delegation,
                 after={"delegate": delegate.username, "from": starts_on, "until": ends_on})
    notify(recipient=delegate, subject=_("%(name)s delegates approvals to you") % {"name": delegator.display_name},
           body=_("From %(start)s until %(end)s.") % {"start": starts_on, "end": ends_on})
    return delegation


@transaction.atomic
def delegation_end(*, delegation, by):
    if delegation.delegator_id != by.pk:
        raise ServiceError(_("Only the person who delegated can end this delegation."))
    today = timezone.localdate()
    if delegation.ends_on < today:
        raise ServiceError(_("This delegation has already ended."))
    before = {"until": delegation.ends_on}
    # Shorten rather than delete, so the history of who could approve when stays complete;
    # a delegation that had not started yet ends the day before it would have begun (an empty range).
    delegation.ends_on = max(delegation.starts_on, today) - datetime.timedelta(days=1)
    delegation.save(update_fields=["ends_on"])
    audit_record(actor=by, action="approvals.delegation.end", obj=delegation, before=before,
                 after={"until": delegation.ends_on})
    return delegation


def process_deadlines(now=None):
    """Remind assignees of overdue steps, then escalate to the fallback approver. Idempotent."""
    now = now or timezone.now()
    reminded = escalated = 0
    overdue = Step.objects.active().filter(due_at__lt=now).select_related("request__request_type", "assignee", "fallback")
    for step in overdue:
        with transaction.atomic():
            _lock_request(step.request_id)
            step = Step.objects.select_for_update(of=("self",)).select_related("request__request_type").get(pk=step.pk)
            if step.state != Step.State.ACTIVE:
                continue
            if step.reminded_at is None:
                step.reminded_at = now
                step.save(update_fields=["reminded_at"])
                notify_each(_actors(step), subject=_("Reminder: %(title)s is waiting for you") % {
                    "title": step.request.title}, url=step.request.get_absolute_url(), work=step)
                audit_record(actor=None, action="approvals.step.remind", obj=step.request,
                             after={"step": step.label})
                reminded += 1
                continue
            escalate_at = add_working_days(step.reminded_at, step.request.request_type.escalate_after_working_days)
            if step.escalated_at is None and step.fallback_id and now >= escalate_at:
                before = {"assignee": step.assignee.username if step.assignee_id else step.assignee_role}
                step.assignee = step.fallback
                step.escalated_at = now
                _set_due(step, now)
                step.save(update_fields=["assignee", "escalated_at", "due_at", "due_provisional"])
                work_done(step, outcome=Outcome.MOVED)
                _grant_view(step)
                audit_record(actor=None, action="approvals.step.escalate", obj=step.request, before=before,
                             after={"step": step.label, "assignee": step.fallback.username})
                notify(recipient=step.fallback, subject=_("Escalated to you: %(title)s") % {
                    "title": step.request.title}, url=step.request.get_absolute_url(), work=step)
                escalated += 1
    return reminded, escalated
