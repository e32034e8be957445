"""One base fixture of named people per role, as in healthchecks' alice/bob/charlie.

- employee (1101 艾丽): staff of 信息科, post 系统管理员, supervised by the supervisor
- supervisor (1102 鲍勃): deputy head of 信息科
- head (1100 查理): head of 信息科
- hr (2100 多拉): 人事科
- outsider (4100 艾琳): a nurse in 心内科, no relation to the others
- admin (9100 管理): 管理员, may open Django admin
"""

import os

import pytest

from core.roles import Role
from staff.models import Department, Post, ProfessionalTitle

from .database import serialize_transactional_tests, share_serialized_data
from .factories import PASSWORD, DepartmentFactory, StaffProfileFactory, UserFactory

# Browser tests: live_server with sync Playwright (see the stack notes).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(config, items):
    serialize_transactional_tests(items)
    have_browser = os.path.exists(CHROMIUM)
    require_browser = os.environ.get("XINKE_REQUIRE_BROWSER") == "1"
    have_redis = bool(os.environ.get("REDIS_URL"))
    require_redis = os.environ.get("XINKE_REQUIRE_REDIS") == "1"
    for item in items:
        if "browser" in item.keywords and not have_browser and not require_browser:
            item.add_marker(pytest.mark.skip(reason="no /usr/bin/chromium (apt-get install chromium)"))
        if "redis" in item.keywords and not have_redis:
            if require_redis:
                raise pytest.UsageError(f"XINKE_REQUIRE_REDIS=1 but REDIS_URL is not set ({item.nodeid} needs Redis)")
            item.add_marker(pytest.mark.skip(reason="REDIS_URL is not set"))


def pytest_runtest_setup(item):
    share_serialized_data()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    share_serialized_data()  # kept before Playwright makes Django hand out other connection objects


@pytest.fixture(scope="session")
def playwright(django_db_setup, playwright):
    share_serialized_data()  # Playwright has just started: give the data to this context's connections
    return playwright


@pytest.fixture(autouse=True)
def _media_cache_and_language(settings, tmp_path, monkeypatch):
    from django.core.cache import cache
    from django.utils import translation

    settings.PROTECTED_MEDIA_ROOT = tmp_path / "uploads"  # per test: xdist workers never share a folder
    # The page shell caches each person's menus for a minute; a test that runs longer on a busy machine would see
    # the cache expire between two requests it compares (15 queries instead of 12). Within a test it never expires.
    monkeypatch.setattr("core.menu.NAV_CACHE_SECONDS", None)
    cache.clear()  # rate-limit counters live in the cache
    yield
    cache.clear()
    translation.deactivate()  # a request with an English cookie leaves English active in this thread


@pytest.fixture
def no_session_renewal(settings):
    """For query-count tests that seed many rows between the two requests they compare: a signed-in session is saved
    again when its last renewal is SESSION_RENEW_SECONDS old, and bulk seeding on a busy machine (PostgreSQL) can
    outlast that minute (15 queries instead of 12). Renewed at the first request only."""
    settings.SESSION_RENEW_SECONDS = 10**9


class Org:
    """The people of the base fixture, by role."""

    password = PASSWORD

    def __init__(self):
        self.it = DepartmentFactory(code="it", name="信息科", kind=Department.Kind.IT)
        self.hr_department = DepartmentFactory(code="hr", name="人事科", kind=Department.Kind.FUNCTIONAL)
        self.ward = DepartmentFactory(code="cardiology", name="心内科")
        self.post = Post.objects.get(code="system_admin")
        self.head = StaffProfileFactory(
            user=UserFactory(username="1100", name="查理", roles=[Role.DEPARTMENT_HEAD]), department=self.it,
            post=Post.objects.get(code="head"),
        ).user
        self.supervisor = StaffProfileFactory(
            user=UserFactory(username="1102", name="鲍勃", roles=[Role.DEPARTMENT_HEAD]), department=self.it,
            post=Post.objects.get(code="deputy_head"), supervisor=self.head,
        ).user
        self.employee = StaffProfileFactory(
            user=UserFactory(username="1101", name="艾丽", roles=[Role.STAFF]), department=self.it,
            post=self.post, supervisor=self.supervisor, professional_title=ProfessionalTitle.objects.get_or_create(name="工程师")[0], phone="13800138000",
            id_number="11010519491231002X",
        ).user
        self.hr = StaffProfileFactory(
            user=UserFactory(username="2100", name="多拉", roles=[Role.HR]), department=self.hr_department,
        ).user
        self.outsider = StaffProfileFactory(
            user=UserFactory(username="4100", name="艾琳", roles=[Role.STAFF]), department=self.ward,
        ).user
        self.admin = StaffProfileFactory(
            user=UserFactory(username="9100", name="管理", roles=[Role.ADMIN], is_staff=True), department=self.it,
        ).user
        self.it.head = self.head
        self.it.deputy = self.supervisor
        self.it.save()

    def by_role(self, role):
        return getattr(self, role)


ROLES = ["employee", "supervisor", "head", "hr", "outsider", "admin"]


@pytest.fixture
def org(db):
    return Org()


@pytest.fixture
def employee(org):
    return org.employee


@pytest.fixture
def head(org):
    return org.head


@pytest.fixture
def hr(org):
    return org.hr


@pytest.fixture
def outsider(org):
    return org.outsider
