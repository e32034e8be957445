from django.utils.translation import gettext_lazy as _

from core.menu import Divider, Link, Menu, both, either, register_items, register_menu
from core.roles import is_hr
from staff.rules import is_department_leader

from .rules import follows_it_training


def register():
    leader_or_hr = both(either(is_department_leader, is_hr), follows_it_training)
    leader = both(is_department_leader, follows_it_training)
    register_menu(Menu("training", _("Training"), order=60, app_name="training", nav="training"))
    register_items(
        "training",
        Link(_("My training"), "training:home", order=10),
        Link(_("Training sessions"), "training:session_list", order=20, show=follows_it_training),
        Link(_("Exams"), "training:exam_list", order=30, show=follows_it_training),
        Link(_("External training"), "training:external_list", order=35, show=follows_it_training),
        Link(_("Annual training plan"), "training:plan_list", order=40, show=follows_it_training),
        Divider(order=50, show=leader_or_hr),
        Link(_("Department training hours"), "training:hours", order=60, show=leader_or_hr),
        Link(_("Question bank"), "training:question_list", order=70, show=leader),
        Link(_("Self-study to confirm"), "training:self_study_list", order=80, query="?scope=confirm",
             show=leader),
    )
