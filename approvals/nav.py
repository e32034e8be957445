from django.utils.translation import gettext_lazy as _

from core.menu import Menu, register_flag, register_menu

from .rules import can_delegate
from .selectors import waiting_count


def waiting_for_me(user):
    """Live: it changes with every decision."""
    return waiting_count(user)


def register():
    register_menu(Menu("approvals", _("Approvals"), order=20, url="approvals:inbox", app_name="approvals",
                       badge=waiting_for_me, badge_testid="approvals-count"))
    register_flag("nav_can_delegate", can_delegate)
