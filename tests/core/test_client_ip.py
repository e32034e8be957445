"""Behind the reverse proxy (issue 12.2): the client's address comes from X-Forwarded-For only as far as the trusted
proxies vouch for it, sign-in limits are per employee number and per real client, and the audit log records the
real client."""

import ipaddress

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEntry
from config.env import parse_trusted_proxies
from core.clientip import client_ip
from tests.factories import StaffProfileFactory, UserFactory

PROXY = "127.0.0.1"  # nginx on the same host, as docs/deploy.md sets it up


def address(trusted, remote, forwarded=None, settings=None):
    settings.TRUSTED_PROXIES = trusted
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(("trusted", "remote", "forwarded", "expected"), [
    # No proxy configured: the header is anyone's to write and is ignored.
    (0, "10.2.3.4", "6.6.6.6", "10.2.3.4"),
    # One proxy: the address it appended; what the client wrote before it is ignored.
    (1, PROXY, "10.2.3.4", "10.2.3.4"),
    (1, PROXY, "6.6.6.6, 10.2.3.4", "10.2.3.4"),
    (1, PROXY, None, PROXY),
    (1, PROXY, "not-an-address", PROXY),
    # Two proxies (the hospital's gateway, then nginx).
    (2, PROXY, "6.6.6.6, 10.2.3.4, 10.9.0.1", "10.2.3.4"),
    # The proxies' addresses: the first hop that is not one of them.
    ([ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.9.0.0/24")], PROXY,
     "6.6.6.6, 10.2.3.4, 10.9.0.1", "10.2.3.4"),
    # Not through the proxy at all: its own address, whatever it claims.
    ([ipaddress.ip_network("10.9.0.0/24")], "10.2.3.4", "6.6.6.6", "10.2.3.4"),
    ([ipaddress.ip_network("10.9.0.0/24")], "10.9.0.1", "6.6.6.6, bad, 10.9.0.2", "10.9.0.2"),
])
def test_the_client_address(settings, trusted, remote, forwarded, expected):
    assert address(trusted, remote, forwarded, settings=settings) == expected


def test_the_setting_takes_a_count_or_addresses():
    assert parse_trusted_proxies("") == 0
    assert parse_trusted_proxies("2") == 2
    assert parse_trusted_proxies("127.0.0.1, 10.9.0.0/24") == [ipaddress.ip_network("127.0.0.1/32"),
                                                               ipaddress.ip_network("10.9.0.0/24")]
    with pytest.raises(ImproperlyConfigured):
        parse_trusted_proxies("nginx")


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = 1


def sign_in(client, username, password, pc):
    return client.post(reverse("account_login"), {"login": username, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=pc)


def refused(response):
    errors = response.context["form"].errors.as_data()["__all__"]
    return [error.code for error in errors] == ["too_many_login_attempts"]


def test_wrong_guesses_from_one_pc_do_not_lock_out_the_others(client, org, behind_proxy, settings):
    for guess in range(31):  # more than the per-address limit, each on a made-up employee number
        sign_in(client, f"9{guess:03d}", "guess", "10.2.3.4")
    assert refused(sign_in(client, "1101", org.password, "10.2.3.4"))
    client.cookies.clear()

    response = sign_in(client, "1101", org.password, "10.5.6.7")

    assert (response.status_code, client.session[SESSION_KEY]) == (302, str(org.employee.pk))


def test_a_spoofed_header_does_not_escape_the_limit(client, org, behind_proxy):
    for guess in range(31):
        sign_in(client, f"9{guess:03d}", "guess", f"1.1.1.{guess}, 10.2.3.4")

    assert refused(sign_in(client, "1101", org.password, "8.8.8.8, 10.2.3.4"))


def test_a_ward_signing_in_at_shift_change(client, org, behind_proxy, settings):
    nurses = [StaffProfileFactory(user=UserFactory(username=f"47{n:02d}"), department=org.ward).user
              for n in range(61)]  # more than the per-address limit of sign-ins a minute
    signed_in = 0
    for n, nurse in enumerate(nurses):
        client.cookies.clear()
        response = sign_in(client, nurse.username, org.password, f"10.20.0.{n + 1}")
        signed_in += response.status_code == 302 and client.session.get(SESSION_KEY) == str(nurse.pk)

    assert signed_in == 61


def test_the_audit_log_records_the_real_client(client, org, behind_proxy):
    import datetime

    from django.utils import timezone

    client.force_login(org.supervisor)
    today = timezone.localdate()

    response = client.post(reverse("approvals:delegations"), {
        "delegate": org.employee.pk, "starts_on": today, "ends_on": today + datetime.timedelta(days=3), "reason": "出差",
    }, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 10.2.3.4")

    assert response.status_code == 302
    assert list(AuditEntry.objects.values_list("action", "ip_address")) == [("approvals.delegation.create", "10.2.3.4")]
