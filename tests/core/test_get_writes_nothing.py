"""Issue 16: the page shell writes nothing on a repeated signed-in GET — no session row, no cache row, no last
login, audit or read mark. The session is renewed at most once per SESSION_RENEW_SECONDS (test_signin.py)."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.authz_seed import bulk_hospital
from bench.leave_seed import bulk_leaves, bulk_staff
from core import menu
from notifications.services import notify
from tests.core.test_signin import login
from tests.factories import DepartmentFactory

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# Production (REDIS_URL set) keeps the cache in the database: menus, home lists and sign-in limits are rows there.
DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                              "LOCATION": "xinke_cache"}}


def menu_pages(user):
    """The home page and every page in this person's menus."""
    shell = menu.for_user(user)
    pages = [reverse("home")]
    for entry in shell["nav_menus"]:
        pages += [entry["href"]] if entry["href"] else [item["href"] for item in entry["entries"]
                                                         if item["kind"] == "link"]
    return pages


def writes_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert (url, response.status_code < 500) == (url, True)  # 302 to this month's statement, 404 a month not open
    return [query["sql"] for query in captured if query["sql"].lstrip().upper().startswith(WRITES)]


@pytest.mark.parametrize("cache", ["memory", "database"])
@pytest.mark.parametrize("role", ["employee", "head", "hr", "admin"])
def test_a_repeated_get_writes_nothing(client, org, role, cache):
    user = org.by_role(role)
    bulk_hospital(staff=10, requests=10, approver=org.head, executor=org.admin, prefix="w", waiting_share=1,
                  audit=False, department=DepartmentFactory(code="wdept"))
    bulk_leaves(people=bulk_staff(department=org.it, count=10, prefix="wl", supervisor=org.head), count=10,
                department=org.it)
    notify(recipient=user, subject="通知")
    with override_settings(CACHES=DATABASE_CACHE if cache == "database" else {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        login(client, user.username, org.password)
        pages = menu_pages(user)
        for url in pages:
            client.get(url)  # the first visit fills the caches (menus, home lists)

        assert {url: writes_of(client, url) for url in pages} == {url: [] for url in pages}
        assert len(pages) >= 4
