"""The pages: start form, detail with htmx confirmations, 404 for others, the PDF record, the list's queries."""

import subprocess

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offboarding import services
from offboarding.models import Handover, HandoverItem
from core.roles import Role
from tests.authz.hospital import person

from .helpers import start, through_to_certificate


def test_the_person_starts_their_own_departure(client, people):
    client.force_login(people.leaver)
    response = client.post(reverse("offboarding:start"), {
        "person": people.leaver.pk, "kind": "departure", "effective_on": "2026-11-20",
        "successor": people.successor.pk, "note": "调往外院"})

    handover = Handover.objects.get()
    assert response.status_code == 302
    assert response.url == handover.get_absolute_url()
    assert (handover.person, handover.successor, str(handover.effective_on)) == (
        people.leaver, people.successor, "2026-11-20")


def test_bad_dates_and_refusals_are_shown_and_nothing_changes(client, people):
    client.force_login(people.leaver)
    url = reverse("offboarding:start")
    bad = client.post(url, {"person": people.leaver.pk, "kind": "departure", "effective_on": "2026-02-30",
                            "successor": people.successor.pk})
    past = client.post(url, {"person": people.leaver.pk, "kind": "departure", "effective_on": "2026-10-01",
                             "successor": people.successor.pk})
    transfer = client.post(url, {"person": people.leaver.pk, "kind": "transfer", "effective_on": "2026-11-20",
                                 "successor": people.successor.pk})
    someone_else = client.post(url, {"person": people.successor.pk, "kind": "departure",
                                     "effective_on": "2026-11-20", "successor": people.org.head.pk})

    assert [r.status_code for r in (bad, past, transfer, someone_else)] == [200, 200, 200, 200]
    assert bad.context["form"].errors == {"effective_on": ["Enter a valid date."]}
    assert [str(m) for m in past.context["messages"]] == ["The date of the departure or transfer cannot be in the past."]
    assert transfer.context["form"].errors == {"target_department": ["Choose the department the person moves to."]}
    assert list(someone_else.context["form"].errors) == ["person"]
    assert Handover.objects.count() == 0


def test_the_successor_confirms_an_item_with_htmx(client, people):
    handover = start(people)
    item = handover.items.get(category="documents")
    services.item_hand_over(item=item, by=people.leaver, note="共享盘")
    client.force_login(people.successor)
    url = reverse("offboarding:item_confirm", args=[handover.pk, item.pk])

    response = client.post(url, headers={"HX-Request": "true"})
    again = client.post(url, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "offboarding/_item.html"
    assert response.content.decode().count('data-testid="item-state"') == 1
    item.refresh_from_db()
    assert item.state == HandoverItem.State.CONFIRMED
    assert again.status_code == 200
    assert "was already confirmed by 王工 on 2026-11-02 09:00." in again.content.decode()


def test_others_get_404(client, people):
    handover = start(people)
    item = handover.items.first()
    stranger = people.org.outsider
    client.force_login(stranger)

    assert client.get(reverse("offboarding:detail", args=[handover.pk])).status_code == 404
    assert client.get(reverse("offboarding:record_pdf", args=[handover.pk])).status_code == 404
    assert client.post(reverse("offboarding:item_confirm", args=[handover.pk, item.pk])).status_code == 404
    assert client.post(reverse("offboarding:complete", args=[handover.pk])).status_code == 404
    client.force_login(people.successor)
    assert client.get(reverse("offboarding:detail", args=[handover.pk + 100])).status_code == 404
    assert client.post(reverse("offboarding:item_confirm", args=[handover.pk, item.pk + 1000])).status_code == 404


def test_hr_completing_before_the_gates_sees_what_is_missing(client, people):
    people.with_grant()
    handover = start(people)
    client.force_login(people.hr)

    page = client.get(handover.get_absolute_url())
    response = client.post(reverse("offboarding:complete", args=[handover.pk]), follow=True)

    assert page.context["refusals"][1] == "The successor 王工 has not confirmed changing the handed-over passwords."
    assert [str(m) for m in response.context["messages"]][0].startswith(
        "Cannot complete yet: The successor 王工 has not confirmed the handover yet")
    handover.refresh_from_db()
    assert handover.state == Handover.State.OPEN


def test_the_record_is_a_pdf_in_chinese_with_both_names_and_the_certificate(client, people):
    people.with_grant()
    handover = start(people)
    services.equipment_add(handover=handover, by=people.leaver, asset_number="ZC-2019-0042", name="ThinkPad T480",
                           disposition="transferred")
    through_to_certificate(handover, people)
    services.handover_complete(handover=handover, by=people.hr)
    client.force_login(people.hr)

    response = client.get(reverse("offboarding:record_pdf", args=[handover.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()
    assert "信息科人员离岗交接记录" in text
    assert "艾丽" in text and "王工" in text and "多拉" in text
    assert "ZC-2019-0042" in text and "移交接交人员" in text
    assert handover.revocation.certificate_no in text
    assert "接交人员现场确认交接成功" in text and "2026-11-02 09:00" in text
    assert "人事科已办结" in text


def test_user_text_in_the_record_is_printed_as_typed(client, people):
    """Equipment named "显示器 a<b" made the record a 500 for everyone (issue 12.9)."""
    from tests.pdf_hostile import HOSTILE, printed_as_typed

    handover = start(people)
    for number, name in enumerate(HOSTILE):
        services.equipment_add(handover=handover, by=people.leaver, asset_number=f"ZC-{number}", name=name,
                               disposition="transferred")
    client.force_login(people.hr)

    response = client.get(reverse("offboarding:record_pdf", args=[handover.pk]))

    assert response.status_code == 200
    assert printed_as_typed(response.content)


def _many(people, count, prefix):
    for number in range(count):
        leaver = person(f"{prefix}{number:03d}", f"离岗{number}", people.org.it, [Role.STAFF])
        services.handover_start(person=leaver, kind="departure", effective_on=people.clock_today(),
                                successor=people.successor, by=people.hr)


def _queries(client, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("offboarding:list"), params or {})
    assert response.status_code == 200
    return len(captured), response


def test_the_list_costs_the_same_for_10_and_40_handovers(client, people):
    client.force_login(people.hr)
    client.get(reverse("offboarding:list"))
    _many(people, 10, "7")
    with_ten, response = _queries(client)
    assert response.context["page"].paginator.count == 10

    _many(people, 30, "8")
    with_forty, response = _queries(client, {"state": "open"})

    assert response.context["page"].paginator.count == 40
    assert len(response.context["page"].object_list) == 25
    assert with_forty == with_ten
    assert with_ten <= 15
