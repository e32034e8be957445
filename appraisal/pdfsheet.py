"""PDF score sheets laid out like the policy document's 考评表, with the CJK font embedded.

Everything a template version prints the same for everyone (the grid, headings, each item's name,
description, criteria and points) is laid out once and drawn once per document as a PDF form
XObject; each person's page reuses it and adds only their numbers and their own lines. That keeps
5,000 sheets well under a minute and the file small.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFZCompress
from reportlab.pdfgen import canvas as pdfcanvas

from core.pdf import register_cjk_font

from .models import score_text
from .sheet import points_text

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 28.0, 30.0, 36.0
WIDTH = PAGE_WIDTH - 2 * MARGIN_X
TOP = PAGE_HEIGHT - MARGIN_TOP
TEXT, SMALL, NUMBER, HEADING, TITLE = 7.5, 6.5, 8.0, 8.5, 14.0
PAD = 2.5
LEADING = 1.3
GREY = (0.91, 0.93, 0.95)
NO_BREAK_BEFORE = set("，。；：、）》」！？,.;:)%")
FLATE = PDFDictionary({"Filter": PDFArray([PDFName(PDFZCompress.pdfname)])})  # shared: PDFStream.format() copies it

# Item rows: 序号 | item | description | criteria | 分值 | 自评 | 自评×w | 考评 | 考评×w | 小计
ITEM_COLUMNS = [20, 66, 141, 120, 30, 29, 35, 29, 35, 34.27]


def _offsets(widths):
    positions, x = [], 0.0
    for width in widths:
        positions.append(x)
        x += width
    return positions


ITEM_X = _offsets(ITEM_COLUMNS)


@lru_cache(maxsize=4096)
def _char_width(char):
    return pdfmetrics.stringWidth(char, register_cjk_font(), 1.0)


# Bounded: the recent texts and the numbers every sheet repeats; each person's own texts (names, summaries,
# opinions) are wrapped twice in a row and never again, and a month's worth of them kept 10+ MB alive.
@lru_cache(maxsize=4096)
def wrap(text, width, size):
    """Lines of `text` that fit `width` at `size`, breaking between any two characters (CJK), not before
    closing punctuation; explicit line breaks are kept."""
    usable = width - 2 * PAD
    lines = []
    for paragraph in str(text).split("\n"):
        line, used = [], 0.0
        for char in paragraph:
            advance = _char_width(char) * size
            if line and used + advance > usable:
                carried = []
                if char in NO_BREAK_BEFORE and len(line) > 1:  # 禁则: no line starts with closing punctuation
                    carried = [line.pop()]
                lines.append("".join(line))
                line = carried
                used = sum(_char_width(c) * size for c in line)
            line.append(char)
            used += advance
        lines.append("".join(line))
    return tuple(lines)


@dataclass
class Cell:
    x: float
    width: float
    text: str = ""
    key: object = None  # a dynamic value filled per person
    align: str = "left"
    size: float = TEXT
    fill: bool = False
    name_cell: bool = False  # an item's name: rows of the same group share one cell, as on the paper form
    display: str = ""  # what a continuing name cell shows when its group starts a new page

    def lines(self):
        return wrap(self.text, self.width, self.size) if self.text else ()


@dataclass
class Row:
    cells: list
    min_height: float = 0.0
    group: object = None  # rows sharing a merged name cell

    def __post_init__(self):
        tallest = max((len(cell.lines()) * cell.size * LEADING for cell in self.cells), default=0)
        self.height = max(self.min_height, tallest + 2 * PAD + 1)


def text_width(text, size):
    return sum(_char_width(char) for char in text) * size


def draw_texts(c, placed):
    """The text of many cells, [(cell, top, height)], in one PDF text object (vertically centred lines)."""
    text = c.beginText()
    size = None
    for cell, top, height in placed:
        lines = cell.lines()
        if not lines:
            continue
        if cell.size != size:
            size = cell.size
            text.setFont(register_cjk_font(), size)
        leading = size * LEADING
        baseline = top - (height - len(lines) * leading) / 2 - size * 1.02
        left = MARGIN_X + cell.x
        for line in lines:
            if cell.align == "center":
                x = left + (cell.width - text_width(line, size)) / 2
            elif cell.align == "right":
                x = left + cell.width - PAD - text_width(line, size)
            else:
                x = left + PAD
            text.setTextOrigin(x, baseline)
            text.textOut(line)
            baseline -= leading
    c.drawText(text)


def draw_rows(c, placed):
    """Draw [(row, top)] of one page: fills, the grid, then all the text; a group's name cells as one tall cell."""
    c.setLineWidth(0.5)
    texts = []
    group = None  # [group key, cell, top, height]

    def close_group():
        if group is not None:
            _key, cell, top, height = group
            c.rect(MARGIN_X + cell.x, top - height, cell.width, height, stroke=1, fill=0)
            texts.append((cell if cell.text else Cell(cell.x, cell.width, cell.display), top, height))

    for row, top in placed:
        for cell in row.cells:
            if cell.name_cell and row.group is not None:
                if group is not None and group[0] == row.group:
                    group[3] += row.height
                else:
                    close_group()
                    group = [row.group, cell, top, row.height]
                continue
            if cell.fill:
                c.setFillColorRGB(*GREY)
                c.rect(MARGIN_X + cell.x, top - row.height, cell.width, row.height, stroke=0, fill=1)
                c.setFillColorRGB(0, 0, 0)
            c.rect(MARGIN_X + cell.x, top - row.height, cell.width, row.height, stroke=1, fill=0)
            texts.append((cell, top, row.height))
        if row.group is None:
            close_group()
            group = None
    close_group()
    draw_texts(c, texts)


def paginate(rows, top, first_page_top):
    """[[(row, top)] per page], and the page index and y where the next row would go."""
    pages, current, y = [], [], first_page_top
    for row in rows:
        if current and y - row.height < MARGIN_BOTTOM:
            pages.append(current)
            current, y = [], top
        current.append((row, y))
        y -= row.height
    pages.append(current)
    return pages, y


def split_long(cells_before, text_cell, max_lines=30):
    """A row whose text may be very long becomes several rows of at most max_lines lines each."""
    lines = text_cell.lines() or ("",)
    rows = []
    for start in range(0, len(lines), max_lines):
        chunk = "\n".join(lines[start:start + max_lines])
        before = cells_before if start == 0 else [Cell(c.x, c.width, "", fill=c.fill) for c in cells_before]
        rows.append(Row(before + [Cell(text_cell.x, text_cell.width, chunk, size=text_cell.size)], min_height=16))
    return rows


@dataclass
class TemplateLayout:
    """The static part of one template version's sheet: its pages as forms and where the numbers go."""

    name: str
    title: str
    pages: list
    slots: dict  # key → (page index, Cell, top, height)
    end_page: int
    end_y: float
    drawn_in: set = field(default_factory=set)

    def form_name(self, index):
        return f"{self.name}p{index}"

    def ensure_forms(self, c):
        if id(c) in self.drawn_in:
            return
        for index, placed in enumerate(self.pages):
            c.beginForm(self.form_name(index))
            if index == 0:
                c.setFont(register_cjk_font(), TITLE)
                c.drawCentredString(PAGE_WIDTH / 2, TOP - TITLE, self.title)
            draw_rows(c, placed)
            c.endForm()
        self.drawn_in.add(id(c))


def layout_template(sheet):
    """Lay out what a template version prints the same for every person (from any of its sheets)."""
    rows = []
    label = lambda x, w, text: Cell(x, w, text, align="center", fill=True, size=TEXT)  # noqa: E731
    # Header: 姓名 | … | 职务 | … | 考评人 | … / 部门 | … | 考评区间 | …
    widths = [48, 132, 48, 132, 48, WIDTH - 408]
    xs = _offsets(widths)
    header_one = Row([label(xs[0], widths[0], "姓名"), Cell(xs[1], widths[1], key="name"),
                      label(xs[2], widths[2], "职务"), Cell(xs[3], widths[3], key="post"),
                      label(xs[4], widths[4], "考评人"), Cell(xs[5], widths[5], key="reviewer")], min_height=18)
    header_two = Row([label(xs[0], widths[0], "部门"), Cell(xs[1], widths[1], key="department"),
                      label(xs[2], widths[2], "考评区间"), Cell(xs[3], WIDTH - xs[3], key="period")], min_height=18)
    rows += [header_one, header_two]
    if sheet.instructions:
        rows.append(Row([Cell(0, WIDTH, f"填写说明：{sheet.instructions}", size=SMALL)]))
    for section in sheet.sections:
        rows.append(Row([Cell(0, WIDTH, section.heading, align="center", size=HEADING, fill=True)], min_height=16))
        headings = ["序号", section.item_label, section.description_label, "考评尺度", "分值",
                    "自评", sheet.self_heading, "考评", sheet.reviewer_heading, "小计"]
        rows.append(Row([Cell(x, w, text, align="center", fill=True, size=SMALL)
                         for x, w, text in zip(ITEM_X, ITEM_COLUMNS, headings)], min_height=16))
        for item in section.items:
            if item.criteria:
                text_cells = [Cell(ITEM_X[2], ITEM_COLUMNS[2], item.description),
                              Cell(ITEM_X[3], ITEM_COLUMNS[3], item.criteria)]
            else:
                text_cells = [Cell(ITEM_X[2], ITEM_COLUMNS[2] + ITEM_COLUMNS[3], item.description)]
            cells = [Cell(ITEM_X[0], ITEM_COLUMNS[0], str(item.number), align="center"),
                     Cell(ITEM_X[1], ITEM_COLUMNS[1], "" if item.continues_name else item.name, name_cell=True,
                          display=item.name)]
            cells += text_cells
            cells.append(Cell(ITEM_X[4], ITEM_COLUMNS[4], points_text(item.max_points), align="center", size=NUMBER))
            for column, part in zip(range(5, 10), ("self", "self_part", "reviewer", "reviewer_part", "score")):
                cells.append(Cell(ITEM_X[column], ITEM_COLUMNS[column], key=(part, item.item_pk), align="center",
                                  size=NUMBER))
            rows.append(Row(cells, min_height=15))
        _mark_name_groups(rows, section)
        total_cells = [Cell(0, ITEM_X[4], "合计", align="center", fill=True, size=TEXT),
                       Cell(ITEM_X[4], ITEM_COLUMNS[4], points_text(section.max_points), align="center", size=NUMBER)]
        for column, part in zip(range(5, 10), ("self_total", "self_part", "reviewer_total", "reviewer_part", "score")):
            total_cells.append(Cell(ITEM_X[column], ITEM_COLUMNS[column], key=(f"section_{part}", section.code),
                                    align="center", size=NUMBER))
        rows.append(Row(total_cells, min_height=15))
        if section.note:
            rows.append(Row([Cell(0, WIDTH, f"说明：{section.note}", size=SMALL)]))
    pages, end_y = paginate(rows, TOP, TOP - TITLE - 12)
    slots = {}
    for index, placed in enumerate(pages):
        for row, top in placed:
            for cell in row.cells:
                if cell.key is not None:
                    slots[cell.key] = (index, cell, top, row.height)
    template = sheet.scorecard.template
    # A sheet without a self-assessment (未自评) has its own headings and note: a layout of its own.
    name = f"t{template.pk}m" if sheet.self_missing else f"t{template.pk}"
    return TemplateLayout(name=name, title=sheet.title, pages=pages, slots=slots,
                          end_page=len(pages) - 1, end_y=end_y)


def _mark_name_groups(rows, section):
    """Consecutive items of a section with the same name share one name cell, as on the paper form."""
    item_rows = rows[-len(section.items):]
    group = 0
    for row, item in zip(item_rows, section.items):
        if not item.continues_name:
            group += 1
        row.group = (section.code, group)


def dynamic_values(sheet):
    values = {"name": f"{sheet.name}（{sheet.username}）", "post": sheet.post, "reviewer": sheet.reviewer,
              "department": sheet.department, "period": sheet.period_text}
    for section in sheet.sections:
        for item in section.items:
            values[("self", item.item_pk)] = "未自评" if sheet.self_missing else score_text(item.self_score)
            values[("self_part", item.item_pk)] = points_text(item.self_part) if item.self_score is not None else ""
            values[("reviewer", item.item_pk)] = score_text(item.reviewer_score)
            values[("reviewer_part", item.item_pk)] = (points_text(item.reviewer_part)
                                                       if item.reviewer_score is not None else "")
            values[("score", item.item_pk)] = points_text(item.score)
        values[("section_self_total", section.code)] = "—" if sheet.self_missing else score_text(section.self_total)
        values[("section_self_part", section.code)] = "—" if sheet.self_missing else points_text(section.self_part)
        values[("section_reviewer_total", section.code)] = score_text(section.reviewer_total)
        values[("section_reviewer_part", section.code)] = points_text(section.reviewer_part)
        values[("section_score", section.code)] = points_text(section.score)
    return values


LABEL_WIDTH, NUMBER_WIDTH = 84.0, 60.0
LINE_COLUMNS = [20, 216, WIDTH - 296, 60]
LINE_X = _offsets(LINE_COLUMNS)


def person_rows(sheet):
    """The rows after the items, different for every person: bonus and deduction lines, totals, summary,
    opinion and the two confirmations."""
    rows = []
    text_width = WIDTH - LABEL_WIDTH

    def label_row(label, text, number=None, fill_text=False):
        width = text_width - (NUMBER_WIDTH if number is not None else 0)
        cells = [Cell(0, LABEL_WIDTH, label, align="center", fill=True)]
        if number is None:
            return split_long(cells, Cell(LABEL_WIDTH, width, text))
        cells += [Cell(LABEL_WIDTH, width, text, fill=fill_text),
                  Cell(LABEL_WIDTH + width, NUMBER_WIDTH, number, align="center", size=NUMBER)]
        return [Row(cells, min_height=16)]

    if sheet.self_missing_note:
        rows += label_row("未自评", sheet.self_missing_note.removeprefix("未自评："))
    for title, guidance, lines, subtotal in (
        ("考核加分", sheet.bonus_guidance, sheet.bonus_lines, sheet.bonus),
        ("考核扣分", sheet.deduction_guidance, sheet.deduction_lines, sheet.deductions),
    ):
        rows += label_row(title, f"{title}事实、依据和理由：{guidance}")
        rows.append(Row([Cell(x, w, text, align="center", fill=True, size=SMALL)
                         for x, w, text in zip(LINE_X, LINE_COLUMNS, ["序号", "事实", "依据和理由", "分值"])],
                        min_height=14))
        for line in lines:
            rows.append(Row([Cell(LINE_X[0], LINE_COLUMNS[0], str(line.number), align="center"),
                             Cell(LINE_X[1], LINE_COLUMNS[1], line.fact), Cell(LINE_X[2], LINE_COLUMNS[2], line.basis),
                             Cell(LINE_X[3], LINE_COLUMNS[3], points_text(line.points), align="center", size=NUMBER)],
                            min_height=15))
        if not lines:
            rows.append(Row([Cell(0, WIDTH, "无", align="center")], min_height=15))
        rows += label_row(f"{title}合计", "", points_text(subtotal))
    rows += label_row("考评总得分", sheet.total_note, points_text(sheet.total))
    rows += label_row("最终得分", f"考评总得分 + 考核加分 − 考核扣分 = {sheet.total:.2f} + {sheet.bonus:.2f} − "
                               f"{sheet.deductions:.2f}", points_text(sheet.final))
    bands = "　".join(f"{name} ≥ {low:.0f}" for name, low in sheet.bands)
    rule = f"最终得分 {sheet.grade_rule}；" if sheet.grade else "考核未完成；"
    rows += label_row("等级", f"{rule}{bands}", sheet.grade or "—")
    rows.append(Row([Cell(0, WIDTH, "被考核人员本月工作小结", align="center", fill=True, size=HEADING)],
                    min_height=16))
    rows += label_row("得：", sheet.summary_gains)
    rows += label_row("失：", sheet.summary_losses)
    rows += label_row("附页", "；".join(f"{n}. {name}" for n, name in enumerate(sheet.attachments, 1)) or "无")
    rows += label_row("复评人意见", sheet.opinion)
    rows += label_row("复评人签字确认", sheet.reviewer_signature)
    rows += label_row("被考核人签字确认", sheet.person_signature)
    return rows


class PageStream(PDFStream):
    """A finished page's compressed commands. save() formats every object once into the file's bytes, then joins
    them: the stream lets its own copy go once formatted, so a month's pages are not held twice meanwhile."""

    __Comment__ = "page stream"

    def format(self, document):
        formatted = super().format(document)
        self.content = b""
        return formatted


class ScoreSheetDocument:
    """Writes score sheets, one after the other, into one PDF."""

    def __init__(self, out, title="绩效考核表"):
        register_cjk_font()
        self.canvas = pdfcanvas.Canvas(out, pagesize=A4, pageCompression=1, initialFontName=register_cjk_font(),
                                       initialFontSize=TEXT)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("Xinke")
        self.layouts = {}

    def layout_for(self, sheet):
        key = (sheet.scorecard.template_id, sheet.self_missing)
        if key not in self.layouts:
            self.layouts[key] = layout_template(sheet)
        return self.layouts[key]

    def add(self, sheet):
        c = self.canvas
        layout = self.layout_for(sheet)
        layout.ensure_forms(c)
        values = dynamic_values(sheet)
        extra_pages, _end = paginate(person_rows(sheet), TOP, layout.end_y)
        pages = len(layout.pages) + len(extra_pages) - 1
        by_page = {}
        for key, (index, cell, top, height) in layout.slots.items():
            by_page.setdefault(index, []).append((cell, top, height, values.get(key, "")))
        for index in range(pages):
            texts = []
            if index < len(layout.pages):
                c.doForm(layout.form_name(index))
                texts = [(Cell(cell.x, cell.width, text, align=cell.align, size=cell.size), top, height)
                         for cell, top, height, text in by_page.get(index, []) if text]
            if index == 0:
                texts.append((Cell(0, WIDTH, f"状态：{sheet.state}", align="right", size=SMALL), TOP - TITLE + 8, 12))
            texts.append((Cell(0, WIDTH, f"{sheet.title}　{sheet.name}（{sheet.username}）　{sheet.period_text}",
                               size=SMALL), MARGIN_BOTTOM - 8, 12))
            texts.append((Cell(0, WIDTH, f"第 {index + 1} / {pages} 页", align="right", size=SMALL),
                          MARGIN_BOTTOM - 8, 12))
            draw_texts(c, texts)
            person_page = index - layout.end_page
            if person_page >= 0 and extra_pages[person_page]:
                draw_rows(c, extra_pages[person_page])
            c.showPage()
            self._compress_last_page()

    def _compress_last_page(self):
        """Compress the page just finished now instead of at save(): reportlab keeps every page's drawing commands
        as text until the document is written, some 75 MB for a hospital's month. These are the Flate bytes save()
        would write (with the Filter already named, save() leaves the stream as it is), so the file is the same."""
        page = self.canvas._doc.Pages.pages[-1]
        page.Contents, page.stream = PageStream(FLATE, PDFZCompress.encode(page.stream)), None

    def close(self):
        # Binary (Flate) streams, not ASCII85 on top: a smaller file, and a quarter less time for thousands of pages.
        previous, rl_config.useA85 = rl_config.useA85, 0
        try:
            self.canvas.save()
        finally:
            rl_config.useA85 = previous
