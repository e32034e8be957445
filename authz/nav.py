from django.utils.translation import gettext_lazy as _

from audit.rules import can_view_audit_log
from core.menu import Divider, Link, Menu, either, register_flag, register_items, register_menu
from staff.rules import is_department_leader, is_it_staff

from .rules import can_view_all_grants


def register():
    it_or_auditor = either(is_it_staff, can_view_audit_log)
    register_menu(Menu("authz", _("Accounts & permissions"), order=30, app_name="authz"))
    register_items(
        "authz",
        Link(_("Request an account or permissions"), "authz:request_new", order=10),
        Link(_("Account and permission requests"), "authz:request_list", order=20),
        Link(_("Grants register"), "authz:grant_list", order=30),
        Link(_("Information systems"), "authz:system_list", order=40),
        Link(_("Revocations (注销)"), "authz:revocation_list", order=50),
        Link(_("Key activities (关键活动)"), "authz:activity_list", order=55),
        Link(_("Access reviews"), "authz:review_list", order=60, show=either(is_department_leader, can_view_all_grants)),
        Divider(order=70, show=it_or_auditor),
        Link(_("IT execution queue"), "authz:it_queue", order=80, show=is_it_staff),
        Link(_("Privileged changes (重要更改操作)"), "authz:change_list", order=90, show=it_or_auditor),
        Link(_("Outside technicians (外来技术人员)"), "authz:external_list", order=100, show=it_or_auditor),
    )
    register_flag("nav_sees_all_grants", can_view_all_grants)
