from django.conf import settings
from django.core.cache import cache

from . import permissions

NAV_CACHE_SECONDS = 60


def navigation(request):
    """What the page shell needs: the menu for the person's roles and the approvals count (the bell's figures come
    from notifications.context_processors.bell)."""
    user = request.user
    if not user.is_authenticated:
        return {"LANGUAGES": settings.LANGUAGES}
    from approvals.selectors import inbox_steps

    flags = cache.get(_flags_key(user))
    if flags is None:
        flags = menu_flags(user)
        cache.set(_flags_key(user), flags, NAV_CACHE_SECONDS)
    return {
        **flags,
        # Live counts: they change with every decision, so they are never cached.
        "nav_pending_approvals": inbox_steps(user).count(),
    }


def _flags_key(user):
    return f"nav-flags:{user.pk}"


def menu_flags(user):
    """Which menus this person sees. Cached briefly: a change of role shows within a minute."""
    return {
        "nav_is_hr": permissions.is_hr(user),
        "nav_is_admin": permissions.is_admin(user) or user.is_staff,
        "nav_is_leader": permissions.is_department_leader(user),
        "nav_can_delegate": permissions.can_delegate(user),
        "nav_is_auditor": permissions.can_view_audit_log(user),
        "nav_is_it": permissions.is_it_staff(user),
        "nav_sees_all_grants": permissions.can_view_all_grants(user),
        "nav_hiring": permissions.can_use_hiring(user),
        "nav_offboarding": permissions.can_use_offboarding(user),
    }
