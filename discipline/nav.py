from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.menu import Divider, Link, Menu, either, register_items, register_menu
from core.roles import is_hr
from staff.records import register_record_link
from staff.rules import is_department_leader

from .rules import can_see_person_statement, can_use_discipline


def this_months_statement(viewer, profile, today):
    return reverse("discipline:person_statement", args=[profile.user.username, today.year, today.month])


def register():
    leader_or_hr = either(is_department_leader, is_hr)
    # 违纪考核: told apart from the monthly scorecards (月度绩效) at a glance.
    register_menu(Menu("discipline", pgettext_lazy("menu", "Discipline and fines"), order=80, app_name="discipline",
                       show=can_use_discipline))
    register_items(
        "discipline",
        Link(_("Incidents"), "discipline:incident_list", order=10, show=leader_or_hr),
        Link(_("My incidents"), "discipline:incident_list", order=11, show=lambda user: not leader_or_hr(user)),
        Link(_("My monthly statement"), "discipline:my_statement", order=20),
        Link(_("Department statements"), "discipline:department_index", order=30, show=leader_or_hr),
        Link(_("Record an incident"), "discipline:incident_create", order=40, show=is_department_leader),
        Divider(order=50),
        Link(_("Rules in force"), "discipline:rules", order=60),
    )
    register_record_link(_("Monthly discipline statement"), url=this_months_statement,
                         show=lambda viewer, profile: can_see_person_statement(viewer, profile.user), order=20)
