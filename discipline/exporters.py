"""The monthly discipline statement as an Excel workbook for HR and finance.

Sheet 汇总: one row per person with the month's totals; sheet 明细: one row per confirmed incident. Headers
are Chinese (the document goes to the hospital's finance office); numbers are numbers, user text goes
through safe_cell().
"""

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from django.utils import translation

from core.exports import BaseExporter, safe_cell

SUMMARY_HEADERS = ("工号", "姓名", "罚款(元)", "赔偿(元)", "扣分", "加分", "净分", "旷工(天)", "扣除当月奖金",
                   "记录在案", "违纪记录数", "申诉中")
DETAIL_HEADERS = ("日期", "工号", "姓名", "考核办法", "修订", "条款", "条文", "类别", "金额", "单位", "计算说明",
                  "状态", "事实")
SUMMARY_WIDTHS = (10, 12, 11, 11, 8, 8, 8, 10, 12, 10, 12, 8)
DETAIL_WIDTHS = (12, 10, 12, 24, 6, 8, 40, 16, 10, 6, 50, 14, 40)


class StatementExporter(BaseExporter):
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def __init__(self, title, people):
        """people: PersonMonth rows (selectors.person_statement / department_statement)."""
        self.title = title
        self.people = people

    def render(self):
        with translation.override("zh-hans"):
            workbook = Workbook()
            summary = workbook.active
            summary.title = "汇总"
            self._sheet(summary, SUMMARY_HEADERS, SUMMARY_WIDTHS, [self._summary_row(row) for row in self.people])
            details = workbook.create_sheet("明细")
            rows = [self._detail_row(row.person, incident) for row in self.people for incident in row.incidents]
            self._sheet(details, DETAIL_HEADERS, DETAIL_WIDTHS, rows)
            buffer = io.BytesIO()
            workbook.save(buffer)
        return buffer.getvalue()

    def _sheet(self, sheet, headers, widths, rows):
        sheet.append([safe_cell(self.title)])  # built from a person's or a department's name
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(list(headers))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, str) and len(cell.value) > 20:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A3"
        sheet.print_title_rows = "2:2"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

    @staticmethod
    def _summary_row(row):
        totals = row.totals
        return [
            safe_cell(row.person.username), safe_cell(row.person.display_name), float(totals.fines_yuan),
            float(totals.compensation_yuan), float(totals.points_lost), float(totals.points_gained),
            float(totals.net_points), float(totals.absence_days), "是" if totals.month_bonus_forfeited else "否",
            totals.records, totals.incidents, totals.under_appeal,
        ]

    @staticmethod
    def _detail_row(person, incident):
        rule = incident.rule
        amount = incident.final_amount()
        return [
            incident.occurred_on, safe_cell(person.username), safe_cell(person.display_name),
            safe_cell(rule.revision.schedule.name), rule.revision.number, safe_cell(rule.code), safe_cell(rule.text),
            str(rule.get_category_display()), float(amount) if amount is not None else None,
            str(rule.unit_label()), safe_cell(incident.explanation()), str(incident.get_state_display()),
            safe_cell(incident.facts),
        ]
