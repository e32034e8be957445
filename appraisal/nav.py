from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.menu import Link, Menu, either, register_items, register_menu
from core.roles import is_hr
from staff.records import register_record_link
from staff.rules import is_department_leader

from .rules import can_use_appraisal, can_view_person_appraisal


def this_years_scorecards(viewer, profile, today):
    return reverse("appraisal:person_year", args=[profile.user.username, today.year])


def this_month():
    today = timezone.localdate()
    return reverse("appraisal:month", args=[today.year, today.month])


def register():
    leader_or_hr = either(is_department_leader, is_hr)
    # 月度绩效: told apart from discipline (违纪考核) at a glance.
    register_menu(Menu("appraisal", pgettext_lazy("menu", "Monthly performance"), order=90, app_name="appraisal",
                       show=can_use_appraisal))
    register_items(
        "appraisal",
        Link(_("My scorecards"), "appraisal:list", order=10, query="?view=mine"),
        Link(_("Scorecards to review"), "appraisal:list", order=20, query="?view=review", show=is_department_leader),
        Link(_("All scorecards"), "appraisal:list", order=30, show=leader_or_hr),
        Link(_("Month overview"), this_month, order=40, show=leader_or_hr),
        Link(_("Score sheet exports"), "appraisal:exports", order=50, show=is_hr),
    )
    register_record_link(_("Scorecards of the year"), url=this_years_scorecards, show=can_view_person_appraisal,
                         order=30)
