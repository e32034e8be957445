"""A new person signs in with the initial password, must change it, and lands on the Chinese home page."""

import pytest

from core.roles import Role

from ..factories import PASSWORD, DepartmentFactory, StaffProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Xin-ke-2026-strong"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def newcomer():
    department = DepartmentFactory(code="it", name="信息科")
    return StaffProfileFactory(
        user=UserFactory(username="1208", name="孙丽", must_change_password=True, roles=[Role.STAFF]),
        department=department,
    ).user


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_first_signin_changes_the_password_and_shows_the_chinese_home(live_server, page, newcomer, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(live_server.url + "/")
    assert page.url.startswith(live_server.url + "/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    page.fill("input[name=login]", "1208")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")

    # The initial password must be changed before anything else opens.
    page.wait_for_url("**/accounts/password/change/")
    page.goto(live_server.url + "/staff/")
    page.wait_for_url("**/accounts/password/change/")
    page.fill("input[name=oldpassword]", PASSWORD)
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.click("main button[type=submit]")

    # The change ends on the home page, with a message.
    page.wait_for_url(live_server.url + "/")
    assert page.locator(".messages .alert").inner_text() == "密码修改成功。"
    assert page.locator("h1").inner_text() == "您好，孙丽"
    assert page.locator("#pending-title").inner_text() == "待我处理"
    newcomer.refresh_from_db()
    assert newcomer.must_change_password is False
    assert newcomer.check_password(NEW_PASSWORD)


def test_wrong_password_shows_a_chinese_error(live_server, page, newcomer):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "1208")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert "您提供的用户名或密码不正确" in page.locator("main").inner_text()
