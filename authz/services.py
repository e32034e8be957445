"""Every change to authorization requests, grants, revocations, privileged changes, outside technicians'
access and access reviews goes through these functions (keyword-only; ServiceError for refusals).

The approval of each request is the engine's (approvals.services): these functions create the domain
object with its draft approval request, submit it through the gates, and carry out what IT executes
(the engine's EXECUTE step) with the data IT records. The engine calls back the hooks registered in
authz/apps.py: chain_facts, refuse_generic_execution and the *_finished functions below.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from approvals.executors import execute_refusal
from approvals.models import ApprovalRequest, ChainRule, Step
from approvals.services import Decision, can_act, step_decide, submit_for_approval
from approvals.subjects import ChainFacts
from audit.services import audit_record
from core.errors import ServiceError
from notifications.services import notify, work_done
from staff.models import Department
from core.roles import Role
from staff.rules import is_it_staff

from . import gates
from .models import (
    AccessReview,
    AccessReviewItem,
    AccountRequest,
    AuthzPolicy,
    ExternalAccess,
    Grant,
    KeyActivity,
    PermissionSet,
    PrivilegedChange,
    Revocation,
    quarter_start,
)
from .rules import can_file_revocation, can_review_access, is_own_request

OPEN_APPROVAL_STATES = ApprovalRequest.UNDECIDED_STATES
# What the audit log records of each kind of request when it is created or edited.
CONTENT_FIELDS = {
    AccountRequest: ["kind", "system", "reason"],
    Revocation: ["person", "department", "reason", "effective_on", "note"],
    PrivilegedChange: ["title", "target_kind", "target", "system", "plan", "steps", "rollback_plan", "window_start",
                       "window_end"],
    ExternalAccess: ["technician_name", "company", "phone", "purpose", "system", "terminal", "supervisor",
                     "starts_at", "ends_at"],
    KeyActivity: ["kind", "title", "system", "description", "scope", "planned_on"],
}


def external_access_max_days():
    return settings.AUTHZ_EXTERNAL_ACCESS_MAX_DAYS


def privileged_window_max_hours():
    return settings.AUTHZ_PRIVILEGED_WINDOW_MAX_HOURS


def password_reminder_after():
    return datetime.timedelta(hours=settings.AUTHZ_PASSWORD_REMINDER_AFTER_HOURS)


# Shared pieces -----------------------------------------------------------------------------------

def _content(subject):
    data = {}
    for name in CONTENT_FIELDS[type(subject)]:
        value = getattr(subject, name)
        data[name] = str(value) if isinstance(value, models.Model) else value
    if isinstance(subject, AccountRequest) and subject.pk:
        data["grant"] = sorted(subject.permission_sets.values_list("name", flat=True))
        data["remove"] = sorted(subject.removed_sets.values_list("name", flat=True))
        not_admitting = sorted(permission_set.name for permission_set in subject.sets_not_admitting())
        if not_admitting:
            data["not_qualifying"] = not_admitting  # let through for the owner to decide (人员授权审批制度 八)
    return data


def _require_staff_record(user):
    if getattr(user, "profile", None) is None:
        raise ServiceError(_("%(name)s has no staff record yet; HR must create it first.") % {
            "name": user.display_name})
    return user.profile


def _attach_approval(subject, *, by, department=None):
    """Create the subject's draft approval request (the engine grants the applicant the view)."""
    return submit_for_approval(subject=subject, by=by, action=f"authz.{subject._meta.model_name}.create",
                               after=_content(subject), department=department, draft=True)


def _locked(model, pk, *related):
    """The row, locked until the transaction ends (its own row only: the related rows are read, not locked)."""
    return model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=pk)


def _lock(subject):
    return _locked(type(subject), subject.pk, "approval")


def _require_editable(subject, by):
    if subject.applicant_id != by.pk:
        raise ServiceError(_("Only the applicant can change this request."))
    if not subject.is_editable():
        raise ServiceError(_("This request has been submitted: its content can no longer change. Withdraw it and "
                             "make a new one, or wait until it is returned for changes."))


def _save_content(subject, *, by, fields, m2m=None):
    """Edit a draft or returned request: the new content, the approval's title and an audit entry."""
    before = _content(subject)
    for name, value in fields.items():
        setattr(subject, name, value)
    subject.save()
    for name, values in (m2m or {}).items():
        getattr(subject, name).set(values)
    submit_for_approval(subject=subject, by=by, action=f"authz.{subject._meta.model_name}.update", before=before,
                        after=_content(subject), draft=True)
    return subject


def _it_staff():
    User = get_user_model()
    return list(User.objects.filter(
        is_active=True, groups__name=Role.STAFF.value, profile__department__kind=Department.Kind.IT,
    ).distinct()[:50])


def _tell(people, *, subject, body="", url="", skip=(), work=None):
    """Notify each person once, leaving out those in `skip` (usually the person acting). `work`: see notify()."""
    seen = {getattr(person, "pk", None) for person in skip}
    for person in people:
        if person is None or person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        notify(recipient=person, subject=subject, body=body, url=url, work=work)


def _execution_step(subject, by):
    """The EXECUTE step waiting for IT; None when the approval ended without one (the rules were edited to
    have none): IT still carries the request out. Never by the applicant (no self-execution), nor from IT's pool
    by someone barred from executing (approvals.executors: on probation, induction not passed)."""
    approval = subject.approval
    if is_own_request(by, subject):
        raise ServiceError(_("You cannot carry out your own request: another member of IT does it."))
    if approval.state == ApprovalRequest.State.APPROVED:
        if not is_it_staff(by):
            raise ServiceError(_("Only IT staff carry out approved requests."))
        _refuse_if_barred(by)
        return None
    if approval.state != ApprovalRequest.State.PENDING:
        raise ServiceError(_("This request is %(state)s; nothing can be carried out.") % {
            "state": approval.get_state_display()})
    step = approval.steps.filter(round=approval.round, state=Step.State.ACTIVE).first()
    if step is None or step.kind != ChainRule.Kind.EXECUTE:
        raise ServiceError(_("This request is still waiting for approval."))
    if not step.assignee_id:
        _refuse_if_barred(by)
    if not can_act(step, by):
        raise ServiceError(_("This step is for IT staff; you cannot carry it out."))
    return step


def _refuse_if_barred(by):
    refusal = execute_refusal(by)
    if refusal:
        raise ServiceError(refusal)


def chain_facts(subject):
    """The engine's `context` hook: the chain follows the system concerned (its owner, critical, hospital-wide)."""
    system = subject.system
    if system is None:
        return ChainFacts()
    return ChainFacts(owner_department=system.owner_department, critical=system.is_critical,
                      hospital_wide=system.is_hospital_wide)


def refuse_generic_execution(subject, *, step, by):
    """The engine's `check` hook: IT's step is carried out on the request's own page, where what was done is
    recorded, not by a bare "done" in the inbox."""
    if step.kind == ChainRule.Kind.EXECUTE and not subject.is_done():
        raise ServiceError(_("Carry this out from the request's page, where IT records what was done."))


def _revoke(grants, *, by, now, reason, revocation=None):
    ids = list(grants.select_for_update().values_list("pk", flat=True))
    Grant.objects.filter(pk__in=ids).update(revoked_at=now, revoked_by=by, revocation=revocation,
                                            revoked_reason=reason[:200])
    return ids


@transaction.atomic
def subject_submit(*, subject, by):
    """The applicant submits (or resubmits) a request: the gates are checked, then the engine computes the chain."""
    subject = _lock(subject)
    if subject.applicant_id != by.pk:
        raise ServiceError(_("Only the applicant can submit this request."))
    if not subject.is_editable():
        raise ServiceError(_("This request has already been submitted."))
    refusals = _submit_refusals(subject)
    if refusals:
        raise ServiceError(" ".join(refusals))
    submit_for_approval(subject=subject, by=by)
    return subject


def _submit_refusals(subject):
    if isinstance(subject, AccountRequest):
        refusals = gates.NEW_ACCOUNT.refusals(subject.applicant) if subject.kind == AccountRequest.Kind.NEW else []
        try:
            _check_account_content(applicant=subject.applicant, kind=subject.kind, system=subject.system,
                                   permission_sets=list(subject.permission_sets.all()),
                                   removed_sets=list(subject.removed_sets.all()), exclude=subject)
        except ServiceError as refused:
            refusals.append(refused.message)
        return refusals
    if isinstance(subject, Revocation) and not Grant.objects.active().filter(user=subject.person_id).exists():
        return [_nothing_to_revoke(subject.person)]
    return []


# Account and permission requests (用户申请 / 变更) ------------------------------------------------

def _check_account_content(*, applicant, kind, system, permission_sets, removed_sets, exclude=None):
    names = {"system": system.name}
    if not system.is_active:
        raise ServiceError(_("%(system)s is no longer in service.") % names)
    if any(chosen.system_id != system.pk for chosen in [*permission_sets, *removed_sets]):
        raise ServiceError(_("Choose permission sets of %(system)s only.") % names)
    if any(not chosen.is_active for chosen in permission_sets):
        raise ServiceError(_("A permission set you chose is no longer offered."))
    _check_qualifies(applicant, permission_sets)
    open_requests = AccountRequest.objects.filter(applicant=applicant, system=system,
                                                  approval__state__in=OPEN_APPROVAL_STATES)
    if exclude is not None:
        open_requests = open_requests.exclude(pk=exclude.pk)
    if open_requests.exists():
        raise ServiceError(_("There is already an open request for %(system)s; finish or withdraw it first.") % names)
    held = set(Grant.objects.active().filter(user=applicant, system=system).values_list("permission_set_id", flat=True))
    if kind == AccountRequest.Kind.NEW:
        if held:
            raise ServiceError(_("There is already an account on %(system)s: request a permission change instead.")
                               % names)
        if removed_sets:
            raise ServiceError(_("A new account has no permissions to remove."))
        if not permission_sets:
            raise ServiceError(_("Choose at least one permission set."))
        return
    if not held:
        raise ServiceError(_("There is no account on %(system)s yet: request a new account first.") % names)
    already = [chosen.name for chosen in permission_sets if chosen.pk in held]
    if already:
        raise ServiceError(_("Already held: %(sets)s.") % {"sets": "、".join(already)})
    missing = [chosen.name for chosen in removed_sets if chosen.pk not in held]
    if missing:
        raise ServiceError(_("Not held, so nothing to remove: %(sets)s.") % {"sets": "、".join(missing)})
    if not permission_sets and not removed_sets:
        raise ServiceError(_("Choose a permission set to add or to remove."))


def _check_qualifies(applicant, permission_sets):
    """人员授权审批制度 (八): a set granted only to some positions and titles refuses anyone else, unless it leaves
    the decision to the system's owner (then the request page flags it)."""
    profile = getattr(applicant, "profile", None)
    refusing = [chosen for chosen in permission_sets
                if chosen.when_not_eligible == PermissionSet.WhenNotEligible.REFUSE and not chosen.admits(profile)]
    if not refusing:
        return
    held = "、".join(str(value) for value in (getattr(profile, "position", None),
                                              getattr(profile, "professional_title", None)) if value)
    raise ServiceError(" ".join(_("%(set)s is granted only to %(who)s; your position and title (%(held)s) do not "
                                  "qualify.") % {"set": chosen.name, "who": chosen.eligibility_text(),
                                                 "held": held or _("none recorded")} for chosen in refusing))


def account_request_create(*, applicant, kind, system, permission_sets, reason, by, removed_sets=()):
    """The person who needs the access asks for it (由用户本人提出申请); a draft until submitted."""
    if by.pk != applicant.pk:
        raise ServiceError(_("Accounts and permissions are requested by the person who needs them."))
    _require_staff_record(applicant)
    if kind not in AccountRequest.Kind.values:
        raise ServiceError(_("Choose a new account or a permission change."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the work needs it."))
    permission_sets, removed_sets = list(permission_sets), list(removed_sets)
    _check_account_content(applicant=applicant, kind=kind, system=system, permission_sets=permission_sets,
                           removed_sets=removed_sets)
    with transaction.atomic():
        account_request = AccountRequest.objects.create(applicant=applicant, kind=kind, system=system, reason=reason)
        account_request.permission_sets.set(permission_sets)
        account_request.removed_sets.set(removed_sets)
        _attach_approval(account_request, by=by)
    return account_request


@transaction.atomic
def account_request_update(*, account_request, by, system, permission_sets, reason, removed_sets=()):
    account_request = _lock(account_request)
    _require_editable(account_request, by)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the work needs it."))
    permission_sets, removed_sets = list(permission_sets), list(removed_sets)
    _check_account_content(applicant=account_request.applicant, kind=account_request.kind, system=system,
                           permission_sets=permission_sets, removed_sets=removed_sets, exclude=account_request)
    return _save_content(account_request, by=by, fields={"system": system, "reason": reason},
                         m2m={"permission_sets": permission_sets, "removed_sets": removed_sets})


@transaction.atomic
def account_request_execute(*, account_request, by, account_id, password_delivered=False):
    """IT opens the account or changes the permissions and records it (信息科办理): the account, and for a new
    account that the initial password was handed over out of band. The password itself is never entered."""
    account_request = _locked(AccountRequest, account_request.pk, "approval", "system")
    if account_request.executed_at is not None:
        raise ServiceError(_("This was already carried out by %(name)s.") % {
            "name": account_request.executed_by.display_name})
    step = _execution_step(account_request, by)
    if AuthzPolicy.current().signed_consent_required and account_request.consent_received_at is None:
        raise ServiceError(_("The signed consent form (授权同意书) has not been received yet: print it from this page, "
                             "have it signed, and record its receipt before carrying the request out."))
    system = account_request.system
    account_id = (account_id or "").strip()
    held = Grant.objects.active().filter(user=account_request.applicant_id, system=system)
    if account_request.kind == AccountRequest.Kind.NEW:
        if not account_id:
            raise ServiceError(_("Enter the account created on %(system)s.") % {"system": system.name})
        if not password_delivered:
            raise ServiceError(_("Confirm that the initial password was handed to the applicant in person or in a "
                                 "sealed envelope. It is never entered here."))
    elif not account_id:
        account_id = held.values_list("account_id", flat=True).first() or ""
    if not account_id:
        raise ServiceError(_("Enter the account on %(system)s.") % {"system": system.name})
    if Grant.objects.active().filter(system=system, account_id=account_id).exclude(
            user=account_request.applicant_id).exists():
        raise ServiceError(_("The account %(account)s on %(system)s belongs to someone else.") % {
            "account": account_id, "system": system.name})
    now = timezone.now()
    account_request.account_id, account_request.executed_by, account_request.executed_at = account_id, by, now
    fields = ["account_id", "executed_by", "executed_at"]
    if account_request.kind == AccountRequest.Kind.NEW:
        account_request.password_delivered_at = now
        fields.append("password_delivered_at")
    account_request.save(update_fields=fields)
    audit_record(actor=by, action="authz.accountrequest.execute", obj=account_request, after={
        "account_id": account_id, "password_delivered": account_request.password_delivered_at is not None})
    if step is not None:
        # The engine closes the step and, when it was the last, calls account_request_finished.
        step_decide(step=step, by=by, decision=Decision.APPROVE,
                    comment=_("Account %(account)s on %(system)s.") % {"account": account_id, "system": system.name})
    else:
        account_request_finished(account_request, outcome=account_request.approval.state, by=by)
    account_request.refresh_from_db()
    return account_request


@transaction.atomic
def consent_received(*, account_request, by):
    """IT records that the signed paper consent form (授权同意书) arrived (人员授权审批制度 七: 分管院长审批同意后，
    提供纸质同意书后，交由信息科办理). Only once every approval is given."""
    account_request = _locked(AccountRequest, account_request.pk, "approval")
    if not is_it_staff(by):
        raise ServiceError(_("Only IT staff record the signed consent form."))
    if account_request.consent_received_at is not None:
        raise ServiceError(_("The signed consent form was already recorded by %(name)s.") % {
            "name": account_request.consent_received_by.display_name})
    if not account_request.approvals_done():
        raise ServiceError(_("The consent form is signed once every approval is given; this request is still "
                             "waiting for approval."))
    account_request.consent_received_at, account_request.consent_received_by = timezone.now(), by
    account_request.save(update_fields=["consent_received_at", "consent_received_by"])
    audit_record(actor=by, action="authz.accountrequest.consent_received", obj=account_request,
                 after={"consent_received_at": account_request.consent_received_at})
    return account_request


def account_request_finished(account_request, *, outcome, by):
    """The engine's `finished` hook (and the end of IT's work when the chain has no execution step). Approved and
    carried out: the register changes and the requesting department hears."""
    if outcome != ApprovalRequest.State.APPROVED or account_request.executed_at is None:
        return  # rejected or withdrawn (the engine told the applicant), or still waiting for IT
    now = account_request.executed_at
    system = account_request.system
    applicant = account_request.applicant
    added = list(account_request.permission_sets.all())
    Grant.objects.bulk_create([
        Grant(user=applicant, system=system, permission_set=permission_set, account_id=account_request.account_id,
              granted_at=now, request=account_request, executed_by=account_request.executed_by)
        for permission_set in added
    ])
    removed = _revoke(
        Grant.objects.active().filter(user=applicant, permission_set__in=account_request.removed_sets.all()),
        by=account_request.executed_by, now=now,
        reason=_("Removed by permission change #%(number)s") % {"number": account_request.pk},
    )
    audit_record(actor=account_request.executed_by, action="authz.grant.register", obj=account_request, after={
        "account_id": account_request.account_id, "granted": [p.name for p in added], "revoked_grants": removed})
    names = {"system": system.name, "account": account_request.account_id}
    url = account_request.get_absolute_url()
    if account_request.kind == AccountRequest.Kind.NEW:
        _tell([applicant], subject=_("Your account on %(system)s is open: change the initial password today") % names,
              body=_("Account %(account)s on %(system)s. The IT staff member handed you the initial password; it is "
                     "not kept anywhere. Sign in to %(system)s and change it today, then confirm it here.") % names,
              url=url, work=account_request)
    else:
        _tell([applicant], subject=_("Your permissions on %(system)s were changed") % names, url=url)
    # 有关资料反馈审批科室: the applicant's department and the approving department (the system's owner) hear.
    approval = account_request.approval
    leaders = [*approval.department.leaders(), *system.owner_department.leaders()]
    _tell(leaders, subject=_("Done: %(title)s") % {"title": approval.title},
          body=_("IT carried out the request: account %(account)s on %(system)s.") % names, url=url, skip=[applicant])


@transaction.atomic
def password_change_confirm(*, account_request, by):
    """The applicant confirms they changed the initial password (申请人应在收到通知的当天修改初始口令)."""
    account_request = _locked(AccountRequest, account_request.pk)
    if account_request.applicant_id != by.pk:
        raise ServiceError(_("Only the account holder can confirm this."))
    if not account_request.needs_password_change():
        raise ServiceError(_("There is no initial password waiting to be changed."))
    account_request.password_changed_at = timezone.now()
    account_request.save(update_fields=["password_changed_at"])
    work_done(account_request)
    audit_record(actor=by, action="authz.accountrequest.password_changed", obj=account_request,
                 after={"password_changed_at": account_request.password_changed_at})
    return account_request


def password_change_reminders(now=None):
    """Remind, once, holders of a new account who have not confirmed changing the initial password. Idempotent."""
    now = now or timezone.now()
    due = AccountRequest.objects.filter(
        kind=AccountRequest.Kind.NEW, executed_at__lte=now - password_reminder_after(),
        password_changed_at__isnull=True, password_reminded_at__isnull=True,
    ).values_list("pk", flat=True)
    reminded = 0
    for pk in list(due):
        with transaction.atomic():
            account_request = _locked(AccountRequest, pk, "system", "applicant")
            if account_request.password_reminded_at or account_request.password_changed_at:
                continue
            account_request.password_reminded_at = now
            account_request.save(update_fields=["password_reminded_at"])
            notify(recipient=account_request.applicant,
                   subject=_("Reminder: change the initial password of %(system)s today") % {
                       "system": account_request.system.name},
                   url=account_request.get_absolute_url(), work=account_request)
            audit_record(actor=None, action="authz.accountrequest.password_reminder", obj=account_request,
                         after={"reminded_at": now})
            reminded += 1
    return reminded


# Revocation (注销) --------------------------------------------------------------------------------

def _nothing_to_revoke(person):
    return _("%(name)s holds no grants on any information system: there is nothing to revoke.") % {
        "name": person.display_name}


def revocation_create(*, person, reason, effective_on, by, note=""):
    """On a transfer or departure: the person, a leader of their department or HR asks IT to revoke everything."""
    if not can_file_revocation(by, person):
        raise ServiceError(_("Only the person, a leader of their department or HR can ask for a revocation."))
    profile = _require_staff_record(person)
    if reason not in Revocation.Reason.values:
        raise ServiceError(_("Choose why the accounts are revoked."))
    if not Grant.objects.active().filter(user=person).exists():
        raise ServiceError(_nothing_to_revoke(person))
    if Revocation.objects.filter(person=person, approval__state__in=OPEN_APPROVAL_STATES).exists():
        raise ServiceError(_("A revocation for %(name)s is already under way.") % {"name": person.display_name})
    with transaction.atomic():
        revocation = Revocation.objects.create(applicant=by, person=person, department=profile.department,
                                               reason=reason, effective_on=effective_on, note=(note or "").strip())
        _attach_approval(revocation, by=by, department=profile.department)
    return revocation


@transaction.atomic
def revocation_update(*, revocation, by, reason, effective_on, note=""):
    revocation = _lock(revocation)
    _require_editable(revocation, by)
    if reason not in Revocation.Reason.values:
        raise ServiceError(_("Choose why the accounts are revoked."))
    return _save_content(revocation, by=by, fields={"reason": reason, "effective_on": effective_on,
                                                    "note": (note or "").strip()})


@transaction.atomic
def revocation_execute(*, revocation, by):
    """IT revokes every grant the person holds and issues the certificate (注销确认证明)."""
    revocation = _locked(Revocation, revocation.pk, "approval", "person")
    if revocation.issued_at is not None:
        raise ServiceError(_("The certificate %(number)s was already issued.") % {"number": revocation.certificate_no})
    if by.pk == revocation.person_id:
        raise ServiceError(_("You cannot revoke your own accounts: another member of IT does it."))
    step = _execution_step(revocation, by)
    refusals = gates.BEFORE_REVOCATION.refusals(revocation.person)  # e.g. the handover is not confirmed yet
    if refusals:
        raise ServiceError(" ".join(refusals))
    now = timezone.now()
    revocation.certificate_no = f"ZX-{timezone.localtime(now):%Y}-{revocation.pk:05d}"
    revocation.issued_at, revocation.issued_by = now, by
    revocation.save(update_fields=["certificate_no", "issued_at", "issued_by"])
    revoked = _revoke(Grant.objects.active().filter(user=revocation.person), by=by, now=now, revocation=revocation,
                      reason=_("Revocation %(number)s") % {"number": revocation.certificate_no})
    audit_record(actor=by, action="authz.revocation.execute", obj=revocation,
                 after={"certificate": revocation.certificate_no, "revoked_grants": revoked})
    if step is not None:
        step_decide(step=step, by=by, decision=Decision.APPROVE,
                    comment=_("Certificate %(number)s issued.") % {"number": revocation.certificate_no})
    approval = revocation.approval
    signers = [step.decided_by for step in approval.steps.filter(round=approval.round, decided_by__isnull=False)
               .select_related("decided_by")]
    names = {"name": revocation.person.display_name, "number": revocation.certificate_no}
    _tell([revocation.person, revocation.applicant, *signers, *revocation.department.leaders()],
          subject=_("Accounts of %(name)s revoked: certificate %(number)s") % names,
          body=_("HR may now complete the transfer or departure of %(name)s.") % names,
          url=revocation.get_absolute_url(), skip=[by])
    return revocation


# Privileged changes (重要更改操作) -----------------------------------------------------------------

def _check_window(start, end, label_start, max_length, too_long):
    if end <= start:
        raise ServiceError(_("The end must come after the start (%(start)s).") % {"start": label_start})
    if end - start > max_length:
        raise ServiceError(too_long)


def _check_change(*, system, window_start, window_end):
    if system is not None and not system.is_active:
        raise ServiceError(_("%(system)s is no longer in service.") % {"system": system.name})
    hours = privileged_window_max_hours()
    _check_window(window_start, window_end, timezone.localtime(window_start).strftime("%Y-%m-%d %H:%M"),
                  datetime.timedelta(hours=hours),
                  ngettext("A time window is at most %(hours)d hour.", "A time window is at most %(hours)d hours.",
                           hours) % {"hours": hours})


def privileged_change_create(*, by, title, target_kind, target, plan, steps, rollback_plan, window_start, window_end,
                             system=None):
    """An IT staff member proposes an important change with its plan, steps, rollback and time window."""
    if not is_it_staff(by):
        raise ServiceError(_("Privileged changes are proposed by IT staff."))
    _require_staff_record(by)
    _check_change(system=system, window_start=window_start, window_end=window_end)
    with transaction.atomic():
        change = PrivilegedChange.objects.create(
            applicant=by, title=title.strip(), target_kind=target_kind, target=target.strip(), system=system,
            plan=plan.strip(), steps=steps.strip(), rollback_plan=rollback_plan.strip(), window_start=window_start,
            window_end=window_end)
        _attach_approval(change, by=by)
    return change


@transaction.atomic
def privileged_change_update(*, change, by, **fields):
    change = _lock(change)
    _require_editable(change, by)
    _check_change(system=fields.get("system"), window_start=fields["window_start"], window_end=fields["window_end"])
    return _save_content(change, by=by, fields=fields)


@transaction.atomic
def privileged_change_confirm(*, change, by):
    """A technician confirms being present (两名以上技术人员同时在场): two different people, in the window."""
    change = _locked(PrivilegedChange, change.pk, "approval")
    if not change.is_approved():
        raise ServiceError(_("The change is not approved yet."))
    if change.closed_at:
        raise ServiceError(_("This change is closed."))
    if not is_it_staff(by):
        raise ServiceError(_("Only IT technicians confirm that they are present."))
    if change.confirmed_by(by):
        raise ServiceError(_("You have already confirmed. A second technician, another person, must confirm too "
                             "(two-person rule)."))
    if change.confirmations() >= 2:
        raise ServiceError(_("Two technicians have already confirmed."))
    now = timezone.now()
    if not change.in_window(now):
        raise ServiceError(_("The approved time window is %(start)s – %(end)s; the change can be carried out only "
                             "then.") % {"start": timezone.localtime(change.window_start).strftime("%Y-%m-%d %H:%M"),
                                         "end": timezone.localtime(change.window_end).strftime("%Y-%m-%d %H:%M")})
    if change.first_confirmed_by_id is None:
        change.first_confirmed_by, change.first_confirmed_at = by, now
    else:
        change.second_confirmed_by, change.second_confirmed_at = by, now
    change.save(update_fields=["first_confirmed_by", "first_confirmed_at", "second_confirmed_by",
                               "second_confirmed_at"])
    audit_record(actor=by, action="authz.privilegedchange.confirm", obj=change,
                 after={"technician": by.username, "confirmations": change.confirmations()})
    if change.confirmations() == 2:
        _tell([change.applicant, change.first_confirmed_by],
              subject=_("Two technicians present: %(title)s may proceed") % {"title": change.title},
              url=change.get_absolute_url(), skip=[by])
    return change


@transaction.atomic
def privileged_change_close(*, change, by, outcome, test_result, operation_log):
    """After the work: the test result and the operation log (测试、填写工作操作日志); the change closes."""
    change = _locked(PrivilegedChange, change.pk, "approval")
    if change.closed_at:
        raise ServiceError(_("This change is closed."))
    if change.confirmations() < 2:
        raise ServiceError(_("Two different technicians must confirm they are present before the result is "
                             "recorded."))
    if not (change.confirmed_by(by) or by.pk == change.applicant_id):
        raise ServiceError(_("Only the technicians who carried out the change record its result."))
    if outcome not in PrivilegedChange.Outcome.values:
        raise ServiceError(_("Say whether the change was completed or rolled back."))
    test_result, operation_log = (test_result or "").strip(), (operation_log or "").strip()
    if not test_result or not operation_log:
        raise ServiceError(_("Record both the test result and the operation log."))
    change.outcome, change.test_result, change.operation_log = outcome, test_result, operation_log
    change.closed_at, change.closed_by = timezone.now(), by
    change.save(update_fields=["outcome", "test_result", "operation_log", "closed_at", "closed_by"])
    audit_record(actor=by, action="authz.privilegedchange.close", obj=change,
                 after={"outcome": outcome, "test_result": test_result, "operation_log": operation_log})
    approvers = [step.decided_by for step in change.approval.steps.filter(
        round=change.approval.round, state=Step.State.APPROVED).select_related("decided_by")]
    _tell([*approvers, change.applicant],
          subject=_("Closed: %(title)s (%(outcome)s)") % {"title": change.title,
                                                          "outcome": change.get_outcome_display()},
          url=change.get_absolute_url(), skip=[by])
    return change


# Outside technicians (外来技术人员) ---------------------------------------------------------------

def _check_external(*, system, supervisor, starts_at, ends_at):
    if not system.is_active:
        raise ServiceError(_("%(system)s is no longer in service.") % {"system": system.name})
    if not (supervisor.is_active and is_it_staff(supervisor)):
        raise ServiceError(_("The supervisor must be a member of the IT department."))
    days = external_access_max_days()
    _check_window(starts_at, ends_at, timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M"),
                  datetime.timedelta(days=days),
                  ngettext("Access is granted for at most %(days)d day.",
                           "Access is granted for at most %(days)d days.", days) % {"days": days})


def external_access_create(*, by, technician_name, company, purpose, system, terminal, supervisor, starts_at,
                           ends_at, phone=""):
    """IT asks for an outside technician's time-boxed access on a named terminal, under a named supervisor."""
    if not is_it_staff(by):
        raise ServiceError(_("Access for outside technicians is requested by IT staff."))
    _require_staff_record(by)
    _check_external(system=system, supervisor=supervisor, starts_at=starts_at, ends_at=ends_at)
    with transaction.atomic():
        access = ExternalAccess.objects.create(
            applicant=by, technician_name=technician_name.strip(), company=company.strip(), phone=phone.strip(),
            purpose=purpose.strip(), system=system, terminal=terminal.strip(), supervisor=supervisor,
            starts_at=starts_at, ends_at=ends_at)
        _attach_approval(access, by=by)
    return access


@transaction.atomic
def external_access_update(*, access, by, **fields):
    access = _lock(access)
    _require_editable(access, by)
    _check_external(system=fields["system"], supervisor=fields["supervisor"], starts_at=fields["starts_at"],
                    ends_at=fields["ends_at"])
    return _save_content(access, by=by, fields=fields)


def external_access_finished(access, *, outcome, by):
    """The engine's `finished` hook: an approved access tells its supervisor (and ends at once if already over)."""
    if outcome != ApprovalRequest.State.APPROVED:
        return
    names = {"name": access.technician_name, "company": access.company, "terminal": access.terminal,
             "start": timezone.localtime(access.starts_at).strftime("%Y-%m-%d %H:%M"),
             "end": timezone.localtime(access.ends_at).strftime("%Y-%m-%d %H:%M")}
    _tell([access.supervisor], subject=_("You supervise %(name)s (%(company)s)") % names,
          body=_("On %(terminal)s, from %(start)s until %(end)s. Stay present while they work.") % names,
          url=access.get_absolute_url(), work=access)
    if access.ends_at <= timezone.now():
        _end_access(access, by=None, reason=ExternalAccess.EndReason.EXPIRED, now=timezone.now())


def _end_access(access, *, by, reason, now):
    work_done(access)  # the supervision
    access.ended_at, access.end_reason, access.ended_by = now, reason, by
    access.save(update_fields=["ended_at", "end_reason", "ended_by"])
    action = "authz.externalaccess.expire" if reason == ExternalAccess.EndReason.EXPIRED else "authz.externalaccess.end"
    audit_record(actor=by, action=action, obj=access, after={"ended_at": now, "reason": reason})
    _tell([access.supervisor, access.applicant],
          subject=_("Access of %(name)s has ended: close it on %(terminal)s") % {
              "name": access.technician_name, "terminal": access.terminal},
          url=access.get_absolute_url(), skip=[by] if by else ())


@transaction.atomic
def external_access_end(*, access, by):
    """The supervisor (or the requester, or an IT leader) ends the access before its window is over."""
    access = _locked(ExternalAccess, access.pk, "approval")
    if access.access_state() not in ("scheduled", "active"):
        raise ServiceError(_("This access is not in force."))
    it_leader = any(department.is_led_by(by) for department in Department.objects.filter(kind=Department.Kind.IT))
    if by.pk not in (access.supervisor_id, access.applicant_id) and not it_leader:
        raise ServiceError(_("Only the supervisor, the requester or the IT department's leaders can end it."))
    _end_access(access, by=by, reason=ExternalAccess.EndReason.ENDED_EARLY, now=timezone.now())
    return access


def external_access_expire_due(now=None):
    """Beat task: end every approved access whose window is over. Idempotent; returns how many ended."""
    now = now or timezone.now()
    expired = 0
    for pk in list(ExternalAccess.objects.due_to_expire(now).values_list("pk", flat=True)):
        with transaction.atomic():
            access = _locked(ExternalAccess, pk)
            if access.ended_at is not None:
                continue
            _end_access(access, by=None, reason=ExternalAccess.EndReason.EXPIRED, now=now)
            expired += 1
    return expired


# Quarterly access review (权限复核) ---------------------------------------------------------------

def access_reviews_open(today=None):
    """Open this quarter's review for every department whose members hold grants. Idempotent (beat task)."""
    start = quarter_start(today or timezone.localdate())
    department_ids = set(Grant.objects.active().exclude(user__profile__isnull=True)
                         .values_list("user__profile__department", flat=True))
    opened = 0
    for department in Department.objects.filter(pk__in=department_ids, is_active=True).select_related("head", "deputy"):
        with transaction.atomic():
            review, created = AccessReview.objects.get_or_create(
                department=department, quarter_start=start,
                defaults={"reviewer": department.head or department.deputy})
            if not created:
                continue
            grants = Grant.objects.active().filter(user__profile__department=department)
            items = AccessReviewItem.objects.bulk_create([AccessReviewItem(review=review, grant=grant)
                                                          for grant in grants])
            audit_record(actor=None, action="authz.accessreview.open", obj=review, after={"lines": len(items)})
            _tell(department.leaders(), subject=_("Access review %(quarter)s: %(department)s") % {
                "quarter": review.quarter_label(), "department": department.name},
                body=_("Confirm who in your department still needs each access, or mark it for revocation."),
                url=review.get_absolute_url(), work=review)
            opened += 1
    return opened


def access_review_reminders(now=None):
    """Remind, once, the leaders of a review still open after the allowed working days."""
    now = now or timezone.now()
    reminded = 0
    for review in AccessReview.objects.filter(completed_at__isnull=True, reminded_at__isnull=True).select_related(
            "department__head", "department__deputy"):
        if review.due_at() > now:
            continue
        review.reminded_at = now
        review.save(update_fields=["reminded_at"])
        _tell(review.department.leaders(), subject=_("Reminder: access review %(quarter)s is waiting") % {
            "quarter": review.quarter_label()}, url=review.get_absolute_url(), work=review)
        reminded += 1
    return reminded


def _require_open_review(review, by):
    if not review.is_open():
        raise ServiceError(_("This review is completed; nothing more can change."))
    if not can_review_access(by, review):
        raise ServiceError(_("Only the department's leaders review its access."))


@transaction.atomic
def review_item_decide(*, item, by, decision, note=""):
    item = _locked(AccessReviewItem, item.pk, "review__department", "grant")
    _require_open_review(item.review, by)
    if item.grant.user_id == by.pk:
        raise ServiceError(_("You cannot review your own access: another leader of the department or the vice "
                             "president in charge of IT does."))
    if decision not in (AccessReviewItem.Decision.CONFIRM, AccessReviewItem.Decision.REVOKE):
        raise ServiceError(_("Choose to keep or to revoke."))
    note = (note or "").strip()
    if decision == AccessReviewItem.Decision.REVOKE and not note:
        raise ServiceError(_("Say why this access should be revoked."))
    before = {"decision": item.decision}
    item.decision, item.note, item.decided_by, item.decided_at = decision, note, by, timezone.now()
    item.save(update_fields=["decision", "note", "decided_by", "decided_at"])
    audit_record(actor=by, action="authz.accessreview.decide", obj=item.review, before=before,
                 after={"grant": item.grant_id, "decision": decision, "comment": note})
    return item


@transaction.atomic
def review_confirm_remaining(*, review, by):
    """Keep every line not yet decided (except the reviewer's own access, which someone else decides)."""
    review = _locked(AccessReview, review.pk, "department")
    _require_open_review(review, by)
    lines = review.items.filter(decision=AccessReviewItem.Decision.PENDING).exclude(grant__user=by)
    count = lines.update(decision=AccessReviewItem.Decision.CONFIRM, decided_by=by, decided_at=timezone.now())
    audit_record(actor=by, action="authz.accessreview.confirm_remaining", obj=review, after={"lines": count})
    return count


@transaction.atomic
def review_complete(*, review, by):
    review = _locked(AccessReview, review.pk, "department")
    _require_open_review(review, by)
    pending = review.items.filter(decision=AccessReviewItem.Decision.PENDING).count()
    if pending:
        raise ServiceError(ngettext("%(count)d line still waits for a decision.",
                                    "%(count)d lines still wait for a decision.", pending) % {"count": pending})
    review.completed_at, review.completed_by = timezone.now(), by
    review.save(update_fields=["completed_at", "completed_by"])
    work_done(review)  # the leaders' review; IT's revocations below are new work on it
    to_revoke = review.items.filter(decision=AccessReviewItem.Decision.REVOKE).count()
    audit_record(actor=by, action="authz.accessreview.complete", obj=review, after={"to_revoke": to_revoke})
    if to_revoke:
        from django.urls import reverse

        _tell(_it_staff(), subject=ngettext("%(count)d grant to revoke after the access review of %(department)s",
                                            "%(count)d grants to revoke after the access review of %(department)s",
                                            to_revoke) % {"count": to_revoke, "department": review.department.name},
              url=reverse("authz:it_queue") + "?tab=reviews", skip=[by], work=review)
    return review


@transaction.atomic
def review_revocation_execute(*, item, by):
    """IT revokes one grant a department head marked for revocation in a completed review."""
    item = _locked(AccessReviewItem, item.pk, "review__department", "grant__user")
    if not is_it_staff(by):
        raise ServiceError(_("Only IT staff revoke grants."))
    if item.decision != AccessReviewItem.Decision.REVOKE:
        raise ServiceError(_("This access was not marked for revocation."))
    if item.review.is_open():
        raise ServiceError(_("The review is not completed yet."))
    grant = _locked(Grant, item.grant_id, "system", "permission_set")
    if grant.revoked_at is not None:
        raise ServiceError(_("This grant has already ended."))
    if grant.user_id == by.pk:
        raise ServiceError(_("You cannot revoke your own access: another member of IT does it."))
    now = timezone.now()
    _revoke(Grant.objects.filter(pk=grant.pk), by=by, now=now,
            reason=_("Access review %(quarter)s") % {"quarter": item.review.quarter_label()})
    audit_record(actor=by, action="authz.grant.revoke", obj=grant,
                 after={"review": item.review_id, "comment": item.note})
    if not item.review.items.filter(decision=AccessReviewItem.Decision.REVOKE, grant__revoked_at__isnull=True).exists():
        work_done(item.review)  # the last grant IT had to revoke after this review
    _tell([grant.user, item.decided_by],
          subject=_("Access revoked: %(system)s · %(set)s") % {"system": grant.system.name,
                                                               "set": grant.permission_set.name},
          body=item.note, url=item.review.get_absolute_url(), skip=[by])
    return grant


# Key activities the vice president approves (关键活动, 人员授权审批制度 六) --------------------------------------

def _check_activity(*, kind, title, description, scope):
    if kind is None or not kind.is_active:
        raise ServiceError(_("Choose the kind of key activity."))
    for value, message in ((title, _("Give the activity a title.")),
                           (description, _("Say what is to be done, and why.")),
                           (scope, _("Say who and what it affects."))):
        if not (value or "").strip():
            raise ServiceError(message)


def key_activity_create(*, by, kind, title, description, scope, system=None, planned_on=None):
    """Anyone with a staff record puts a key activity to their head and the vice president; a draft until submitted."""
    _require_staff_record(by)
    _check_activity(kind=kind, title=title, description=description, scope=scope)
    with transaction.atomic():
        activity = KeyActivity.objects.create(
            applicant=by, kind=kind, title=title.strip(), description=description.strip(), scope=scope.strip(),
            system=system, planned_on=planned_on)
        _attach_approval(activity, by=by)
    return activity


@transaction.atomic
def key_activity_update(*, activity, by, **fields):
    activity = _lock(activity)
    _require_editable(activity, by)
    if fields.get("kind") is not None and fields["kind"].pk != activity.kind_id:
        raise ServiceError(_("The kind cannot change once the request exists: withdraw it and make a new one."))
    _check_activity(kind=activity.kind, title=fields.get("title"), description=fields.get("description"),
                    scope=fields.get("scope"))
    fields.pop("kind", None)
    return _save_content(activity, by=by, fields={name: value.strip() if isinstance(value, str) else value
                                                  for name, value in fields.items()})


@transaction.atomic
def key_activity_execute(*, activity, by, note):
    """IT carries the approved activity out and records what was done (信息科办理); the applicant and the
    department's leaders hear."""
    activity = _locked(KeyActivity, activity.pk, "approval", "kind")
    if activity.executed_at is not None:
        raise ServiceError(_("This was already carried out by %(name)s.") % {"name": activity.executed_by.display_name})
    step = _execution_step(activity, by)
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("Record what IT did."))
    activity.executed_at, activity.executed_by, activity.execution_note = timezone.now(), by, note[:4000]
    activity.save(update_fields=["executed_at", "executed_by", "execution_note"])
    audit_record(actor=by, action="authz.keyactivity.execute", obj=activity, after={"note": activity.execution_note})
    if step is not None:
        step_decide(step=step, by=by, decision=Decision.APPROVE, comment=activity.execution_note[:500])
    _tell([activity.applicant, *activity.approval.department.leaders()],
          subject=_("Done: %(title)s") % {"title": activity.approval.title}, body=activity.execution_note,
          url=activity.get_absolute_url(), skip=[by])
    return activity
