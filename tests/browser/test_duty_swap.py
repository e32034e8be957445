"""End to end: a system administrator asks a colleague on her phone to swap next month's main shift for one of his,
the colleague accepts on his phone, and the head approves it from the approvals inbox in place (htmx); the roster
then shows each on the other's day."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from approvals.models import Step
from core.roles import Role
from dutyroster.models import Assignment, DutyType, Roster, Swap, month_start, next_month

from ..authz.hospital import person
from .helpers import approve_in_place, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(db):
    """What the migrations load (a transactional test's flush removes it): duty types and the swap's chain."""
    importlib.import_module("dutyroster.migrations.0002_seed_duty_types").seed(apps, None)
    importlib.import_module("dutyroster.migrations.0005_swap_request_type").seed(apps, None)


def duty(roster, who, day):
    assignment = Assignment(roster=roster, person=who, day=day, duty_type=DutyType.objects.get(code="main"))
    assignment.set_times()
    assignment.save()
    return assignment


def test_a_swap_asked_accepted_and_approved_in_the_inbox(live_server, page, reference_data, org):
    colleague = person("1103", "范文", org.it, [Role.STAFF], supervisor=org.supervisor)
    first = next_month(month_start(timezone.localdate()))
    roster = Roster.objects.create(department=org.it, month=first, state=Roster.State.PUBLISHED,
                                   published_by=org.head, published_at=timezone.now())
    given = duty(roster, org.employee, first + datetime.timedelta(days=4))
    taken = duty(roster, colleague, first + datetime.timedelta(days=10))

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, org.employee.username)
    page.goto(f"{live_server.url}/duty/shifts/{given.pk}/")
    page.get_by_role("link", name="申请与同事换班").click()
    page.select_option("select[name=colleague]", str(colleague.pk))
    page.select_option("select[name=taken]", str(taken.pk))
    page.fill("textarea[name=reason]", "参加省卫健委信息化培训")
    page.locator("main form button[type=submit]").click()
    page.locator("[data-testid=swap-state]").filter(has_text="等待同事答复").wait_for()
    swap = Swap.objects.get()
    page.screenshot(path="/tmp/xinke-duty-swap-asked-390.png", full_page=True)

    sign_in(page, live_server, colleague.username)
    page.get_by_role("link", name=f"{org.employee.display_name}请您代班").first.click()  # 待我处理 on the home page
    page.fill("textarea[name=note]", "可以")
    page.click("[data-testid=accept]")
    page.locator("[data-testid=swap-state]").filter(has_text="待审批").wait_for()
    page.screenshot(path="/tmp/xinke-duty-swap-accepted-390.png", full_page=True)

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, org.head.username)
    page.goto(live_server.url + "/approvals/")
    swap.refresh_from_db()
    step = Step.objects.get(request=swap.approval, state=Step.State.ACTIVE)
    assert step.assignee == org.head
    assert "换班申请" in page.locator(f"#step-{step.pk}").inner_text()
    approve_in_place(page, step, comment="同意")
    page.screenshot(path="/tmp/xinke-duty-swap-approved-1366.png", full_page=True)

    swap.refresh_from_db()
    given.refresh_from_db()
    taken.refresh_from_db()
    assert (swap.state, given.person, taken.person) == (Swap.State.APPROVED, colleague, org.employee)
    page.goto(f"{live_server.url}/duty/swaps/{swap.pk}/")
    assert page.locator("[data-testid=swap-state]").inner_text() == "已批准，值班表已调整"
