"""The working-day calendar (工作日历): each year's holidays and adjusted working days, the State Council's notice
loaded by an administrator. The counting itself is core.workdays, below every domain."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkcalendarConfig(AppConfig):
    name = "workcalendar"
    verbose_name = _("Working-day calendar")

    def ready(self):
        from audit.labels import register
        from core.menu import Link, register_items

        register_items("leave", Link(_("Working-day calendar"), "workcalendar:index", order=40))

        register({"workcalendar.year.load": _("loaded the year's holiday notice"),
                  "workcalendar.day.change": _("changed a calendar day by hand")})
