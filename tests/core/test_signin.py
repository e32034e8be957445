"""Sign-in with the employee number (工号) through allauth, and what happens around it."""

from django.conf import settings as project_settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from staff.models import User
from tests.html import by_testid, find_all

LOGIN = "/accounts/login/"


def login(client, username, password):
    return client.post(LOGIN, {"login": username, "password": password})


def form_error_codes(response):
    return [error.code for error in response.context["form"].errors.as_data()["__all__"]]


def test_sign_in_with_employee_number_lands_on_home(client, org):
    client.get(LOGIN)
    key_before = client.session.session_key

    response = login(client, "1101", org.password)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session[SESSION_KEY] == str(org.employee.pk)
    assert client.session.session_key != key_before
    home = client.get(response.url)
    assert home.status_code == 200
    assert home.context["user"] == org.employee


def test_wrong_password_is_refused_with_the_form_error(client, org):
    response = login(client, "1101", "not-the-password")

    assert response.status_code == 200
    assert form_error_codes(response) == ["username_password_mismatch"]
    assert response.context["user"].is_authenticated is False
    assert SESSION_KEY not in client.session


def test_lockout_after_the_limit_even_with_the_right_password(client, org, settings):
    limit = settings.LOGIN_ATTEMPTS_LIMIT
    for _attempt in range(limit):
        assert form_error_codes(login(client, "1101", "not-the-password")) == ["username_password_mismatch"]

    response = login(client, "1101", org.password)

    assert response.status_code == 200
    assert form_error_codes(response) == ["too_many_login_attempts"]
    # allauth's own zh_Hans catalogue
    assert "登录失败次数过多，请稍后重试。" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_lockout_is_per_employee_number(client, org, settings):
    for _attempt in range(settings.LOGIN_ATTEMPTS_LIMIT):
        login(client, "1101", "not-the-password")

    response = login(client, "2100", org.password)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(org.hr.pk)


def test_first_sign_in_must_change_the_initial_password(client, org):
    user = org.employee
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    change_url = reverse("account_change_password")

    response = login(client, "1101", org.password)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    for url in [reverse("home"), reverse("staff:directory"), reverse("notifications:list"),
                reverse("staff:profile", args=["1101"])]:
        page = client.get(url)
        assert (url, page.status_code, page.url) == (url, 302, change_url)
    assert client.get(change_url).status_code == 200

    response = client.post(change_url, {
        "oldpassword": org.password, "password1": "Neue-Passwort-2026", "password2": "Neue-Passwort-2026",
    })

    assert (response.status_code, response.url) == (302, reverse("home"))  # on to work, with a message
    user.refresh_from_db()
    assert user.must_change_password is False
    assert user.check_password("Neue-Passwort-2026") is True
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert home.context["user"] == user
    assert [str(message) for message in home.context["messages"]] == ["密码修改成功。"]


def test_the_password_change_says_it_to_ask_it_not_to_reset_by_email(client, org):
    client.force_login(org.employee)
    page = client.get(reverse("account_change_password")).content.decode()
    assert "忘记当前密码？请联系信息科重置。" in page
    assert reverse("account_reset_password") not in page
    reset = client.get(reverse("account_reset_password"))
    assert by_testid(reset, "reset-note") == (
        "忘记密码或账号被锁定？请联系信息科重置。账号由人事科和信息科统一开通，不支持自行注册。")
    assert find_all(reset, "name", "email") == []


def test_initial_password_change_with_a_wrong_old_password_keeps_the_flag(client, org):
    user = org.employee
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    client.force_login(user)

    response = client.post(reverse("account_change_password"), {
        "oldpassword": "wrong-old-password", "password1": "Neue-Passwort-2026", "password2": "Neue-Passwort-2026",
    })

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["oldpassword"]
    user.refresh_from_db()
    assert user.must_change_password is True
    assert client.get(reverse("home")).url == reverse("account_change_password")


def test_mfa_is_required_for_a_head_when_the_setting_is_on(client, org, settings):
    settings.XINKE_REQUIRE_MFA = True

    response = login(client, "1100", org.password)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(org.head.pk)

    for url in [reverse("home"), reverse("staff:directory")]:
        page = client.get(url)
        assert (url, page.status_code, page.url) == (url, 302, reverse("mfa_activate_totp"))
    # The set-up page is reachable: allauth asks for the password once more, then shows it (no loop).
    activate = reverse("mfa_activate_totp")
    response = client.get(activate)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_reauthenticate')}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    response = client.post(response.url, {"password": org.password})
    assert response.status_code == 302
    assert response.url == activate
    assert client.get(activate).status_code == 200


def test_mfa_is_required_for_an_admin_when_the_setting_is_on(client, org, settings):
    settings.XINKE_REQUIRE_MFA = True
    client.force_login(org.admin)

    response = client.get(reverse("staff:directory"))

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_mfa_is_not_required_for_an_employee(client, org, settings):
    settings.XINKE_REQUIRE_MFA = True
    client.force_login(org.employee)

    response = client.get(reverse("home"))

    assert response.status_code == 200


def test_mfa_is_not_asked_for_when_the_setting_is_off(client, org, settings):
    settings.XINKE_REQUIRE_MFA = False
    client.force_login(org.head)

    assert client.get(reverse("home")).status_code == 200


def test_head_with_totp_set_up_is_let_through(client, org, settings):
    from allauth.mfa.models import Authenticator

    settings.XINKE_REQUIRE_MFA = True
    Authenticator.objects.create(user=org.head, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(org.head)

    assert client.get(reverse("home")).status_code == 200


def test_disabled_account_loses_its_session(client, org):
    client.force_login(org.employee)
    assert client.get(reverse("home")).status_code == 200

    User.objects.filter(pk=org.employee.pk).update(is_active=False)
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/"
    assert client.get(reverse("staff:directory")).status_code == 302


def test_re_enabling_an_account_does_not_revive_its_old_session(client, org):
    login(client, "1101", org.password)
    assert client.get(reverse("home")).status_code == 200

    org.employee.is_active = False
    org.employee.save()
    org.employee.is_active = True
    org.employee.save()

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/"


def test_disabled_account_cannot_sign_in(client, org):
    User.objects.filter(pk=org.employee.pk).update(is_active=False)

    login(client, "1101", org.password)

    assert SESSION_KEY not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_sign_out_is_a_post_and_ends_the_session(client, org):
    client.force_login(org.employee)

    response = client.get(reverse("account_logout"))
    assert response.status_code == 200  # a confirmation page, not a sign-out
    assert client.session[SESSION_KEY] == str(org.employee.pk)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    after = client.get(reverse("home"))
    assert after.status_code == 302
    assert after.url == f"{reverse('account_login')}?next=/"


def test_self_sign_up_is_closed(client, org):
    before = User.objects.count()

    response = client.post("/accounts/signup/", {
        "username": "7777", "password1": "Xx-long-enough-2026", "password2": "Xx-long-enough-2026",
    })

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "account/signup_closed.html"
    assert User.objects.count() == before
    assert User.objects.filter(username="7777").exists() is False
    assert SESSION_KEY not in client.session


def test_session_expiry_settings_are_in_force(client, org):
    import datetime

    import time_machine
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    # SESSION_IDLE_MINUTES defaults to 30 and is read once, when the settings load.
    assert project_settings.SESSION_COOKIE_AGE == 30 * 60
    assert project_settings.SESSION_SAVE_EVERY_REQUEST is False
    assert project_settings.SESSION_RENEW_SECONDS == 60
    assert project_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    signed_in_at = timezone.now().replace(microsecond=0)

    def minutes_left(now):
        expire_date = Session.objects.get(session_key=session_key).expire_date
        return round((expire_date - now).total_seconds() / 60)

    def session_writes(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return response, [q["sql"] for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]

    with time_machine.travel(signed_in_at, tick=False):
        login(client, "1101", org.password)
        session_key = client.session.session_key
        assert minutes_left(signed_in_at) == 30
        # Pages within the renewal interval write nothing to the session table.
        assert session_writes(reverse("home"))[1] == []

    # Activity renews the idle timeout, at most once a minute.
    later = signed_in_at + datetime.timedelta(minutes=20)
    with time_machine.travel(later, tick=False):
        response, writes = session_writes(reverse("home"))
        assert len(writes) == 1
        assert minutes_left(later) == 30
        assert session_writes(reverse("staff:directory"))[1] == []
    # the cookie itself lasts until the browser closes
    assert response.cookies[project_settings.SESSION_COOKIE_NAME]["max-age"] == ""

    # Idle past the limit: the session is gone and the next page asks for a sign-in.
    with time_machine.travel(later + datetime.timedelta(minutes=30, seconds=1), tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/"


def test_the_initial_password_cannot_be_changed_to_itself(client, org):
    """Issue 12.11: "changing" to the same password skipped the forced change."""
    user = org.employee
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    client.force_login(user)

    response = client.post(reverse("account_change_password"), {
        "oldpassword": org.password, "password1": org.password, "password2": org.password})

    assert response.status_code == 200
    assert response.context["form"].errors["password1"] == ["新密码必须与当前密码不同。"]
    user.refresh_from_db()
    assert user.must_change_password is True
    assert client.get(reverse("home")).url == reverse("account_change_password")


def test_no_reset_mail_goes_to_an_unknown_address(client, org, mailoutbox):
    """Issue 12.11: the reset form sent an "unknown account" mail to whatever address was typed."""
    response = client.post(reverse("account_reset_password"), {"email": "stranger@example.com"})

    assert response.status_code == 302
    assert mailoutbox == []
    client.post(reverse("account_reset_password"), {"email": org.employee.email})
    assert [mail.to for mail in mailoutbox] == [[org.employee.email]]
