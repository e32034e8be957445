"""Reading uploaded tables: Excel and CSV (UTF-8 and GBK), header rows found, hostile files and cells refused."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import ServiceError
from dataimport.reading import clean_cell, parse_date, read_table
from dataimport.registry import Column

from .helpers import csv_upload, xlsx_upload

COLUMNS = (Column("employee_no", "工号", required=True, aliases=("employee number",)),
           Column("name", "姓名", required=True), Column("hire_date", "入职日期"))


def test_an_excel_sheet_is_read_with_numbers_as_text_and_dates_as_dates():
    table = read_table(xlsx_upload([[5001, "张三", datetime.datetime(2020, 7, 1)], [None, None, None],
                                    ["5002", " 李四 ", "2021/3/4"]], headers=["工号", "姓名*", "入职日期（年-月-日）"]),
                       COLUMNS)

    assert [(row.number, row.values, row.errors) for row in table.rows] == [
        (2, {"employee_no": "5001", "name": "张三", "hire_date": "2020-07-01"}, []),
        (4, {"employee_no": "5002", "name": "李四", "hire_date": "2021/3/4"}, []),
    ]
    assert table.ignored_headers == []


def test_a_title_line_above_the_headers_and_unknown_columns_are_accepted():
    table = read_table(xlsx_upload([["5001", "张三", "备注"]], headers=["employee number", "姓名", "备注"],
                                   title_line="人员名单（导出于 2026-12-01）"), COLUMNS)

    assert [(row.number, row.values) for row in table.rows] == [(3, {"employee_no": "5001", "name": "张三"})]
    assert table.ignored_headers == ["备注"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_in_utf8_and_in_gbk(encoding):
    table = read_table(csv_upload("工号,姓名\n5001,张三\n", encoding=encoding), COLUMNS)

    assert [row.values for row in table.rows] == [{"employee_no": "5001", "name": "张三"}]


def test_a_formula_in_an_excel_cell_is_an_error_of_its_row():
    table = read_table(xlsx_upload([["5001", "=HYPERLINK(\"http://x\",\"点我\")"]], headers=["工号", "姓名"]), COLUMNS)

    assert table.rows[0].errors == ['姓名：不接受公式或类似公式的内容（=HYPERLINK("http://x","点我")），请直接填写数值']


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", ("", "formula")), ("+cmd", ("", "formula")), ("@SUM(A1)", ("", "formula")),
    ("x" * 1001, ("", "too long")), ("a\x00b", ("", "control")), (13800138000.0, ("13800138000", None)),
    (True, ("是", None)), (datetime.date(2020, 1, 2), ("2020-01-02", None)), ("  张三\u200b ", ("张三", None)),
])
def test_cells_are_cleaned_or_refused(value, expected):
    cleaned, error = clean_cell(value)
    kind = None if error is None else ("formula" if "公式" in error else "too long" if "过长" in error else
                                       "control")
    assert (cleaned, kind) == expected


@pytest.mark.parametrize(("text", "day"), [
    ("2020-07-01", datetime.date(2020, 7, 1)), ("2020/7/1", datetime.date(2020, 7, 1)),
    ("2020.7.1", datetime.date(2020, 7, 1)), ("2020年7月1日", datetime.date(2020, 7, 1)),
    ("20200701", datetime.date(2020, 7, 1)), ("2020-02-30", None), ("明天", None), ("44000", None),
])
def test_dates_as_people_type_them(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("a.xls", b"\xd0\xcf\x11\xe0"), "请上传 Excel 工作簿（.xlsx）或 CSV 文件。旧版 .xls 工作簿请先另存为 .xlsx。"),
    (SimpleUploadedFile("a.xlsx", b"PK\x03\x04 not really"), "无法读取该工作簿。请用 Excel 打开后重新另存为 .xlsx。"),
    (SimpleUploadedFile("a.csv", b"\xff\xfe\x00\x00\x81"), "CSV 文件既不是 UTF-8 也不是 GBK 编码的文本。"),
    (csv_upload("编号,名字\n1,2\n"), "前 5 行中没有找到包含必填列（工号、姓名）的表头行。请从模板开始填写。"),
    (csv_upload("工号,姓名,工号\n1,2,3\n"), "表头中“工号”列出现了两次。"),
    (csv_upload("工号,姓名\n1,2,3,4\n"), "CSV 文件中有的行比表头行的列多。"),
])
def test_files_that_cannot_be_read_are_refused_with_a_reason(upload, message):
    with pytest.raises(ServiceError) as refused:
        read_table(upload, COLUMNS)
    assert refused.value.message == message


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (101 * 1024 * 1024))

    with pytest.raises(ServiceError) as refused:
        read_table(SimpleUploadedFile("bomb.xlsx", buffer.getvalue()), COLUMNS)
    assert refused.value.message == "工作簿解压后过大，请拆分成几个较小的文件。"


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr("dataimport.reading.MAX_ROWS", 3)

    with pytest.raises(ServiceError) as refused:
        read_table(csv_upload("工号,姓名\n" + "1,a\n" * 4), COLUMNS)
    assert refused.value.message == "文件有 4 行，一次最多导入 3 行。"


EXCEL_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.one_of(EXCEL_TEXT, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none()),
                         min_size=2, max_size=2), max_size=8))
def test_any_excel_cells_are_read_or_refused_never_crash(cells):
    try:
        table = read_table(xlsx_upload(cells, headers=["工号", "姓名"]), COLUMNS)
    except ServiceError:
        return
    assert all(isinstance(value, str) for row in table.rows for value in row.values.values())


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_csv_text_is_read_or_refused_never_crash(text):
    try:
        table = read_table(csv_upload("工号,姓名\n" + text), COLUMNS)
    except ServiceError:
        return
    assert all(isinstance(value, str) for row in table.rows for value in row.values.values())
