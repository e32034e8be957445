"""Django admin for hiring and probation: the policy's numbers and lists are edited here by admins;
the pipeline's records are read-only here (they change only through the hiring services)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin, SingletonPolicyAdmin

from .models import (
    Candidate, HeadcountRequest, HiringExclusion, HiringPolicy, OnboardingRequirement, Posting, Probation,
    ProbationAssessment,
)


@admin.register(HiringPolicy)
class HiringPolicyAdmin(SingletonPolicyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "min_age", "max_age", "min_education", "notice_days", "probation_months",
                    "probation_reminder_days", "over_headcount", "updated_at"]


@admin.register(HiringExclusion)
class HiringExclusionAdmin(admin.ModelAdmin):
    list_display = ["text", "stage", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["stage", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False  # candidates' answers refer to them: deactivate instead


@admin.register(OnboardingRequirement)
class OnboardingRequirementAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_required", "is_active"]
    list_editable = ["order", "is_required", "is_active"]


@admin.register(HeadcountRequest)
class HeadcountRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "reason", "beyond_headcount", "requested_by", "created_at", "meeting_date"]
    list_select_related = ["department", "post", "requested_by"]


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    list_display = ["title", "state", "number", "published_on", "closes_on"]
    list_filter = ["state"]


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ["name", "posting", "state", "created_at"]
    list_filter = ["state"]
    search_fields = ["name", "phone"]
    list_select_related = ["posting"]
    exclude = ["id_number"]


@admin.register(Probation)
class ProbationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "starts_on", "ends_on", "state", "extensions"]
    list_filter = ["state"]
    list_select_related = ["profile__user"]


@admin.register(ProbationAssessment)
class ProbationAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "assessed_by", "assessed_at", "applied_at"]
    list_select_related = ["probation__profile__user", "assessed_by"]
