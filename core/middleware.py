import time

from django.conf import settings
from django.contrib import messages
from django.db import DataError, OperationalError
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from . import permissions


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy everywhere, and no caching of signed-in pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        if request.user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            # Pages for signed-in people carry personal data: never keep them in a cache.
            response["Cache-Control"] = "no-store"
        return response


# PostgreSQL's deadlock_detected, serialization_failure and lock_not_available.
LOCK_CONFLICT_STATES = {"40P01", "40001", "55P03"}


def is_lock_conflict(error):
    """A write that lost a race for a lock: a deadlock, or SQLite's writer lock still held after the busy timeout."""
    if not isinstance(error, OperationalError):
        return False
    return getattr(error.__cause__, "sqlstate", None) in LOCK_CONFLICT_STATES or "database is locked" in str(error)


# PostgreSQL's numeric_value_out_of_range and datetime_field_overflow.
OUT_OF_RANGE_STATES = {"22003", "22008"}


def is_out_of_range(error):
    """A number the database cannot hold reached a query (an id of 30 digits typed into a form): SQLite raises
    OverflowError, PostgreSQL a DataError."""
    if isinstance(error, OverflowError):
        return True
    return isinstance(error, DataError) and getattr(error.__cause__, "sqlstate", None) in OUT_OF_RANGE_STATES


class ConcurrentChangeMiddleware:
    """The loser of a race for a lock, or a number no column can hold, gets a message, never a 500.

    Services take their locks in one order (see approvals.services._lock_request) and forms bound their numbers,
    so these are the exceptions; the transaction has rolled back and nothing was half saved. The person is sent
    back to the page they came from to look again and retry.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_lock_conflict(exception):
            messages.error(request, _("Someone else changed this at the same moment, so nothing was saved. "
                                      "Please look at it again and retry."))
        elif is_out_of_range(exception):
            messages.error(request, _("A number in what was sent is far too large, so nothing was saved."))
        else:
            return None
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            back = reverse("home")
        return redirect(back)


class SessionRenewalMiddleware:
    """Sign-out after SESSION_COOKIE_AGE of inactivity, with one session write a minute instead of one per request.

    SESSION_SAVE_EVERY_REQUEST would write the session row on every page and every htmx request; on the embedded
    SQLite default that write competes with the request's real work for the single writer's lock. Instead a
    signed-in session is marked modified (and so saved with a new expiry by SessionMiddleware) when its last
    renewal is SESSION_RENEW_SECONDS old: idle expiry stays exact to within that interval.
    """

    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if session.session_key and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[self.KEY] = now
        return response


class RequiredAccountStepsMiddleware:
    """Send a signed-in person to the step they must finish first.

    1. The initial password must be changed at first sign-in (申请人应在收到通知的当天修改初始口令).
    2. Admins and department heads must have TOTP two-factor sign-in set up.
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
            if settings.XINKE_REQUIRE_MFA and permissions.must_use_mfa(user) and not _has_totp(user):
                messages.warning(request, _("Your role requires two-factor sign-in. Please set it up now."))
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class DefaultLanguageMiddleware(LocaleMiddleware):
    """Chinese unless the person chose otherwise with the language switch.

    The browser's Accept-Language is ignored: hospital PCs are often set up in English, and the
    product's language is Chinese first.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
