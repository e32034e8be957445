"""Reading authorization data: what each person may see, IT's queue, timelines. Constant queries per page."""

from django.db.models import Exists, OuterRef, Q

from approvals.models import ApprovalRequest, ChainRule, Step
from approvals.rules import can_view_any_request
from audit.models import AuditEntry
from core.roles import Role, has_role, is_hr
from staff.models import Department
from staff.rules import is_it_staff

from .models import (AccessReview, AccessReviewItem, AccountRequest, ExternalAccess, Grant, InformationSystem,
                     KeyActivity, PermissionSet, PrivilegedChange, Revocation)
from .rules import can_view_all_grants, can_view_every_authz_request


def _led_departments(user):
    """The departments this person heads or deputises, as a subquery (no query of its own)."""
    return Department.objects.filter(Q(head=user) | Q(deputy=user)).values("pk")


def led_department_ids(user):
    return list(_led_departments(user).values_list("pk", flat=True))


def _concerning(user, *, person, department, system=None):
    """What concerns the person, the departments they lead and the systems their departments own (系统负责人)."""
    # The departments as ids read first (most people lead none): a list then compiles and plans a plain condition
    # instead of two subqueries, for its count and again for its page.
    led = led_department_ids(user)
    query = Q(**{person: user})
    if led:
        query |= Q(**{f"{department}__in": led})
        if system:  # the systems as an id list: no join to the system table for every row of a long list
            query |= Q(**{f"{system}__in": InformationSystem.objects.filter(owner_department__in=led).values("pk")})
    return query


def visible_grants(user):
    """The whole register for IT, HR, the VP and auditors; otherwise what concerns the person."""
    grants = Grant.objects.for_list()
    if can_view_all_grants(user):
        return grants
    return grants.filter(_concerning(user, person="user", department="user__profile__department", system="system"))


def _reached_it():
    """The request's EXECUTE step was reached, or it was approved (authz.rules.has_reached_it, as a filter)."""
    reached = Step.objects.filter(request=OuterRef("approval"), kind=ChainRule.Kind.EXECUTE,
                                  activated_at__isnull=False)
    return Q(approval__state=ApprovalRequest.State.APPROVED) | Q(Exists(reached))


def _requests_put_to_it(queryset, user, query):
    """Every submitted one for HR, the VP and auditors; for IT staff also those that reached IT's step; for
    anyone else only `query` (what concerns them)."""
    if can_view_every_authz_request(user):
        return queryset
    if is_it_staff(user):
        query = _reached_it() | query  # most rows are approved: SQLite tests that first and skips the rest
    return queryset.filter(query)


def _not_others_drafts(queryset, user, *people):
    """A draft is its applicant's alone (and the person's, for a revocation)."""
    own = Q()
    for field in people:
        own |= Q(**{field: user})
    return queryset.filter(own | ~Q(approval__state=ApprovalRequest.State.DRAFT))


def visible_account_requests(user):
    """The applicant's own, their department's leaders' and the system owner's; all for HR, the VP and auditors;
    for IT from the moment IT's step is reached (authz.rules.can_view_authz_request, for a list)."""
    requests = _requests_put_to_it(AccountRequest.objects.for_list(), user, _concerning(
        user, person="applicant", department="approval__department", system="system"))
    return _not_others_drafts(requests, user, "applicant")


def visible_revocations(user):
    revocations = Revocation.objects.for_list()
    if not is_hr(user):
        revocations = _requests_put_to_it(revocations, user, Q(person=user) | Q(applicant=user) |
                                          Q(department__in=_led_departments(user)))
    return _not_others_drafts(revocations, user, "applicant", "person")


def visible_activities(user):
    """Key activities (关键活动): the applicant's, their department's and its system owner's leaders'; everything
    for the VP and auditors; for IT from the moment IT's step is reached."""
    activities = KeyActivity.objects.for_list()
    if not (can_view_any_request(user) or has_role(user, Role.VP_IT)):
        led = _led_departments(user)
        query = Q(applicant=user) | Q(approval__department__in=led) | Q(system__owner_department__in=led)
        activities = activities.filter(query | _reached_it()) if is_it_staff(user) else activities.filter(query)
    return _not_others_drafts(activities, user, "applicant")


def visible_it_work(user, model):
    """Privileged changes or outside technicians' access: every one IT and the auditors may see."""
    return _not_others_drafts(model.objects.for_list(), user, "applicant")


def can_list_it_work(user):
    """Privileged changes and outside technicians: IT, and those who see every request (the VP, auditors)."""
    return is_it_staff(user) or can_view_any_request(user)


def _sees_every_review(user):
    return can_view_all_grants(user) or has_role(user, Role.VP_IT)


def can_list_reviews(user):
    return _sees_every_review(user) or bool(led_department_ids(user))


def visible_reviews(user):
    reviews = AccessReview.objects.select_related("department", "reviewer", "completed_by")
    if _sees_every_review(user):
        return reviews
    return reviews.filter(department__in=_led_departments(user))


def current_steps(approvals):
    """{approval id: its active step} for a page of requests, in one query."""
    ids = [approval.pk for approval in approvals if approval is not None]
    steps = Step.objects.filter(request__in=ids, state=Step.State.ACTIVE).select_related("assignee",
                                                                                         "assignee_department")
    return {step.request_id: step for step in steps}


def attach_set_changes(account_requests):
    """Give each account request of a page the names of the permission sets it adds and removes (`sets_added`,
    `sets_removed`), in the catalogue's order: a narrow query per field. Django's prefetch of the two many-to-many
    fields made a manager and a queryset for every row and cost a list page more than its rows."""
    by_pk = {account_request.pk: account_request for account_request in account_requests}
    for field, attr in (("permission_sets", "sets_added"), ("removed_sets", "sets_removed")):
        for account_request in by_pk.values():
            setattr(account_request, attr, [])
        names = (AccountRequest.objects.filter(pk__in=by_pk, **{f"{field}__isnull": False})
                 .order_by(*(f"{field}__{order}" for order in PermissionSet._meta.ordering))
                 .values_list("pk", f"{field}__name"))
        for pk, name in names:
            getattr(by_pk[pk], attr).append(name)
    return account_requests


def timeline(subject):
    """The approval's transitions and the domain's own (execution, certificate, confirmations), oldest first."""
    entries = AuditEntry.objects.for_object(subject)
    if subject.approval_id:
        entries = entries | AuditEntry.objects.for_object(subject.approval)
    # The domain's own "create" repeats the engine's; the audit log keeps both.
    return (entries.exclude(action=f"authz.{subject._meta.model_name}.create")
            .select_related("actor").order_by("pk"))


def _waiting_for_it(model, done_field):
    """Requests whose EXECUTE step is active, or approved without one and not yet carried out."""
    # The active EXECUTE steps once (an IN list), not an EXISTS per request: at 50,000 account requests that is
    # 25 ms instead of 60 ms on SQLite, 21 instead of 44 on PostgreSQL.
    executing = Step.objects.filter(state=Step.State.ACTIVE, kind=ChainRule.Kind.EXECUTE).values("request_id")
    return model.objects.for_list().filter(
        Q(approval_id__in=executing)
        | Q(approval__state=ApprovalRequest.State.APPROVED, **{f"{done_field}__isnull": True}))


def it_queue(user):
    """IT's work for this member, by tab: each a queryset ready for a page. His own requests (and the revocation
    of his own accounts or access) are left out: a colleague carries them out."""
    return {
        "accounts": _waiting_for_it(AccountRequest, "executed_at").exclude(applicant=user)
        .order_by("approval__submitted_at", "pk"),
        "revocations": _waiting_for_it(Revocation, "issued_at").exclude(Q(applicant=user) | Q(person=user))
        .order_by("effective_on", "pk"),
        "reviews": AccessReviewItem.objects.filter(
            decision=AccessReviewItem.Decision.REVOKE, review__completed_at__isnull=False,
            grant__revoked_at__isnull=True,
        ).exclude(grant__user=user).select_related("review__department", "grant__user", "grant__system", "grant__permission_set",
                         "decided_by").order_by("review__completed_at", "pk"),
        "changes": PrivilegedChange.objects.for_list().filter(
            approval__state=ApprovalRequest.State.APPROVED, closed_at__isnull=True).order_by("window_start", "pk"),
        "external": ExternalAccess.objects.for_list().filter(
            approval__state=ApprovalRequest.State.APPROVED, ended_at__isnull=True).order_by("starts_at", "pk"),
        "activities": _waiting_for_it(KeyActivity, "executed_at").exclude(applicant=user)
        .order_by("planned_on", "pk"),
    }
