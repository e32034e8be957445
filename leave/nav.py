from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.menu import Divider, Link, Menu, either, register_items, register_menu
from core.roles import is_hr
from staff.records import register_record_link
from staff.rules import is_department_leader, leads_department

from .rules import can_use_leave


def sees_leave_of(viewer, profile):
    """The person, HR, the leaders of their department and their direct supervisor."""
    return (viewer.pk in (profile.user_id, profile.supervisor_id) or is_hr(viewer)
            or leads_department(viewer, profile.department))


def leave_history(viewer, profile, today):
    own = viewer.pk == profile.user_id
    return reverse("leave:list") + ("" if own else f"?scope=team&q={profile.user.username}")


def leads_but_not_hr(user):
    return is_department_leader(user) and not is_hr(user)


def register():
    leader_or_hr = either(is_department_leader, is_hr)
    register_menu(Menu("leave", _("Leave"), order=50, app_name="leave", show=can_use_leave))
    register_items(
        "leave",
        Link(_("Ask for leave"), "leave:new", order=10),
        Link(_("My leave"), "leave:list", order=20),
        Link(_("Department calendar"), "leave:calendar", order=30),
        Divider(order=50, show=leader_or_hr),
        Link(_("Leave of all staff"), "leave:list", order=60, query="?scope=team", show=is_hr),
        Link(_("Leave of my staff"), "leave:list", order=61, query="?scope=team", show=leads_but_not_hr),
        Link(_("Absences without approval"), "leave:absence_list", order=70, show=leader_or_hr),
        Link(_("Lateness and early leave"), "leave:lateness_list", order=80, show=leader_or_hr),
        Link(_("Annual leave balances"), "leave:balance_list", order=90, show=leader_or_hr),
    )
    register_record_link(_("Leave history"), url=leave_history, show=sees_leave_of, order=10)
