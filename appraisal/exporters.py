"""HR's score sheets: an Excel workbook (summary + one sheet per person, with formulas) and PDF sheets.

Both read the same ScoreSheet (appraisal.sheet) of each scorecard; user text goes through safe_cell.
"""

import io
from functools import lru_cache
from types import SimpleNamespace

from django.utils import timezone

from core.exports import BaseExporter, formula_text, safe_cell
from core.memory import collections_paused

from . import xlsx
from .pdfsheet import ScoreSheetDocument
from .selectors import prefetch_figures
from .sheet import LOCKED_NAME, STATE_NAMES, ScoreSheet, month_title
from .xlsx import CENTER, HEADER, LABEL, NOTE, NUM1, NUM2, NUM2_BOLD, SUBTITLE, TEXT, TITLE, Formula

CHUNK = 400
# What ScoreSheet.of reads of a scorecard and its people: the other columns (results, reminders, timestamps, the
# people's passwords and e-mails) made up most of what a hospital's month read (test_export_queries.py guards against
# a field read but not loaded: that would be one query per scorecard).
PEOPLE = ("user", "reviewer", "reviewer_confirmed_by", "staff_confirmed_by")
SHEET_FIELDS = (
    "user", "period", "template", "department__name", "reviewer", "state", "self_deadline", "summary_gains",
    "summary_losses", "reviewer_opinion", "self_missing", "reviewer_confirmed_at", "reviewer_confirmed_by",
    "staff_confirmed_at", "staff_confirmed_by", "closed_at",
    *(f"{person}__{field}" for person in PEOPLE for field in ("username", "name")))


def _chunks(scorecards, size=CHUNK):
    """Scorecards with their figures loaded, a few hundred at a time (memory stays flat for a hospital)."""
    if isinstance(scorecards, list):
        yield from (scorecards[i:i + size] for i in range(0, len(scorecards), size))
        return
    ids = list(scorecards.values_list("pk", flat=True))
    base = scorecards.model.objects.select_related(
        "user", "department", "reviewer", "reviewer_confirmed_by", "staff_confirmed_by").only(*SHEET_FIELDS)
    for start in range(0, len(ids), size):
        batch = {sc.pk: sc for sc in base.filter(pk__in=ids[start:start + size])}
        yield prefetch_figures([batch[pk] for pk in ids[start:start + size]])


INCOMPLETE = "考核未完成"  # the grade cell of a scorecard not scored by both sides (the PDF says the same)


def _number(value):
    return f"{value.normalize():f}"


class _Exporter(BaseExporter):
    chunk = CHUNK  # scorecards read with their figures at a time

    def __init__(self, scorecards, progress=None, title=""):
        self.scorecards = scorecards
        self.progress = progress or (lambda done: None)
        self.title = title

    def sheets(self):
        done = 0
        for chunk in _chunks(self.scorecards, self.chunk):
            for scorecard in chunk:
                yield ScoreSheet.of(scorecard)
                done += 1
                self.progress(done)

    def render(self):
        out = io.BytesIO()
        self.write(out)
        return out.getvalue()


# --- Excel -------------------------------------------------------------------------------------------

PERSON_WIDTHS = [5, 14, 34, 30, 7, 7, 8.5, 7, 8.5, 9]
LINE_HEIGHT = 13.5


@lru_cache(maxsize=20000)
def _height(*cells):
    """Row height (points) for wrapped cells given as (text, column width)."""
    lines = max((xlsx.wrapped_lines(text, width) for text, width in cells if text), default=1)
    return round(lines * LINE_HEIGHT + 4, 1)


def _merged(sheet, cells, spans, height=None, static=0):
    """Write a row; spans: [(first column, last column)] to merge; static: see xlsx.Sheet.row."""
    row = sheet.row(cells, height=height, static=static)
    for first, last in spans:
        sheet.merge(first, last, row)
    return row


def _banner(ws, text, style, height=18):
    """A full-width merged row of one text (title, heading, note): the same on every sheet that has it."""
    return _merged(ws, [(text, style)] + [(None, style)] * 9, [(0, 9)], height=height, static=10)


def _grade_formula(cell, bands):
    """IF(J40>=100,"出色",IF(J40>=90,"优秀",…,"差")) from the template's bands (highest first)."""
    if not bands:
        return '""'
    expression = formula_text(bands[-1][0])
    for name, low in reversed(bands[:-1]):
        expression = f"IF({cell}>={_number(low)},{formula_text(name)},{expression})"
    return expression


def _grade_of(value, bands):
    for name, low in bands:
        if value >= low:
            return name
    return bands[-1][0] if bands else ""


class PersonRefs:
    """Where a person's sheet keeps its totals, for the summary's formulas."""

    def __init__(self, sheet_name, sheet):
        self.sheet_name, self.sheet = sheet_name, sheet
        self.sections = {}  # section code → row of its subtotal
        self.bonus_row = self.deductions_row = self.total_row = self.final_row = None

    def ref(self, row, column="J"):
        return f"{xlsx.quote_sheet(self.sheet_name)}!{column}{row}"

    def release(self):
        """Keep only what the summary reads: the scorecard with its lines and items goes, so a hospital's month
        does not stay in memory (and in every garbage collection) until the summary is written."""
        sheet = self.sheet  # in place: the sheet was made for this workbook and is written (copies cost 0.1 s)
        sheet.scorecard = SimpleNamespace(period=sheet.scorecard.period, state=sheet.scorecard.state)
        for section in sheet.sections:
            section.items = []
        sheet.bonus_lines, sheet.deduction_lines, sheet.attachments = [], [], []
        return self


class ItemRows:
    """Writes score items' rows, each row shape built once per workbook.

    An item's row at a given row number is the same on every sheet of its template except for five numbers: the
    texts, points, height and formulas (columns A–E, the formulas' text) are built the first time, and each sheet
    only adds its two scores and three results (F–J). A hospital's month has some 130,000 item rows; building each
    one cell by cell was the writer's largest cost. The XML is what Sheet.row() writes for the same cells (the
    workbook snapshot test compares them).
    """

    def __init__(self):
        self.shapes = {}

    def write(self, ws, item, self_w, reviewer_w):
        r = ws.row_count + 1
        key = (r, item.item_pk, item.number, item.continues_name, self_w, reviewer_w)
        shape = self.shapes.get(key)
        if shape is None:
            shape = self.shapes[key] = self._shape(ws, r, item, self_w, reviewer_w)
        start, self_cell, self_part, reviewer_cell, reviewer_part, score = shape
        return ws.raw_row("".join((
            start, _value(self_cell, item.self_score), _cached(self_part, item.self_part),
            _value(reviewer_cell, item.reviewer_score), _cached(reviewer_part, item.reviewer_part),
            _cached(score, item.score), "</row>")))

    @staticmethod
    def _shape(ws, r, item, self_w, reviewer_w):
        """The row's fixed pieces: its head and columns A–E, then each of F–J up to its value."""
        texts = [(item.number, CENTER), (None if item.continues_name else item.name, TEXT), (item.description, TEXT),
                 (item.criteria, TEXT), (item.max_points, NUM2)]
        height = _height((item.name, 14), (item.description, 34), (item.criteria, 30))
        return (ws.row_head(r, height) + ws.cells_xml(r, texts),
                f'<c r="F{r}" s="{NUM1}"',
                f'<c r="G{r}" s="{NUM2}"><f>ROUND(F{r}*{self_w},2)</f>',
                f'<c r="H{r}" s="{NUM1}"',
                f'<c r="I{r}" s="{NUM2}"><f>ROUND(H{r}*{reviewer_w},2)</f>',
                f'<c r="J{r}" s="{NUM2}"><f>G{r}+I{r}</f>')


def _value(head, value):
    """A number cell from its head (empty, with its style, when there is no number)."""
    return f"{head}/>" if value is None else f"{head}><v>{value}</v></c>"


def _cached(head, value):
    """A formula cell from its head (up to its formula) with the formula's cached result."""
    return f"{head}</c>" if value is None else f"{head}<v>{value}</v></c>"


def write_person_sheet(book, sheet, item_rows=None):
    """One person's sheet laid out like the paper form; totals are formulas so HR's edits recompute."""
    item_rows = item_rows or ItemRows()
    ws = book.add_sheet(f"{sheet.username} {sheet.name}", PERSON_WIDTHS)
    refs = PersonRefs(ws.name, sheet)
    blank = (None, TEXT)
    _banner(ws, sheet.title, TITLE, height=26)
    _merged(ws, [("姓名", LABEL), (None, LABEL), (f"{sheet.name}（{sheet.username}）", TEXT), ("职务", LABEL),
                 (sheet.post, TEXT), blank, blank, ("考评人", LABEL), (None, LABEL), (sheet.reviewer, TEXT)],
            [(0, 1), (4, 6), (7, 8)], height=18)
    _merged(ws, [("部门", LABEL), (None, LABEL), (sheet.department, TEXT), ("考评区间", LABEL),
                 (sheet.period_text, TEXT), blank, blank, ("状态", LABEL), (None, LABEL), (sheet.state, TEXT)],
            [(0, 1), (4, 6), (7, 8)], height=18)
    if sheet.instructions:
        text = f"填写说明：{sheet.instructions}"
        _banner(ws, text, NOTE, height=_height((text, 120)))
    if sheet.self_missing_note:
        _banner(ws, sheet.self_missing_note, NOTE, height=_height((sheet.self_missing_note, 120)))
    self_w, reviewer_w = _number(sheet.self_weight), _number(sheet.reviewer_weight)
    for section in sheet.sections:
        _banner(ws, section.heading, HEADER)
        ws.row([(text, HEADER) for text in ("序号", section.item_label, section.description_label, "考评尺度", "分值",
                                             "自评", sheet.self_heading, "考评", sheet.reviewer_heading, "小计")],
               height=_height((section.item_label, 14)), static=10)
        first = ws.row_count + 1
        group_start = None
        for item in section.items:
            row = item_rows.write(ws, item, self_w, reviewer_w)
            if not item.continues_name:
                if group_start is not None and group_start < row - 1:
                    ws.merge(1, 1, group_start, row - 1)
                group_start = row
        last = ws.row_count
        if group_start is not None and group_start < last:
            ws.merge(1, 1, group_start, last)
        sums = [Formula(f"SUM({column}{first}:{column}{last})", value) for column, value in zip(
            "EFGHIJ", (section.max_points, section.self_total, section.self_part, section.reviewer_total,
                       section.reviewer_part, section.score))]
        refs.sections[section.code] = _merged(
            ws, [("合计", LABEL), (None, LABEL), (None, LABEL), (None, LABEL)] + [(f, NUM2_BOLD) for f in sums],
            [(0, 3)], height=18, static=5)
        if section.note:
            text = f"说明：{section.note}"
            _banner(ws, text, NOTE, height=_height((text, 120)))
    refs.bonus_row = _write_lines(ws, "考核加分", sheet.bonus_guidance, sheet.bonus_lines, sheet.bonus)
    refs.deductions_row = _write_lines(ws, "考核扣分", sheet.deduction_guidance, sheet.deduction_lines,
                                       sheet.deductions)
    section_cells = "+".join(f"J{row}" for row in refs.sections.values()) or "0"
    label = f"考评总得分（{sheet.total_note}）" if sheet.total_note else "考评总得分"
    refs.total_row = _total_row(ws, label, Formula(section_cells, sheet.total))
    refs.final_row = _total_row(ws, "最终得分（考评总得分＋考核加分－考核扣分）", Formula(
        f"J{refs.total_row}+J{refs.bonus_row}-J{refs.deductions_row}", sheet.final))
    _total_row(ws, "等级", Formula(_grade_formula(f"J{refs.final_row}", sheet.bands),
                                  _grade_of(sheet.final, sheet.bands)) if sheet.grade else INCOMPLETE)
    _banner(ws, "被考核人员本月工作小结", HEADER)
    for label, text in (("得：", sheet.summary_gains), ("失：", sheet.summary_losses), ("复评人意见", sheet.opinion),
                        ("复评人签字确认", sheet.reviewer_signature), ("被考核人签字确认", sheet.person_signature)):
        _merged(ws, [(label, LABEL), (None, LABEL), (text, TEXT)] + [(None, TEXT)] * 7, [(0, 1), (2, 9)],
                height=max(18, _height((text, 100))), static=2)
    ws.finish()
    return refs


def _write_lines(ws, title, guidance, lines, subtotal):
    _banner(ws, title, HEADER)
    text = f"{title}事实、依据和理由：{guidance}"
    _banner(ws, text, NOTE, height=_height((text, 120)))
    _merged(ws, [("序号", HEADER), ("事实", HEADER), (None, HEADER), ("依据和理由", HEADER)] + [(None, HEADER)] * 5
            + [("分值", HEADER)], [(1, 2), (3, 8)], height=18, static=10)
    first = ws.row_count + 1
    for line in lines:
        _merged(ws, [(line.number, CENTER), (line.fact, TEXT), (None, TEXT), (line.basis, TEXT)] + [(None, TEXT)] * 5
                + [(line.points, NUM2)], [(1, 2), (3, 8)], height=_height((line.fact, 48), (line.basis, 70)))
    if not lines:
        _merged(ws, [("无", CENTER)] + [(None, CENTER)] * 8 + [(None, NUM2)], [(0, 8)], height=16, static=10)
    last = ws.row_count
    total = Formula(f"SUM(J{first}:J{last})", subtotal) if lines else Formula("0", subtotal)
    return _total_row(ws, f"{title}合计", total)


def _total_row(ws, label, value):
    return _merged(ws, [(label, LABEL)] + [(None, LABEL)] * 8 + [(value, NUM2_BOLD)], [(0, 8)], height=18, static=9)


class ScorecardWorkbook(_Exporter):
    """A summary sheet (each person: section scores, bonus, deductions, final, grade, rank) and one sheet per person."""

    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def write(self, out):
        book = xlsx.Workbook(out)
        with collections_paused():
            item_rows = ItemRows()
            people = [write_person_sheet(book, sheet, item_rows).release() for sheet in self.sheets()]
            self._write_summary(book, people)
        book.close()

    def _write_summary(self, book, people):
        codes, names = [], {}
        for refs in people:
            for section in refs.sheet.sections:
                if section.code not in names:
                    codes.append(section.code)
                    names[section.code] = section.name
        headings = (["序号", "工号", "姓名", "部门", "岗位"] + [names[c] for c in codes]
                    + ["合计", "考核加分", "考核扣分", "最终得分", "等级", "科室排名", "状态"])
        widths = [5, 8, 10, 10, 13] + [9] * len(codes) + [9, 8, 8, 9, 7, 8, 10]
        ws = book.add_sheet("汇总", widths, position=0, landscape=True, freeze_rows=3, print_title_rows=(3, 3))
        columns = {name: xlsx.column_letter(i) for i, name in enumerate(headings)}
        first_row, last_row = 4, 3 + len(people)
        span = [(0, len(headings) - 1)]
        period = people[0].sheet.scorecard.period if people else None
        title = f"{month_title(period)}绩效考核汇总" if period else "绩效考核汇总"
        if self.title:
            title += f"（{self.title}）"
        completed = sum(1 for refs in people if refs.sheet.is_locked)
        _merged(ws, [(title, TITLE)] + [(None, TITLE)] * (len(headings) - 1), span, height=26)
        subtitle = (f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}　共 {len(people)} 人，已确认 {completed} 人；"
                    f"排名只计已确认的考核表")
        _merged(ws, [(subtitle, SUBTITLE)] + [(None, SUBTITLE)] * (len(headings) - 1), span, height=16)
        ws.row([(heading, HEADER) for heading in headings], height=30)
        ranks = _summary_ranks(people)
        dept, final, state = columns["部门"], columns["最终得分"], columns["状态"]
        for number, refs in enumerate(people, start=1):
            sheet, row = refs.sheet, first_row + number - 1
            by_code = {section.code: section for section in sheet.sections}
            cells = [(number, CENTER), (sheet.username, CENTER), (safe_cell(sheet.name), TEXT),
                     (sheet.department, TEXT), (sheet.post, TEXT)]
            for code in codes:
                section = by_code.get(code)
                cells.append((Formula(refs.ref(refs.sections[code]), section.score), NUM2) if section else (None, NUM2))
            section_span = f"{xlsx.column_letter(5)}{row}:{xlsx.column_letter(4 + len(codes))}{row}"
            cells += [
                (Formula(f"SUM({section_span})", sheet.total), NUM2),
                (Formula(refs.ref(refs.bonus_row), sheet.bonus), NUM2),
                (Formula(refs.ref(refs.deductions_row), sheet.deductions), NUM2),
                (Formula(f"{columns['合计']}{row}+{columns['考核加分']}{row}-{columns['考核扣分']}{row}", sheet.final),
                 NUM2_BOLD),
                # A grade only for a complete scorecard (both sides scored every item), as on the PDF sheet.
                (Formula(_grade_formula(f"{final}{row}", sheet.bands), _grade_of(sheet.final, sheet.bands))
                 if sheet.grade else INCOMPLETE, CENTER),
            ]
            if sheet.is_locked:
                rank = (f'COUNTIFS(${dept}${first_row}:${dept}${last_row},{dept}{row},'
                        f'${state}${first_row}:${state}${last_row},"{LOCKED_NAME}",'
                        f'${final}${first_row}:${final}${last_row},">"&{final}{row})+1')
                cells.append((Formula(rank, ranks[id(refs)]), CENTER))
            else:
                cells.append((None, CENTER))
            cells.append((STATE_NAMES.get(sheet.scorecard.state, ""), CENTER))
            ws.row(cells, height=16, once=True)
        ws.finish()


def _summary_ranks(people):
    """The cached value of each locked person's rank formula: 1 + how many locked colleagues scored higher."""
    by_department = {}
    for refs in people:
        if refs.sheet.is_locked:
            by_department.setdefault(refs.sheet.department, []).append(refs)
    ranks = {}
    for members in by_department.values():
        finals = [refs.sheet.final for refs in members]
        for refs in members:
            ranks[id(refs)] = 1 + sum(1 for value in finals if value > refs.sheet.final)
    return ranks


# --- PDF ---------------------------------------------------------------------------------------------

class ScoreSheetsPdf(_Exporter):
    """One score sheet per person, laid out like the policy document's 考评表."""

    content_type = "application/pdf"
    extension = "pdf"
    # Pages are compressed and each sheet let go as soon as it is drawn, so the chunk of scorecards read ahead is
    # most of what the export holds besides the file: 100 at a time keeps a hospital's month some 10 MB lower.
    chunk = 100

    def write(self, out):
        document = ScoreSheetDocument(out, title=self.title or "绩效考核表")
        for sheet in self.sheets():
            document.add(sheet)
        document.close()


EXPORTERS = {"xlsx": ScorecardWorkbook, "pdf": ScoreSheetsPdf}


def exporter_for(fmt, *, scorecards=None, period=None, department=None, progress=None):
    """The exporter of a format for given scorecards, or for a month (of one department or the hospital)."""
    from .models import Scorecard

    if scorecards is None:
        scorecards = Scorecard.objects.filter(period=period).order_by(
            "department__sort_order", "department__name", "user__username")
        if department is not None:
            scorecards = scorecards.filter(department=department)
    title = department.name if department is not None else ("全院" if period is not None else "")
    return EXPORTERS[fmt](scorecards, progress=progress, title=title)
