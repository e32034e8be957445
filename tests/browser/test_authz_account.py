"""End to end in a browser: a 心内科 nurse asks for a 护士工作站 account, her head approves it from the inbox (htmx,
no reload), 护理部's head approves it as the system's owner, the vice president approves it (人员授权审批制度 七), IT
records the signed consent form, opens the account, and the register shows it."""

import pytest

from approvals.models import Step
from authz.models import AccountRequest, PermissionSet

from ..authz.hospital import Hospital, policy_loaded  # noqa: F401 (a fixture)
from .helpers import approve_in_place, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def active_step(account_request):
    return Step.objects.get(request=account_request.approval_id, state=Step.State.ACTIVE)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_account_request_from_the_form_to_the_register(live_server, page, policy_loaded, org, viewport):
    hospital = Hospital(org)
    page.set_viewport_size(VIEWPORTS[viewport])
    ward_nurse = PermissionSet.objects.get(system__code="nurse_ws", name="病区护士")

    # The nurse asks; the permission sets appear when she picks the system (htmx).
    sign_in(page, live_server, hospital.nurse.username)
    page.goto(live_server.url + "/authz/new/")
    page.select_option("select[name=system]", value=str(ward_nurse.system_id))
    page.locator("[data-testid=chain-preview]").wait_for()
    page.check(f"input[name=permission_sets][value='{ward_nurse.pk}']")
    page.fill("textarea[name=reason]", "心内科病区护士，需执行医嘱、书写护理记录。")
    page.click("[data-testid=save-submit]")
    page.wait_for_url("**/authz/requests/*/")
    account_request = AccountRequest.objects.get()
    assert page.url == live_server.url + account_request.get_absolute_url()
    assert account_request.approval.state == "pending"

    # Her department's head approves from the inbox, in place.
    sign_in(page, live_server, hospital.ward_head.username)
    page.goto(live_server.url + "/approvals/")
    approve_in_place(page, active_step(account_request), "同意")

    # 护理部's head, the system's owner, approves from the request's page.
    step = active_step(account_request)
    assert step.assignee == hospital.nursing_head
    sign_in(page, live_server, hospital.nursing_head.username)
    page.goto(live_server.url + account_request.get_absolute_url())
    approve_in_place(page, step, "同意")

    # The vice president in charge approves from the inbox.
    step = active_step(account_request)
    assert step.assignee == hospital.vp
    sign_in(page, live_server, hospital.vp.username)
    page.goto(live_server.url + "/approvals/")
    approve_in_place(page, step, "同意")

    # IT finds it in its queue, records the signed consent form, opens the account and records that the password
    # was handed over.
    sign_in(page, live_server, hospital.it.username)
    page.goto(live_server.url + "/authz/it/")
    page.click(f"a[href='{account_request.get_absolute_url()}']")
    page.click("[data-testid=consent] button[type=submit]")
    page.locator("[data-testid=execute] input[name=account_id]").wait_for()
    page.fill("input[name=account_id]", "ailin")
    page.check("input[name=password_delivered]")
    page.click("[data-testid=execute] button[type=submit]")
    page.locator("[data-testid=account-id]").wait_for()
    assert page.locator("[data-testid=account-id]").inner_text() == "ailin"

    # The register shows who holds what, since when, through which request, carried out by whom.
    page.goto(live_server.url + "/authz/grants/")
    rows = page.locator("[data-testid=grant]")
    assert rows.count() == 1
    text = rows.first.inner_text()
    for expected in ("艾琳", "心内科", "护士工作站", "病区护士", "ailin", f"#{account_request.pk}", "艾丽"):
        assert expected in text
