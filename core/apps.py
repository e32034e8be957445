from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _forget_calendar_year(sender, instance, **kwargs):
    from .workdays import forget_overrides

    forget_overrides(instance.date.year)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from .models import CalendarDay

        post_save.connect(_forget_calendar_year, sender=CalendarDay, dispatch_uid="core.calendar_saved")
        post_delete.connect(_forget_calendar_year, sender=CalendarDay, dispatch_uid="core.calendar_deleted")
