from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, SingletonPolicyAdmin

from .models import (Assignment, Breach, BreachKind, DutyLog, DutyPolicy, DutyType, EquipmentLoan, FaultCall, Finding, Handover,
                     PatrolArea, PatrolVisit, RegisterBook, Roster, TeamLeader)


@admin.register(DutyPolicy)
class DutyPolicyAdmin(SingletonPolicyAdmin, admin.ModelAdmin):
    list_display = ["__str__", "response_minutes", "unattended_minutes", "major_outage_hours",
                    "handover_grace_minutes", "updated_at"]
    fieldsets = [
        (None, {"fields": ["response_minutes", "unattended_minutes", "major_outage_hours"]}),
        (_("Scorecard lines"), {"fields": ["response_points", "unattended_points", "outage_points",
                                              "missing_log_points"]}),
        (_("Handover, patrols and reminders"), {"fields": ["handover_grace_minutes", "patrol_grace_days", "reminder_hour"]}),
        (_("Rules proposed"), {"fields": ["handover_missing_rule", "takeover_missing_rule", "omission_rule",
                                   "patrol_missed_rule", "complaint_fine_rule", "complaint_points_rule",
                                   "overtime_rule"]}),
    ]


@admin.register(DutyType)
class DutyTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "short", "category", "starts_at", "ends_at", "people_per_day", "answers_phone",
                    "needs_handover", "needs_log", "rest_hours_after", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    filter_horizontal = ["posts"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        # Rosters refer to their duty types: retire a type (active off) instead of deleting it.
        return obj is not None and not obj.assignments.exists() and super().has_delete_permission(request, obj)


@admin.register(BreachKind)
class BreachKindAdmin(admin.ModelAdmin):
    """What each breach witnessed on duty is proposed as. The amount is the rule's (discipline's schedules, with
    its threshold and doubling); shown here as it stands today."""

    list_display = ["name", "code", "rule_code", "rule_in_force", "points", "measure", "recorder", "is_active",
                    "sort_order"]
    list_editable = ["is_active", "sort_order"]
    filter_horizontal = ["duty_types"]
    search_fields = ["name", "code", "rule_code"]

    @admin.display(description=_("rule in force today"))
    def rule_in_force(self, obj):
        from discipline.assessment import IncidentInputError, amount_text, rule_in_force

        if not obj.rule_code:
            return "—"
        try:
            rule = rule_in_force(obj.rule_code, timezone.localdate())
        except IncidentInputError as error:
            return error.message
        escalation = f" · {rule.get_escalation_display()}" if rule.escalation == rule.Escalation.DOUBLING else ""
        return f"{rule} · {amount_text(rule, rule.amount)}{escalation}"

    def has_delete_permission(self, request, obj=None):
        # Recorded breaches refer to their kind: retire it (active off) instead.
        return obj is not None and not obj.breaches.exists() and super().has_delete_permission(request, obj)


@admin.register(TeamLeader)
class TeamLeaderAdmin(admin.ModelAdmin):
    list_display = ["department", "person"]
    list_select_related = ["department", "person"]
    autocomplete_fields = ["person"]


@admin.register(RegisterBook)
class RegisterBookAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_daily", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.entries.exists() and super().has_delete_permission(request, obj)


@admin.register(PatrolArea)
class PatrolAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "person", "visits_per_week", "starts_on", "is_active"]
    list_select_related = ["person"]
    filter_horizontal = ["departments", "confirmers"]
    autocomplete_fields = ["person"]

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.visits.exists() and super().has_delete_permission(request, obj)


@admin.register(Roster)
class RosterAdmin(ReadOnlyAdmin):
    list_display = ["department", "month", "state", "published_at", "published_by"]
    list_select_related = ["department", "published_by"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["day", "duty_type", "person", "roster"]
    list_select_related = ["duty_type", "person", "roster__department"]
    date_hierarchy = "day"
    search_fields = ["person__username", "person__name"]


@admin.register(Handover)
class HandoverAdmin(ReadOnlyAdmin):
    list_display = ["outgoing", "incoming", "state", "handed_over_at", "taken_over_at"]
    list_select_related = ["outgoing__duty_type", "outgoing__person", "incoming__duty_type", "incoming__person"]


@admin.register(DutyLog)
class DutyLogAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "state", "signed_by", "signed_at"]
    list_select_related = ["assignment__duty_type", "assignment__person", "signed_by"]


@admin.register(FaultCall)
class FaultCallAdmin(ReadOnlyAdmin):
    list_display = ["number", "department", "summary", "received_at", "taken_by", "state"]
    list_select_related = ["department", "taken_by"]
    date_hierarchy = "received_at"


@admin.register(EquipmentLoan)
class EquipmentLoanAdmin(ReadOnlyAdmin):
    list_display = ["item", "department", "borrower", "lent_at", "due_on", "returned_at"]
    list_select_related = ["department"]


@admin.register(PatrolVisit)
class PatrolVisitAdmin(ReadOnlyAdmin):
    list_display = ["area", "department", "person", "visited_at", "state", "confirmed_by"]
    list_select_related = ["area", "department", "person", "confirmed_by"]


@admin.register(Breach)
class BreachAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "kind", "assignment", "minutes", "recorded_by"]
    list_select_related = ["kind", "assignment__duty_type", "assignment__person", "recorded_by"]
    list_filter = ["kind"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["occurred_on", "kind", "person", "state", "rule_code", "points", "incident"]
    list_filter = ["kind", "state"]
    list_select_related = ["person"]
