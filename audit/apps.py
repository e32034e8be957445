from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from .labels import register

        register({"admin.add": _("Added in Django admin"), "admin.change": _("Changed in Django admin"),
                  "admin.delete": _("Deleted in Django admin")})


class AuditedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose site audits every add, change and delete (audit/adminsite.py)."""

    default = False  # audit.apps' default is AuditConfig
    default_site = "audit.adminsite.AuditedAdminSite"
