from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Background work")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .schedules import ensure_schedules_after_migrate

        post_migrate.connect(ensure_schedules_after_migrate, sender=self)
