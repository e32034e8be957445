"""The session pages: scheduling from a plan item, the detail (own row versus the whole sheet), ticking in place
(htmx), the room's QR screen and image, signing in from the QR link (GET shows, POST signs in; expired or closed
codes refused), the printable sheet, materials and the survey. Today is Monday 2026-11-16, 9:00."""

import datetime
from urllib.parse import quote

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.html import by_testid
from training import signin
from training.models import Attendance, Session, SurveyResponse
from training.services import sessions

from .conftest import TODAY
from .helpers import approved_plan, at, page_text, schedule

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def session(org):
    return schedule(org, TODAY, people=[org.employee, org.head])


def test_scheduling_from_a_plan_item(client, org):
    item = approved_plan(org).items.get()
    client.force_login(org.supervisor)
    page = client.get(reverse("training:session_new"), {"item": item.pk})
    assert "来自2026年度计划：HIS系统运维（1）" in page_text(page)
    response = client.post(reverse("training:session_new") + f"?item={item.pk}", {
        "title": "HIS系统运维（1）", "form": "internal", "requirement": "required", "day": "2026-11-18",
        "starts": "14:00", "ends": "16:00", "place": "信息科会议室", "hours": "2", "trainer": org.supervisor.pk,
        "audience_kind": "department"})
    session = Session.objects.get()
    assert response.status_code == 302 and response.url == reverse("training:session_detail", args=[session.pk])
    assert (session.plan_item, session.starts_at, session.hours) == (item, at(datetime.date(2026, 11, 18), 14), 2)
    assert sorted(session.attendance.values_list("person__username", flat=True)) == ["1100", "1101", "1102",
                                                                                     "9100"]


def test_bad_times_are_refused_on_the_form(client, org):
    client.force_login(org.supervisor)
    response = client.post(reverse("training:session_new"), {
        "title": "x", "form": "internal", "requirement": "required", "day": "2026-11-18", "starts": "16:00",
        "ends": "14:00", "place": "会议室", "hours": "2", "trainer_name": "外请专家", "audience_kind": "department"})
    assert response.status_code == 200
    assert "培训的结束时间必须晚于开始时间。" in page_text(response)
    assert Session.objects.count() == 0


def test_the_person_sees_only_their_own_row(client, org, session):
    client.force_login(org.employee)
    page = page_text(client.get(reverse("training:session_detail", args=[session.pk])))
    assert "本人： 未签到" in page
    assert "签到表" not in page and "查理" not in page


def test_the_organiser_sees_the_sheet_and_ticks_in_place(client, org, session):
    with time_machine.travel(at(TODAY, 14, 20), tick=False):
        client.force_login(org.supervisor)
        assert "查理" in page_text(client.get(reverse("training:session_detail", args=[session.pk])))
        response = client.post(reverse("training:attendance_mark", args=[session.pk]),
                               {"person": org.head.pk, "status": "late"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert page_text(response).startswith("查理 1100")
    assert Attendance.objects.get(session=session, person=org.head).status == "late"


def test_ticking_someone_not_on_the_sheet_is_not_found(client, org, session):
    client.force_login(org.supervisor)
    response = client.post(reverse("training:attendance_mark", args=[session.pk]),
                           {"person": org.outsider.pk, "status": "present"})
    assert response.status_code == 404


def test_the_screen_shows_a_fresh_code_and_its_image(client, org, session):
    client.force_login(org.supervisor)
    page = client.get(reverse("training:session_screen", args=[session.pk]))
    token = page.context["token"]
    assert signin.read_token(token, 300) == (session.pk, session.signin_key)
    image = client.get(reverse("training:session_qr_image", args=[session.pk]), {"token": token})
    assert (image.status_code, image["Content-Type"]) == (200, "image/svg+xml")
    assert image.content.startswith(b"<svg")
    assert image["Cache-Control"] == "no-store"
    other = schedule(org, TODAY)
    assert client.get(reverse("training:session_qr_image", args=[other.pk]), {"token": token}).status_code == 404


def test_signing_in_with_the_link(client, org, session):
    with time_machine.travel(at(TODAY, 14, 2), tick=False):
        token = signin.make_token(session)
        client.force_login(org.employee)
        page = client.get(reverse("training:signin", args=[token]))
        assert "以艾丽的身份签到" in page_text(page)
        assert Attendance.objects.get(session=session, person=org.employee).status == "expected"
        response = client.post(reverse("training:signin", args=[token]))
        assert response.url == reverse("training:session_detail", args=[session.pk])
        assert "已于 14:02 签到：出席。" in page_text(client.get(response.url))
    row = Attendance.objects.get(session=session, person=org.employee)
    assert (row.status, row.method) == ("present", "qr")


def test_signed_out_the_link_leads_to_sign_in_and_back(client, org, session):
    token = signin.make_token(session)
    url = reverse("training:signin", args=[token])
    response = client.get(url)
    assert response.url == "/accounts/login/?next=" + quote(url, safe="/")


@pytest.mark.parametrize(("case", "message"), [
    ("expired", "二维码已过期，请重新扫描屏幕上的二维码。"),
    ("altered", "此链接不是有效的签到码。"),
    ("closed", "二维码已失效：本次培训的签到已结束。"),
])
def test_old_altered_or_closed_codes_are_refused(client, org, session, case, message):
    with time_machine.travel(at(TODAY, 13, 58), tick=False):
        token = signin.make_token(session)
    when = at(TODAY, 14, 0)
    if case == "expired":
        when = at(TODAY, 14, 4)  # six minutes later: the code was valid for five
    elif case == "altered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    else:
        sessions.session_close(session=session, by=org.supervisor, now=at(TODAY, 14))
    with time_machine.travel(when, tick=False):
        client.force_login(org.employee)
        response = client.post(reverse("training:signin", args=[token]))
    assert response.status_code == 200
    assert message in page_text(response)
    assert Attendance.objects.get(session=session, person=org.employee).status == (
        "absent" if case == "closed" else "expected")


def test_signing_in_outside_the_window_says_when(client, org, session):
    with time_machine.travel(at(TODAY, 13, 20), tick=False):
        client.force_login(org.employee)
        response = client.post(reverse("training:signin", args=[signin.make_token(session)]))
    assert "签到将于 13:30 开始。" in page_text(response)


def test_the_printable_sheet(client, org, session):
    sessions.attendance_sign_in(session=session, person=org.employee, now=at(TODAY, 14, 3))
    client.force_login(org.supervisor)
    response = client.get(reverse("training:session_sheet", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%E5%9F%B9%E8%AE%AD%E7%AD%BE%E5%88%B0%E8%A1%A8-20261116-" in response[
        "Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    client.force_login(org.employee)
    assert client.get(reverse("training:session_sheet", args=[session.pk])).status_code == 404


def test_materials_are_uploaded_and_downloaded_by_those_who_see_the_session(client, org, session):
    client.force_login(org.supervisor)
    client.post(reverse("training:material_upload", args=[session.pk]),
                {"file": SimpleUploadedFile("讲义.pdf", PDF)})
    material = session.materials.get()
    client.force_login(org.employee)
    response = client.get(reverse("training:material_download", args=[material.pk]))
    assert b"".join(response.streaming_content) == PDF
    client.force_login(org.outsider)
    assert client.get(reverse("training:material_download", args=[material.pk])).status_code == 404


def test_a_fake_pdf_is_refused(client, org, session):
    client.force_login(org.supervisor)
    response = client.post(reverse("training:material_upload", args=[session.pk]),
                           {"file": SimpleUploadedFile("讲义.pdf", b"not a pdf")}, follow=True)
    assert "文件内容与文件类型不符。" in page_text(response)
    assert session.materials.count() == 0


def test_the_survey_from_the_attendee_and_its_results_for_the_organiser(client, org, session):
    sessions.attendance_sign_in(session=session, person=org.employee, now=at(TODAY, 14))
    with time_machine.travel(at(TODAY, 16, 10), tick=False):
        client.force_login(org.employee)
        response = client.post(reverse("training:survey", args=[session.pk]),
                               {"overall": "4", "content": "5", "trainer": "4", "comment": "<b>多些实操</b>"})
        assert response.status_code == 302
        client.force_login(org.supervisor)
        page = client.get(reverse("training:session_detail", args=[session.pk]))
        client.force_login(org.head)  # on the list but absent: no survey
        assert client.get(reverse("training:survey", args=[session.pk])).status_code == 404
    assert SurveyResponse.objects.get().comment == "<b>多些实操</b>"
    assert by_testid(page, "survey-results") == "满意度调查 答卷数 1 总体 4.0 内容 5.0 培训人 4.0 <b>多些实操</b> 满分5分的平均分，不显示姓名。"
    assert "&lt;b&gt;多些实操&lt;/b&gt;" in page.content.decode()
