from audit.models import AuditEntry

from .models import RequestType, Step


def inbox_steps(user):
    """Steps waiting for this person's decision, with everything the inbox shows in one query."""
    return (
        Step.objects.for_actor(user)
        .select_related("request__applicant", "request__department", "request__request_type", "assignee")
        .order_by("due_at", "pk")
    )


def waiting_count(user):
    """How many steps wait for this person (the menu's badge), counted once per request: the inbox hands over the
    count its pages were made of."""
    if not hasattr(user, "_approvals_waiting"):
        user._approvals_waiting = inbox_steps(user).count()
    return user._approvals_waiting


def timeline(approval):
    """Every recorded transition of the approval request, oldest first (from the audit log)."""
    return AuditEntry.objects.for_object(approval).order_by("pk")


def applicable_rules(request_type_code, facts):
    """The rules a request of this type would follow with these facts (a preview before it is submitted)."""
    request_type = RequestType.objects.filter(code=request_type_code, is_active=True).first()
    if request_type is None:
        return []
    return [rule for rule in request_type.rules.all() if rule.applies(facts)]
