"""Calendar days by hand (one day's correction) and the loaded years, read-only: a year is loaded from its notice on
the calendar page, which previews it and recounts what depends on it."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from core.admin import ReadOnlyAdmin
from core.models import CalendarDay, CalendarYear

from .services import calendar_changed


def _day(day):
    return {"date": day.date, "working": day.is_workday, "name": day.name}


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        before = _day(CalendarDay.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action="workcalendar.day.change", obj=obj, before=before, after=_day(obj))
        calendar_changed(obj.date.year)
        if before and before["date"].year != obj.date.year:
            calendar_changed(before["date"].year)

    def delete_model(self, request, obj):
        before = _day(obj)
        audit_record(actor=request.user, action="workcalendar.day.change", obj=obj, before=before, after={})
        super().delete_model(request, obj)
        calendar_changed(before["date"].year)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            self.delete_model(request, day)


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ["year", "loaded_by", "loaded_at", "source_name", "load_link"]
    fields = ["year", "loaded_by", "loaded_at", "source_name", "notice"]
    readonly_fields = fields

    @admin.display(description=_("load again"))
    def load_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("workcalendar:load", args=[obj.year]), _("Load the notice"))
