"""Bulk rows for the authorization benchmark and the query-count tests: staff in many departments, account
requests with their approval requests and steps (some waiting for one approver), grants, and a valid audit
hash chain over them. Written with bulk_create, so 50,000 requests take seconds, not hours.

Not a demo: the rows are plausible but uniform. The real flows are exercised by the services' tests.
"""

import datetime
import itertools

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from approvals.models import ApprovalRequest, RequestType, Step
from audit.models import AuditEntry, ChainHead
from authz.models import AccountRequest, Grant, InformationSystem, PermissionSet
from staff.models import Department, StaffProfile, User

BATCH = 2000
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def _name(number):
    return SURNAMES[number % len(SURNAMES)] + GIVEN[(number // len(SURNAMES)) % len(GIVEN)] + GIVEN[number % 7]


@transaction.atomic
def bulk_hospital(*, staff, requests, approver, executor, prefix="b", waiting_share=0.2, audit=True,
                  department=None):
    """Add `staff` people (in new departments, or all in `department`) and `requests` account requests. A share
    of the requests waits for `approver` (their department head step); the others are carried out by `executor`
    and give grants. Returns a dict of counts."""
    now = timezone.now()
    if department is None:
        department_count = max(1, min(200, staff // 25))
        departments = Department.objects.bulk_create([
            Department(code=f"{prefix}d{i}", name=f"{prefix}科室{i}", kind=Department.Kind.CLINICAL,
                       sort_order=200 + i)
            for i in range(department_count)
        ], batch_size=BATCH)
    else:
        department_count, departments = 1, [department]
    users = User.objects.bulk_create([
        User(username=f"{prefix}{i:06d}", name=_name(i), password="!", must_change_password=False)
        for i in range(staff)
    ], batch_size=BATCH)
    department_of = {user.pk: departments[i % department_count] for i, user in enumerate(users)}
    StaffProfile.objects.bulk_create([
        StaffProfile(user=user, department=department_of[user.pk], status=StaffProfile.Status.REGULAR,
                     hire_date=datetime.date(2015, 1, 1) + datetime.timedelta(days=i % 3000))
        for i, user in enumerate(users)
    ], batch_size=BATCH)
    systems = list(InformationSystem.objects.filter(is_active=True))
    sets = {system.pk: list(PermissionSet.objects.filter(system=system)) for system in systems}
    request_type = RequestType.objects.get(code="authz.account")
    rules = list(request_type.rules.all())
    subject_type = ContentType.objects.get_for_model(AccountRequest)

    waiting_every = max(1, round(1 / waiting_share)) if waiting_share else 0
    plan = []  # (user, system, waiting?)
    # Each person asks once per system at most, so every grant is unique per (person, permission set).
    pairs = itertools.product(range(len(systems)), range(staff))
    for index, (system_index, user_index) in zip(range(requests), pairs):
        waiting = bool(waiting_every) and index % waiting_every == 0
        plan.append((users[user_index], systems[system_index], waiting))
    subjects = AccountRequest.objects.bulk_create([
        AccountRequest(applicant=user, kind=AccountRequest.Kind.NEW, system=system, reason="批量演示数据",
                       account_id="" if waiting else f"{user.username}-{system.code}",
                       executed_by=None if waiting else executor, executed_at=None if waiting else now,
                       password_delivered_at=None if waiting else now, password_changed_at=None if waiting else now)
        for user, system, waiting in plan
    ], batch_size=BATCH)
    approvals = ApprovalRequest.objects.bulk_create([
        ApprovalRequest(request_type=request_type, applicant=user, department=department_of[user.pk],
                        title=f"{system.name} · 新用户 · {user.name}",
                        state=ApprovalRequest.State.PENDING if waiting else ApprovalRequest.State.APPROVED, round=1,
                        submitted_at=now, decided_at=None if waiting else now, subject_type=subject_type,
                        subject_id=subject.pk)
        for (user, system, waiting), subject in zip(plan, subjects)
    ], batch_size=BATCH)
    for subject, approval in zip(subjects, approvals):
        subject.approval = approval
    AccountRequest.objects.bulk_update(subjects, ["approval"], batch_size=BATCH)

    steps, grants = [], []
    for (user, system, waiting), subject, approval in zip(plan, subjects, approvals):
        for order, rule in enumerate(rules, start=1):
            if waiting:
                state = Step.State.ACTIVE if order == 1 else Step.State.WAITING
            else:
                state = Step.State.DONE if rule.kind == "execute" else Step.State.APPROVED
            steps.append(Step(
                request=approval, round=1, order=order, label=rule.label, kind=rule.kind, rule=rule,
                assignee=approver if order == 1 else None, assignee_role="" if order == 1 else "科员",
                state=state, activated_at=now, due_at=now + datetime.timedelta(days=2),
                decided_by=None if state in (Step.State.ACTIVE, Step.State.WAITING) else approver,
                decided_at=None if waiting else now))
        if not waiting:
            grants += [Grant(user=user, system=system, permission_set=permission_set, account_id=subject.account_id,
                             granted_at=now, request=subject, executed_by=executor)
                       for permission_set in sets[system.pk][:1]]
    Step.objects.bulk_create(steps, batch_size=BATCH)
    Grant.objects.bulk_create(grants, batch_size=BATCH)
    entries = _audit(approvals, approver, now) if audit else 0
    return {"departments": department_count, "staff": staff, "requests": len(approvals), "steps": len(steps),
            "grants": len(grants), "audit entries": entries}


def _audit(approvals, actor, now):
    """Chain entries as audit_record would (create, submit, approve), extending the current head."""
    head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
    previous = head.last_hash
    batch, total = [], 0
    for approval in approvals:
        actions = ["approvals.request.create", "approvals.request.submit"]
        if approval.state == ApprovalRequest.State.APPROVED:
            actions.append("approvals.request.approve")
        for action in actions:
            entry = AuditEntry(created_at=now, actor=actor, actor_label=actor.display_name, action=action,
                               object_type="approvals.approvalrequest", object_id=str(approval.pk),
                               object_repr=approval.title[:200], before={}, after={"state": approval.state},
                               prev_hash=previous)
            entry.hash = entry.compute_hash()
            previous = entry.hash
            batch.append(entry)
        if len(batch) >= BATCH:
            AuditEntry.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)
    total += len(batch)
    head.last_hash = previous
    head.entries += total
    head.save(update_fields=["last_hash", "entries"])
    return total
