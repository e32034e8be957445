"""Security headers on every page: CSP without inline code, no caching of personal pages, no framing."""

import pytest
from django.urls import reverse

SIGNED_IN_PAGES = [
    reverse("home"),
    reverse("staff:directory"),
    reverse("staff:profile", args=["1101"]),
    reverse("staff:post_list"),
    reverse("notifications:list"),
]


def csp_directives(response):
    return dict(
        (parts[0], parts[1:])
        for parts in (directive.split() for directive in response["Content-Security-Policy"].split(";"))
        if parts
    )


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_signed_in_pages_carry_the_headers(client, org, url):
    client.force_login(org.employee)

    response = client.get(url)

    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_sign_in_page_carries_the_headers(client, db):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert csp_directives(response)["script-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_not_found_page_carries_the_headers(client, org):
    client.force_login(org.employee)

    response = client.get(reverse("staff:profile", args=["no-such-person"]))

    assert response.status_code == 404
    assert csp_directives(response)["script-src"] == ["'self'"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_scripts_or_styles(client, org):
    """A CSP without 'unsafe-inline' would block them, so the pages must not rely on any."""
    from tests.html import find_all

    client.force_login(org.hr)
    for url in SIGNED_IN_PAGES:
        response = client.get(url)
        scripts = [(tag, attrs) for tag, attrs, _text in find_all(response, "src") if tag == "script"]
        inline_scripts = response.content.decode().count("<script>")
        assert (url, inline_scripts) == (url, 0)
        assert (url, [a["src"] for _t, a in scripts if not a["src"].startswith("/static/")]) == (url, [])
        assert (url, find_all(response, "style")) == (url, [])
        assert (url, find_all(response, "onclick")) == (url, [])
