from django.http import Http404
from django.shortcuts import get_object_or_404

from core import permissions

from .models import ApprovalRequest, Delegation, Step


def get_request_for_user(user, pk):
    approval = get_object_or_404(ApprovalRequest.objects.select_related("applicant", "department", "request_type"),
                                 pk=pk)
    if not permissions.can_view_request(user, approval):
        raise Http404
    return approval


def get_step_for_user(user, pk):
    step = get_object_or_404(Step.objects.select_related("request"), pk=pk)
    if not permissions.can_view_request(user, step.request):
        raise Http404
    return step


def get_own_delegation(user, pk):
    return get_object_or_404(Delegation, pk=pk, delegator=user)
