from audit.models import AuditEntry

from .models import Request, Step


def inbox_steps(user):
    """Steps waiting for this person's decision, with everything the inbox shows in one query."""
    return (
        Step.objects.for_actor(user)
        .select_related("request__applicant", "request__department", "request__request_type", "assignee")
        .order_by("due_at", "pk")
    )


def timeline(request):
    """Every recorded transition of the request, oldest first (from the audit log)."""
    return AuditEntry.objects.filter(
        object_type=Request._meta.label_lower, object_id=str(request.pk)
    ).order_by("pk")


def applicable_rules(request_type_code, context):
    """The rules a request of this type would follow for this context (a preview before it is submitted)."""
    from .models import RequestType
    from .services import _applies

    request_type = RequestType.objects.filter(code=request_type_code, is_active=True).first()
    if request_type is None:
        return []
    return [rule for rule in request_type.rules.all() if _applies(rule, context)]
