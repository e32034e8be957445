"""The lateness pages: the form with its preview, the detail with the head's decision, the statement's chain, the list.
Chinese UI; today is Monday 2026-09-21 (conftest)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.leave_seed import bulk_staff
from discipline.models import Incident
from leave.lateness import lateness_record
from leave.models import Lateness

D = datetime.date


def form_data(**overrides):
    data = {"person": "", "kind": "late", "occurred_on": "2026-09-15", "half": "am", "minutes": "75",
            "note": "打卡记录 9:15"}
    data.update(overrides)
    return data


def test_recording_through_the_form_opens_the_chain(client, org):
    client.force_login(org.supervisor)

    response = client.post(reverse("leave:lateness_new"), form_data(person=org.employee.pk))

    lateness = Lateness.objects.get()
    assert response.url == lateness.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "迟到、早退已登记：迟到 75 分钟（上午）。" in page
    assert "R2 迟到60分钟按旷工半天处理（不少于 60 分钟） → 未经批准缺勤：2026-09-15 上午 → F5" in page
    assert "确认 2 条提议的违纪记录" in page


def test_the_preview_names_every_rule_and_the_heads_decision(client, org):
    client.force_login(org.supervisor)

    four = client.post(reverse("leave:lateness_preview"), form_data(person=org.employee.pk, minutes="4"),
                       headers={"HX-Request": "true"}).content.decode()
    twenty = client.post(reverse("leave:lateness_preview"), form_data(person=org.employee.pk, minutes="20"),
                         headers={"HX-Request": "true"}).content.decode()

    assert "F2" in four and "Q2" in four and "head-decides" not in four
    assert "F2" not in twenty and "Q2" in twenty
    assert "考勤规定中没有罚款条款覆盖这一时长：由科主任决定（选择条款或不另扣罚），并记录理由。" in twenty
    assert Lateness.objects.count() == 0


def test_bad_input_shows_the_reason_and_changes_nothing(client, org):
    client.force_login(org.supervisor)

    response = client.post(reverse("leave:lateness_new"), form_data(person=org.employee.pk, minutes="0"))

    assert response.status_code == 200
    assert "确保该值大于或等于1。" in response.content.decode()
    assert (Lateness.objects.count(), Incident.objects.count()) == (0, 0)


def test_the_head_decides_on_the_page(client, org):
    lateness = lateness_record(person=org.employee, by=org.supervisor, occurred_on=D(2026, 9, 15), half="am",
                               kind="late", minutes=20, note="打卡记录")
    client.force_login(org.head)

    page = client.get(lateness.get_absolute_url()).content.decode()
    response = client.post(reverse("leave:lateness_decide", args=[lateness.pk]), {"rule": "", "reason": "情有可原"})

    assert "科主任决定" in page and "不另扣罚" in page
    assert response.url == lateness.get_absolute_url()
    lateness.refresh_from_db()
    assert (lateness.decision, lateness.decision_reason) == (Lateness.Decision.NO_PENALTY, "情有可原")


def test_the_person_sees_the_chain_but_cannot_decide_or_cancel(client, org):
    lateness = lateness_record(person=org.employee, by=org.supervisor, occurred_on=D(2026, 9, 15), half="am",
                               kind="late", minutes=20, note="打卡记录")
    client.force_login(org.employee)

    page = client.get(lateness.get_absolute_url()).content.decode()
    client.post(reverse("leave:lateness_cancel", args=[lateness.pk]), {"reason": "不是我"})

    assert "等待科主任决定" in page and "撤销迟到记录" not in page
    assert Lateness.objects.get().state == Lateness.State.ACTIVE


def test_the_monthly_statement_shows_each_lateness_with_its_chain(client, org):
    lateness_record(person=org.employee, by=org.supervisor, occurred_on=D(2026, 9, 15), half="am", kind="late",
                    minutes=75, note="打卡记录")
    lateness_record(person=org.employee, by=org.supervisor, occurred_on=D(2026, 9, 16), half="am", kind="late",
                    minutes=20, note="打卡记录")
    client.force_login(org.employee)

    page = client.get(reverse("discipline:person_statement", args=["1101", 2026, 9])).content.decode()

    assert "本月迟到、早退" in page
    assert "09-15 · 迟到 75 分钟（上午）" in page and "09-16 · 迟到 20 分钟（上午）" in page
    assert "未经批准缺勤：2026-09-15 上午 → F5 未经科主任批准,不按时上班,扣罚200元" in page
    assert "等待科主任决定" in page


def test_the_lateness_list_costs_the_same_for_10_and_1000_rows(client, org):
    client.force_login(org.head)
    client.get(reverse("leave:lateness_list"))
    people = bulk_staff(department=org.it, count=10, prefix="t", supervisor=org.supervisor)

    def add(count):
        Lateness.objects.bulk_create([
            Lateness(person=people[n % 10], department=org.it, occurred_on=D(2026, 3, 1) + datetime.timedelta(n % 300),
                     minutes=10, note="x", recorded_by=org.supervisor, decision="pending") for n in range(count)])

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("leave:lateness_list"), {"state": "decide"}).status_code == 200
        return len(captured)

    add(10)
    with_ten = count_queries()
    add(990)
    assert count_queries() == with_ten <= 15


@pytest.mark.parametrize("role", ["employee", "outsider"])
def test_only_leaders_open_the_form(client, org, role):
    client.force_login(getattr(org, role))
    assert client.get(reverse("leave:lateness_new")).status_code == 404
