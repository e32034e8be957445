"""The downloadable template of an import: the sheet to fill in first, then how to fill it and the allowed values."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.exports import safe_cell

REQUIRED_FILL = PatternFill("solid", fgColor="FDE9D9")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def template_workbook(importer):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(importer.template_name)[:31]
    for index, column in enumerate(importer.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=f"{column.header}*" if column.required else column.header)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(str(column.header)) * 2 + 4)
        # Text cells, so that Excel keeps 工号 0001 and long phone numbers as typed.
        if column.key != "hire_date":
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
    for offset, example in enumerate(importer.example_rows(), start=2):
        for index, column in enumerate(importer.columns, start=1):
            sheet.cell(row=offset, column=index, value=safe_cell(example.get(column.key, "")))
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(_("How to fill it in")[:31])
    guide.append([_("Column"), _("Required"), _("How to fill it in")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in importer.columns:
        guide.append([str(column.header), _("yes") if column.required else "", str(column.help)])
    guide.append([])
    guide.append([_("The example rows may be overwritten or deleted. Rows are checked one by one; the preview lists "
                    "every row's outcome before anything is written.")])
    for header, values in importer.choice_lists().items():
        guide.append([])
        guide.append([_("Allowed values of “%(column)s”") % {"column": header}])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
        for value in values:
            guide.append([safe_cell(str(value))])
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 8
    guide.column_dimensions["C"].width = 90
    for row in guide.iter_rows(min_row=2, max_col=3):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
