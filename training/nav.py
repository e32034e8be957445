from django.utils.translation import gettext_lazy as _

from core.menu import Divider, Link, Menu, either, register_items, register_menu
from core.roles import is_hr
from staff.rules import is_department_leader


def register():
    leader_or_hr = either(is_department_leader, is_hr)
    register_menu(Menu("training", _("Training"), order=60, app_name="training", nav="training"))
    register_items(
        "training",
        Link(_("My training"), "training:home", order=10),
        Link(_("Training sessions"), "training:session_list", order=20),
        Link(_("Exams"), "training:exam_list", order=30),
        Link(_("External training"), "training:external_list", order=35),
        Link(_("Annual training plan"), "training:plan_list", order=40),
        Divider(order=50, show=leader_or_hr),
        Link(_("Department training hours"), "training:hours", order=60, show=leader_or_hr),
        Link(_("Question bank"), "training:question_list", order=70, show=is_department_leader),
        Link(_("Self-study to confirm"), "training:self_study_list", order=80, query="?scope=confirm",
             show=is_department_leader),
    )
