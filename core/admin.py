from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records changed only through the application's services, which keep their history and the audit log."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
