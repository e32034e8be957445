"""Issue 13 in a browser: the head of 医务科 signs in and finds his department beside the product's name and only
the menus that hold work for him, on a desktop and on a phone (the menu behind the toggler)."""

import pytest

from ..authz.hospital import Hospital, policy_loaded  # noqa: F401 (a fixture)
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
# 招聘 shows for every department head: 用人计划 is raised by the using department (hiring.rules.can_request_headcount).
MENUS = ["我的工作", "审批", "帐号与权限", "人员", "培训", "值班", "招聘"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_head_of_the_medical_department_sees_his_work(live_server, page, policy_loaded, org, viewport,
                                                          tmp_path):
    hospital = Hospital(org)
    page.set_viewport_size(VIEWPORTS[viewport])

    sign_in(page, live_server, hospital.medical_head.username)

    assert page.locator("[data-testid=brand]").inner_text() == "医务科"
    if viewport == "phone":
        page.click(".navbar-toggler")
        page.locator("#mainnav.show").wait_for()
    assert page.locator("#mainnav > ul.navbar-nav.me-auto > li > a").all_inner_texts() == MENUS
    page.locator("#mainnav a.dropdown-toggle", has_text="帐号与权限").click()
    assert page.locator("#mainnav .dropdown-menu.show a").all_inner_texts() == [
        "申请帐号或权限", "帐号与权限申请", "授权登记册", "信息系统", "注销", "关键活动审批", "权限复核"]
    page.screenshot(path=tmp_path / f"medical-head-{viewport}.png", full_page=True)
