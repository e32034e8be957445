"""Middleware of the people app: the steps a signed-in person must finish before anything else."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .rules import must_use_mfa


class RequiredAccountStepsMiddleware:
    """Send a signed-in person to the step they must finish first.

    1. The initial password must be changed at first sign-in (申请人应在收到通知的当天修改初始口令).
    2. Whoever has powers over others or their data must have TOTP two-factor sign-in set up (rules.must_use_mfa).
    """

    ALWAYS_ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/favicon")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(self.ALWAYS_ALLOWED_PREFIXES):
            if user.must_change_password:
                messages.warning(request, _("Please change your initial password before you continue."))
                return redirect(reverse("account_change_password"))
            if settings.XINKE_REQUIRE_MFA and must_use_mfa(user) and not _has_totp(user):
                messages.warning(request, _("Your role requires two-factor sign-in. Please set it up now."))
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
