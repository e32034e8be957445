"""End to end in a browser: a system administrator asks for two days of 事假 (the preview counts the working days),
the deputy approves from the inbox in place (htmx), the head on the leave's page on his phone (390 px), and the
department calendar shows her away."""

import datetime
import zoneinfo

import pytest
import time_machine

from approvals.models import Step
from leave.models import LeaveRequest
from core.roles import Role

from ..authz.hospital import reference_data
from ..factories import StaffProfileFactory, UserFactory
from .helpers import approve_in_place, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONDAY = datetime.datetime(2026, 9, 21, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def leave_policy(transactional_db):
    """What a previous transactional test's flush may have removed: posts, the fine schedule, the leave policy."""
    import importlib

    from django.apps import apps

    reference_data()
    importlib.import_module("discipline.migrations.0002_seed_schedules").load_schedules(apps, None)
    importlib.import_module("leave.migrations.0002_seed_policy").seed(apps, None)


def test_leave_from_the_form_to_the_calendar(live_server, page, leave_policy, org):
    colleague = StaffProfileFactory(user=UserFactory(username="1103", name="范文", roles=[Role.STAFF]),
                                    department=org.it, post=org.post, supervisor=org.supervisor).user
    with time_machine.travel(MONDAY, tick=True):
        sign_in(page, live_server, org.employee.username)
        page.goto(live_server.url + "/leave/new/")
        page.select_option("select[name=leave_type]", label="事假")
        page.fill("input[name=starts_on]", "2026-09-22")
        page.fill("input[name=ends_on]", "2026-09-23")
        page.locator("input[name=ends_on]").dispatch_event("change")
        page.locator("[data-testid=preview-days]").wait_for()
        assert page.locator("[data-testid=preview-days]").inner_text() == "2 个工作日"
        page.fill("textarea[name=reason]", "家中老人住院陪护")
        page.select_option("select[name=cover]", value=str(colleague.pk))
        page.click("#leave-form button[type=submit]")
        page.wait_for_url("**/leave/*/")
        leave = LeaveRequest.objects.get()
        assert page.locator("[data-testid=working-days]").inner_text() == "2"

        step = Step.objects.get(request=leave.approval_id, state=Step.State.ACTIVE)
        assert step.assignee == org.supervisor
        sign_in(page, live_server, org.supervisor.username)
        page.goto(live_server.url + "/approvals/")
        approve_in_place(page, step)

        # The head opens the leave on his phone (a notification's link) and approves on the leave's page.
        assert Step.objects.get(request=leave.approval_id, state=Step.State.ACTIVE).assignee == org.head
        sign_in(page, live_server, org.head.username)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(live_server.url + leave.get_absolute_url())
        page.click("[data-testid=decision] button[value=approve]")
        page.locator("[data-testid=decision]").wait_for(state="detached")
        page.screenshot(path="/tmp/xinke-leave-approved-on-its-page-390.png", full_page=True)
        assert (page.url, page.locator("[data-testid=state]").inner_text()) == (
            live_server.url + leave.get_absolute_url(), "已批准")
        leave.refresh_from_db()
        assert leave.state == "approved"
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(live_server.url + "/leave/calendar/?month=2026-09")
        row = page.locator("[data-testid=calendar] tbody tr", has_text="艾丽")
        assert row.locator(".cal-approved").count() == 2
        assert row.locator("td").last.inner_text() == "2"
