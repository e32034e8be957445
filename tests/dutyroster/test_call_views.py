"""Fault call pages: a ward files a ticket, IT records and works a call, targets and findings on the call's page,
the monthly report per person and per calling department, complaints linked to the call."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from dutyroster.models import Complaint, FaultCall

from .conftest import NOW, assign

D = datetime.date


@pytest.fixture
def on_the_phone(org, november, types, colleague):
    return assign(november, colleague, D(2026, 11, 16), types["main"])


def test_a_ward_files_a_ticket(client, org, on_the_phone):
    client.force_login(org.outsider)
    page = client.get(reverse("duty:call_new")).content.decode()
    assert "值班电话：范文。" in page and "提交信息科" in page
    response = client.post(reverse("duty:call_new"), {"summary": "电子病历打不开", "location": "护士站"})
    call = FaultCall.objects.get()
    assert (response.url, call.channel, call.department, call.taken_by.username) == (
        reverse("duty:call", args=[call.pk]), "ticket", org.ward, "1103")


def test_it_records_and_works_a_call(client, org, on_the_phone, colleague):
    client.force_login(colleague)
    response = client.post(reverse("duty:call_new"), {
        "department": org.ward.pk, "caller": "韩雪", "channel": "phone", "received_at": "2026-11-16T08:40",
        "summary": "腕带打印不出", "taken_by": ""})
    call = FaultCall.objects.get()
    assert (call.received_at.isoformat(), call.taken_by, call.state) == ("2026-11-16T00:40:00+00:00", colleague, "new")
    client.post(reverse("duty:call_respond", args=[call.pk]), {"at": "2026-11-16T08:58"})
    client.post(reverse("duty:call_resolve", args=[call.pk]), {"resolution": "更换色带", "at": ""})
    page = client.get(response.url).content.decode()
    assert "超时" in page and "报修响应超时 · 范文" in page
    assert FaultCall.objects.get().state == "resolved"


def test_the_calling_department_sees_its_calls_and_no_others(client, org, on_the_phone, colleague):
    mine = FaultCall.objects.create(department=org.ward, caller="韩雪", received_at=NOW, summary="打印机",
                                    response_minutes=15, unattended_minutes=60, outage_hours=12)
    other = FaultCall.objects.create(department=org.hr_department, caller="多拉", received_at=NOW, summary="网络",
                                     response_minutes=15, unattended_minutes=60, outage_hours=12)
    client.force_login(org.outsider)
    assert client.get(reverse("duty:call", args=[mine.pk])).status_code == 200
    assert client.get(reverse("duty:call", args=[other.pk])).status_code == 404
    assert "打印机" in client.get(reverse("duty:calls"), {"view": "all"}).content.decode()
    assert "网络" not in client.get(reverse("duty:calls"), {"view": "all"}).content.decode()


def test_the_monthly_report_by_person_and_department(client, org, on_the_phone, colleague):
    from dutyroster.services import calls

    call = calls.call_record(by=org.outsider, department=org.ward, summary="腕带打印不出")
    with time_machine.travel(NOW + datetime.timedelta(minutes=20), tick=False):
        calls.call_respond(call=call, by=colleague)
    client.force_login(org.head)
    response = client.get(reverse("duty:call_report"), {"month": "2026-11"})
    people = dict((person.username, counts) for person, counts in response.context["person_rows"])
    departments = dict((department.name, counts) for department, counts in response.context["department_rows"])
    assert (people["1103"]["calls"], people["1103"]["response_late"], people["1103"]["average"]) == (1, 1, 20.0)
    assert (departments["心内科"]["calls"], departments["心内科"]["response_late"]) == (1, 1)
    client.force_login(org.employee)
    assert client.get(reverse("duty:call_report")).status_code == 404


def test_a_complaint_about_a_call(client, org, on_the_phone, colleague):
    call = FaultCall.objects.create(department=org.ward, caller="韩雪", received_at=NOW, summary="打印机",
                                    taken_by=colleague, response_minutes=15, unattended_minutes=60, outage_hours=12)
    client.force_login(org.head)
    response = client.post(f"{reverse('duty:complaint_new')}?call={call.pk}", {
        "person": colleague.pk, "department": org.ward.pk, "received_on": "2026-11-16", "text": "响应慢"})
    complaint = Complaint.objects.get()
    assert (response.url, complaint.call) == (reverse("duty:complaint", args=[complaint.pk]), call)
    page = client.post(reverse("duty:complaint_decide", args=[complaint.pk]),
                       {"upheld": "yes", "note": "经查属实"}, follow=True).content.decode()
    assert "经查属实：已作为考核记录提交" in page
    assert list(complaint.findings.values_list("rule_code", flat=True).order_by("rule_code")) == ["F16", "Q4a"]
