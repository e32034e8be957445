from django.contrib import admin

from core.admin import SingletonPolicyAdmin

from .models import (
    AccessReview,
    AccessReviewItem,
    AccountRequest,
    AuthzPolicy,
    ExternalAccess,
    Grant,
    InformationSystem,
    KeyActivity,
    KeyActivityKind,
    PermissionSet,
    PrivilegedChange,
    Revocation,
)


class PermissionSetInline(admin.TabularInline):
    model = PermissionSet
    extra = 0
    fields = ["sort_order", "code", "name", "description", "when_not_eligible", "is_active"]
    show_change_link = True  # who it is granted to (职务/职称) is edited on the set's own page

    def has_delete_permission(self, request, obj=None):
        return False  # grants point at them: retire a set with "active" instead


@admin.register(PermissionSet)
class PermissionSetAdmin(admin.ModelAdmin):
    """A permission set and who it may be granted to (人员授权审批制度 八)."""

    list_display = ["name", "system", "code", "when_not_eligible", "is_active"]
    list_filter = ["system", "when_not_eligible", "is_active"]
    search_fields = ["name", "code", "system__name"]
    list_select_related = ["system"]
    filter_horizontal = ["eligible_positions", "eligible_titles"]
    fields = ["system", "code", "name", "description", "eligible_positions", "eligible_titles", "when_not_eligible",
              "is_active", "sort_order"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InformationSystem)
class InformationSystemAdmin(admin.ModelAdmin):
    """The catalogue (信息系统目录): who approves access to what. Edited here, read by every request."""

    list_display = ["name", "code", "owner_department", "is_critical", "is_hospital_wide", "is_active", "sort_order"]
    list_filter = ["is_active", "is_critical", "is_hospital_wide", "owner_department"]
    list_editable = ["is_critical", "is_hospital_wide", "is_active", "sort_order"]
    search_fields = ["name", "code"]
    list_select_related = ["owner_department"]
    autocomplete_fields = ["owner_department"]
    inlines = [PermissionSetInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuthzPolicy)
class AuthzPolicyAdmin(SingletonPolicyAdmin, admin.ModelAdmin):
    """The choices of 人员授权审批制度 an admin may relax, e.g. the signed consent form (七)."""

    list_display = ["__str__", "signed_consent_required"]


@admin.register(KeyActivityKind)
class KeyActivityKindAdmin(admin.ModelAdmin):
    """The key activities the vice president approves (六); each one's chain is its request type's."""

    list_display = ["name", "code", "request_type", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    list_select_related = ["request_type"]

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.activities.exists() and super().has_delete_permission(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records change in the app, where every rule is enforced and audited; admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ["user", "system", "permission_set", "account_id", "granted_at", "revoked_at"]
    list_filter = ["system", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "user__name", "account_id"]
    list_select_related = ["user", "system", "permission_set"]


@admin.register(AccountRequest)
class AccountRequestAdmin(ReadOnlyAdmin):
    list_display = ["pk", "applicant", "kind", "system", "executed_at"]
    list_filter = ["kind", "system"]
    search_fields = ["applicant__username", "applicant__name", "account_id"]
    list_select_related = ["applicant", "system"]


@admin.register(Revocation)
class RevocationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "person", "reason", "effective_on", "certificate_no", "issued_at"]
    search_fields = ["person__username", "person__name", "certificate_no"]
    list_select_related = ["person"]


@admin.register(PrivilegedChange)
class PrivilegedChangeAdmin(ReadOnlyAdmin):
    list_display = ["title", "target_kind", "window_start", "window_end", "closed_at"]
    list_filter = ["target_kind"]
    search_fields = ["title", "target"]


@admin.register(ExternalAccess)
class ExternalAccessAdmin(ReadOnlyAdmin):
    list_display = ["technician_name", "company", "system", "starts_at", "ends_at", "ended_at"]
    search_fields = ["technician_name", "company", "terminal"]
    list_select_related = ["system"]


@admin.register(KeyActivity)
class KeyActivityAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "applicant", "planned_on", "executed_at"]
    list_filter = ["kind"]
    search_fields = ["title", "applicant__username", "applicant__name"]
    list_select_related = ["kind", "applicant"]


class AccessReviewItemInline(admin.TabularInline):
    model = AccessReviewItem
    extra = 0
    fields = ["grant", "decision", "note", "decided_by", "decided_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AccessReview)
class AccessReviewAdmin(ReadOnlyAdmin):
    list_display = ["department", "quarter_start", "reviewer", "completed_at"]
    list_filter = ["quarter_start"]
    list_select_related = ["department", "reviewer"]
    inlines = [AccessReviewItemInline]
