"""Permissions read in one query (a backend listed first in AUTHENTICATION_BACKENDS)."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class PermissionBackend(ModelBackend):
    """The permissions given to a person and to their groups (roles) in one query instead of ModelBackend's two: a
    list page asks once ("sees every request?") and on PostgreSQL each query is a round trip. The set is kept where
    ModelBackend keeps it, so the backends after this one read it without a query. It signs nobody in: ModelBackend
    and allauth's backend, listed after it, check passwords (and a session made by either stays valid)."""

    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in permissions.values_list(
                "content_type__app_label", "codename").order_by()}
        return user_obj._perm_cache
