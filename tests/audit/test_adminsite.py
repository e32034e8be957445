"""Every add, change and delete made in Django admin lands in the audit chain, with the values before and after
(issue 12.4): a department's head, a system's owning department, a periodic task, a group's permissions, a rule of a
draft revision, calendar days; secrets only as a fingerprint."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from audit.adminsite import AuditedAdminMixin
from audit.models import AuditEntry
from audit.services import verify_chain
from authz.models import InformationSystem
from core.models import CalendarDay
from discipline.models import Revision
from staff.models import Department
from tests.admin_forms import form_data


@pytest.fixture
def admin_client(client, org):
    client.force_login(org.admin)
    return client


@pytest.fixture
def superuser_client(client, org):
    """Users and groups are the superuser's (IT's 管理员 role edits the hospital's data, not the roles)."""
    org.admin.is_superuser = True
    org.admin.save(update_fields=["is_superuser"])
    client.force_login(org.admin)
    return client


def save(admin_client, url, **changes):
    page = admin_client.get(url)
    assert page.status_code == 200, page
    data = {**form_data(page), **changes}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


def entries(action_prefix="admin."):
    return [(e.action, e.object_type, e.before, e.after, e.actor_label)
            for e in AuditEntry.objects.filter(action__startswith=action_prefix).order_by("pk")]


def test_every_admin_page_is_audited():
    assert [model._meta.label for model, model_admin in admin.site._registry.items()
            if not isinstance(model_admin, AuditedAdminMixin)] == []


def test_making_oneself_head_of_a_department(admin_client, org):
    save(admin_client, reverse("admin:staff_department_change", args=[org.it.pk]), head=org.admin.pk)

    assert Department.objects.get(pk=org.it.pk).head == org.admin
    assert entries() == [("admin.change", "staff.department", {"head": org.head.pk}, {"head": org.admin.pk}, "管理")]
    assert verify_chain()[1] is None


def test_changing_a_systems_owning_department(admin_client, org):
    system = InformationSystem.objects.get(code="nurse_ws")
    before = system.owner_department_id

    save(admin_client, reverse("admin:authz_informationsystem_change", args=[system.pk]), owner_department=org.it.pk)

    assert entries() == [("admin.change", "authz.informationsystem", {"owner_department": before},
                          {"owner_department": org.it.pk}, "管理")]


def test_disabling_a_periodic_task_on_its_page_and_with_the_action(admin_client):
    every_day, _created = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.DAYS)
    task = PeriodicTask.objects.create(name="离岗：到期停用账号", task="offboarding.tasks.departures", interval=every_day)
    other = PeriodicTask.objects.create(name="提醒", task="approvals.tasks.deadlines", interval=every_day)

    save(admin_client, reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]), enabled="")
    admin_client.post(reverse("admin:django_celery_beat_periodictask_changelist"),
                      {"action": "disable_tasks", "_selected_action": [other.pk]})

    assert PeriodicTask.objects.filter(pk__in=[task.pk, other.pk], enabled=True).count() == 0
    assert [(action, object_type, before.get("enabled"), after.get("enabled"))
            for action, object_type, before, after, _actor in entries()] == [
        ("admin.change", "django_celery_beat.periodictask", True, False),
        ("admin.action.disable_tasks", "django_celery_beat.periodictask", True, False),
    ]


def test_a_groups_permissions(superuser_client):
    group = Group.objects.create(name="临时组")
    permission = Permission.objects.get(codename="view_department")

    save(superuser_client, reverse("admin:auth_group_change", args=[group.pk]), permissions=[permission.pk])

    assert entries() == [("admin.change", "auth.group", {"permissions": []}, {"permissions": [permission.pk]}, "管理")]


def test_a_rule_of_a_draft_revision_changed_inline(admin_client, org):
    from discipline.services import revision_clone

    fines_revision = Revision.objects.get(schedule__code="fines", number=8)
    draft = revision_clone(revision=fines_revision, by=org.admin)
    url = reverse("admin:discipline_revision_change", args=[draft.pk])
    data = form_data(admin_client.get(url))
    prefix = next(key.rsplit("-", 1)[0] for key, value in data.items() if key.endswith("-code") and value == "F2")
    data[f"{prefix}-amount"] = "30"
    admin_client.post(url, data)

    rule = draft.rules.get(code="F2")
    assert entries() == [("admin.change", "discipline.rule", {"amount": "20.00"}, {"amount": "30.00"}, "管理")]
    assert AuditEntry.objects.get(action="admin.change").object_id == str(rule.pk)
    assert Revision.objects.get(pk=fines_revision.pk).rules.get(code="F2").amount == 20


def test_a_calendar_day_added_then_deleted(admin_client):
    admin_client.post(reverse("admin:core_calendarday_add"), {"date": "2027-01-04", "is_workday": "on", "name": "调休"})
    day = CalendarDay.objects.get(date=datetime.date(2027, 1, 4))
    admin_client.post(reverse("admin:core_calendarday_delete", args=[day.pk]), {"post": "yes"})

    assert CalendarDay.objects.filter(date=datetime.date(2027, 1, 4)).exists() is False
    [(added, _t1, _b1, after, _a1), (deleted, _t2, before, _a2, _a3)] = entries()
    assert (added, after["date"], after["is_workday"], after["name"]) == ("admin.add", "2027-01-04", True, "调休")
    assert (deleted, before["date"], before["name"]) == ("admin.delete", "2027-01-04", "调休")


def test_a_password_set_in_admin_is_recorded_without_the_secret(superuser_client, org):
    url = reverse("admin:auth_user_password_change", args=[org.employee.pk])

    response = superuser_client.post(url, {"password1": "Another-secret-2026", "password2": "Another-secret-2026",
                                       "usable_password": "true"})

    assert response.status_code == 302
    [(action, object_type, before, after, _actor)] = entries()
    assert (action, object_type, before, after) == ("admin.change", "staff.user", {}, {"changed": ["password"]})


def test_a_user_made_superuser_in_admin(superuser_client, org):
    org.employee.date_joined = org.employee.date_joined.replace(microsecond=0)
    org.employee.save(update_fields=["date_joined"])
    joined = org.employee.date_joined.astimezone()
    save(superuser_client, reverse("admin:staff_user_change", args=[org.employee.pk]), is_superuser="on",
         date_joined_0=f"{joined:%Y-%m-%d}", date_joined_1=f"{joined:%H:%M:%S}")

    [(action, object_type, before, after, _actor)] = entries()
    assert (action, object_type, before, after) == ("admin.change", "staff.user", {"is_superuser": False},
                                                     {"is_superuser": True})


def test_secrets_are_kept_as_a_fingerprint(org):
    from audit.adminsite import snapshot

    values = snapshot(org.employee)

    assert values["password"].startswith("sha256:") and len(values["password"]) == 19
    assert org.employee.password not in str(values)
