"""The Excel workbook read back with openpyxl: values, formulas with their results, print setup, safe text."""

import io
import json
import os
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import time_machine

from appraisal import services
from appraisal.exporters import exporter_for
from appraisal.models import Adjustment

from .helpers import NOVEMBER, NOW, fill_review, open_month, submitted

pytestmark = pytest.mark.django_db


def first_item(value, other):
    return lambda line: Decimal(value) if line.item.order == 1 and line.item.section.order == 1 else other(line)


def full(line):
    return line.item.max_points


@pytest.fixture
def books(org):
    """艾丽 confirmed: 日常工作 14.9 / 12.3, the rest full marks, +2 bonus, −3 deduction; 鲍勃 under review."""
    with time_machine.travel(NOW, tick=False):
        open_month()
        scorecard = submitted(org.employee, score=first_item("14.9", full))
        services.adjustment_add(scorecard=scorecard, by=org.supervisor, kind=Adjustment.Kind.BONUS,
                                fact='=HYPERLINK("http://evil.example","点我")', basis="院领导临时安排",
                                points=Decimal("2"))
        services.adjustment_add(scorecard=scorecard, by=org.supervisor, kind=Adjustment.Kind.DEDUCTION,
                                fact="被临床投诉1次", basis="@SUM(1)", points=Decimal("3"))
        fill_review(scorecard, org.supervisor, score=first_item("12.3", full), opinion="+认真负责")
        services.review_confirm(scorecard=scorecard, by=org.supervisor)
        services.scorecard_acknowledge(scorecard=scorecard, by=org.employee)
        submitted(org.supervisor)
        content = exporter_for("xlsx", period=NOVEMBER).render()
    return openpyxl.load_workbook(io.BytesIO(content)), openpyxl.load_workbook(io.BytesIO(content), data_only=True)


def row(sheet, number, last="J"):
    return [cell.value for cell in sheet[f"A{number}:{last}{number}"][0]]


def test_a_summary_sheet_and_one_sheet_per_person(books):
    formulas, _values = books

    assert formulas.sheetnames == ["汇总", "1101 艾丽", "1102 鲍勃"]


def test_the_person_sheet_is_laid_out_like_the_paper_form(books):
    formulas, values = books
    sheet, cached = formulas["1101 艾丽"], values["1101 艾丽"]

    assert sheet["A1"].value == "系统管理员绩效考核表"
    assert row(sheet, 2) == ["姓名", None, "艾丽（1101）", "职务", "系统管理员", None, None, "考评人", None, "鲍勃"]
    assert row(sheet, 3) == ["部门", None, "信息科", "考评区间", "2026年11月1日至2026年11月30日", None, None, "状态",
                             None, "已确认"]
    assert row(sheet, 5)[0] == "工作业绩（70分）"
    assert row(sheet, 6) == ["序号", "计划、任务、目标事项及内容", "绩效要点", "考评尺度", "分值", "自评", "自评30%", "考评",
                             "考评70%", "小计"]
    assert row(sheet, 7) == [
        1, "日常工作", "认真值班，做好软硬件及医保维护，谁接谁负责。不能解决的问题，及时上报，并协助解决。完成工作日志。",
        "接科室电话后15分钟内响应（包括电话），软、硬件故障在1小时内无人处理扣2分。如无工作日志扣1分。被临床投诉扣3分。"
        "如不及时上报的，扣5分。", 15, 14.9, "=ROUND(F7*0.3,2)", 12.3, "=ROUND(H7*0.7,2)", "=G7+I7"]
    assert row(cached, 7)[6:] == [4.47, 12.3, 8.61, 13.08]
    assert "B7:B9" in {str(merged) for merged in sheet.merged_cells.ranges}  # 日常工作 spans its three items
    assert row(sheet, 14)[:2] == [8, "临时工作"]
    assert row(sheet, 15) == ["合计", None, None, None, "=SUM(E7:E14)", "=SUM(F7:F14)", "=SUM(G7:G14)",
                              "=SUM(H7:H14)", "=SUM(I7:I14)", "=SUM(J7:J14)"]
    assert row(cached, 15)[4:] == [70, 69.9, 20.97, 67.3, 47.11, 68.08]
    assert [sheet[f"J{n}"].value for n in (26, 40)] == ["=SUM(J19:J25)", "=SUM(J29:J39)"]
    assert [cached[f"J{n}"].value for n in (26, 40)] == [20, 10]


def test_bonus_deductions_total_final_and_grade_are_formulas(books):
    formulas, values = books
    sheet, cached = formulas["1101 艾丽"], values["1101 艾丽"]

    assert row(sheet, 44) == [1, '\'=HYPERLINK("http://evil.example","点我")', None, "院领导临时安排", None, None,
                              None, None, None, 2]
    assert row(sheet, 49)[:4] == [1, "被临床投诉1次", None, "'@SUM(1)"]
    assert [(sheet[f"A{n}"].value, sheet[f"J{n}"].value, cached[f"J{n}"].value) for n in range(50, 54)] == [
        ("考核扣分合计", "=SUM(J49:J49)", 3),
        ("考评总得分（工作业绩考核得分+工作能力考核得分+工作态度考核得分）", "=J15+J26+J40", 98.08),
        ("最终得分（考评总得分＋考核加分－考核扣分）", "=J51+J45-J50", 97.08),
        ("等级", '=IF(J52>=100,"出色",IF(J52>=90,"优秀",IF(J52>=80,"良好",IF(J52>=70,"中等",IF(J52>=60,"合格","差")))))',
         "优秀"),
    ]
    assert row(sheet, 57)[:3] == ["复评人意见", None, "'+认真负责"]
    assert row(sheet, 58)[:3] == ["复评人签字确认", None, "鲍勃　2026-11-25 10:00"]
    assert row(sheet, 59)[:3] == ["被考核人签字确认", None, "艾丽　2026-11-25 10:00"]


def test_the_summary_recomputes_from_the_person_sheets(books):
    formulas, values = books
    summary, cached = formulas["汇总"], values["汇总"]

    assert summary["A1"].value == "2026年11月绩效考核汇总（全院）"
    assert row(summary, 3, "O") == ["序号", "工号", "姓名", "部门", "岗位", "工作业绩", "工作能力", "工作态度", "合计",
                                    "考核加分", "考核扣分", "最终得分", "等级", "科室排名", "状态"]
    assert row(summary, 4, "O") == [
        1, "1101", "艾丽", "信息科", "系统管理员", "='1101 艾丽'!J15", "='1101 艾丽'!J26", "='1101 艾丽'!J40",
        "=SUM(F4:H4)", "='1101 艾丽'!J45", "='1101 艾丽'!J50", "=I4+J4-K4",
        '=IF(L4>=100,"出色",IF(L4>=90,"优秀",IF(L4>=80,"良好",IF(L4>=70,"中等",IF(L4>=60,"合格","差")))))',
        '=COUNTIFS($D$4:$D$5,D4,$O$4:$O$5,"已确认",$L$4:$L$5,">"&L4)+1', "已确认"]
    assert row(cached, 4, "O")[5:] == [68.08, 20, 10, 98.08, 2, 3, 97.08, "优秀", 1, "已确认"]
    assert row(summary, 5, "O")[1:3] == ["1102", "鲍勃"]
    assert row(summary, 5, "O")[13:] == [None, "复评中"]


def test_print_setup_is_a4_fit_to_width(books):
    formulas, _values = books

    for sheet in formulas.worksheets:
        assert (sheet.page_setup.paperSize, sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight,
                sheet.sheet_properties.pageSetUpPr.fitToPage) == (9, 1, 0, True)
    assert formulas["汇总"].page_setup.orientation == "landscape"
    assert formulas["1101 艾丽"].page_setup.orientation == "portrait"
    assert formulas["汇总"].print_title_rows == "$3:$3"
    assert formulas["汇总"].freeze_panes == "A4"


def test_a_band_name_cannot_break_out_of_the_grade_formula():
    """A grade band named with a quote stays a string inside IF() (issue 12.10)."""
    from appraisal.exporters import _grade_formula

    bands = [('"),HYPERLINK("http://evil","点我"),("', Decimal("90")), ('合"格', Decimal("60")), ("差", Decimal("0"))]

    assert _grade_formula("J52", bands) == (
        'IF(J52>=90,"""),HYPERLINK(""http://evil"",""点我""),(""",IF(J52>=60,"合""格","差"))')


SNAPSHOT = Path(__file__).parent / "data" / "month_workbook.json"


def workbook_snapshot(formulas, values):
    """Every cell of every sheet (value or formula, and the cached value beside it), the merged ranges, the row
    heights and the column widths: what a person sees in the file, independent of how the XML is written."""
    snapshot = {}
    for sheet in formulas.worksheets:
        cached = values[sheet.title]
        snapshot[sheet.title] = {
            "cells": [[cell.coordinate, _plain(cell.value), _plain(cached[cell.coordinate].value)]
                      for row in sheet.iter_rows() for cell in row if cell.value is not None or cell.has_style],
            "styles": [[cell.coordinate, cell.number_format, cell.font.b, cell.alignment.horizontal]
                       for row in sheet.iter_rows() for cell in row if cell.has_style],
            "merged": sorted(str(merged) for merged in sheet.merged_cells.ranges),
            "heights": {str(n): dimension.height for n, dimension in sorted(sheet.row_dimensions.items())
                        if dimension.height},
            "widths": {key: dimension.width for key, dimension in sorted(sheet.column_dimensions.items())},
        }
    return snapshot


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def test_the_whole_workbook_is_unchanged(books):
    """Cell by cell against the snapshot taken before the writer was made faster (issue 16): the same sheets,
    cells, formulas and cached values. After an intended change of the layout, rewrite the snapshot with
    XINKE_WRITE_SNAPSHOT=1 and read its diff."""
    snapshot = json.loads(json.dumps(workbook_snapshot(*books)))  # tuples → lists, as read back from the file
    if os.environ.get("XINKE_WRITE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(_one_cell_a_line(snapshot), encoding="utf-8")
    assert snapshot == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def _one_cell_a_line(snapshot):
    """The snapshot as JSON with one cell (merged range, …) a line, so that its diff reads cell by cell."""
    def dump(value):
        return json.dumps(value, ensure_ascii=False)

    sheets = []
    for title, parts in snapshot.items():
        blocks = []
        for key, items in parts.items():
            if isinstance(items, list):
                body = ",\n".join(f"   {dump(item)}" for item in items)
                blocks.append(f"  {dump(key)}: [\n{body}\n  ]")
            else:
                blocks.append(f"  {dump(key)}: {dump(items)}")
        sheets.append(f" {dump(title)}: {{\n" + ",\n".join(blocks) + "\n }")
    return "{\n" + ",\n".join(sheets) + "\n}\n"
