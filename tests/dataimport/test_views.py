"""The import pages as HR uses them: upload, preview, import or discard; the template; nobody else gets in."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dataimport.models import ImportBatch
from staff.models import User

from .helpers import xlsx_upload

UPLOAD = reverse("dataimport:upload", args=["roster"])


def upload(client, rows, **data):
    return client.post(UPLOAD, {"file": xlsx_upload(rows), "scope": "all", **data})


def test_hr_uploads_previews_and_imports(client, org):
    client.force_login(org.hr)

    response = upload(client, [["5001", "张三", "心内科", "", "主治医师", "2020-07-01", "", ""]])

    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    page = client.get(batch.get_absolute_url())
    assert page.status_code == 200
    assert [o["key"] for o in page.context["page"].object_list] == ["5001"]
    assert page.context["can_apply_all"] is True
    assert not User.objects.filter(username="5001").exists()

    response = client.post(reverse("dataimport:apply", args=[batch.pk]), {"mode": "all"}, follow=True)

    assert User.objects.filter(username="5001").exists()
    assert [str(m) for m in response.context["messages"]] == ["已导入：新增 1 人，更新 0 人，新建科室 0 个。"]
    batch.refresh_from_db()
    assert batch.state == "applied"


def test_rows_with_errors_offer_only_the_valid_rows(client, org):
    client.force_login(org.hr)
    upload(client, [["5001", "张三", "心内科", "", "", "", "", ""], ["5002", "", "心内科", "", "", "", "", ""]])
    batch = ImportBatch.objects.get()

    page = client.get(batch.get_absolute_url(), {"show": "error"})

    assert (page.context["can_apply_all"], bool(page.context["can_apply_valid"])) == (False, True)
    assert [o["key"] for o in page.context["page"].object_list] == ["5002"]
    client.post(reverse("dataimport:apply", args=[batch.pk]), {"mode": "all"})
    assert not User.objects.filter(username__in=["5001", "5002"]).exists()
    client.post(reverse("dataimport:apply", args=[batch.pk]), {"mode": "valid"})
    assert list(User.objects.filter(username__in=["5001", "5002"]).values_list("username", flat=True)) == ["5001"]


def test_a_file_that_cannot_be_read_shows_why_and_keeps_the_form(client, org):
    client.force_login(org.hr)

    response = client.post(UPLOAD, {"file": io.BytesIO(b"not a workbook"), "scope": "all"})

    assert response.status_code == 200
    assert ImportBatch.objects.count() == 0


def test_discarding_writes_nothing(client, org):
    client.force_login(org.hr)
    upload(client, [["5001", "张三", "心内科", "", "", "", "", ""]])
    batch = ImportBatch.objects.get()

    client.post(reverse("dataimport:discard", args=[batch.pk]))

    batch.refresh_from_db()
    assert (batch.state, User.objects.filter(username="5001").exists()) == ("discarded", False)


def test_the_template_has_the_columns_an_example_and_the_allowed_values(client, org):
    client.force_login(org.hr)

    response = client.get(reverse("dataimport:template", args=["roster"]))

    workbook = load_workbook(io.BytesIO(response.content))
    first, guide = workbook.worksheets
    assert [cell.value for cell in first[1]] == ["工号*", "姓名*", "科室*", "职务", "职称", "入职日期", "手机",
                                                 "直接上级工号", "岗位"]
    assert [cell.value for cell in first[2]][:3] == ["5001", "张三", "心内科"]
    values = [row[0] for row in guide.iter_rows(values_only=True)]
    assert "主任医师" in values and "护士长" in values and "心内科" in values


def test_the_template_reimports_cleanly(client, org):
    client.force_login(org.hr)
    content = client.get(reverse("dataimport:template", args=["roster"])).content
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(UPLOAD, {"file": SimpleUploadedFile("模板.xlsx", content), "scope": "departments"})

    batch = ImportBatch.objects.get()
    assert [(o["key"], o["action"], o["messages"]) for o in batch.preview["outcomes"]] == [("5001", "create", [])]


@pytest.mark.parametrize("role", ["employee", "supervisor", "head", "outsider", "admin"])
def test_nobody_but_hr_sees_a_roster_import(client, org, role):
    client.force_login(org.hr)
    upload(client, [["5001", "张三", "心内科", "", "", "", "", ""]])
    batch = ImportBatch.objects.get()
    client.force_login(org.by_role(role))

    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.post(reverse("dataimport:apply", args=[batch.pk]), {"mode": "all"}).status_code == 404
    assert not User.objects.filter(username="5001").exists()


def test_the_preview_page_runs_a_constant_number_of_queries(client, org, django_assert_max_num_queries):
    client.force_login(org.hr)
    upload(client, [[f"{6000 + n}", f"员工{n}", "心内科", "", "", "", "", ""] for n in range(300)])
    batch = ImportBatch.objects.get()

    with django_assert_max_num_queries(15):
        client.get(batch.get_absolute_url())
