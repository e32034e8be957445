"""The roster pages: the month grid (with conflicts and leave), the head's htmx cell editor, drafting and publishing
through the buttons, the exports for the wall, fairness, rotations (the queries: test_list_queries.py)."""

import datetime
import io
import re
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from dutyroster.models import Assignment, Roster, Rotation, RotationMember
from tests.factories import StaffProfileFactory, UserFactory

from .conftest import assign

D = datetime.date
HTMX = {"HX-Request": "true"}


def grid_url(roster):
    return reverse("duty:roster", args=[roster.department.code, f"{roster.month:%Y-%m}"])


def test_the_head_sees_the_draft_and_the_staff_do_not(client, org, december, types):
    assign(december, org.employee, D(2026, 12, 3), types["main"])
    client.force_login(org.head)
    text = client.get(grid_url(december)).content.decode()
    assert "信息科值班表 2026-12" in text
    assert 'id="cell-' + str(org.employee.pk) + '-20261203"' in text
    assert "按轮班生成" in text
    client.force_login(org.employee)
    assert client.get(grid_url(december)).status_code == 404


def test_a_missing_month_is_offered_to_the_head(client, org):
    client.force_login(org.head)
    response = client.get(reverse("duty:roster", args=["it", "2027-02"]))
    assert "本月尚无值班表" in response.content.decode()
    response = client.post(reverse("duty:roster_open"), {"department": org.it.pk, "month": "2027-02"})
    roster = Roster.objects.get()
    assert (response.status_code, response.url, roster.month) == (302, grid_url(roster), D(2027, 2, 1))


def test_the_cell_editor_sets_a_cell_in_place(client, org, december, types):
    client.force_login(org.head)
    url = reverse("duty:cell", args=[december.pk, org.employee.pk, "2026-12-03"])
    editor = client.get(url, headers=HTMX).content.decode()
    assert "艾丽 · 2026-12-03" in editor
    response = client.post(url, {"duty_types": [types["main"].pk]}, headers=HTMX)
    text = response.content.decode()
    assert 'hx-swap-oob="true"' in text and ">主</span>" in text and "已保存" in text
    assert response["HX-Trigger"] == '{"duty-grid-changed": {}}'
    assert list(Assignment.objects.values_list("person__username", "day", "duty_type__code")) == [
        ("1101", D(2026, 12, 3), "main")]
    refused = client.post(reverse("duty:cell", args=[december.pk, org.employee.pk, "2026-12-04"]),
                          {"duty_types": [types["day"].pk]}, headers=HTMX).content.decode()
    assert "值主班（12-03）后24小时内应休息" in refused
    assert Assignment.objects.count() == 1


def oob_totals(text):
    """{person id: total} of the rows' Total cells swapped out of band."""
    return {int(pk): total for pk, total in re.findall(
        r'<td id="total-(\d+)" class="text-end" hx-swap-oob="true">(\d*)</td>', text)}


def oob_coverage(text):
    """{duty type name: [count per day]} of the coverage footer swapped out of band."""
    footer = re.search(r'<template><tfoot id="roster-coverage" hx-swap-oob="true">(.*?)</tfoot>\s*</template>', text,
                       re.S).group(1)
    return {name: [int(n) for n in re.findall(r'<td class="text-center[^"]*"[^>]*>(\d+)</td>', row)]
            for name, row in re.findall(r'<th scope="row"[^>]*>([^<]+)</th>(.*?)</tr>', footer, re.S)}


def test_the_row_totals_and_coverage_follow_a_cell_change(client, org, december, types):
    assign(december, org.employee, D(2026, 12, 1), types["main"])
    client.force_login(org.head)
    text = client.post(reverse("duty:cell", args=[december.pk, org.employee.pk, "2026-12-03"]),
                       {"duty_types": [types["main"].pk]}, headers=HTMX).content.decode()
    assert oob_totals(text) == {org.employee.pk: "2"}
    assert oob_coverage(text) == {"值主班": [1, 0, 1] + [0] * 28}
    text = client.post(reverse("duty:cell", args=[december.pk, org.supervisor.pk, "2026-12-05"]),
                       {"duty_types": [types["general"].pk]}, headers=HTMX).content.decode()
    assert oob_totals(text) == {org.supervisor.pk: "1"}
    assert oob_coverage(text) == {"总值班": [0] * 4 + [1] + [0] * 26, "值主班": [1, 0, 1] + [0] * 28}
    refused = client.post(reverse("duty:cell", args=[december.pk, org.employee.pk, "2026-12-04"]),
                          {"duty_types": [types["day"].pk]}, headers=HTMX).content.decode()
    assert (oob_totals(refused), "roster-coverage" in refused) == ({}, False)  # nothing changed


def test_a_reassignment_moves_the_total_between_rows(client, org, december, types, colleague):
    duty = assign(december, org.employee, D(2026, 12, 3), types["main"])
    client.force_login(org.head)
    text = client.post(reverse("duty:reassign", args=[duty.pk]), {f"a{duty.pk}-person": colleague.pk},
                       headers=HTMX).content.decode()
    assert oob_totals(text) == {org.employee.pk: "", colleague.pk: "1"}
    assert oob_coverage(text) == {"值主班": [0, 0, 1] + [0] * 28}
    assert f'id="cell-{colleague.pk}-20261203"' in text


def test_the_conflicts_and_publish_refresh_after_a_change(client, org, december, types):
    """After each change the page asks for its status part: the conflicts and the Publish button, not the grid."""
    assign(december, org.employee, D(2026, 12, 3), types["main"])
    duty = assign(december, org.employee, D(2026, 12, 4), types["day"])  # within the rest after a main shift
    client.force_login(org.head)
    status = client.get(grid_url(december), {"part": "status"}, headers=HTMX).content.decode()
    assert "2处冲突待解决" in status and 'data-testid="publish" disabled' in status
    assert "roster-grid" not in status
    duty.delete()
    status = client.get(grid_url(december), {"part": "status"}, headers=HTMX).content.decode()
    assert "冲突" not in status and 'data-testid="publish">' in status


def test_without_javascript_the_cell_is_a_page(client, org, december, types):
    client.force_login(org.head)
    url = reverse("duty:cell", args=[december.pk, org.employee.pk, "2026-12-03"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"duty_types": [types["main"].pk]})
    assert (response.status_code, response.url) == (302, grid_url(december))


def test_a_date_outside_the_month_or_a_stranger_is_not_found(client, org, december):
    client.force_login(org.head)
    assert client.get(reverse("duty:cell", args=[december.pk, org.employee.pk, "2027-01-01"])).status_code == 404
    assert client.get(reverse("duty:cell", args=[december.pk, org.outsider.pk, "2026-12-03"])).status_code == 404
    assert client.get(reverse("duty:cell", args=[december.pk, org.employee.pk, "2026-13-40"])).status_code == 404


def test_the_head_gives_a_duty_to_someone_free(client, org, november, types, colleague):
    duty = assign(november, org.employee, D(2026, 11, 20), types["main"])
    client.force_login(org.head)
    response = client.post(reverse("duty:reassign", args=[duty.pk]),
                           {f"a{duty.pk}-person": colleague.pk, f"a{duty.pk}-reason": "艾丽外出培训"}, headers=HTMX)
    assert response.status_code == 200
    duty.refresh_from_db()
    assert duty.person == colleague
    grid = client.get(grid_url(november)).content.decode()
    assert "艾丽外出培训" in grid and "发布后的变更" in grid


def test_drafting_and_publishing_through_the_buttons(client, org, december, types, colleague):
    rotation = Rotation.objects.create(department=org.it, duty_type=types["main"], name="主班", anchor_on=D(2026, 12, 1))
    for order, person in enumerate([org.employee, colleague], start=1):
        RotationMember.objects.create(rotation=rotation, person=person, order=order)
    client.force_login(org.head)
    response = client.post(reverse("duty:roster_draft", args=[december.pk]), follow=True)
    assert "已按轮班生成31个班，没有冲突。" in response.content.decode()
    response = client.post(reverse("duty:roster_publish", args=[december.pk]), follow=True)
    assert "值班表已发布，已通知每位值班人员。" in response.content.decode()
    assert Roster.objects.get().state == Roster.State.PUBLISHED


def test_everyone_sees_a_published_roster(client, org, november, types):
    assign(november, org.employee, D(2026, 11, 20), types["main"])
    client.force_login(org.outsider)
    text = client.get(grid_url(november)).content.decode()
    assert "已发布" in text and "duty-cell-link" not in text


def test_the_excel_export_has_the_grid_and_the_dates(client, org, november, types, colleague):
    assign(november, org.employee, D(2026, 11, 20), types["main"])
    assign(november, colleague, D(2026, 11, 20), types["day"])
    client.force_login(org.employee)
    response = client.get(reverse("duty:roster_xlsx", args=[november.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="duty-it-2026-11.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    grid, dates = book["值班表"], book["按日期"]
    names = [grid.cell(row=row, column=1).value for row in range(4, grid.max_row + 1)]
    employee_row = 4 + names.index("艾丽")
    assert grid.cell(row=employee_row, column=1 + 20).value == "主"
    assert [cell.value for cell in dates[2]] == ["日期", "星期", "值主班", "值白班"]
    assert [cell.value for cell in dates[23]][1:] == ["五", "艾丽", "范文"]
    assert grid.page_setup.orientation == "landscape"


def test_user_text_cannot_become_a_formula(client, org, november, types):
    person = StaffProfileFactory(user=UserFactory(username="1105", name="=HYPERLINK(1)"), department=org.it,
                                 post=org.post).user
    assign(november, person, D(2026, 11, 20), types["main"])
    client.force_login(org.head)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("duty:roster_xlsx", args=[november.pk])).content))
    assert "'=HYPERLINK(1)" in [row[0].value for row in book["值班表"].iter_rows()]


def test_the_wall_pdf_embeds_its_font_and_escapes_names(client, org, november, types, tmp_path):
    person = StaffProfileFactory(user=UserFactory(username="1105", name="<b>坏</b>"), department=org.it,
                                 post=org.post).user
    assign(november, person, D(2026, 11, 20), types["main"])
    client.force_login(org.head)
    path = tmp_path / "roster.pdf"
    path.write_bytes(client.get(reverse("duty:roster_pdf", args=[november.pk])).content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "信息科值班表 2026年11月" in text and "<b>坏</b>" in text
    assert "WenQuanYiMicroHei" in fonts and " yes " in fonts


def test_fairness_counts_the_kinds_of_duty(client, org, november, types, december):
    assign(november, org.employee, D(2026, 11, 14), types["main"])  # a Saturday: a rest day and a night
    assign(november, org.employee, D(2026, 11, 17), types["day"])
    assign(december, org.employee, D(2026, 12, 1), types["main"])  # a draft of another month: not in the year
    client.force_login(org.head)
    response = client.get(reverse("duty:fairness"), {"department": "it", "month": "2026-11"})
    row = next(row for row in response.context["rows"] if row.person == org.employee)
    assert dict(row.month) == {"total": 2, "main": 1, "day": 1, "night": 1, "rest_day": 1,
                               "hours": pytest.approx(33.5)}
    assert row.year["total"] == 2


def test_rotations_are_edited_with_their_people_in_order(client, org, types, colleague):
    client.force_login(org.head)
    data = {"name": "主班轮转", "duty_type": types["main"].pk, "frequency": "daily", "interval": 1, "weekdays": "",
            "days_per_turn": 1, "people_per_turn": 1, "days": "all", "anchor_on": "2026-12-01", "is_active": "on",
            "members-TOTAL_FORMS": 3, "members-INITIAL_FORMS": 0, "members-0-person": colleague.pk,
            "members-1-person": "", "members-2-person": org.employee.pk}
    response = client.post(reverse("duty:rotation_new"), data)
    assert response.status_code == 302
    assert list(Rotation.objects.get().members.values_list("person__username", flat=True)) == ["1103", "1101"]
    data["members-2-person"] = colleague.pk
    rotation = Rotation.objects.get()
    response = client.post(reverse("duty:rotation_edit", args=[rotation.pk]), data)
    assert "轮班名单中有人重复。" in response.content.decode()
