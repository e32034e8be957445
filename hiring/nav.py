from django.utils.translation import gettext_lazy as _

from core.menu import Link, Menu, either, register_flag, register_items, register_menu
from core.roles import is_hr
from staff.rules import is_department_leader

from .rules import can_use_hiring


def register():
    register_menu(Menu("hiring", _("Hiring"), order=100, app_name="hiring", show=can_use_hiring))
    register_items(
        "hiring",
        Link(_("Postings"), "hiring:posting_list", order=10),
        Link(_("Candidates"), "hiring:candidate_list", order=20),
        Link(_("Headcount requests"), "hiring:headcount_list", order=30),
        Link(_("Probations"), "hiring:probation_list", order=40, show=either(is_department_leader, is_hr)),
    )
    register_flag("nav_hiring", can_use_hiring)
