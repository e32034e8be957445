"""Chinese by default; English on request through Django's set_language view, and back."""

import pytest
from django.urls import reverse

from tests.html import html_lang

SET_LANGUAGE = "/i18n/setlang/"


def test_default_language_is_simplified_chinese(client, db):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert html_lang(response) == "zh-hans"
    assert response["Content-Language"] == "zh-hans"
    # allauth's own zh_Hans catalogue
    assert str(response.context["form"].fields["password"].label) == "密码"


def test_default_language_when_signed_in(client, org):
    client.force_login(org.employee)

    assert html_lang(client.get(reverse("home"))) == "zh-hans"


def test_switch_to_english_and_back(client, org):
    client.force_login(org.employee)
    home = reverse("home")

    response = client.post(SET_LANGUAGE, {"language": "en", "next": reverse("staff:directory")})
    assert response.status_code == 302
    assert response.url == reverse("staff:directory")
    page = client.get(home)
    assert html_lang(page) == "en"
    assert page["Content-Language"] == "en"

    response = client.post(SET_LANGUAGE, {"language": "zh-hans", "next": home})
    assert response.status_code == 302
    assert response.url == home
    page = client.get(home)
    assert html_lang(page) == "zh-hans"
    assert page["Content-Language"] == "zh-hans"


def test_switch_to_english_and_back_on_the_sign_in_page(client, db):
    login_url = reverse("account_login")

    response = client.post(SET_LANGUAGE, {"language": "en", "next": login_url})
    assert response.status_code == 302
    assert response.url == login_url
    page = client.get(login_url)
    assert html_lang(page) == "en"
    assert str(page.context["form"].fields["password"].label) == "Password"

    client.post(SET_LANGUAGE, {"language": "zh-hans", "next": login_url})
    page = client.get(login_url)
    assert html_lang(page) == "zh-hans"
    assert str(page.context["form"].fields["password"].label) == "密码"


def test_unknown_language_keeps_chinese(client, org):
    client.force_login(org.employee)

    client.post(SET_LANGUAGE, {"language": "xx", "next": reverse("home")})

    assert html_lang(client.get(reverse("home"))) == "zh-hans"


def test_set_language_does_not_redirect_off_site(client, org):
    client.force_login(org.employee)

    response = client.post(SET_LANGUAGE, {"language": "en", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response.url == "/"
