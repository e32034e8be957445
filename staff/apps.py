from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("People and organisation")

    def ready(self):
        from django.db.models.signals import post_migrate

        from approvals.executors import register_execute_bar
        from approvals.people import register_directory

        from . import nav, roles, signals  # noqa: F401
        from .directory import DIRECTORY, on_probation

        post_migrate.connect(roles.ensure_roles_after_migrate, dispatch_uid="staff.ensure_roles")
        register_directory(DIRECTORY)
        register_execute_bar("probation", people=on_probation,
                             message=_("Staff on probation do not carry out requests yet: a colleague does it."))
        nav.register()

        from audit.labels import register as register_labels
        from dataimport.registry import register as register_importer

        from .imports import PostImporter, RosterImporter

        register_importer(RosterImporter())
        register_importer(PostImporter())
        register_labels({
            "staff.department.create": _("department created"),
            "staff.department.head": _("head of the department named"),
            "staff.department.deputy": _("deputy head of the department named"),
            "staff.account.initial_password": _("initial password handed over"),
            "staff.leadership.end": _("leadership of the department ended"),
            "staff.supervisor.interim": _("interim supervisor named"),
            "staff.role.remove": _("department head role removed"),
        })

        from notifications.push import register_department_of

        register_department_of(department_of)  # where a person's pushes go when they use their department's robot


def department_of(user):
    from .models import StaffProfile

    return StaffProfile.objects.filter(user=user).values_list("department_id", flat=True).first()
