"""The handover pages on a phone: the outgoing person counts and hands over, the incoming person checks each count
(one disputed) and takes over, the head resolves; the record as a PDF with the user's text escaped."""

import datetime
import subprocess

import pytest
from django.urls import reverse

from dutyroster.models import Handover, HandoverItem
from tests.html import find_all

from .conftest import assign

D = datetime.date


@pytest.fixture
def shifts(org, november, types, colleague):
    return assign(november, org.employee, D(2026, 11, 15), types["main"]), \
        assign(november, colleague, D(2026, 11, 16), types["main"])


def test_the_whole_handover_through_the_pages(client, org, shifts, colleague):
    outgoing, _incoming = shifts
    client.force_login(org.employee)
    response = client.post(reverse("duty:handover_start", args=[outgoing.pk]))
    handover = Handover.objects.get()
    assert response.url == reverse("duty:handover", args=[handover.pk])
    client.post(reverse("duty:handover_item_add", args=[handover.pk]),
                {"item-kind": "spare", "item-name": "备用台式机", "item-quantity": 3, "item-location": "库房"})
    client.post(reverse("duty:handover_item_add", args=[handover.pk]),
                {"item-kind": "tool", "item-name": "测线仪", "item-quantity": 1})
    page = client.post(reverse("duty:handover_submit", args=[handover.pk]), {"note": "自助机待厂家"}, follow=True)
    assert "已交班：由下一班核对数量后接班。" in page.content.decode()

    client.force_login(colleague)
    spare, tool = handover.items.order_by("order")
    page = client.get(reverse("duty:handover", args=[handover.pk])).content.decode()
    assert "请逐项清点" in page and "接班（还有2项待核对）" in page
    client.post(reverse("duty:handover_item_check", args=[spare.pk]),
                {"decision": "dispute", "counted": 2, "note": "挂号处那台不在"})
    client.post(reverse("duty:handover_item_check", args=[tool.pk]), {"decision": "confirm"})
    page = client.post(reverse("duty:handover_take_over", args=[handover.pk]), follow=True).content.decode()
    assert "您已接班，有异议的数量已提交科主任处理。" in page
    assert "有异议：实点2——挂号处那台不在" in page

    client.force_login(org.head)
    page = client.get(reverse("duty:handover", args=[handover.pk])).content.decode()
    assert "处理交接异议" in page
    client.post(reverse("duty:handover_resolve", args=[handover.pk]),
                {"resolution": "备用机借给挂号处未登记", "wrong_items": [spare.pk]})
    handover.refresh_from_db()
    assert handover.state == Handover.State.RESOLVED
    assert handover.omissions.get().finding.incident.rule.code == "Q5"


def test_a_bad_count_is_refused_with_a_message(client, org, shifts):
    client.force_login(org.employee)
    client.post(reverse("duty:handover_start", args=[shifts[0].pk]))
    handover = Handover.objects.get()
    page = client.post(reverse("duty:handover_item_add", args=[handover.pk]),
                       {"item-kind": "spare", "item-name": "备用机", "item-quantity": -1}, follow=True).content.decode()
    assert "确保该值大于或等于0。" in page
    assert HandoverItem.objects.count() == 0


def test_the_incoming_person_cannot_take_over_before_the_handover(client, org, shifts, colleague):
    client.force_login(org.employee)
    client.post(reverse("duty:handover_start", args=[shifts[0].pk]))
    client.force_login(colleague)
    handover = Handover.objects.get()
    page = client.get(reverse("duty:handover", args=[handover.pk])).content.decode()
    assert "艾丽仍在填写交班记录，交班后您才能接班。" in page
    page = client.post(reverse("duty:handover_take_over", args=[handover.pk]), follow=True).content.decode()
    assert "艾丽尚未交班，交班前不能接班。" in page


def test_an_outsider_does_not_see_handovers(client, org, shifts):
    client.force_login(org.employee)
    client.post(reverse("duty:handover_start", args=[shifts[0].pk]))
    client.force_login(org.outsider)
    assert client.get(reverse("duty:handover", args=[Handover.objects.get().pk])).status_code == 404


def test_the_record_pdf(client, org, shifts, tmp_path):
    client.force_login(org.employee)
    client.post(reverse("duty:handover_start", args=[shifts[0].pk]))
    handover = Handover.objects.get()
    client.post(reverse("duty:handover_item_add", args=[handover.pk]),
                {"item-kind": "loan", "item-name": "<font>投影仪</font>", "item-quantity": 1,
                 "item-location": "心内科 韩雪"})
    response = client.get(reverse("duty:handover_pdf", args=[handover.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="handover-JB-{handover.pk:05d}.pdf"'
    path = tmp_path / "handover.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "信息科交接班记录" in text and "<font>投影仪</font>" in text and "心内科 韩雪" in text


def test_the_list_filters_by_state_and_ignores_an_unknown_one_saying_so(client, org, shifts):
    client.force_login(org.employee)
    client.post(reverse("duty:handover_start", args=[shifts[0].pk]))
    handover = Handover.objects.get()

    recording = client.get(reverse("duty:handovers"), {"state": Handover.State.RECORDING})
    resolved = client.get(reverse("duty:handovers"), {"state": Handover.State.RESOLVED})
    unknown = client.get(reverse("duty:handovers"), {"state": "nonsense"})

    assert [item.pk for item in recording.context["page"].object_list] == [handover.pk]
    assert list(resolved.context["page"].object_list) == []
    assert [item.pk for item in unknown.context["page"].object_list] == [handover.pk]
    assert find_all(unknown, "class", "col-12 text-danger small")[0][2] == "部分筛选条件无效，已忽略。"
    assert "data-autosubmit" in find_all(recording, "method", "get")[0][1]
