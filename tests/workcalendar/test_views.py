"""The calendar pages: the years, one year's days, loading a notice (paste or upload → preview → save)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import CalendarYear
from tests.html import by_testid, find_all

from .notices import NOTICE_2027

LOAD = reverse("workcalendar:load", args=[2027])


def test_the_years_say_where_their_holidays_come_from(client, org):
    client.force_login(org.employee)
    page = client.get(reverse("workcalendar:index"))
    assert by_testid(page, "years") == (
        "年度节假日依据载入 2027 暂算 通知载入前只按法定节假日 — 2026 内置日历 — 2025 内置日历 —")


def test_a_provisional_year_lists_its_statutory_holidays(client, org):
    client.force_login(org.employee)
    page = client.get(reverse("workcalendar:year", args=[2027]))
    assert by_testid(page, "provisional-note").startswith("2027 年的国务院放假通知尚未载入。")
    assert by_testid(page, "days-off") == (
        "2027-01-01 星期五 元旦 2027-02-05 星期五 农历除夕 2027-02-06 星期六 春节 2027-02-07 星期日 春节 2027-02-08 星期一 春节 2027-04-05 星期一 清明节 "
        "2027-05-01 星期六 劳动节 2027-05-02 星期日 劳动节 2027-06-09 星期三 端午节 2027-09-15 星期三 中秋节 "
        "2027-10-01 星期五 国庆节 2027-10-02 星期六 国庆节 2027-10-03 星期日 国庆节")
    assert "载入通知" not in page.content.decode()  # staff see it, HR and admins load it


def test_a_built_in_year_shows_its_working_weekends(client, org):
    client.force_login(org.employee)
    page = client.get(reverse("workcalendar:year", args=[2026]))
    assert by_testid(page, "working-days") == (
        "2026-01-04 星期日 元旦 2026-02-14 星期六 春节 2026-02-28 星期六 春节 2026-05-09 星期六 劳动节 "
        "2026-09-20 星期日 国庆节 2026-10-10 星期六 国庆节")


def test_paste_preview_then_save(client, org):
    client.force_login(org.admin)
    page = client.post(LOAD, {"text": NOTICE_2027, "preview": "1"})
    assert page.status_code == 200
    assert not CalendarYear.objects.exists()
    assert by_testid(page, "changes").startswith("2027-02-09 星期二 · 改为休息日 · 春节")
    previewed = [attrs["value"] for _tag, attrs, _text in find_all(page, "name", "previewed")]
    response = client.post(LOAD, {"text": NOTICE_2027, "previewed": previewed[0], "save": "1"})
    assert response.status_code == 302
    assert response.url == reverse("workcalendar:year", args=[2027])
    assert CalendarYear.objects.get().loaded_by == org.admin
    assert "2027 年放假通知已载入。" in client.get(response.url).content.decode()


def test_saving_text_that_was_not_previewed_previews_it_first(client, org):
    client.force_login(org.admin)
    page = client.post(LOAD, {"text": NOTICE_2027, "previewed": "something else", "save": "1"})
    assert page.status_code == 200
    assert not CalendarYear.objects.exists()
    assert "预览后文本有改动：请重新预览后再保存。" in page.content.decode()


def test_an_uploaded_table_is_shown_as_text_before_saving(client, org):
    client.force_login(org.hr)
    upload = SimpleUploadedFile("2027.csv", "日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-20,上班,春节\n".encode("gbk"))
    page = client.post(LOAD, {"text": "", "upload": upload, "preview": "1"})
    assert [text for _tag, attrs, text in find_all(page, "name", "text")] == [
        "日期, 类型, 名称 2027-01-01, 放假, 元旦 2027-02-20, 上班, 春节"]
    assert [attrs["value"] for _tag, attrs, _text in find_all(page, "name", "source_name")] == ["2027.csv"]
    assert len(find_all(page, "data-testid", "save")) == 1


def test_errors_are_listed_and_there_is_no_save_button(client, org):
    client.force_login(org.admin)
    page = client.post(LOAD, {"text": NOTICE_2027.replace("（周五）", "（周四）", 1), "preview": "1"})
    assert "第 1 行：2027-01-01 是周五，但通知写的是周四。年份对吗？" in by_testid(page, "preview")
    assert find_all(page, "data-testid", "save") == []


def test_nothing_pasted(client, org):
    client.force_login(org.admin)
    page = client.post(LOAD, {"text": " ", "preview": "1"})
    assert "请粘贴通知或上传文件。" in page.content.decode()


def test_a_year_out_of_range_is_not_found(client, org):
    client.force_login(org.admin)
    assert client.get(reverse("workcalendar:year", args=[1900])).status_code == 404
    assert client.get(reverse("workcalendar:load", args=[2200])).status_code == 404

