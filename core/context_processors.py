from django.conf import settings

from . import menu


def navigation(request):
    """What the page shell needs: the menus and role flags the apps registered (core.menu), for this person."""
    user = request.user
    if not user.is_authenticated:
        return {"LANGUAGES": settings.LANGUAGES}
    return menu.for_user(user, getattr(request, "resolver_match", None))
