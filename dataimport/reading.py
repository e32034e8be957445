"""Reading an uploaded table (Excel .xlsx or CSV) with tablib, into rows of plain values a plan can check.

Hostile files get a clear refusal, never an exception: too large (also once unpacked, against zip bombs), not a
real .xlsx, more rows than allowed, a header row that names no known column. Hostile cells become errors of
their row: a formula (Excel's, or CSV text that a spreadsheet would run), text longer than any column holds,
control characters. Dates from Excel arrive as dates; every other value is text.
"""

import csv
import datetime
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from tablib.formats._csv import CSVFormat
from tablib.formats._xlsx import XLSXFormat

from core.errors import ServiceError

MAX_ROWS = 20000
MAX_CELL_CHARS = 1000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
HEADER_SEARCH_ROWS = 5  # an export has a title line above its headers
FORMULA_PREFIXES = ("=", "+", "@")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # Excel in China saves CSV as GBK


@dataclass
class Row:
    """One data row: its number in the spreadsheet, its values by column key, and what was wrong in its cells."""

    number: int
    values: dict
    errors: list = field(default_factory=list)

    def as_json(self):
        return {"number": self.number, "values": self.values, "errors": self.errors}

    @classmethod
    def from_json(cls, data):
        return cls(number=data["number"], values=data["values"], errors=list(data.get("errors", [])))


@dataclass
class Table:
    rows: list
    ignored_headers: list
    sha256: str


def normalise_header(text):
    text = str(text or "").strip().lower().replace("*", "").replace("＊", "")
    text = re.split(r"[(（]", text, maxsplit=1)[0]
    return re.sub(r"[\s_]+", "", text)


def read_table(upload, columns):
    """Read an uploaded file against an importer's columns. Raises ServiceError for a file that cannot be read."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ServiceError(_("The file is too large: at most %(size)s.") % {
            "size": filesizeformat(settings.UPLOAD_MAX_BYTES)})
    content = upload.read()
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension == "xlsx":
        dataset = _read_xlsx(content)
    elif extension == "csv":
        dataset = _read_csv(content)
    else:
        raise ServiceError(_("Upload an Excel workbook (.xlsx) or a CSV file. An old .xls workbook: save it as "
                             ".xlsx first."))
    rows, ignored = _rows(dataset, columns)
    return Table(rows=rows, ignored_headers=ignored, sha256=hashlib.sha256(content).hexdigest())


def _read_xlsx(content):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ServiceError(_("The workbook is too large once unpacked; split it into smaller files."))
            if "xl/workbook.xml" not in archive.namelist():
                raise ServiceError(_("This is not an Excel workbook (.xlsx)."))
        # Formulas are read as formulas (data_only=False), so that a row with one is refused, not guessed at.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except ServiceError:
        raise
    except Exception:  # a damaged or disguised file: openpyxl and zipfile raise many kinds of error
        raise ServiceError(_("The workbook cannot be read. Open it in Excel and save it again as .xlsx.")) from None
    try:
        dataset = tablib.Dataset()
        XLSXFormat.import_sheet(dataset, workbook.worksheets[0], headers=False)
        return dataset
    except tablib.InvalidDimensions:
        raise ServiceError(_("Some rows of the first sheet are longer than its header row.")) from None
    except Exception:
        raise ServiceError(_("The workbook cannot be read. Open it in Excel and save it again as .xlsx.")) from None
    finally:
        workbook.close()


def _read_csv(content):
    for encoding in CSV_ENCODINGS:
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ServiceError(_("The CSV file is neither UTF-8 nor GBK text."))
    if "\x00" in text:
        raise ServiceError(_("This is not a CSV text file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    dataset = tablib.Dataset()
    try:
        CSVFormat.import_set(dataset, io.StringIO(text, newline=""), headers=False, delimiter=delimiter)
    except tablib.InvalidDimensions:
        raise ServiceError(_("Some lines of the CSV file have more cells than its header line.")) from None
    except csv.Error as error:
        raise ServiceError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    return dataset


def _rows(dataset, columns):
    by_header = {}
    for column in columns:
        for name in column.header_names():
            by_header[normalise_header(name)] = column
    raw = [list(row) for row in dataset]
    header_index, positions = _find_header(raw, by_header, columns)
    ignored = [str(cell).strip() for index, cell in enumerate(raw[header_index])
               if str(cell or "").strip() and index not in positions]
    data = raw[header_index + 1:]
    if len(data) > MAX_ROWS:
        raise ServiceError(_("The file has %(count)s rows; at most %(max)s can be imported at once.") % {
            "count": len(data), "max": MAX_ROWS})
    rows = []
    for offset, raw_row in enumerate(data):
        cells = raw_row
        values, errors = {}, []
        for index, column in positions.items():
            value = cells[index] if index < len(cells) else None
            values[column.key], error = clean_cell(value)
            if error:
                errors.append(f"{column.header}：{error}")
        if not any(values.values()) and not errors:
            continue  # an empty line
        rows.append(Row(number=header_index + offset + 2, values=values, errors=errors))
    return rows, ignored


def _find_header(raw, by_header, columns):
    required = {column.key for column in columns if column.required}
    for index, raw_row in enumerate(raw[:HEADER_SEARCH_ROWS]):
        positions, seen = {}, set()
        for position, cell in enumerate(raw_row):
            column = by_header.get(normalise_header(cell))
            if column is None:
                continue
            if column.key in seen:
                raise ServiceError(_("The column “%(column)s” appears twice in the header row.") % {
                    "column": column.header})
            seen.add(column.key)
            positions[position] = column
        if required <= seen:
            return index, positions
    missing = "、".join(str(column.header) for column in columns if column.required)
    raise ServiceError(_("No header row with the required columns (%(columns)s) was found in the first %(rows)s "
                         "rows. Start from the template.") % {"columns": missing, "rows": HEADER_SEARCH_ROWS})


def clean_cell(value):
    """(value, error): text stripped, whole numbers without ".0", dates as ISO text; an error for a hostile cell."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("是" if value else "否"), None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat(), None
    if isinstance(value, datetime.date):
        return value.isoformat(), None
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)), None
    text = str(value).replace("\ufeff", "").replace("\u200b", "").strip()
    if len(text) > MAX_CELL_CHARS:
        return "", _("the cell holds %(count)s characters; that is far too long") % {"count": len(text)}
    if text.startswith(FORMULA_PREFIXES):
        return "", _("a formula or formula-like text (%(text)s) is not accepted; type the value itself") % {
            "text": text[:30]}
    if CONTROL_CHARACTERS.search(text):
        return "", _("control characters are not accepted")
    return text, None


def parse_date(text):
    """A date from the ways people type one in China (2020-07-01, 2020/7/1, 2020.7.1, 2020年7月1日, 20200701)."""
    text = (text or "").strip()
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text)
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


YES = {"是", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "n", "no", "false", "0", ""}


def parse_yes_no(text):
    """True, False, or None when the text is neither."""
    text = (text or "").strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def split_list(text):
    """Names separated by 、 , ， ; ； or new lines."""
    return [part.strip() for part in re.split(r"[、,，;；\n]+", text or "") if part.strip()]
