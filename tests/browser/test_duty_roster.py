"""End to end at 1366×900: the head opens next month's roster, drafts it from the rotation, finds the conflict with a
colleague's approved leave that nobody in the rotation could take, gives that duty to someone free in the cell editor
(htmx: the conflict goes and Publish comes alive without a reload) and publishes."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from dutyroster.models import Assignment, DutyType, Roster, Rotation, RotationMember, month_start, next_month
from dutyroster.rotation import day_flags
from leave import services as leave_services
from leave.models import Half, LeaveType
from staff.roles import Role

from ..authz.hospital import person
from ..leave.conftest import decide_all
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(db):
    """What the migrations load (a transactional test's flush removes it): duty types, leave types and chains."""
    importlib.import_module("dutyroster.migrations.0002_seed_duty_types").seed(apps, None)
    importlib.import_module("discipline.migrations.0002_seed_schedules").load_schedules(apps, None)
    importlib.import_module("leave.migrations.0002_seed_policy").seed(apps, None)


def test_the_head_drafts_fixes_a_leave_conflict_and_publishes(live_server, page, reference_data, org):
    colleague = person("1103", "范文", org.it, [Role.STAFF], supervisor=org.supervisor)
    first = next_month(month_start(timezone.localdate()))
    rotation = Rotation.objects.create(department=org.it, duty_type=DutyType.objects.get(code="main"), name="值主班",
                                       anchor_on=first)
    flags, _unknown = day_flags(first, first + datetime.timedelta(days=27))
    # Leave is asked for a working day after the first: the other person of the rotation is resting after the day
    # before's 24-hour duty, so the draft finds nobody to take 范文's turn and lists the conflict.
    away = min(day for day, workday in flags.items() if workday and day > first)
    turns = [colleague, org.employee] if (away - first).days % 2 == 0 else [org.employee, colleague]
    for order, member in enumerate(turns, start=1):  # every day one person in turn: 范文's turn falls on `away`
        RotationMember.objects.create(rotation=rotation, person=member, order=order)
    decide_all(leave_services.leave_apply(
        person=colleague, by=colleague, leave_type=LeaveType.objects.get(code="personal"), starts_on=away,
        start_half=Half.MORNING, ends_on=away, end_half=Half.AFTERNOON, reason="家中有事", cover=org.employee))

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, org.head.username)
    page.goto(f"{live_server.url}/duty/rosters/it/{first:%Y-%m}/")
    page.get_by_role("button", name="新建值班表").click()
    page.click("[data-testid=draft]")
    page.locator("[data-testid=conflicts]").filter(has_text="范文 值主班: 请假已批准").wait_for()
    assert page.locator("[data-testid=publish]").is_disabled()

    page.evaluate("window.xinkeStayedOnPage = true")
    page.locator(f"#cell-{colleague.pk}-{away:%Y%m%d} a").click()
    editor = page.locator("[data-testid=cell-editor]")
    editor.filter(has_text="请假已批准").wait_for()
    editor.locator("select").select_option(label=f"{org.supervisor.display_name} ({org.supervisor.username})")
    editor.get_by_role("button", name="改派").click()
    page.locator(f"#cell-{org.supervisor.pk}-{away:%Y%m%d} .duty-chip").wait_for()
    page.locator("[data-testid=conflicts]").wait_for(state="detached")  # the status refreshes itself
    assert page.locator("[data-testid=publish]").is_enabled()
    assert page.evaluate("window.xinkeStayedOnPage") is True
    # The rows' totals and the coverage footer follow the change without a reload.
    before = Assignment.objects.filter(person=colleague).count()
    assert page.locator(f"#total-{org.supervisor.pk}").inner_text() == "1"
    assert page.locator(f"#total-{colleague.pk}").inner_text() == str(before)
    page.screenshot(path="/tmp/xinke-duty-roster-fixed.png")

    # A day shift for the deputy on another working day: a new coverage row appears, the row's total is 2.
    later = min(day for day, workday in flags.items() if workday and (day - away).days >= 3)
    page.locator(f"#cell-{org.supervisor.pk}-{later:%Y%m%d} a").click()
    editor.filter(has_text=f"{later:%Y-%m-%d}").wait_for()
    editor.get_by_label("值白班").check()
    editor.get_by_role("button", name="保存").click()
    page.locator(f"#cell-{org.supervisor.pk}-{later:%Y%m%d} .duty-chip").wait_for()
    assert page.locator(f"#total-{org.supervisor.pk}").inner_text() == "2"
    day_row = page.locator("#roster-coverage tr").filter(has_text="值白班")
    assert day_row.locator("td").nth((later - first).days).inner_text() == "1"
    assert day_row.locator("td").nth((away - first).days).inner_text() == "0"
    assert "值白班 08:00–17:30" in page.locator("#roster-legend").inner_text()
    page.screenshot(path="/tmp/xinke-duty-roster-totals-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    editor.locator("[data-close-editor]").click()
    page.locator("[data-testid=roster-grid]").evaluate("table => table.parentElement.scrollLeft = 10000")
    page.locator("#roster-coverage").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/xinke-duty-roster-totals-390.png")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.click("[data-testid=publish]")
    page.locator("[data-testid=roster-state]").filter(has_text="已发布").wait_for()
    roster = Roster.objects.get()
    assert roster.state == Roster.State.PUBLISHED
    assert Assignment.objects.get(day=away).person == org.supervisor
