from allauth.account.adapter import DefaultAccountAdapter
from django.shortcuts import resolve_url


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by HR and IT, never by self sign-up."""

    def is_open_for_signup(self, request):
        return False

    def get_password_change_redirect_url(self, request):
        """After a change (the first one at sign-in above all) the person goes on to their work, with allauth's
        “password changed” message."""
        return resolve_url("home")
