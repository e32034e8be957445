"""Two-factor sign-in (TOTP with recovery codes) is enrolled without any e-mail (issue 12.3): heads, deputies, the VP,
admins, HR and auditors must use it; none of the hospital's people has a verified e-mail address."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from core.roles import Role
from tests.factories import StaffProfileFactory, UserFactory


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.fixture
def required(settings):
    settings.XINKE_REQUIRE_MFA = True


def enrol(client, user, password):
    """Sign in, get sent to the set-up, confirm the password, scan (read the secret), enter the code."""
    response = client.post(reverse("account_login"), {"login": user.username, "password": password})
    assert response.url == reverse("home")
    assert client.get(reverse("home")).url == reverse("mfa_activate_totp")
    reauthenticate = client.get(reverse("mfa_activate_totp")).url
    client.post(reauthenticate, {"password": password})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret in page.content.decode()
    return client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})


def test_a_head_with_an_unverified_address_enrols_and_gets_recovery_codes(client, org, required):
    EmailAddress.objects.create(user=org.head, email=org.head.email, verified=False, primary=True)

    response = enrol(client, org.head, org.password)

    assert (response.status_code, response.url) == (302, reverse("mfa_view_recovery_codes"))
    assert sorted(Authenticator.objects.filter(user=org.head).values_list("type", flat=True)) == [
        "recovery_codes", "totp"]
    assert client.get(reverse("approvals:inbox")).status_code == 200


def test_a_recovery_code_signs_in_when_the_phone_is_lost(client, org, required):
    enrol(client, org.head, org.password)
    codes = RecoveryCodes(Authenticator.objects.get(user=org.head, type="recovery_codes")).get_unused_codes()
    client.post(reverse("account_logout"))

    response = client.post(reverse("account_login"), {"login": "1100", "password": org.password})
    assert response.url == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert (response.status_code, response.url) == (302, reverse("home"))
    assert client.session[SESSION_KEY] == str(org.head.pk)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("role", [Role.HR, Role.VP_IT, Role.AUDITOR])
def test_hr_the_vp_and_auditors_must_enrol_too(client, org, required, role):
    person = StaffProfileFactory(user=UserFactory(username="2109", roles=[role]), department=org.hr_department).user
    client.force_login(person)

    assert client.get(reverse("home")).url == reverse("mfa_activate_totp")
