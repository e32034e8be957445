from audit.models import AuditEntry

from .models import RequestType, Step
from .services import can_act


INBOX_RELATED = ("request__applicant", "request__department", "request__request_type", "assignee")
# what a row of the inbox (approvals/_inbox_row.html) shows
INBOX_FIELDS = (
    "request_id", "label", "kind", "state", "assignee_id", "activated_at", "due_at", "due_provisional",
    "request__title", "request__request_type__name", "request__applicant__name", "request__applicant__username",
    "request__department__name", "assignee__name", "assignee__username",
)


def inbox_steps(user):
    """Steps waiting for this person's decision, with everything the inbox shows in one query."""
    return Step.objects.for_actor(user).select_related(*INBOX_RELATED).order_by("due_at", "pk")


def inbox_rows():
    """The inbox's rows, fetched by id once a page of inbox_steps() is known (core.paging.paginate_ids): sorting
    every waiting step joined to its request, applicant, department and type to keep 25 of them took 5-9 ms of
    SQL for a head with 1,000 waiting; only the columns a row shows (the people and requests are wide rows)."""
    return Step.objects.select_related(*INBOX_RELATED).only(*INBOX_FIELDS)


def waiting_count(user):
    """How many steps wait for this person (the menu's badge), counted once per request: the inbox hands over the
    count its pages were made of."""
    if not hasattr(user, "_approvals_waiting"):
        user._approvals_waiting = inbox_steps(user).count()
    return user._approvals_waiting


def timeline(approval):
    """Every recorded transition of the approval request, oldest first (from the audit log)."""
    return AuditEntry.objects.for_object(approval).order_by("pk")


def panel(approval, user):
    """What a subject's page shows of its approval (templates/approvals/includes/panel.html): the request, its steps
    (every round, the latest first; the chain shows the current round's), the step it waits at, whether `user` may
    act on that step, and the timeline. With no request yet (a draft), the same keys, empty."""
    if approval is None:
        return {"approval": None, "steps": [], "current": None, "can_decide": False, "timeline": []}
    steps = list(approval.steps.select_related("assignee", "decided_by", "assignee_department")
                 .order_by("-round", "order"))
    current = next((s for s in steps if s.round == approval.round and s.state == Step.State.ACTIVE), None)
    return {
        "approval": approval,
        "steps": steps,
        "current": current,
        "can_decide": current is not None and can_act(current, user),
        "timeline": timeline(approval).select_related("actor"),
    }


def applicable_rules(request_type_code, facts):
    """The rules a request of this type would follow with these facts (a preview before it is submitted)."""
    request_type = RequestType.objects.filter(code=request_type_code, is_active=True).first()
    if request_type is None:
        return []
    return [rule for rule in request_type.rules.all() if rule.applies(facts)]
