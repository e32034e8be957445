"""A small streaming .xlsx writer: just enough SpreadsheetML for score sheets.

Why not openpyxl or XlsxWriter: a hospital-wide month is thousands of sheets of ~300 cells, and both
spend most of their time per cell in Python (80 s and 34 s for 5,000 sheets on the target machine,
against a 10 s target). This writer builds each row's XML with a few string joins and streams every
sheet into the zip as it is finished, so memory stays flat.

Supported: shared strings, numbers, formulas with their cached result (so viewers that do not
recalculate still show the numbers; Excel and WPS recalculate on open), a fixed set of styles, merged
cells, column widths, row heights, frozen header rows, print titles and A4 fit-to-width print setup.
Text is only ever written as text, never as a formula.
"""

import re
import zipfile
from functools import lru_cache
from typing import NamedTuple
from decimal import Decimal
from xml.sax.saxutils import escape

# Style ids (cellXfs positions in STYLES_XML).
DEFAULT, TEXT, NUM2, HEADER, TITLE, LABEL, NUM1, NUM2_BOLD, NOTE, CENTER, SUBTITLE, PERCENT = range(12)

CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

STYLES_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="0.00"/><numFmt numFmtId="165" formatCode="0.0#"/></numFmts>
<fonts count="4">
<font><sz val="10"/><name val="宋体"/><family val="3"/><charset val="134"/></font>
<font><b/><sz val="10"/><name val="宋体"/><family val="3"/><charset val="134"/></font>
<font><b/><sz val="14"/><name val="宋体"/><family val="3"/><charset val="134"/></font>
<font><sz val="9"/><color rgb="FF555555"/><name val="宋体"/><family val="3"/><charset val="134"/></font>
</fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFE9EEF2"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>
<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>
<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="12">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>
<xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="164" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="9" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def column_letter(index):
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


COLUMNS = [column_letter(i) for i in range(64)]
ROW_MEMO_SIZE = 20_000  # rows kept per workbook: the first few hundred sheets, some 20 MB


def cell_ref(row, column):
    """1-based row, 0-based column → 'C5'."""
    return f"{COLUMNS[column]}{row}"


def clean_text(text):
    return CONTROL_CHARS.sub("", str(text))


def quote_sheet(name):
    return "'" + name.replace("'", "''") + "'"


def sheet_name(raw, taken):
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\, no leading or trailing quote."""
    base = SHEET_NAME_FORBIDDEN.sub("_", clean_text(raw)).strip("'") or "Sheet"
    name, counter = base[:31], 2
    while name.lower() in taken:
        suffix = f"~{counter}"
        name, counter = base[:31 - len(suffix)] + suffix, counter + 1
    taken.add(name.lower())
    return name


class Formula(NamedTuple):
    """A formula (without the leading "=") and its result as computed here, written as the cached value."""

    expression: str
    cached: object = None


def xml_text(text):
    return escape(text) if "&" in text or "<" in text or ">" in text else text


def display_width(text):
    """Width in Excel character units: CJK and full-width characters count as two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


@lru_cache(maxsize=50000)
def wrapped_lines(text, width):
    """How many lines a wrapped cell needs at this column width (character units)."""
    if not text:
        return 1
    usable = max(width - 1, 1)
    return sum(max(1, -(-display_width(part) // usable)) for part in str(text).split("\n"))


class Sheet:
    """One worksheet being written: rows in order, then finish()."""

    def __init__(self, book, index, name, widths, landscape=False, freeze_rows=0, print_title_rows=None):
        self.book, self.index, self.name = book, index, name
        self.widths = widths
        self.landscape, self.freeze_rows, self.print_title_rows = landscape, freeze_rows, print_title_rows
        self.merges = []
        self.buffer = []
        self.row_count = 0
        self.stream = book.zip.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True)
        view = ""
        if freeze_rows:
            top = f"A{freeze_rows + 1}"
            view = (f'<pane ySplit="{freeze_rows}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
                    f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>')
        selected = ' tabSelected="1"' if index == 1 else ""
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
        self._write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
            f'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<sheetViews><sheetView workbookViewId="0"{selected}>{view}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        )

    def _write(self, text):
        self.buffer.append(text)
        if len(self.buffer) >= 200:
            self._flush()

    def _flush(self):
        self.stream.write("".join(self.buffer).encode("utf-8"))
        self.buffer = []

    def row(self, cells, height=None, static=0, once=False):
        """cells: [(value, style)] from column A; value None (empty cell with its style), str, number or Formula.

        static: how many leading cells are the same on every sheet that has this row at this row number (a
        template's headings and item texts): their XML is built once per workbook. once: a row no other sheet
        repeats (a summary's): built without looking it up or keeping it. Returns the row's number.
        """
        self.row_count += 1
        number = self.row_count
        if once:
            self._write(self._row_xml(number, cells, height, static))
            return number
        rows = self.book.rows
        key = (number, height, static, *cells)
        xml = rows.get(key)
        if xml is None:
            xml = self._row_xml(number, cells, height, static)
            if len(rows) < ROW_MEMO_SIZE:
                rows[key] = xml
        self._write(xml)
        return number

    def raw_row(self, xml):
        """Write a row whose XML the caller built (appraisal.exporters.ItemRows); returns its number."""
        self.row_count += 1
        self._write(xml)
        return self.row_count

    @staticmethod
    def row_head(number, height=None):
        return f'<row r="{number}"' + (f' ht="{height}" customHeight="1">' if height else ">")

    def cells_xml(self, number, cells, first_column=0):
        """The XML of cells (as in row()) at this row, from first_column on."""
        return self._cells(number, cells, first_column)

    def _row_xml(self, number, cells, height, static):
        head = self.row_head(number, height)
        if static:
            key = (number, tuple(cells[:static]))
            prefix = self.book.prefixes.get(key)
            if prefix is None:
                prefix = self.book.prefixes[key] = self._cells(number, cells[:static], 0)
            return head + prefix + self._cells(number, cells[static:], static) + "</row>"
        return head + self._cells(number, cells, 0) + "</row>"

    def _cells(self, number, cells, first_column):
        parts = []
        append = parts.append
        strings = self.book.string_index
        for column, (value, style) in enumerate(cells, first_column):
            kind = type(value)
            if value is None:
                append(f'<c r="{COLUMNS[column]}{number}" s="{style}"/>')
            elif kind is str:
                if value:
                    append(f'<c r="{COLUMNS[column]}{number}" s="{style}" t="s"><v>{strings(value)}</v></c>')
                else:
                    append(f'<c r="{COLUMNS[column]}{number}" s="{style}"/>')
            elif kind is Formula:
                expression, cached = xml_text(value.expression), value.cached
                if cached is None:
                    append(f'<c r="{COLUMNS[column]}{number}" s="{style}"><f>{expression}</f></c>')
                elif type(cached) is str:
                    append(f'<c r="{COLUMNS[column]}{number}" s="{style}" t="str"><f>{expression}</f>'
                           f"<v>{xml_text(clean_text(cached))}</v></c>")
                else:
                    append(f'<c r="{COLUMNS[column]}{number}" s="{style}"><f>{expression}</f><v>{cached}</v></c>')
            elif kind in (int, float, Decimal):
                append(f'<c r="{COLUMNS[column]}{number}" s="{style}"><v>{value}</v></c>')
            else:
                append(f'<c r="{COLUMNS[column]}{number}" s="{style}" t="s"><v>{strings(str(value))}</v></c>')
        return "".join(parts)

    def merge(self, first_column, last_column, row=None, last_row=None):
        row = row or self.row_count
        self.merges.append(f"{COLUMNS[first_column]}{row}:{COLUMNS[last_column]}{last_row or row}")

    def finish(self):
        tail = ["</sheetData>"]
        if self.merges:
            tail.append(f'<mergeCells count="{len(self.merges)}">')
            tail.extend(f'<mergeCell ref="{ref}"/>' for ref in self.merges)
            tail.append("</mergeCells>")
        orientation = "landscape" if self.landscape else "portrait"
        tail.append('<printOptions horizontalCentered="1"/>'
                    '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>'
                    f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
                    '<headerFooter><oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter></worksheet>')
        self._write("".join(tail))
        self._flush()
        self.stream.close()


class Workbook:
    """Write sheets one at a time to a binary file object, then close()."""

    def __init__(self, fileobj, compresslevel=1):
        self.zip = zipfile.ZipFile(fileobj, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self.strings = {}
        self.prefixes = {}  # (row number, leading cells) → their XML, for rows repeated on many sheets
        # (row number, height, static, cells) → the row's XML: a row with the same values at the same place on
        # another sheet (most people score the same on most items) is written, not built again. Values equal as
        # numbers (2 and 2.0) share a row: the cell holds the same number, its style sets the digits shown.
        self.rows = {}
        self.sheets = []  # (index, name, print title rows) in tab order
        self._order = []
        self.taken = set()

    def string_index(self, text):
        index = self.strings.get(text)
        if index is None:
            index = self.strings[text] = len(self.strings)
        return index

    def add_sheet(self, raw_name, widths, position=None, **options):
        """A new sheet; position puts it earlier in the tabs (e.g. a summary written last but shown first)."""
        name = sheet_name(raw_name, self.taken)
        index = len(self.sheets) + 1
        sheet = Sheet(self, index, name, widths, **options)
        entry = (index, name, options.get("print_title_rows"))
        self.sheets.append(entry)
        if position is None:
            self._order.append(entry)
        else:
            self._order.insert(position, entry)
        return sheet

    def close(self):
        self._write_parts()
        self.zip.close()

    def _write_parts(self):
        write = self.zip.writestr
        count = len(self.sheets)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, count + 1))
        write("[Content_Types].xml",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/xl/workbook.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
              f"{overrides}"
              '<Override PartName="/xl/styles.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
              '<Override PartName="/xl/sharedStrings.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
              '<Override PartName="/docProps/core.xml" '
              'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
              '<Override PartName="/docProps/app.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
              "</Types>")
        write("_rels/.rels",
              f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{NS_PKG_REL}">'
              f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
              'metadata/core-properties" Target="docProps/core.xml"/>'
              f'<Relationship Id="rId3" Type="{NS_REL}/extended-properties" Target="docProps/app.xml"/>'
              "</Relationships>")
        write("docProps/core.xml",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
              'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Xinke</dc:creator></cp:coreProperties>')
        write("docProps/app.xml",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
              "<Application>Xinke</Application></Properties>")
        sheets = "".join(f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{index}" r:id="rId{index}"/>'
                         for index, name, _titles in self._order)
        names = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{position}">'
            f"{escape(quote_sheet(name))}!${titles[0]}:${titles[1]}</definedName>"
            for position, (_index, name, titles) in enumerate(self._order) if titles)
        write("xl/workbook.xml",
              f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><bookViews><workbookView activeTab="0"/></bookViews>'
              f"<sheets>{sheets}</sheets>" + (f"<definedNames>{names}</definedNames>" if names else "")
              + '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>')
        rels = "".join(f'<Relationship Id="rId{i}" Type="{NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, count + 1))
        write("xl/_rels/workbook.xml.rels",
              f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{NS_PKG_REL}">{rels}'
              f'<Relationship Id="rId{count + 1}" Type="{NS_REL}/styles" Target="styles.xml"/>'
              f'<Relationship Id="rId{count + 2}" Type="{NS_REL}/sharedStrings" Target="sharedStrings.xml"/>'
              "</Relationships>")
        write("xl/styles.xml", STYLES_XML)
        with self.zip.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            stream.write(
                (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{NS_MAIN}" '
                 f'count="{len(self.strings)}" uniqueCount="{len(self.strings)}">').encode())
            chunk = []
            for text in self.strings:
                cleaned = escape(clean_text(text))
                space = ' xml:space="preserve"' if cleaned != cleaned.strip() or "\n" in cleaned else ""
                chunk.append(f"<si><t{space}>{cleaned}</t></si>")
                if len(chunk) >= 2000:
                    stream.write("".join(chunk).encode("utf-8"))
                    chunk = []
            stream.write(("".join(chunk) + "</sst>").encode("utf-8"))
