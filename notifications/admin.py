from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "created_at", "read_at", "done_at", "outcome", "emailed_at"]
    list_filter = ["kind", "outcome", "read_at", "emailed_at"]
    search_fields = ["subject", "recipient__username", "recipient__name"]
    list_select_related = ["recipient"]
    readonly_fields = ["recipient", "kind", "subject", "body", "url", "work_type", "work_id", "created_at", "read_at",
                       "done_at", "outcome", "emailed_at"]
