"""End to end in a browser, in December 2026: a leave in January 2027 goes through with a provisional count; HR
pastes the State Council's notice, previews and saves it; the leave is recounted. And the revision editor of Django
admin fits a 1366 px screen."""

import datetime
import zoneinfo

import pytest
import time_machine

from discipline.models import Revision
from discipline.services import revision_clone
from leave.models import LeaveRequest

from ..factories import StaffProfileFactory, UserFactory
from ..workcalendar.notices import NOTICE_2027
from .helpers import sign_in
from .test_leave import leave_policy  # noqa: F401 - the fixture
from core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECEMBER = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def test_a_january_leave_counted_provisionally_then_on_the_loaded_notice(live_server, page, leave_policy, org):  # noqa: F811
    colleague = StaffProfileFactory(user=UserFactory(username="1103", name="范文", roles=[Role.STAFF]),
                                    department=org.it, post=org.post, supervisor=org.supervisor).user
    page.set_viewport_size({"width": 1366, "height": 900})
    with time_machine.travel(DECEMBER, tick=True):
        sign_in(page, live_server, org.employee.username)
        page.goto(live_server.url + "/leave/new/")
        page.select_option("select[name=leave_type]", label="事假")
        page.fill("input[name=starts_on]", "2027-02-15")
        page.fill("input[name=ends_on]", "2027-02-20")
        page.locator("input[name=ends_on]").dispatch_event("change")
        page.locator("[data-testid=preview-days]").wait_for()
        assert page.locator("[data-testid=preview-days]").inner_text() == "5 个工作日 暂算"
        page.fill("textarea[name=reason]", "回老家办理户籍手续")
        page.select_option("select[name=cover]", value=str(colleague.pk))
        page.click("#leave-form button[type=submit]")
        page.wait_for_url("**/leave/*/")
        assert page.locator("[data-testid=working-days]").inner_text() == "5 暂算"

        sign_in(page, live_server, org.hr.username)
        page.goto(live_server.url + "/calendar/2027/load/")
        page.fill("textarea[name=text]", NOTICE_2027)
        page.click("button[name=preview]")
        assert "请假：艾丽 · 事假 · 2027-02-15 上午 – 2027-02-20 下午 — 5 → 6 个工作日" in page.locator(
            "[data-testid=impacts]").inner_text()
        page.click("[data-testid=save]")
        page.wait_for_url("**/calendar/2027/")
        assert "2027 年放假通知已载入。" in page.locator(".messages").inner_text()

    leave = LeaveRequest.objects.get()
    assert (leave.working_days, leave.count_provisional) == (6, False)


def test_the_revision_editor_fits_1366_pixels(live_server, page, leave_policy, org):  # noqa: F811
    draft = revision_clone(revision=Revision.objects.filter(state=Revision.State.PUBLISHED).first(), by=org.admin)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, org.admin.username)
    page.goto(f"{live_server.url}/admin/discipline/revision/{draft.pk}/change/")
    assert page.locator("#rules-group").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
