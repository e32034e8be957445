from django.utils.translation import gettext_lazy as _

from core.menu import ACCOUNT, Link, register_flag, register_items

from .rules import can_view_audit_log


def register():
    register_items(ACCOUNT, Link(_("Audit log"), "audit:log", order=10, show=can_view_audit_log, nav="audit"))
    register_flag("nav_is_auditor", can_view_audit_log)
