from django.contrib import admin

from core.admin import ReadOnlyAdmin, SingletonPolicyAdmin

from .models import (
    Attempt, Attendance, EvidenceRule, Exam, ExternalTraining, Plan, SelfStudy, Session, TrainingPolicy, YearHours,
)


@admin.register(TrainingPolicy)
class TrainingPolicyAdmin(SingletonPolicyAdmin, admin.ModelAdmin):
    list_display = ["__str__", "annual_hours_target", "late_after_minutes", "qr_valid_seconds", "reminder_days"]


@admin.register(EvidenceRule)
class EvidenceRuleAdmin(admin.ModelAdmin):
    """The scorecard items that ask about training records: their wording and points (004 绩效考核表)."""

    list_display = ["post", "kind", "item", "wording", "points", "threshold", "is_active"]
    list_filter = ["post", "kind", "is_active"]
    list_editable = ["points", "is_active"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    """Plans are drawn up and approved on the training pages, so each change is audited and goes through the
    approval chain."""

    list_display = ["title", "department", "year", "revision", "state", "approved_at"]
    list_filter = ["state", "year", "department"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "department", "starts_at", "place", "hours", "organiser", "state"]
    list_filter = ["state", "department", "form"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    list_select_related = ["department", "organiser"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["session", "person", "status", "signed_in_at", "method"]
    list_filter = ["status", "method"]
    search_fields = ["person__username", "person__name", "session__title"]
    list_select_related = ["session", "person"]


@admin.register(Exam)
class ExamAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "department", "opens_at", "closes_at", "state"]
    list_filter = ["kind", "state"]


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ["exam", "person", "number", "submitted_at", "score", "max_score", "passed", "state"]
    list_filter = ["state", "passed"]
    search_fields = ["person__username", "person__name"]
    list_select_related = ["exam", "person"]


@admin.register(ExternalTraining)
class ExternalTrainingAdmin(ReadOnlyAdmin):
    list_display = ["person", "title", "organiser", "starts_on", "ends_on", "cost", "state", "hours_credited"]
    list_filter = ["state"]


@admin.register(SelfStudy)
class SelfStudyAdmin(ReadOnlyAdmin):
    list_display = ["person", "studied_on", "title", "hours", "state"]
    list_filter = ["state"]


@admin.register(YearHours)
class YearHoursAdmin(ReadOnlyAdmin):
    """Derived from the records above (training/signals.py); `manage.py recount_training_hours` rebuilds it."""

    list_display = ["person", "year", "hours"]
    list_filter = ["year"]
    search_fields = ["person__username", "person__name"]
    list_select_related = ["person"]
