"""In a browser: staff fill the month's self-assessment on a phone, the head reviews and confirms on a desktop,
the person acknowledges, and HR downloads the Excel workbook and the PDF score sheets."""

import io
import subprocess

import openpyxl
import pytest
from playwright.sync_api import expect
from django.utils import timezone

from appraisal import services
from appraisal.models import Scorecard, month_start
from staff.models import Post
from core.roles import Role

from ..factories import PASSWORD, DepartmentFactory, StaffProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
CONTEXTS = []
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def _close_contexts():
    yield
    while CONTEXTS:
        CONTEXTS.pop().close()


@pytest.fixture
def people():
    it = DepartmentFactory(code="it", name="信息科")
    hr_department = DepartmentFactory(code="hr", name="人事科")
    head = StaffProfileFactory(user=UserFactory(username="1001", name="王建国", roles=[Role.DEPARTMENT_HEAD]),
                               department=it, post=Post.objects.get(code="head")).user
    it.head = head
    it.save()
    employee = StaffProfileFactory(user=UserFactory(username="1004", name="刘洋", roles=[Role.STAFF]), department=it,
                                   post=Post.objects.get(code="security_admin"), supervisor=head).user
    hr = StaffProfileFactory(user=UserFactory(username="2001", name="周敏", roles=[Role.HR]),
                             department=hr_department).user
    services.scorecards_create_for_month(period=month_start(timezone.localdate()))
    return {"head": head, "employee": employee, "hr": hr}


def sign_in(browser, live_server, username, viewport):
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    CONTEXTS.append(context)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    return page


def test_self_assessment_on_a_phone_review_confirm_and_hr_downloads(browser, live_server, people, tmp_path):
    scorecard = Scorecard.objects.get(user=people["employee"])

    # 刘洋 on his phone: from the home page to the self-assessment, one card per item.
    phone = sign_in(browser, live_server, "1004", PHONE)
    phone.click(f"a[href='/appraisal/{scorecard.pk}/self/']")
    phone.wait_for_url(f"**/appraisal/{scorecard.pk}/self/")
    inputs = phone.locator("input.score-input")
    assert inputs.count() == 27
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.locator("[data-testid^=item-] >> nth=0").get_by_role("button").first.click()  # description and criteria
    first_line = scorecard.lines.order_by("item__section__order", "item__order").first()
    expect(phone.locator(f"#details-{first_line.pk}")).to_be_visible()
    for index in range(inputs.count()):
        field = inputs.nth(index)
        field.fill(field.get_attribute("data-max"))
    assert phone.locator("[data-self-total]").inner_text() == "100.0"
    phone.fill("textarea[name=summary_gains]", "完成等保测评整改，处理安全告警23起。")
    phone.click("[data-testid=save-draft]")
    phone.wait_for_url(f"**/appraisal/{scorecard.pk}/self/")
    phone.click("[data-testid=submit]")
    phone.wait_for_url(f"**/appraisal/{scorecard.pk}/")
    assert phone.locator("[data-testid=state]").get_attribute("class").endswith("text-bg-info fs-6")

    # 王建国 reviews on a desktop: the self score beside his input, a bonus line added in place, then confirms.
    desk = sign_in(browser, live_server, "1001", DESKTOP)
    desk.goto(live_server.url + f"/appraisal/{scorecard.pk}/review/")
    first = scorecard.lines.order_by("item__section__order", "item__order").first()
    assert desk.locator(f"[data-testid=self-score-{first.item_id}]").inner_text() == "15.0"
    reviewer_inputs = desk.locator("#review-form input.score-input")
    for index in range(reviewer_inputs.count()):
        field = reviewer_inputs.nth(index)
        field.fill(field.get_attribute("data-max"))
    desk.locator("#adjustments details summary").click()
    desk.select_option("#adjustments select[name=kind]", "bonus")
    desk.fill("#adjustments textarea[name=fact]", "周六加班完成防火墙策略迁移")
    desk.fill("#adjustments textarea[name=basis]", "院领导临时安排，有工作记录")
    desk.fill("#adjustments input[name=points]", "2")
    desk.click("[data-testid=add-line]")
    desk.wait_for_selector("text=周六加班完成防火墙策略迁移")
    desk.fill("textarea[name=opinion]", "工作认真负责。")
    desk.click("[data-testid=confirm-review]")
    desk.wait_for_url(f"**/appraisal/{scorecard.pk}/")

    # 刘洋 acknowledges (被考核人签字确认): both confirmed, the scorecard is locked.
    phone.goto(live_server.url + f"/appraisal/{scorecard.pk}/")
    phone.click("[data-testid=acknowledge]")
    phone.wait_for_selector("[data-testid=state].text-bg-success")
    assert phone.locator("[data-testid=final]").inner_text() == "102.00"
    assert phone.locator("[data-testid=grade]").inner_text() == "出色"
    scorecard.refresh_from_db()
    assert (scorecard.state, scorecard.result_final) == ("locked", 102)

    # 周敏 (HR) exports the month: the job runs, its download link appears, both files are right.
    hr = sign_in(browser, live_server, "2001", DESKTOP)
    files = {}
    for fmt in ("xlsx", "pdf"):
        hr.goto(live_server.url + "/appraisal/exports/")
        hr.fill("input[name=month]", scorecard.period.strftime("%Y-%m"))
        hr.select_option("select[name=format]", fmt)
        hr.click("[data-testid=start-export]")
        link = hr.locator("[data-testid^=download-]").first
        link.wait_for()
        assert link.inner_text().endswith(f"全院.{fmt}")
        with hr.expect_download() as download:
            link.click()
        files[fmt] = tmp_path / f"month.{fmt}"
        download.value.save_as(files[fmt])

    workbook = openpyxl.load_workbook(io.BytesIO(files["xlsx"].read_bytes()), data_only=True)
    assert workbook.sheetnames == ["汇总", "1004 刘洋"]
    assert [cell.value for cell in workbook["汇总"][4]][2:14] == [
        "刘洋", "信息科", "安全管理员", 70, 20, 10, 100, 2, 0, 102, "出色", 1]
    text = "".join(subprocess.run(["pdftotext", str(files["pdf"]), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "安全管理员绩效考核表" in text and "刘洋（1004）" in text and "102.00" in text
