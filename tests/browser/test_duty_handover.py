"""End to end on a phone-sized browser: 艾丽 records her main shift's handover and hands over; 范文, on the next
shift, confirms one count, disputes the other and takes over; the dispute goes to the head."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from dutyroster.models import Assignment, DutyType, Handover, HandoverItem, Roster
from staff.roles import Role

from ..authz.hospital import person
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def duty_types(db):
    """The duty types the migration loads (a transactional test's flush removes them)."""
    importlib.import_module("dutyroster.migrations.0002_seed_duty_types").seed(apps, None)


def shift(org, person, day):
    roster, _ = Roster.objects.get_or_create(department=org.it, month=day.replace(day=1),
                                             defaults={"state": Roster.State.PUBLISHED})
    assignment = Assignment(roster=roster, person=person, day=day, duty_type=DutyType.objects.get(code="main"))
    assignment.set_times()
    assignment.save()
    return assignment


def test_the_handover_on_two_phones_with_a_disputed_count(live_server, page, duty_types, org):
    colleague = person("1103", "范文", org.it, [Role.STAFF])
    today = timezone.localdate()
    outgoing = shift(org, org.employee, today - datetime.timedelta(days=1))
    shift(org, colleague, today)
    page.set_viewport_size(PHONE)

    sign_in(page, live_server, org.employee.username)
    page.goto(live_server.url + outgoing.get_absolute_url())
    page.get_by_role("button", name="填写交班记录").click()
    page.locator("[data-testid=handover-state]").filter(has_text="交班人填写中").wait_for()
    for kind, name, count, where in (("spare", "备用台式机", "3", "库房2台、挂号处1台"), ("tool", "测线仪", "1", "")):
        page.select_option("#id_item-kind", kind)
        page.fill("#id_item-name", name)
        page.fill("#id_item-quantity", count)
        page.fill("#id_item-location", where)
        page.get_by_role("button", name="添加", exact=True).click()
        page.locator("[data-testid=item]").filter(has_text=name).wait_for()
    page.fill("#id_note", "自助机待厂家上门")
    page.click("[data-testid=hand-over]")
    page.locator("[data-testid=handover-state]").filter(has_text="已交班，待接班").wait_for()
    handover = Handover.objects.get()

    sign_in(page, live_server, colleague.username)
    page.get_by_role("link", name="请接艾丽的班").click()
    assert page.locator("[data-testid=take-over]").is_disabled()
    spare = page.locator("[data-testid=item]").filter(has_text="备用台式机")
    spare.locator("[data-testid=counted]").fill("2")
    spare.locator("[data-testid=dispute-note]").fill("挂号处那台不在")
    spare.locator("[data-testid=dispute]").click()
    page.locator("[data-testid=item]").filter(has_text="有异议：实点2——挂号处那台不在").wait_for()
    page.locator("[data-testid=item]").filter(has_text="测线仪").locator("[data-testid=confirm]").click()
    page.locator("[data-testid=item]").filter(has_text="测线仪").filter(has_text="数量无误").wait_for()
    page.click("[data-testid=take-over]")
    page.locator("[data-testid=handover-state]").filter(has_text="已接班，数量有异议").wait_for()
    assert "自助机待厂家上门" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    handover.refresh_from_db()
    assert (handover.state, handover.taken_over_by) == (Handover.State.DISPUTED, colleague)
    assert list(handover.items.order_by("order").values_list("checked", "counted")) == [
        (HandoverItem.Check.DISPUTED, 2), (HandoverItem.Check.CONFIRMED, 1)]
    page.screenshot(path="/tmp/xinke-duty-handover-phone.png", full_page=True)
