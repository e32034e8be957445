"""workcalendar.notice: the State Council's notice and date tables, read line by line and checked."""

import datetime
import io

import chinese_calendar
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings, strategies as st

from core import workdays
from workcalendar import notice

from .notices import NOTICE_2025, NOTICE_2026, NOTICE_2027

D = datetime.date


def whole_year(parsed):
    day, flags = D(parsed.year, 1, 1), {}
    while day.year == parsed.year:
        flags[day] = parsed.flags().get(day, day.weekday() < 5)
        day += datetime.timedelta(days=1)
    return flags


@pytest.mark.parametrize(("text", "year"), [(NOTICE_2025, 2025), (NOTICE_2026, 2026)])
def test_a_published_notice_gives_the_same_year_as_chinese_calendar(text, year):
    parsed = notice.parse(text, year)
    assert parsed.errors == []
    flags = whole_year(parsed)
    assert [day for day, working in flags.items() if working != chinese_calendar.is_workday(day)] == []


def test_the_notice_is_grouped_by_holiday():
    parsed = notice.parse(NOTICE_2026, 2026)
    assert parsed.holidays()[1] == ("春节", [D(2026, 2, 15) + datetime.timedelta(days=n) for n in range(9)],
                                    [D(2026, 2, 14), D(2026, 2, 28)])
    assert parsed.days[D(2026, 1, 4)] == (True, "元旦")


def test_a_holiday_across_two_months_and_two_names():
    parsed = notice.parse(NOTICE_2025, 2025)
    assert [day for day, (working, name) in parsed.days.items() if name == "端午节"] == [
        D(2025, 5, 31), D(2025, 6, 1), D(2025, 6, 2)]
    assert parsed.days[D(2025, 10, 8)] == (False, "国庆节、中秋节")


def test_a_range_from_the_last_days_of_the_year_before():
    parsed = notice.parse("一、元旦：2017年12月30日（周六）至2018年1月1日（周一）放假调休，共3天。", 2018)
    assert parsed.errors == []
    assert sorted(parsed.days) == [D(2017, 12, 30), D(2017, 12, 31), D(2018, 1, 1)]
    parsed = notice.parse("一、元旦：12月30日（周六）至1月1日（周一）放假，共3天。", 2018)
    assert sorted(parsed.days) == [D(2017, 12, 30), D(2017, 12, 31), D(2018, 1, 1)]


def test_a_wrong_weekday_means_a_wrong_year():
    parsed = notice.parse(NOTICE_2026, 2027)
    assert parsed.errors[0] == "第 1 行：2027-01-01 是周五，但通知写的是周四。年份对吗？"


def test_the_number_of_days_is_checked():
    parsed = notice.parse("三、清明节：4月3日（周六）至4日（周日）放假，共3天。", 2027)
    assert parsed.errors == ["第 1 行：通知写放假 3 天，日期只有 2 天。"]


def test_a_date_without_放假_or_上班_is_refused():
    parsed = notice.parse("二、春节：2月20日（周六）。", 2027)
    assert parsed.errors == ["第 1 行：请写明 2027-02-20 是放假还是上班。"]


def test_a_day_both_off_and_worked_is_refused():
    parsed = notice.parse("2027-02-20, 上班, 春节\n2027-02-20, 放假, 春节", 2027)
    assert parsed.errors == ["第 2 行：2027-02-20 既列为放假又列为上班。"]


def test_the_title_must_name_the_same_year():
    parsed = notice.parse("国务院办公厅关于2026年部分节假日安排的通知\n" + NOTICE_2026, 2027)
    assert parsed.errors == ["这是 2026 年的通知，不是 2027 年的。"]


def test_a_table_of_dates_in_any_separator():
    text = "日期,类型,名称\n2027-01-01,放假,元旦\n2027/2/20\t上班\t春节\n2027年5月8日 班 劳动节\n2027.10.1 休"
    parsed = notice.parse(text, 2027)
    assert parsed.errors == []
    assert parsed.days == {D(2027, 1, 1): (False, "元旦"), D(2027, 2, 20): (True, "春节"),
                           D(2027, 5, 8): (True, "劳动节"), D(2027, 10, 1): (False, "")}


def test_a_table_row_with_an_unknown_kind_or_date():
    parsed = notice.parse("2027-02-30, 放假\n2027-03-01, 值班", 2027)
    assert parsed.errors == ["第 1 行：2027-2-30 不是有效日期。", "第 2 行：“值班”既不是放假也不是上班。"]


def test_nothing_useful_pasted():
    assert notice.parse("请在此粘贴通知", 2027).errors == [
        "没有找到 2027 年的放假日：请粘贴通知中的节假日安排（一、元旦：…）或日期表。"]


def test_a_statutory_holiday_left_working_is_a_warning():
    text = NOTICE_2027.replace("五、端午节：6月9日（周三）放假，共1天。\n", "")
    parsed = notice.parse(text, 2027)
    notice.check_statutory(parsed, workdays.statutory_holidays(2027))
    assert parsed.errors == []
    assert parsed.warnings == ["2027-06-09（端午节）是法定节假日，但通知里它是工作日。"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_errors_or_days_never_an_exception(text):
    parsed = notice.parse(text, 2027)
    assert parsed.errors or parsed.days


# Uploads -------------------------------------------------------------------------------------------------------

def upload(name, data):
    return SimpleUploadedFile(name, data)


def test_a_text_file():
    assert notice.read_upload(upload("通知.txt", NOTICE_2027.encode())) == NOTICE_2027


def test_a_csv_saved_by_excel_in_gbk():
    text = notice.read_upload(upload("2027.csv", "日期,类型,名称\r\n2027-02-20,上班,春节\r\n".encode("gbk")))
    assert text == "日期, 类型, 名称\n2027-02-20, 上班, 春节"
    assert notice.parse(text, 2027).days == {D(2027, 2, 20): (True, "春节")}


def test_an_excel_table_with_date_cells():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "名称"])
    sheet.append([datetime.datetime(2027, 2, 20), "上班", "春节"])
    sheet.append([D(2027, 6, 9), "放假", "端午节"])
    data = io.BytesIO()
    book.save(data)
    text = notice.read_upload(upload("2027.xlsx", data.getvalue()))
    assert notice.parse(text, 2027).days == {D(2027, 2, 20): (True, "春节"), D(2027, 6, 9): (False, "端午节")}


@pytest.mark.parametrize(("name", "data", "message"), [
    ("通知.docx", b"PK", "请上传 .txt、.csv 或 .xlsx 文件。"),
    ("2027.xlsx", b"not a workbook", "该文件不是可读取的 Excel 工作簿。"),
    ("通知.txt", b"\xff\xfe\x00\xd8" * 10, "该文件既不是 UTF-8 也不是 GBK 文本。"),
    ("通知.txt", b"a" * (notice.UPLOAD_MAX_BYTES + 1), "文件太大，不像放假通知（最多 512 KB）。"),
])
def test_an_unusable_file_is_refused(name, data, message):
    with pytest.raises(notice.UploadError) as refused:
        notice.read_upload(upload(name, data))
    assert str(refused.value) == message
