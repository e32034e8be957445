"""人员授权审批制度 (六): 涉及全院的系统投入运行、网络系统接入和重要资源的访问等的关键活动由医院分管信息的副院长
进行审批 — each a kind of request (data) with its own request type that goes to the VP, then IT carries it out."""

import pytest
from django.urls import reverse

from approvals.models import ApprovalRequest as Request
from approvals.models import ChainRule, Step
from approvals.services import Decision, step_decide
from authz import services
from authz.models import KeyActivity, KeyActivityKind
from core.errors import ServiceError
from notifications.models import Notification

from .hospital import system


def kind(code):
    return KeyActivityKind.objects.get(code=code)


def put(hospital, code="network", by=None, **extra):
    by = by or hospital.doctor
    activity = services.key_activity_create(
        by=by, kind=kind(code), title="心内科新病区接入内网", description="新病区 20 个信息点接入医院内网。",
        scope="心内科新病区，约 30 台终端", **extra)
    services.subject_submit(subject=activity, by=by)
    activity.approval.refresh_from_db()
    return activity


def chain(activity):
    return list(activity.approval.steps.order_by("order").values_list("label", "assignee__username", "kind"))


def test_the_three_kinds_of_section_six_are_data_each_on_its_own_request_type(db):
    kinds = list(KeyActivityKind.objects.values_list("code", "name", "request_type__code"))
    vp_rules = ChainRule.objects.filter(request_type__code__startswith="authz.activity.", approver="vp_it",
                                        condition="always")

    assert kinds == [("golive", "全院系统投入运行", "authz.activity.golive"),
                     ("network", "网络系统接入", "authz.activity.network"),
                     ("resource", "重要资源的访问", "authz.activity.resource")]
    assert sorted(vp_rules.values_list("request_type__code", flat=True)) == [
        "authz.activity.golive", "authz.activity.network", "authz.activity.other", "authz.activity.resource"]


@pytest.mark.parametrize("code", ["golive", "network", "resource"])
def test_each_kind_goes_to_the_head_then_the_vp_then_it(hospital, code):
    activity = put(hospital, code)

    assert chain(activity) == [("申请科室负责人审核", "4900", "approve"), ("分管院长审批", "0100", "approve"),
                               ("信息科办理", None, "execute")]
    assert activity.approval.title == f"{kind(code).name} · 心内科新病区接入内网"


def test_it_carries_it_out_once_the_vp_approved_and_everyone_hears(hospital):
    activity = put(hospital, system=system("network"))
    for approver in (hospital.ward_head, hospital.vp):
        step_decide(step=Step.objects.get(request=activity.approval, state=Step.State.ACTIVE), by=approver,
                    decision=Decision.APPROVE, comment="同意")
    Notification.objects.all().delete()

    services.key_activity_execute(activity=activity, by=hospital.it, note="已配置 VLAN 120 并接入核心交换机。")

    activity.refresh_from_db()
    assert (activity.executed_by, activity.execution_note, activity.approval.state) == (
        hospital.it, "已配置 VLAN 120 并接入核心交换机。", Request.State.APPROVED)
    assert sorted(Notification.objects.filter(subject__startswith="Done:").values_list(
        "recipient__username", flat=True)) == ["4101", "4900"]


def test_it_cannot_carry_it_out_before_the_vp(hospital):
    activity = put(hospital)
    step_decide(step=Step.objects.get(request=activity.approval, state=Step.State.ACTIVE), by=hospital.ward_head,
                decision=Decision.APPROVE)

    with pytest.raises(ServiceError) as refused:
        services.key_activity_execute(activity=activity, by=hospital.it, note="做了")

    assert refused.value.message == "This request is still waiting for approval."


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": " "}, "Give the activity a title."),
    ({"description": ""}, "Say what is to be done, and why."),
    ({"scope": ""}, "Say who and what it affects."),
])
def test_an_incomplete_activity_is_refused(hospital, fields, message):
    values = {"kind": kind("resource"), "title": "科研数据提取", "description": "提取 2025 年心衰住院数据。",
              "scope": "病案与检验数据库", **fields}
    with pytest.raises(ServiceError) as refused:
        services.key_activity_create(by=hospital.doctor, **values)
    assert refused.value.message == message
    assert KeyActivity.objects.count() == 0


def test_an_admin_adds_a_kind_on_the_request_type_for_other_key_activities(hospital):
    from approvals.models import RequestType
    from django.core.exceptions import ValidationError

    other = RequestType.objects.get(code="authz.activity.other")
    ChainRule.objects.filter(request_type=other, order=1).delete()  # an admin's chain: the VP, then IT
    upgrade = KeyActivityKind(code="upgrade", name="核心系统升级", request_type=other)
    upgrade.full_clean()
    upgrade.save()
    wrong = KeyActivityKind(code="leave", name="请假", request_type=RequestType.objects.get(code="leave.request"))

    activity = put(hospital, "upgrade")

    assert chain(activity) == [("分管院长审批", "0100", "approve"), ("信息科办理", None, "execute")]
    with pytest.raises(ValidationError) as invalid:
        wrong.full_clean()
    assert invalid.value.message_dict == {  # limit_choices_to: only the authz.activity.* request types
        "request_type": [f"request type instance with id {wrong.request_type_id} is not a valid choice."]}


# The pages ------------------------------------------------------------------------------------------------------

def test_putting_an_activity_through_the_form(client, hospital):
    client.force_login(hospital.doctor)

    response = client.post(reverse("authz:activity_new"), {
        "kind": kind("golive").pk, "title": "移动护理系统全院上线", "system": "", "description": "移动护理系统在全院病区上线。",
        "scope": "全院 32 个病区", "planned_on": "2026-12-20", "action": "submit"})

    activity = KeyActivity.objects.get()
    assert response.url == activity.get_absolute_url()
    assert activity.approval.state == Request.State.PENDING
    page = client.get(response.url).content.decode()
    assert "全院系统投入运行" in page and "全院 32 个病区" in page


def test_the_it_queue_lists_activities_waiting_for_it(client, hospital):
    activity = put(hospital)
    for approver in (hospital.ward_head, hospital.vp):
        step_decide(step=Step.objects.get(request=activity.approval, state=Step.State.ACTIVE), by=approver,
                    decision=Decision.APPROVE)
    client.force_login(hospital.it)

    response = client.get(reverse("authz:it_queue"), {"tab": "activities"})

    assert [row.pk for row in response.context["page"].object_list] == [activity.pk]


def test_someone_outside_the_chain_does_not_see_it(client, hospital):
    activity = put(hospital)
    client.force_login(hospital.finance_head)

    assert client.get(activity.get_absolute_url()).status_code == 404
    assert list(client.get(reverse("authz:activity_list")).context["page"].object_list) == []


def test_the_activity_list_costs_the_same_for_10_and_1000_rows(client, hospital):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(hospital.it)
    client.get(reverse("authz:activity_list"))
    request_type = kind("network").request_type
    content_type = ContentType.objects.get_for_model(KeyActivity)

    def add(count):
        approvals = Request.objects.bulk_create([
            Request(request_type=request_type, applicant=hospital.doctor, department=hospital.org.ward, title=f"接入{n}",
                    state=Request.State.PENDING, subject_type=content_type, subject_id=0) for n in range(count)])
        KeyActivity.objects.bulk_create([
            KeyActivity(applicant=hospital.doctor, approval=approval, kind=kind("network"), title=approval.title,
                        description="接入", scope="病区") for approval in approvals])

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("authz:activity_list")).status_code == 200
        return len(captured)

    add(10)
    with_ten = count_queries()
    add(990)
    assert count_queries() == with_ten <= 15
