from django.contrib import admin

from core.admin import ReadOnlyAdmin, SingletonPolicyAdmin

from .models import Absence, Lateness, LeaveBalance, LeavePolicy, LeaveRequest, LeaveType


@admin.register(LeavePolicy)
class LeavePolicyAdmin(SingletonPolicyAdmin, admin.ModelAdmin):
    list_display = ["__str__", "absence_rule_code", "late_rule_codes", "early_rule_codes", "lateness_gap_rule_code",
                    "carry_over_max_days", "default_entitlement_days"]


@admin.register(LeaveType)
class LeaveTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "needs_document", "is_paid", "uses_annual_balance", "may_start_in_past",
                    "full_day_rule_code", "half_day_rule_code", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        # Requests refer to their type: retire a type (active off) instead of deleting it.
        return obj is not None and not obj.requests.exists() and super().has_delete_permission(request, obj)


@admin.register(LeaveRequest)
class LeaveRequestAdmin(ReadOnlyAdmin):
    list_display = ["person", "leave_type", "starts_on", "ends_on", "working_days", "state", "cover"]
    list_filter = ["state", "leave_type"]
    search_fields = ["person__username", "person__name"]
    list_select_related = ["person", "leave_type", "cover"]
    date_hierarchy = "starts_on"


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyAdmin):
    list_display = ["person", "starts_on", "ends_on", "half", "source", "incident", "recorded_by", "cancelled_at"]
    list_select_related = ["person", "incident", "recorded_by"]
    search_fields = ["person__username", "person__name"]


@admin.register(Lateness)
class LatenessAdmin(ReadOnlyAdmin):
    list_display = ["person", "occurred_on", "half", "kind", "minutes", "decision", "state", "recorded_by"]
    list_filter = ["kind", "decision", "state"]
    list_select_related = ["person", "recorded_by"]
    search_fields = ["person__username", "person__name"]
    date_hierarchy = "occurred_on"


@admin.register(LeaveBalance)
class LeaveBalanceAdmin(ReadOnlyAdmin):
    """HR sets balances on the leave pages, so each change goes through the audit log."""

    list_display = ["person", "year", "entitlement", "carried_over", "updated_by", "updated_at"]
    list_filter = ["year"]
    search_fields = ["person__username", "person__name"]
    list_select_related = ["person", "updated_by"]
