from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.menu import Divider, Link, Menu, register_items, register_menu
from staff.rules import is_it_staff

from .rules import follows_duty


def register():
    it_or_leader = is_it_staff  # IT's leaders are its staff; other departments' heads have no duty here
    register_menu(Menu("duty", pgettext_lazy("menu", "Duty"), order=70, app_name="duty", nav="duty"))
    register_items(
        "duty",
        Link(_("My duty"), "duty:mine", order=10, show=it_or_leader),
        Link(_("On duty now"), "duty:board", order=20),
        Link(_("Duty rosters"), "duty:rosters", order=30, show=follows_duty),
        Link(_("Report a fault (报修)"), "duty:call_new", order=40),
        Link(_("Fault calls"), "duty:calls", order=50),
        Link(_("Patrols"), "duty:patrols", order=60),
        Divider(order=70, show=it_or_leader),
        Link(_("Swaps"), "duty:swaps", order=75, show=it_or_leader),
        Link(_("Shift handovers"), "duty:handovers", order=80, show=it_or_leader),
        Link(_("Duty logs"), "duty:logs", order=90, show=it_or_leader),
        Link(_("Registers"), "duty:registers", order=100, show=it_or_leader),
        Link(_("Overtime"), "duty:overtime", order=110, show=it_or_leader),
        Link(_("Findings"), "duty:findings", order=120, show=it_or_leader),
    )
