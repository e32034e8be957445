from django.utils.translation import gettext_lazy as _

from core.menu import Menu, register_flag, register_menu

from .rules import can_use_offboarding


def register():
    register_menu(Menu("offboarding", _("Handovers"), order=110, url="offboarding:list", app_name="offboarding",
                       show=can_use_offboarding, nav="offboarding"))
    register_flag("nav_offboarding", can_use_offboarding)
