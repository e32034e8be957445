from allauth.account.adapter import DefaultAccountAdapter
from django.shortcuts import resolve_url

from core.clientip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by HR and IT, never by self sign-up."""

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request):
        """The person's computer behind the reverse proxy: sign-in limits are per real client (core.clientip)."""
        return client_ip(request)

    def get_password_change_redirect_url(self, request):
        """After a change (the first one at sign-in above all) the person goes on to their work, with allauth's
        “password changed” message."""
        return resolve_url("home")
