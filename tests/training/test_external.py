"""External training (外派培训): asked for with cost and dates, approved by the head and then the vice president
(chain rules in admin); afterwards the certificate, and the hours credited once a leader confirms them."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals.models import ChainRule, Step
from approvals.services import Decision, step_decide
from core.errors import ServiceError
from training import selectors
from training.models import ExternalTraining
from training.services import external

from tests.approvals.panel_page import approve_on_the_page
from tests.html import by_testid, find_all

from .helpers import page_text, vice_president

PDF = b"%PDF-1.4\n%test\n"
FIELDS = {"title": "医院信息化建设高级研修班", "organiser": "省卫健委信息中心", "place": "省卫健委培训中心",
          "starts_on": datetime.date(2026, 11, 2), "ends_on": datetime.date(2026, 11, 4), "cost": Decimal("2400"),
          "hours": Decimal("16"), "requirement": "elective", "reason": "学习互联互通测评要求"}


@pytest.fixture
def vp(org):
    return vice_president()


def approve_all(record):
    while True:
        step = Step.objects.filter(request=record.approval, state=Step.State.ACTIVE).select_related("assignee").first()
        if step is None:
            break
        step_decide(step=step, by=step.assignee, decision=Decision.APPROVE, comment="同意")
    record.refresh_from_db()
    return record


def test_the_chain_is_data(db):
    assert list(ChainRule.objects.filter(request_type__code="training.external").values_list("label", "approver")) \
        == [("科室负责人审批", "department_head"), ("分管院长审批", "vp_it")]


def test_from_the_request_to_the_hours(org, vp):
    record = external.external_request(person=org.employee, by=org.employee, **FIELDS)
    assert [(s.assignee.username, s.state) for s in record.approval.steps.order_by("order")] == [
        ("1100", "active"), ("0001", "waiting")]
    record = approve_all(record)
    assert record.state == "approved"
    assert selectors.person_ledger(org.employee, 2026).external == 0
    record = external.external_report(record=record, by=org.employee, certificate=SimpleUploadedFile("证书.pdf", PDF),
                                       report="学习了互联互通测评的要求", hours=Decimal("16"))
    assert record.state == "reported"
    with pytest.raises(ServiceError) as refused:
        external.external_confirm(record=record, by=org.employee, accept=True)
    assert refused.value.message == "只有本科室负责人可以确认外派培训。"
    record = external.external_confirm(record=record, by=org.supervisor, accept=True, hours=Decimal("12"))
    assert (record.state, record.hours_credited, record.confirmed_by) == ("confirmed", 12, org.supervisor)
    assert selectors.person_ledger(org.employee, 2026).external == 12


def test_the_certificate_sent_back_needs_a_reason(org, vp):
    record = approve_all(external.external_request(person=org.employee, by=org.employee, **FIELDS))
    record = external.external_report(record=record, by=org.employee, certificate=SimpleUploadedFile("证书.pdf", PDF),
                                      report="总结", hours=Decimal("16"))
    with pytest.raises(ServiceError):
        external.external_confirm(record=record, by=org.head, accept=False)
    record = external.external_confirm(record=record, by=org.head, accept=False, note="证书不清晰，请重新上传")
    assert record.state == "approved"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"ends_on": datetime.date(2026, 11, 1)}, "培训结束日期早于开始日期。"),
    ({"cost": Decimal("-1")}, "费用不能为负数。"),
    ({"reason": ""}, "请说明工作需要的理由。"),
])
def test_bad_requests_change_nothing(org, overrides, message):
    with pytest.raises(ServiceError) as refused:
        external.external_request(person=org.employee, by=org.employee, **{**FIELDS, **overrides})
    assert refused.value.message == message
    assert ExternalTraining.objects.count() == 0


def test_a_rejected_request_and_a_withdrawn_one(org, vp):
    record = external.external_request(person=org.employee, by=org.employee, **FIELDS)
    step = Step.objects.get(request=record.approval, state=Step.State.ACTIVE)
    step_decide(step=step, by=org.head, decision=Decision.REJECT, comment="经费不足")
    record.refresh_from_db()
    assert record.state == "rejected"
    other = external.external_request(person=org.employee, by=org.employee, **FIELDS)
    assert external.external_withdraw(record=other, by=org.employee).state == "withdrawn"


def test_through_the_pages(client, org, vp):
    client.force_login(org.employee)
    response = client.post(reverse("training:external_new"), {
        **FIELDS, "starts_on": "2026-11-02", "ends_on": "2026-11-04", "plan_item": ""})
    record = ExternalTraining.objects.get()
    assert response.url == reverse("training:external_detail", args=[record.pk])
    approve_all(record)
    client.post(reverse("training:external_report", args=[record.pk]), {
        "certificate": SimpleUploadedFile("证书.pdf", PDF), "hours": "16", "report": "学习总结"})
    client.force_login(org.head)
    response = client.post(reverse("training:external_confirm", args=[record.pk]), {"accept": "1", "hours": "16"},
                           follow=True)
    assert "16 学时已计入。" in page_text(response)
    client.force_login(org.outsider)
    assert client.get(reverse("training:external_detail", args=[record.pk])).status_code == 404
    client.force_login(vp)  # on the chain
    assert client.get(reverse("training:external_detail", args=[record.pk])).status_code == 200


def test_the_list_sums_the_years_cost(client, org, vp):
    approve_all(external.external_request(person=org.employee, by=org.employee, **FIELDS))
    external.external_request(person=org.employee, by=org.employee, **dict(FIELDS, cost=Decimal("800.50")))
    refused = external.external_request(person=org.employee, by=org.employee, **dict(FIELDS, cost=Decimal("9999")))
    step_decide(step=Step.objects.get(request=refused.approval, state=Step.State.ACTIVE), by=org.head,
                decision=Decision.REJECT, comment="经费不足")
    external.external_request(person=org.employee, by=org.employee, **dict(
        FIELDS, starts_on=datetime.date(2025, 11, 2), ends_on=datetime.date(2025, 11, 4), cost=Decimal("5000")))

    client.force_login(org.employee)
    costs = " ".join(by_testid(client.get(reverse("training:external_list")), "external-costs").split())
    assert costs == "‹ 2026年 › 已批准：1 项，2400.00 元 审批中或退回修改：1 项，800.50 元"
    response = client.get(reverse("training:external_list"), {"year": "2025"})
    assert " ".join(by_testid(response, "external-costs").split()) == (
        "‹ 2025年 › 已批准：0 项，0.00 元 审批中或退回修改：1 项，5000.00 元")
    assert len(response.context["page"].object_list) == 1
    client.force_login(org.head)
    response = client.get(reverse("training:external_list"), {"scope": "department", "year": "x"})
    assert response.context["costs"] == {"committed_count": 1, "committed_cost": Decimal("2400.00"),
                                         "deciding_count": 1, "deciding_cost": Decimal("800.50")}


def test_the_approver_reads_the_request_on_the_approval_page(client, org, vp):
    record = external.external_request(person=org.employee, by=org.employee, **FIELDS)
    client.force_login(org.head)
    response = client.get(reverse("approvals:request_detail", args=[record.approval_id]))
    assert [" ".join(text.split()) for _tag, _attrs, text in find_all(response, "data-testid", "approval-fact")] == [
        "医院信息化建设高级研修班", "省卫健委信息中心", "省卫健委培训中心", "2026-11-02 – 2026-11-04", "2400.00", "16",
        "选修", "学习互联互通测评要求"]


def test_the_head_decides_on_the_requests_page_and_comes_back_to_it(client, org, vp):
    record = external.external_request(person=org.employee, by=org.employee, **FIELDS)
    page = reverse("training:external_detail", args=[record.pk])
    step = record.approval.steps.get(order=1)

    approve_on_the_page(client, page, step=step, onlooker=org.employee, approver=org.head)

    step.refresh_from_db()
    assert step.state == "approved"
