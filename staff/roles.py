"""Roles (core.roles.Role) are Django groups with explicit permissions, kept in step with this table after every
migrate.

A person can hold several roles. Which department someone heads comes from Department.head/deputy,
not from the role.
"""

from django.contrib.auth.models import Group, Permission

from core.roles import Role


# "app_label.codename" for each role. Later domains add their permissions here.
ROLE_PERMISSIONS = {
    Role.STAFF: [
        "staff.view_department",
        "staff.view_post",
        "staff.view_staffprofile",
    ],
    Role.DEPARTMENT_HEAD: [
        "staff.view_department",
        "staff.view_post",
        "staff.view_staffprofile",
    ],
    Role.HR: [
        "staff.view_department",
        "staff.view_post",
        "staff.view_staffprofile",
        "staff.add_staffprofile",
        "staff.change_staffprofile",
        "staff.view_personal_data",
        "staff.view_staffdocument",
        "staff.add_staffdocument",
        "authz.view_all_grants",
        "appraisal.view_all_scorecards",
        "appraisal.export_scorecards",
        # Loads next year's holiday notice (reminded in November)
        "core.view_calendaryear",
        "core.add_calendaryear",
    ],
    Role.VP_IT: [
        "staff.view_department",
        "staff.view_post",
        "staff.view_staffprofile",
        "approvals.view_any_request",
        "audit.view_auditentry",
        "authz.view_all_grants",
    ],
    Role.AUDITOR: [
        "staff.view_department",
        "staff.view_post",
        "staff.view_staffprofile",
        "approvals.view_any_request",
        "audit.view_auditentry",
        "authz.view_all_grants",
    ],
    Role.SYSTEM_OWNER: [
        "staff.view_department",
        "staff.view_post",
        "staff.view_staffprofile",
    ],
    Role.ADMIN: [
        "staff.view_department",
        "staff.add_department",
        "staff.change_department",
        "staff.view_post",
        "staff.add_post",
        "staff.change_post",
        "staff.view_postduty",
        "staff.add_postduty",
        "staff.change_postduty",
        "staff.delete_postduty",
        "staff.view_postrequirement",
        "staff.add_postrequirement",
        "staff.change_postrequirement",
        "staff.delete_postrequirement",
        "staff.view_staffprofile",
        "staff.view_user",
        # 职务 and 职称 (人员授权审批制度 八): the choices on profiles and permission sets
        "staff.view_position",
        "staff.add_position",
        "staff.change_position",
        "staff.view_professionaltitle",
        "staff.add_professionaltitle",
        "staff.change_professionaltitle",
        # Hiring and probation: the policy's numbers, exclusions and onboarding items (录用规定)
        "hiring.view_hiringpolicy",
        "hiring.change_hiringpolicy",
        "hiring.view_hiringexclusion",
        "hiring.add_hiringexclusion",
        "hiring.change_hiringexclusion",
        "hiring.view_onboardingrequirement",
        "hiring.add_onboardingrequirement",
        "hiring.change_onboardingrequirement",
        "hiring.delete_onboardingrequirement",
        "audit.view_auditentry",
        "approvals.view_requesttype",
        "approvals.add_requesttype",
        "approvals.change_requesttype",
        "approvals.view_chainrule",
        "approvals.add_chainrule",
        "approvals.change_chainrule",
        "approvals.delete_chainrule",
        "approvals.view_delegation",
        # Robot pushes: departments' WeCom/DingTalk channels (people set their own), the pushes and their failures
        "notifications.view_pushchannel",
        "notifications.add_pushchannel",
        "notifications.change_pushchannel",
        "notifications.delete_pushchannel",
        "notifications.view_pushdelivery",
        "core.view_calendarday",
        "core.add_calendarday",
        "core.change_calendarday",
        "core.delete_calendarday",
        "core.view_calendaryear",
        "core.add_calendaryear",
        # The information-system catalogue (信息系统目录) and, read-only, the authorization records
        "authz.view_informationsystem",
        "authz.add_informationsystem",
        "authz.change_informationsystem",
        "authz.view_permissionset",
        "authz.add_permissionset",
        "authz.change_permissionset",
        "authz.view_grant",
        "authz.view_accountrequest",
        "authz.view_revocation",
        "authz.view_privilegedchange",
        "authz.view_externalaccess",
        "authz.view_accessreview",
        "discipline.view_schedule",
        "discipline.add_schedule",
        "discipline.change_schedule",
        "discipline.view_revision",
        "discipline.add_revision",
        "discipline.change_revision",
        "discipline.delete_revision",
        "discipline.publish_revision",
        "discipline.view_rule",
        "discipline.add_rule",
        "discipline.change_rule",
        "discipline.delete_rule",
        # Scorecard templates (绩效考核表): editing a version in use saves the next version
        "appraisal.view_scorecardtemplate",
        "appraisal.add_scorecardtemplate",
        "appraisal.change_scorecardtemplate",
        "appraisal.view_templatesection",
        "appraisal.add_templatesection",
        "appraisal.change_templatesection",
        "appraisal.delete_templatesection",
        "appraisal.view_templateitem",
        "appraisal.add_templateitem",
        "appraisal.change_templateitem",
        "appraisal.delete_templateitem",
        "appraisal.view_gradeband",
        "appraisal.add_gradeband",
        "appraisal.change_gradeband",
        "appraisal.delete_gradeband",
        "appraisal.view_appraisalpolicy",
        "appraisal.change_appraisalpolicy",
        # Leave types (离岗类别) and the leave policy's numbers; leave records read-only (记录管理)
        "leave.view_leavetype",
        "leave.add_leavetype",
        "leave.change_leavetype",
        "leave.view_leavepolicy",
        "leave.change_leavepolicy",
        "leave.view_leaverequest",
        "leave.view_leavebalance",
        "leave.view_absence",
        # The handover checklist (交接内容) every new handover starts with
        "offboarding.view_checklisttemplateitem",
        "offboarding.add_checklisttemplateitem",
        "offboarding.change_checklisttemplateitem",
        "offboarding.delete_checklisttemplateitem",
        "offboarding.view_handover",
        # Training: the policy's numbers (20 学时, sign-in, reminders), the scorecard evidence rules; records read-only
        "training.view_trainingpolicy",
        "training.change_trainingpolicy",
        "training.view_evidencerule",
        "training.add_evidencerule",
        "training.change_evidencerule",
        "training.delete_evidencerule",
        "training.view_plan",
        "training.view_session",
        "training.view_attendance",
        "training.view_exam",
        "training.view_attempt",
        "training.view_externaltraining",
        "training.view_selfstudy",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
        "django_celery_beat.view_crontabschedule",
        "django_celery_beat.change_crontabschedule",
        "django_celery_beat.view_intervalschedule",
        "django_celery_beat.change_intervalschedule",
    ],
}


def ensure_roles():
    """Create the groups and set exactly the permissions of the table."""
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = []
        for name in perm_names:
            app_label, codename = name.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def ensure_roles_after_migrate(app_config=None, **kwargs):
    """post_migrate fires app by app, and an app's permissions exist only after its own turn: apply the
    table after the last app with models, when every permission it names exists."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is None or app_config is with_models[-1]:
        ensure_roles()
