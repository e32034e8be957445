"""The fine and point schedules (考核办法), incidents, appeals and monthly statements."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisciplineConfig(AppConfig):
    name = "discipline"
    verbose_name = _("Discipline (考核)")

    def ready(self):
        from core.home import register_my_requests, register_pending

        from . import home, nav

        nav.register()
        register_pending(home.pending_for_reviewer)
        register_pending(home.pending_for_person)
        register_my_requests(home.my_appeals)
