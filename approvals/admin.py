from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from .models import ApprovalRequest, ChainRule, Delegation, RequestType, Step


class ChainRuleInline(admin.TabularInline):
    model = ChainRule
    extra = 0
    autocomplete_fields = ["department", "person"]
    fields = ["order", "label", "kind", "approver", "role", "department", "person", "condition", "condition_days", "always_ask"]


@admin.register(RequestType)
class RequestTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "step_working_days", "escalate_after_working_days", "restart_on_resubmit", "is_active"]
    list_filter = ["is_active", "restart_on_resubmit"]
    search_fields = ["name", "code"]
    inlines = [ChainRuleInline]


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    can_delete = False
    fields = ["round", "order", "label", "kind", "assignee", "assignee_role", "state", "due_at", "decided_by", "decided_at", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(GuardedModelAdmin):
    """Read-only: decisions are made in the app, where every rule is enforced and audited."""

    list_display = ["title", "request_type", "applicant", "department", "state", "submitted_at"]
    list_filter = ["state", "request_type"]
    search_fields = ["title", "applicant__username", "applicant__name"]
    list_select_related = ["request_type", "applicant", "department"]
    readonly_fields = ["request_type", "applicant", "department", "title", "state", "round", "submitted_at",
                       "decided_at", "subject_type", "subject_id"]
    inlines = [StepInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["delegator", "delegate", "starts_on", "ends_on", "reason"]
    search_fields = ["delegator__username", "delegator__name", "delegate__username", "delegate__name"]
    list_select_related = ["delegator", "delegate"]
    readonly_fields = ["delegator", "delegate", "starts_on", "ends_on", "reason", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
