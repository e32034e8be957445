from django.conf import settings

from . import permissions


def navigation(request):
    """What the page shell needs: the menu for the person's roles and the unread-notification count."""
    user = request.user
    if not user.is_authenticated:
        return {"LANGUAGES": settings.LANGUAGES}
    from approvals.selectors import inbox_steps
    from notifications.models import Notification

    return {
        "nav_is_hr": permissions.is_hr(user),
        "nav_is_admin": permissions.is_admin(user) or user.is_staff,
        "nav_is_leader": permissions.is_department_leader(user),
        "unread_notifications": Notification.objects.unread_for(user).count(),
        "nav_pending_approvals": inbox_steps(user).count(),
        "nav_can_delegate": permissions.can_delegate(user),
        "nav_is_auditor": permissions.can_view_audit_log(user),
    }
