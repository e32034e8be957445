"""The page shell's own entries: "My work", the account menu and its Administration link, the role flags of core."""

from django.utils.translation import gettext_lazy as _

from .menu import ACCOUNT, Link, Menu, register_flag, register_items, register_menu
from .roles import is_admin, is_hr


def can_open_admin(user):
    return is_admin(user) or user.is_staff


def register():
    register_menu(Menu("home", _("My work"), order=10, url="home", url_name="home"))
    register_menu(Menu(ACCOUNT, "", order=1000))
    register_items(ACCOUNT, Link(_("Administration"), "admin:index", order=20, show=can_open_admin, nav="admin"))
    register_flag("nav_is_hr", is_hr)
    register_flag("nav_is_admin", can_open_admin)
