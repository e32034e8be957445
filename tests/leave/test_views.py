"""The leave pages: applying through the form, the preview, the detail, the cover and return forms, balances,
the export, absences. Chinese UI; today is Monday 2026-09-21 (conftest)."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leave.models import Absence, LeaveBalance, LeaveRequest

from tests.approvals.panel_page import approve_on_the_page
from tests.html import find_all

from .conftest import decide_all


def form_data(**overrides):
    data = {"leave_type": "", "starts_on": "2026-09-22", "start_half": "am", "ends_on": "2026-09-23",
            "end_half": "pm", "reason": "家中有事", "extension_reason": "", "cover": ""}
    data.update(overrides)
    return data


@pytest.fixture
def personal(types):
    return types["personal"].pk


def test_applying_through_the_form(client, org, personal, colleague):
    client.force_login(org.employee)
    response = client.post(reverse("leave:new"), form_data(leave_type=personal, cover=colleague.pk))
    leave = LeaveRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("leave:detail", args=[leave.pk])
    page = client.get(response.url)
    assert "您的请假申请已提交审批。" in page.content.decode()
    assert (leave.working_days, leave.cover, leave.state) == (Decimal("2"), colleague, "pending")


@pytest.mark.parametrize(("overrides", "message"), [
    ({"ends_on": "2026-09-20"}, "请假结束时间早于开始时间。"),
    ({"starts_on": "2026-10-01", "ends_on": "2026-10-07"}, "所选日期均为周末或法定节假日，无需请假。"),
    ({"starts_on": "2026-09-28", "ends_on": "2026-10-13"}, "请假超过 7 个工作日"),
    ({"starts_on": "not a date"}, "输入一个有效的日期。"),
])
def test_bad_input_shows_the_reason_and_changes_nothing(client, org, personal, overrides, message):
    client.force_login(org.employee)
    response = client.post(reverse("leave:new"), form_data(leave_type=personal, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert LeaveRequest.objects.count() == 0


def test_the_preview_counts_the_days_and_names_the_holidays(client, org, personal):
    client.force_login(org.employee)
    response = client.get(reverse("leave:preview"), form_data(leave_type=personal, starts_on="2026-09-28",
                                                              ends_on="2026-10-13"), headers={"HX-Request": "true"})
    text = response.content.decode()
    assert "8 个工作日" in text
    assert "不计入：期间有 8 天为周末或节假日。" in text
    assert "超过 7 个工作日：须经科室负责人批准延长离岗，请说明理由。" in text
    assert "F4a" in text and "400 元" in text


def test_the_preview_without_dates_asks_for_them(client, org):
    client.force_login(org.employee)
    assert "选择类别和日期后显示工作日天数。" in client.get(reverse("leave:preview")).content.decode()


def test_another_persons_leave_is_not_found(client, org, apply):
    leave = apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 22))
    client.force_login(org.outsider)
    assert client.get(reverse("leave:detail", args=[leave.pk])).status_code == 404
    assert client.post(reverse("leave:withdraw", args=[leave.pk])).status_code == 404


def test_the_head_names_the_cover_and_approves_from_the_inbox(client, org, apply, colleague):
    leave = apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 22), cover=None)
    client.force_login(org.supervisor)
    step = leave.approval.steps.get(order=1)
    client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve"})
    client.force_login(org.head)
    last = leave.approval.steps.get(order=2)
    refused = client.post(reverse("approvals:decide", args=[last.pk]), {"decision": "approve"},
                          headers={"HX-Request": "true"})
    assert "最终批准前，请在请假单页面指定 艾丽 离岗期间的工作代理人。" in refused.content.decode()
    client.post(reverse("leave:cover", args=[leave.pk]), {"cover": colleague.pk})
    client.post(reverse("approvals:decide", args=[last.pk]), {"decision": "approve"},
                headers={"HX-Request": "true"})
    leave.refresh_from_db()
    assert (leave.state, leave.cover) == ("approved", colleague)
    page = client.get(reverse("leave:detail", args=[leave.pk])).content.decode()
    assert "F4a" in page and "50 元" in page


def test_the_person_records_the_return(client, org, apply, time_machine):
    leave = decide_all(apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 22)))
    time_machine.move_to(datetime.datetime(2026, 9, 23, 9, 0), tick=False)
    client.force_login(org.employee)
    response = client.post(reverse("leave:return", args=[leave.pk]), {"back_on": "2026-09-23", "back_half": "am"},
                           follow=True)
    assert "返岗已登记。" in response.content.decode()
    leave.refresh_from_db()
    assert leave.state == "closed"


def test_the_approver_reads_the_leave_on_the_approval_page(client, org, apply, colleague):
    leave = apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 23))
    client.force_login(org.supervisor)
    response = client.get(reverse("approvals:request_detail", args=[leave.approval_id]))
    assert [" ".join(text.split()) for _tag, _attrs, text in find_all(response, "data-testid", "approval-fact")] == [
        "事假", "2026-09-22 上午 – 2026-09-23 下午", "2", "家中有事", colleague.display_name]


def test_a_bad_return_is_refused_with_a_message(client, org, apply):
    leave = decide_all(apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 22)))
    client.force_login(org.employee)
    response = client.post(reverse("leave:return", args=[leave.pk]), {"back_on": "x", "back_half": "am"},
                           follow=True)
    assert "请填写返岗日期和时段。" in response.content.decode()
    assert LeaveRequest.objects.get().state == "approved"


def test_the_calendar_shows_who_is_away(client, org, apply):
    decide_all(apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 22)))
    client.force_login(org.head)
    response = client.get(reverse("leave:calendar"), {"month": "2026-09"})
    rows = {row.person.username: row for row in response.context["rows"]}
    day = rows["1101"].cells[21]
    assert (day[0].date, day[1].kind, day[1].label) == (datetime.date(2026, 9, 22), "approved", "事假")
    assert rows["1101"].away_days == Decimal("1")
    assert 'title="事假"' in response.content.decode()


def test_colleagues_see_that_someone_is_away_but_not_why(client, org, apply, colleague):
    certificate = SimpleUploadedFile("诊断证明.pdf", b"%PDF-1.4 x")
    decide_all(apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 22), code="sick", document=certificate))
    client.force_login(org.admin)  # a member of 信息科, not a leader
    response = client.get(reverse("leave:calendar"), {"month": "2026-09"})
    rows = {row.person.username: row for row in response.context["rows"]}
    entry = rows["1101"].cells[21][1]
    assert (entry.kind, entry.label, entry.url) == ("approved", "", "")
    assert "病假" not in response.content.decode()


def test_a_malformed_month_shows_the_current_one(client, org):
    client.force_login(org.employee)
    response = client.get(reverse("leave:calendar"), {"month": "2026-13"}, follow=True)
    assert response.context["month"] == datetime.date(2026, 9, 1)
    assert "请按 YYYY-MM 格式填写月份。" in response.content.decode()
    assert client.get(reverse("leave:calendar"), {"department": "abc"}).status_code == 404


def test_another_departments_calendar_shows_ones_own(client, org):
    client.force_login(org.outsider)
    response = client.get(reverse("leave:calendar"), {"department": org.it.pk})
    assert response.context["department"] == org.ward


def test_hr_edits_a_balance_inline(client, org, hr):
    balance = LeaveBalance.objects.create(person=org.employee, year=2026, entitlement=Decimal("5"))
    client.force_login(hr)
    response = client.post(reverse("leave:balance_edit", args=[balance.pk]),
                           {"entitlement": "7.5", "carried_over": "1", "note": "工龄满10年"},
                           headers={"HX-Request": "true"})
    assert "已保存" in response.content.decode()
    balance.refresh_from_db()
    assert (balance.entitlement, balance.carried_over) == (Decimal("7.5"), Decimal("1"))
    response = client.post(reverse("leave:balance_edit", args=[balance.pk]),
                           {"entitlement": "-1", "carried_over": "0"}, headers={"HX-Request": "true"})
    assert "确保该值大于或等于0。" in response.content.decode()
    balance.refresh_from_db()
    assert balance.entitlement == Decimal("7.5")


def test_hr_opens_a_year(client, org, hr):
    client.force_login(hr)
    response = client.post(reverse("leave:balances_open"), {"year": "2027"}, follow=True)
    assert "已为 6 人开启 2027 年度年假。" in response.content.decode()


def test_the_export_is_a_workbook_with_neutralised_text(client, org, apply, hr):
    apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 22), reason="=HYPERLINK(\"http://x\")")
    client.force_login(hr)
    response = client.get(reverse("leave:export"), {"scope": "team"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][:8] == ["编号", "工号", "姓名", "科室", "类别", "开始", "结束", "工作日"]
    row = [cell.value for cell in sheet[3]]
    assert row[1:8] == ["1101", "艾丽", "信息科", "事假", "2026-09-22 上午", "2026-09-22 下午", 1]
    assert row[8] == "'=HYPERLINK(\"http://x\")"


def test_a_leader_records_an_absence(client, org):
    client.force_login(org.supervisor)
    response = client.post(reverse("leave:absence_new"), {
        "person": org.employee.pk, "starts_on": "2026-09-18", "ends_on": "2026-09-18", "note": "未请假未到岗"},
        follow=True)
    assert "缺勤已登记" in response.content.decode()
    assert Absence.objects.get().incident.rule.code == "F5"


def test_the_monthly_statement_shows_the_leave_and_its_deduction(client, org, apply):
    leave = decide_all(apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 22), start_half="pm"))
    client.force_login(org.employee)
    response = client.get(reverse("discipline:person_statement", args=["1101", 2026, 9]))
    text = response.content.decode()
    assert f"事假 2026-09-22（半天），请假单 #{leave.pk}" in text
    assert "30 元" in text
    assert list(response.context["leaves"]) == [leave]


def test_a_returned_request_is_corrected_and_resubmitted(client, org, apply, personal, colleague):
    leave = decide_all(apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 22)), decision="return",
                       comment="请改为半天")
    assert (leave.state, leave.approval.state) == ("pending", "returned")
    client.force_login(org.employee)
    assert "修改并重新提交" in client.get(reverse("leave:detail", args=[leave.pk])).content.decode()
    response = client.post(reverse("leave:edit", args=[leave.pk]), form_data(
        leave_type=personal, starts_on="2026-09-22", ends_on="2026-09-22", end_half="am", cover=colleague.pk))
    assert response.status_code == 302
    leave.refresh_from_db()
    assert (leave.working_days, leave.approval.state, leave.approval.round) == (Decimal("0.5"), "pending", 2)


def test_a_document_missing_from_storage_is_not_found(client, org, apply):
    """The file was lost (a restore without the uploads): 404 for the person, not a 500 (issue 12.8)."""
    certificate = SimpleUploadedFile("诊断证明.pdf", b"%PDF-1.4 x")
    leave = apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 22), code="sick", document=certificate)
    leave.document.storage.delete(leave.document.name)
    client.force_login(org.employee)

    assert client.get(reverse("leave:document", args=[leave.pk])).status_code == 404


def test_the_approver_decides_on_the_leave_page_and_comes_back_to_it(client, org, apply, colleague):
    leave = apply(datetime.date(2026, 9, 22), datetime.date(2026, 9, 22), cover=None)
    page = reverse("leave:detail", args=[leave.pk])
    # The head's step comes second: the head sees no card while the deputy's is open.
    approve_on_the_page(client, page, step=leave.approval.steps.get(order=1), onlooker=org.head,
                        approver=org.supervisor)

    client.force_login(org.head)
    last = leave.approval.steps.get(order=2)
    assert len(find_all(client.get(page), "data-testid", "decision")) == 1
    refused = client.post(reverse("approvals:decide", args=[last.pk]), {"decision": "approve", "next": page},
                          follow=True)
    assert refused.redirect_chain == [(page, 302)]
    assert "最终批准前，请在请假单页面指定 艾丽 离岗期间的工作代理人。" in refused.content.decode()
    assert len(find_all(refused, "data-testid", "decision")) == 1
    client.post(reverse("leave:cover", args=[leave.pk]), {"cover": colleague.pk})
    approved = client.post(reverse("approvals:decide", args=[last.pk]), {"decision": "approve", "next": page},
                           follow=True)
    leave.refresh_from_db()
    assert (approved.redirect_chain, leave.state) == ([(page, 302)], "approved")
    assert find_all(approved, "data-testid", "decision") == []
