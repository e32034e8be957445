"""The home page's "waiting for me" items of this domain (the approvals inbox lists the approval steps)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from approvals.models import ApprovalRequest
from core import permissions
from core.home import WorkItem

from .models import AccessReview, AccessReviewItem, AccountRequest, ExternalAccess, PrivilegedChange

LIMIT = 5


def pending_work(user):
    items = []
    for account_request in AccountRequest.objects.filter(
            applicant=user, kind=AccountRequest.Kind.NEW, executed_at__isnull=False,
            password_changed_at__isnull=True).select_related("system")[:LIMIT]:
        items.append(WorkItem(title=_("Change the initial password of %(system)s") % {
            "system": account_request.system.name}, url=account_request.get_absolute_url(),
            kind=_("Account"), since=account_request.executed_at))
    reviews = AccessReview.objects.filter(completed_at__isnull=True).filter(
        Q(department__head=user) | Q(department__deputy=user)).select_related("department").annotate(
        pending=Count("items", filter=Q(items__decision=AccessReviewItem.Decision.PENDING)))[:LIMIT]
    for review in reviews:
        items.append(WorkItem(title=ngettext("%(department)s: %(count)d line to review",
                                             "%(department)s: %(count)d lines to review", review.pending) % {
            "department": review.department.name, "count": review.pending}, url=review.get_absolute_url(),
            kind=_("Access review %(quarter)s") % {"quarter": review.quarter_label()}, since=review.created_at,
            due=review.due_at(), due_provisional=review.due_provisional()))
    for access in ExternalAccess.objects.filter(supervisor=user, approval__state=ApprovalRequest.State.APPROVED,
                                                ended_at__isnull=True).order_by("starts_at")[:LIMIT]:
        items.append(WorkItem(title=_("Supervise %(name)s on %(terminal)s") % {
            "name": access.technician_name, "terminal": access.terminal}, url=access.get_absolute_url(),
            kind=_("Outside technician"), since=access.starts_at))
    if permissions.is_it_staff(user):
        for change in PrivilegedChange.objects.filter(approval__state=ApprovalRequest.State.APPROVED,
                                                      closed_at__isnull=True).order_by("window_start")[:LIMIT]:
            items.append(WorkItem(title=change.title, url=change.get_absolute_url(), kind=_("Privileged change"),
                                  since=change.window_start, due=change.window_end))
        to_revoke = AccessReviewItem.objects.filter(decision=AccessReviewItem.Decision.REVOKE,
                                                    review__completed_at__isnull=False,
                                                    grant__revoked_at__isnull=True).count()
        if to_revoke:
            items.append(WorkItem(title=ngettext("%(count)d grant to revoke after access reviews",
                                                 "%(count)d grants to revoke after access reviews",
                                                 to_revoke) % {"count": to_revoke},
                                  url=reverse("authz:it_queue") + "?tab=reviews", kind=_("IT queue")))
    return items
