from django.contrib import admin

from .models import ChecklistTemplateItem, EquipmentLine, Handover, HandoverItem


@admin.register(ChecklistTemplateItem)
class ChecklistTemplateItemAdmin(admin.ModelAdmin):
    list_display = ("order", "title", "category", "applies_to", "owner", "is_active")
    list_display_links = ("title",)
    list_editable = ("order", "is_active")
    list_filter = ("category", "applies_to", "is_active")


class HandoverItemInline(admin.TabularInline):
    model = HandoverItem
    extra = 0
    can_delete = False
    fields = ("title", "owner", "state", "note", "handed_over_at", "confirmed_by", "confirmed_at")
    readonly_fields = fields


class EquipmentLineInline(admin.TabularInline):
    model = EquipmentLine
    extra = 0
    can_delete = False
    fields = ("asset_number", "name", "disposition", "added_by", "confirmed_by", "confirmed_at")
    readonly_fields = fields


@admin.register(Handover)
class HandoverAdmin(admin.ModelAdmin):
    """Read-only: handovers change through the pages (services), never here."""

    list_display = ("pk", "person", "kind", "effective_on", "successor", "state")
    list_filter = ("kind", "state")
    search_fields = ("person__name", "person__username")
    inlines = [HandoverItemInline, EquipmentLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
