"""Shared pieces of spreadsheet and PDF exports."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.uploads import attachment

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise spreadsheet formula injection in text that came from users (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def formula_text(value):
    """Text as a string literal inside a spreadsheet formula: quotes doubled, so a name cannot end the literal and
    add formula code of its own (e.g. a grade band named `"),HYPERLINK("…`)."""
    return '"' + str(value).replace('"', '""') + '"'


class BaseExporter:
    """One export format: subclasses set content_type and extension and implement render() -> bytes."""

    content_type = "application/octet-stream"
    extension = "bin"

    def filename(self, stem):
        return f"{stem}.{self.extension}"

    def attachment(self, stem, *, inline=False):
        """The rendered file as the response a view returns, named stem + extension."""
        return attachment(self.render(), self.filename(stem), content_type=self.content_type, inline=inline)

    def render(self):
        raise NotImplementedError


class TableExporter(BaseExporter):
    """One sheet: a title line with the export time, bold Chinese headers, then rows() (streamed, write-only)."""

    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"
    headers = ()
    widths = ()
    title = ""

    def rows(self):
        raise NotImplementedError

    def render(self):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.title)
        for column, width in enumerate(self.widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A3"
        title = WriteOnlyCell(sheet, value=f"{self.title}（导出于 {timezone.localtime():%Y-%m-%d %H:%M}）")
        title.font = Font(bold=True, size=13)
        sheet.append([title])
        header = []
        for name in self.headers:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in self.rows():
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if hasattr(value, "hour"):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                cells.append(cell)
            sheet.append(cells)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
