from django.contrib import admin


class SingletonPolicyAdmin:
    """Mixed in before the ModelAdmin of a core.models.SingletonPolicy: the one row may be changed; a second one may
    not be added, nor the row deleted (current() would quietly bring back the defaults)."""

    def has_add_permission(self, request):
        return not self.model.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records changed only through the application's services, which keep their history and the audit log."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
