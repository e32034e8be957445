from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.core import checks

        from audit.labels import register as register_labels

        checks.register(check_push_keys)
        register_labels({
            "notifications.channel.create": _("push channel added"),
            "notifications.channel.change": _("push channel changed"),
            "notifications.channel.delete": _("push channel removed"),
            "notifications.channel.rotate": _("push secrets re-encrypted"),
            "notifications.preference.change": _("push preference changed"),
        })


def check_push_keys(app_configs=None, **kwargs):
    """PUSH_CHANNEL_KEYS must be Fernet keys, or the robots' secrets can be neither stored nor read."""
    from django.core.checks import Error

    from .crypto import key_problems

    return [Error(f"PUSH_CHANNEL_KEYS: {problem}", hint="Each key: python3 -c 'from cryptography.fernet import "
                  "Fernet; print(Fernet.generate_key().decode())'", id="notifications.E001")
            for problem in key_problems()]
