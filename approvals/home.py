from core.home import WorkItem

from .models import ApprovalRequest
from .selectors import inbox_steps

HOME_LIMIT = 10


def pending_approvals(user):
    return [
        WorkItem(title=step.request.title, url=step.request.get_absolute_url(), kind=step.request.request_type.name,
                 since=step.activated_at, due=step.due_at, due_provisional=step.due_provisional)
        for step in inbox_steps(user)[:HOME_LIMIT]
    ]


def open_requests(user):
    requests = (
        ApprovalRequest.objects.filter(applicant=user, state__in=ApprovalRequest.UNDECIDED_STATES)
        .select_related("request_type")[:HOME_LIMIT]
    )
    return [
        WorkItem(title=r.title, url=r.get_absolute_url(), kind=r.request_type.name, since=r.submitted_at,
                 state=r.get_state_display())
        for r in requests
    ]
