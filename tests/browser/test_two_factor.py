"""A department head enrols two-factor sign-in in the browser with production settings (DEBUG off, 2FA required) and
no verified e-mail address, sees the recovery codes, and reaches the approvals inbox (issue 12.3)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings

from tests.core.test_two_factor import totp_code

from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_head_enrols_totp_and_reaches_the_inbox(live_server, page, org, settings_required_mfa):
    assert settings.DEBUG is False
    EmailAddress.objects.create(user=org.head, email=org.head.email, verified=False, primary=True)

    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "1100")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    # Sent to the set-up, which first asks for the password once more.
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1  # the QR code, within the CSP
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", totp_code(secret))
    page.click("main button[type=submit]")

    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    codes = RecoveryCodes(Authenticator.objects.get(user=org.head, type="recovery_codes")).get_unused_codes()
    assert page.locator("#recovery_codes").input_value().split() == codes  # to print or write down
    page.goto(live_server.url + "/approvals/")
    assert page.url == live_server.url + "/approvals/"
    assert page.locator("h1").inner_text() == "待我审批"
    assert sorted(Authenticator.objects.filter(user=org.head).values_list("type", flat=True)) == [
        "recovery_codes", "totp"]


@pytest.fixture
def settings_required_mfa(settings):
    settings.XINKE_REQUIRE_MFA = True
