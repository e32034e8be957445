from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _forget_calendar_year(sender, instance, **kwargs):
    from .workdays import forget_year

    forget_year(instance.date.year if hasattr(instance, "date") else instance.year)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import home, nav
        from .models import CalendarDay, CalendarYear

        nav.register()
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(home.data_changed, dispatch_uid=f"core.home.{id(signal)}")

        for model in (CalendarDay, CalendarYear):
            post_save.connect(_forget_calendar_year, sender=model, dispatch_uid=f"core.{model.__name__}.saved")
            post_delete.connect(_forget_calendar_year, sender=model, dispatch_uid=f"core.{model.__name__}.deleted")
