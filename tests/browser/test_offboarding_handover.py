"""End to end in a browser: 艾丽 hands her items over, her successor checks them and confirms each in place (htmx,
no reload), then confirms the whole handover; HR's panel then lists only what is still missing."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from offboarding import services
from offboarding.models import Handover, HandoverItem
from core.roles import Role

from ..authz.hospital import person, policy_loaded  # noqa: F401 (a fixture)
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def checklist(policy_loaded):  # noqa: F811
    """The checklist template the migration loads (a transactional test's flush removes it)."""
    importlib.import_module("offboarding.migrations.0002_seed_checklist").load(apps, None)


def test_the_successor_confirms_the_handover_in_place(live_server, page, checklist, org):
    successor = person("1106", "王工", org.it, [Role.STAFF])
    handover = services.handover_start(person=org.employee, kind="departure", effective_on=timezone.localdate(),
                                       successor=successor, by=org.employee)
    for item in handover.items.all():
        services.item_hand_over(item=item, by=org.employee, note="当面交付")

    sign_in(page, live_server, successor.username)
    page.goto(live_server.url + handover.get_absolute_url())
    page.evaluate("window.xinkeStayedOnPage = true")
    for item in handover.items.all():
        page.locator(f"#item-{item.pk} [data-testid=confirm-item]").click()
        page.locator(f"#item-{item.pk} [data-testid=item-state]").filter(has_text="Confirmed").or_(
            page.locator(f"#item-{item.pk} [data-testid=item-state]").filter(has_text="已确认")).wait_for()
    assert page.evaluate("window.xinkeStayedOnPage") is True
    assert set(handover.items.values_list("state", flat=True)) == {HandoverItem.State.CONFIRMED}

    page.click("[data-testid=confirm-handover]")
    page.locator("[data-testid=passwords-changed]").wait_for()
    handover.refresh_from_db()
    assert handover.state == Handover.State.CONFIRMED

    sign_in(page, live_server, org.hr.username)
    page.goto(live_server.url + handover.get_absolute_url())
    assert page.locator("[data-testid=refusals] li").count() == 1
