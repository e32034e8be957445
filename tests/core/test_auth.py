"""core.auth.PermissionBackend: the same permissions as Django's ModelBackend, read in one query."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.auth import PermissionBackend
from staff.models import User
from tests.factories import UserFactory


def fresh(user):
    return User.objects.get(pk=user.pk)  # no permission cache yet


def permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def test_a_person_s_own_and_their_groups_permissions_in_one_query(db):
    user = UserFactory()
    user.user_permissions.add(permission("authz.view_all_grants"))
    group = Group.objects.create(name="auditors of the bench")
    group.permissions.add(permission("staff.view_personal_data"), permission("authz.view_all_grants"))
    user.groups.add(group)
    user = fresh(user)

    with CaptureQueriesContext(connection) as queries:
        found = PermissionBackend().get_all_permissions(user)

    assert (found, len(queries)) == ({"authz.view_all_grants", "staff.view_personal_data"}, 1)
    assert found == ModelBackend().get_all_permissions(fresh(user))


def test_has_perm_asks_the_database_once_whatever_the_backends_after_it(db):
    user = fresh(UserFactory())

    with CaptureQueriesContext(connection) as queries:
        answers = [user.has_perm("authz.view_all_grants"), user.has_perm("staff.view_personal_data")]

    assert (answers, len(queries)) == ([False, False], 1)


def test_a_superuser_holds_every_permission_and_an_inactive_person_none(db):
    superuser = UserFactory(is_superuser=True)
    inactive = UserFactory(is_active=False)
    inactive.user_permissions.add(permission("authz.view_all_grants"))

    assert PermissionBackend().get_all_permissions(fresh(superuser)) == ModelBackend().get_all_permissions(
        fresh(superuser))
    assert len(PermissionBackend().get_all_permissions(fresh(superuser))) == Permission.objects.count()
    assert PermissionBackend().get_all_permissions(fresh(inactive)) == set()


def test_it_signs_nobody_in(db):
    user = UserFactory(password="Correct-horse-2026")

    assert PermissionBackend().authenticate(None, username=user.username, password="Correct-horse-2026") is None
    assert ModelBackend().authenticate(None, username=user.username, password="Correct-horse-2026") == user
