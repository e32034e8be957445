from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Department, Position, Post, PostDuty, PostRequirement, ProfessionalTitle, StaffDocument, StaffProfile, User,
)


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    fk_name = "user"
    can_delete = False
    autocomplete_fields = ["department", "post", "supervisor"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "name", "email", "is_active", "must_change_password", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "must_change_password", "groups"]
    search_fields = ["username", "name", "email"]
    ordering = ["username"]
    fieldsets = (
        (None, {"fields": ("username", "password", "must_change_password")}),
        (_("Personal info"), {"fields": ("name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "name", "password1", "password2")}),)
    inlines = [StaffProfileInline]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "head", "deputy", "is_active", "sort_order"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["head", "deputy"]
    list_select_related = ["head", "deputy"]


class PostDutyInline(admin.TabularInline):
    model = PostDuty
    extra = 0


class PostRequirementInline(admin.TabularInline):
    model = PostRequirement
    extra = 0


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "department", "headcount", "reports_to", "sort_order"]
    list_filter = ["department"]
    search_fields = ["name", "code"]
    inlines = [PostDutyInline, PostRequirementInline]
    fieldsets = (
        (None, {"fields": ("name", "code", "department", "headcount", "sort_order")}),
        (_("Working relationships"), {"fields": ("objective", "reports_to", "collaborates_with", "directs", "internal_rules")}),
        (_("Requirements"), {"fields": ("performance_requirements", "conduct", "physical_requirements")}),
    )


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "department_role", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["department_role", "is_active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False  # profiles and permission sets refer to it: deactivate instead


@admin.register(ProfessionalTitle)
class ProfessionalTitleAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False  # profiles and permission sets refer to it: deactivate instead


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "department", "post", "position", "professional_title", "status", "hire_date", "supervisor"]
    list_filter = ["status", "department", "post", "position", "professional_title", "education"]
    search_fields = ["user__username", "user__name"]
    autocomplete_fields = ["user", "department", "post", "supervisor"]
    list_select_related = ["user", "department", "post", "supervisor", "position", "professional_title"]


@admin.register(StaffDocument)
class StaffDocumentAdmin(admin.ModelAdmin):
    list_display = ["profile", "kind", "original_name", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["profile__user__username", "profile__user__name", "original_name"]
    list_select_related = ["profile__user", "uploaded_by"]
    readonly_fields = ["file", "original_name", "uploaded_by", "uploaded_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # documents are part of the personnel record
