"""The periodic results (定期考核: quarter, half-year, year) as an Excel workbook and a PDF, in Chinese.

The workbook keeps the months as numbers and everything made from them as formulas with their values cached: the
number of confirmed months (COUNT), the months' figure (ROUND(AVERAGE(…),2) or MEDIAN, as the policy says), the
year's result with the 360° weight, and the grade from the person's bands — so HR's corrections recompute, and
LibreOffice, Excel and WPS show what Xinke computed. User text goes through safe_cell(); the PDF escapes it.
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from core.exports import BaseExporter, safe_cell
from core.pdf import grid_table, register_cjk_font, styles, text

from . import xlsx
from .exporters import _grade_formula
from .models import PeriodicPolicy
from .periodic import department_summary
from .sheet import points_text
from .xlsx import CENTER, HEADER, NUM2, NUM2_BOLD, PERCENT, SUBTITLE, TEXT, TITLE, Formula

COMBINATION_TERMS = {PeriodicPolicy.Combination.MEAN: "平均", PeriodicPolicy.Combination.MEDIAN: "中位数"}


def rule_text(policy, period):
    """The combination rule in the hospital's words, printed under the title."""
    text = f"期间得分 = 已确认月份最终得分的{COMBINATION_TERMS[policy.combination]}（四舍五入保留两位小数）"
    if policy.complete_periods_only:
        text += "，须各月均已确认"
    if period.is_year and policy.feedback_weight > 0:
        weight = (policy.feedback_weight * 100).normalize()
        text += (f"；年度得分 = 月度合成分 × {(100 - weight).normalize():f}% + 360度评估得分 × {weight:f}%"
                 "（无360度结果者按月度合成分）")
    return text


class PeriodicExporter(BaseExporter):
    def __init__(self, period, rows, title, policy=None):
        self.period, self.rows, self.title = period, rows, title
        self.policy = policy or PeriodicPolicy.current()

    def columns(self):
        months = [f"{month.month}月" for month in self.period.months]
        extra = ["360度得分", "360度权重"] if self.period.is_year else []
        return ["序号", "工号", "姓名", "科室", "岗位", *months, "已确认月数", "月度合成分", *extra,
                "期间得分" if not self.period.is_year else "年度得分", "等级"]


class PeriodicWorkbook(PeriodicExporter):
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def render(self):
        buffer = io.BytesIO()
        book = xlsx.Workbook(buffer)
        headings = self.columns()
        month_count = len(self.period.months)
        widths = [5, 8, 10, 12, 13] + [7] * month_count + [8, 9] + ([8, 8] if self.period.is_year else []) + [9, 7]
        ws = book.add_sheet(self.period.chinese, widths, landscape=True, freeze_rows=3, print_title_rows=(3, 3))
        span = len(headings) - 1
        ws.row([(self.title, TITLE)] + [(None, TITLE)] * span, height=26)
        ws.merge(0, span)
        subtitle = f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}　{rule_text(self.policy, self.period)}"
        ws.row([(subtitle, SUBTITLE)] + [(None, SUBTITLE)] * span, height=30)
        ws.merge(0, span)
        ws.row([(heading, HEADER) for heading in headings], height=30)
        letter = xlsx.column_letter
        first_month, counted_col = 5, 5 + month_count
        figure_col = counted_col + 1
        first_row = 4
        for number, row in enumerate(self.rows, start=1):
            r = first_row + number - 1
            months = f"{letter(first_month)}{r}:{letter(first_month + month_count - 1)}{r}"
            cells = [(number, CENTER), (row.user.username, CENTER), (safe_cell(row.user.display_name), TEXT),
                     (safe_cell(row.department.name), TEXT), (safe_cell(row.post), TEXT)]
            cells += [(final, NUM2) for _month, final in row.months]
            cells.append((Formula(f"COUNT({months})", row.counted), CENTER))
            cells.append((Formula(self._figure_formula(months, month_count), _cached(row.months_figure)), NUM2))
            figure = f"{letter(figure_col)}{r}"
            result = figure
            if self.period.is_year:
                feedback, weight = f"{letter(figure_col + 1)}{r}", f"{letter(figure_col + 2)}{r}"
                cells += [(row.feedback, NUM2), (row.feedback_weight, PERCENT)]  # 0.20 shows as 20%
                result_formula = (f'IF({figure}="","",IF(OR({feedback}="",{weight}=0),{figure},'
                                  f"ROUND((1-{weight})*{figure}+{weight}*{feedback},2)))")
            else:
                result_formula = f'IF({figure}="","",{figure})'
            cells.append((Formula(result_formula, _cached(row.result)), NUM2_BOLD))
            result = f"{letter(len(cells) - 1)}{r}"
            grade = _grade_formula(result, row.bands) if row.bands else '""'
            cells.append((Formula(f'IF({result}="","",{grade})', row.grade), CENTER))
            ws.row(cells, height=16)
        if self.rows:
            self._footer(ws, first_row, first_row + len(self.rows) - 1, len(headings))
        ws.finish()
        book.close()
        return buffer.getvalue()

    def _figure_formula(self, months, month_count):
        function = "MEDIAN" if self.policy.combination == PeriodicPolicy.Combination.MEDIAN else "AVERAGE"
        needed = month_count if self.policy.complete_periods_only else 1
        return f'IF(COUNT({months})<{needed},"",ROUND({function}({months}),2))'

    def _footer(self, ws, first, last, width):
        counted, mean, _grades = department_summary(self.rows)
        result = xlsx.column_letter(width - 2)
        # The last two cells: the mean result, and how many people have one (under 等级, so it is named here).
        cells = [("平均得分 ／ 有得分人数", CENTER)] + [(None, CENTER)] * (width - 3)
        cells.append((Formula(f'IF(COUNT({result}{first}:{result}{last})=0,"",'
                              f"ROUND(AVERAGE({result}{first}:{result}{last}),2))", _cached(mean)), NUM2_BOLD))
        cells.append((Formula(f"COUNT({result}{first}:{result}{last})", counted), CENTER))
        ws.row(cells, height=16)
        ws.merge(0, width - 3)


def _cached(value):
    return "" if value is None else value


class PeriodicPdf(PeriodicExporter):
    content_type = "application/pdf"
    extension = "pdf"

    def render(self):
        style = styles()
        rows = [[Paragraph(heading, style["small"]) for heading in self.columns()]]
        for number, row in enumerate(self.rows, start=1):
            cells = [str(number), row.user.username, text(row.user.display_name, style["small"]),
                     text(row.department.name, style["small"]), text(row.post, style["small"])]
            cells += [points_text(final) or "—" for _month, final in row.months]
            cells += [f"{row.counted}/{len(row.months)}", points_text(row.months_figure) or "—"]
            if self.period.is_year:
                cells += [points_text(row.feedback) or "—", f"{(row.feedback_weight * 100).normalize():f}%"]
            cells += [points_text(row.result) or "—", row.grade or "—"]
            rows.append(cells)
        counted, mean, grades = department_summary(self.rows)
        month_width = 12 if len(self.period.months) > 6 else 16
        widths = [10, 13, 16, 18, 20] + [month_width] * len(self.period.months) + [14, 16]
        widths += [14, 14] if self.period.is_year else []
        widths += [16, 12]
        scale = (landscape(A4)[0] - 24 * mm) / sum(width * mm for width in widths)
        table = grid_table(rows, [width * mm * scale for width in widths])
        # Twelve month columns on one landscape page: narrow padding keeps "10月" and "91.39" on one line.
        table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)])
        story = [text(self.title, style["title"]),
                 text(rule_text(self.policy, self.period), style["small"]), Spacer(1, 4 * mm),
                 table, Spacer(1, 4 * mm),
                 Paragraph(f"有期间得分 {counted} 人，平均 {points_text(mean) or '—'}；等级分布："
                           + ("、".join(f"{escape(name)} {count} 人" for name, count in grades.items()) or "—"),
                           style["body"]),
                 Paragraph(f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}", style["small"])]
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                          bottomMargin=12 * mm, title=self.title, author="Xinke",
                          initialFontName=register_cjk_font()).build(story)
        return buffer.getvalue()

