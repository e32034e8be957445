from django.utils.translation import gettext_lazy as _

from core.menu import Divider, Header, Link, Menu, either, register_brand, register_flag, register_items, register_menu
from core.nav import can_open_admin
from core.roles import is_hr

from .rules import department_name, is_department_leader, is_it_staff


def register():
    register_brand(department_name)
    register_menu(Menu("staff", _("Staff"), order=40, app_name="staff"))
    register_items(
        "staff",
        Link(_("Staff directory"), "staff:directory", order=10),
        Link(_("Departments"), "staff:department_list", order=20),
        Link(_("Posts"), "staff:post_list", order=30),
        Divider(order=40, show=is_hr, nav="hr"),
        Header(_("HR"), order=41, show=is_hr),
        Link(_("Staff on probation"), "staff:directory", order=42, query="?status=probation", show=is_hr),
        Link(_("Candidates"), "staff:directory", order=43, query="?status=candidate", show=is_hr),
        Link(_("Departed staff"), "staff:directory", order=44, query="?status=departed", show=is_hr),
        Link(_("Initial-password slips"), "staff:password_slips", order=60, show=either(is_hr, can_open_admin)),
    )
    register_flag("nav_is_leader", is_department_leader)
    register_flag("nav_is_it", is_it_staff)
