"""The month's roster as a spreadsheet and as a printable PDF for the duty-room wall; the duty log and the handover
record as PDFs. Always in Chinese (they are filed and pinned up); user text is escaped (formula injection in cells,
markup in PDF paragraphs)."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.exports import BaseExporter, safe_cell
from core.pdf import grid_table, register_cjk_font, styles, text, when

from .models import DutyPolicy, Handover, HandoverItem
from .selectors import roster_grid

WEEKDAYS = "一二三四五六日"
REST_FILL = "EDEFF2"
STATE = {"draft": "草稿（未发布）", "published": "已发布"}


def _p(text, style):
    """A PDF paragraph of user text: reportlab markup in it is escaped, line breaks kept."""
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _by_date(grid):
    """[(day, {duty_type_id: [names]})] — the wall's layout: one row a day, one column a duty type."""
    rows = {day.date: {} for day in grid.days}
    for row in grid.rows:
        for cell in row.cells:
            for assignment, _conflicts in cell.entries:
                rows[cell.day.date].setdefault(assignment.duty_type_id, []).append(row.person.display_name)
    return [(day, rows[day.date]) for day in grid.days]


class RosterXlsx(BaseExporter):
    """Two sheets: the people × days grid, and one row a day with each duty's people."""

    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def __init__(self, roster):
        self.roster = roster

    def render(self):
        grid = roster_grid(self.roster)
        workbook = Workbook()
        self._grid_sheet(workbook.active, grid)
        self._date_sheet(workbook.create_sheet("按日期"), grid)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def _title(self, sheet, columns, orientation="landscape", pages_high=0):
        roster = self.roster
        sheet.append([f"{roster.department.name}值班表 {roster.month:%Y年%m月}（{STATE[roster.state]}，"
                      f"导出于 {timezone.localtime():%Y-%m-%d %H:%M}）"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
        sheet.page_setup.orientation = orientation
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = pages_high
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:3"
        sheet.oddFooter.center.text = "第 &P 页，共 &N 页"

    def _grid_sheet(self, sheet, grid):
        sheet.title = "值班表"
        columns = len(grid.days) + 2
        self._title(sheet, columns)
        sheet.append(["姓名", *[day.date.day for day in grid.days], "合计"])
        sheet.append(["", *[WEEKDAYS[day.date.weekday()] for day in grid.days], ""])
        rest = PatternFill("solid", fgColor=REST_FILL)
        thin = Side(style="thin", color="8A99A6")
        for row_number in (2, 3):
            for column in range(1, columns + 1):
                cell = sheet.cell(row=row_number, column=column)
                cell.font = Font(bold=True)
                cell.alignment = Alignment(horizontal="center")
        for row in grid.rows:
            values = [safe_cell(row.person.display_name)]
            for cell in row.cells:
                values.append(" ".join(a.duty_type.short for a, _c in cell.entries) or None)
            values.append(sum(row.counts.values()))
            sheet.append(values)
        for index, day in enumerate(grid.days, start=2):
            if day.is_rest_day:
                for row_number in range(2, sheet.max_row + 1):
                    sheet.cell(row=row_number, column=index).fill = rest
        for row_cells in sheet.iter_rows(min_row=2, max_row=sheet.max_row, max_col=columns):
            for cell in row_cells:
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                if cell.column > 1:
                    cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions["A"].width = 10
        for column in range(2, columns):
            sheet.column_dimensions[get_column_letter(column)].width = 4.2
        sheet.column_dimensions[get_column_letter(columns)].width = 6
        sheet.freeze_panes = "B4"
        legend = "；".join(f"{t.short}＝{t.name} {t.hours_text()}" for t in grid.duty_types)
        sheet.append([])
        sheet.append([f"图例：{legend}。灰底为周末或法定节假日。"])

    def _date_sheet(self, sheet, grid):
        types = grid.duty_types
        self._title(sheet, len(types) + 2, orientation="portrait", pages_high=1)  # a month on one printed page
        sheet.append(["日期", "星期", *[t.name for t in types]])
        sheet.append(["", "", *[t.hours_text() for t in types]])
        for row_number in (2, 3):
            for cell in sheet[row_number]:
                cell.font = Font(bold=True)
        rest = PatternFill("solid", fgColor=REST_FILL)
        for day, by_type in _by_date(grid):
            sheet.append([day.date, WEEKDAYS[day.date.weekday()],
                          *[safe_cell("、".join(by_type.get(t.pk, []))) for t in types]])
            sheet.cell(row=sheet.max_row, column=1).number_format = "yyyy-mm-dd"
            if day.is_rest_day:
                for cell in sheet[sheet.max_row]:
                    cell.fill = rest
        thin = Side(style="thin", color="8A99A6")
        for row_cells in sheet.iter_rows(min_row=2, max_row=sheet.max_row, max_col=len(types) + 2):
            for cell in row_cells:
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        sheet.column_dimensions["A"].width = 12
        sheet.column_dimensions["B"].width = 6
        for column in range(3, len(types) + 3):
            sheet.column_dimensions[get_column_letter(column)].width = 18


class RosterPdf(BaseExporter):
    """A4 landscape, one row a day and one column a duty type, weekends and holidays shaded: for the wall."""

    content_type = "application/pdf"
    extension = "pdf"

    def __init__(self, roster):
        self.roster = roster

    def render(self):
        roster, style = self.roster, styles()
        grid = roster_grid(roster)
        font = register_cjk_font()
        types = grid.duty_types
        cell_style = style["small"]
        header = ["日期", "星期", *[_p(f"{t.name}\n{t.hours_text()}", cell_style) for t in types]]
        rows = [header]
        shaded = []
        for number, (day, by_type) in enumerate(_by_date(grid), start=1):
            rows.append([f"{day.date:%m-%d}", WEEKDAYS[day.date.weekday()],
                         *[_p("、".join(by_type.get(t.pk, [])), cell_style) for t in types]])
            if day.is_rest_day:
                shaded.append(("BACKGROUND", (0, number), (-1, number), colors.HexColor("#edeff2")))
        width = (277 * mm - 30 * mm) / max(len(types), 1)
        table = Table(rows, colWidths=[16 * mm, 14 * mm, *[width] * len(types)], repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9eef2")),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8a99a6")), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            # Thin rows: a month of 31 days fits one landscape page on the wall.
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1), *shaded,
        ]))
        story = [
            Paragraph(f"{escape(roster.department.name)}值班表　{roster.month:%Y年%m月}", style["title"]),
            Paragraph(f"状态：{STATE[roster.state]}　　发布：{when(roster.published_at, empty='—')}　　"
                      f"打印：{when(timezone.now())}", style["small"]),
            Spacer(1, 3 * mm), table, Spacer(1, 3 * mm),
            _p("灰底为周末或法定节假日。值班人员不能脱岗，24小时开机；严格执行值班、交接班制度。"
               f"接科室电话后{DutyPolicy.current().response_minutes}分钟内响应（包括电话）。", style["small"]),
        ]
        buffer = io.BytesIO()
        document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
                                     topMargin=8 * mm, bottomMargin=8 * mm,
                                     title=f"值班表 {roster.department.name} {roster.month:%Y-%m}", author="Xinke")
        document.build(story)
        return buffer.getvalue()


def _document(story, title):
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                                 bottomMargin=16 * mm, title=title, author="Xinke")
    document.build(story)
    return buffer.getvalue()


def log_pdf(log, breaches=None):
    """值班记录: the shift, its entries with times, the breaches recorded on that duty (值班违规, when the reader may
    see them: `breaches` is None otherwise), the team leader's signature."""
    style = styles()
    shift = log.assignment
    story = [
        Paragraph(f"{escape(shift.roster.department.name)}值班记录（工作日志）", style["title"]),
        Paragraph(f"打印时间：{when(timezone.now())}", style["small"]), Spacer(1, 4 * mm),
        grid_table([["值班类别", shift.duty_type.name, "日期", f"{shift.day:%Y年%m月%d日}"],
                    ["值班人员", _p(f"{shift.person.display_name}（工号 {shift.person.username}）", style["small"]),
                     "时间", f"{when(shift.starts_at, '%m-%d %H:%M')} – {when(shift.ends_at, '%m-%d %H:%M')}"]],
                   [26 * mm, 60 * mm, 22 * mm, 66 * mm]),
        Spacer(1, 4 * mm), Paragraph("记录", style["heading"]),
    ]
    rows = [["时间", "内容", "记录人"]]
    for entry in log.entries.select_related("recorded_by").order_by("at", "pk"):
        rows.append([when(entry.at, "%m-%d %H:%M"), _p(entry.text, style["small"]),
                     _p(entry.recorded_by.display_name, style["small"])])
    if len(rows) == 1:
        rows.append(["", "（无记录）", ""])
    story.append(grid_table(rows, [26 * mm, 122 * mm, 26 * mm]))
    if breaches is not None:
        story += [Spacer(1, 4 * mm), Paragraph("值班违规", style["heading"])]
        rows = [["时间", "违规事项", "经过", "记录人", "处理"]]
        for breach in breaches.order_by("occurred_at", "pk"):  # in the order they happened, like the entries
            kind = f"{breach.kind.name}（{breach.minutes}分钟）" if breach.minutes else breach.kind.name
            finding = getattr(breach, "finding", None)
            with translation.override("zh-hans"):  # the form is Chinese whatever the reader's language
                handled = finding.get_state_display() if finding else "—"
            rows.append([when(breach.occurred_at, "%m-%d %H:%M"), text(kind, style["small"]),
                         text(breach.facts, style["small"]), text(breach.recorded_by.display_name, style["small"]),
                         text(handled, style["small"])])
        if len(rows) == 1:
            rows.append(["", "（无违规记录）", "", "", ""])
        story.append(grid_table(rows, [22 * mm, 32 * mm, 60 * mm, 22 * mm, 38 * mm]))
    signed = f"{log.signed_by.display_name}　{when(log.signed_at)}" if log.signed_by else "未签字"
    story += [Spacer(1, 5 * mm), grid_table([["组长签字认可", _p(signed, style["small"])],
                                              ["组长意见", _p(log.sign_note or "—", style["small"])]],
                                             [36 * mm, 138 * mm])]
    return _document(story, f"值班记录 {shift.day:%Y-%m-%d} {shift.person.display_name}")


CHECK = {HandoverItem.Check.WAITING: "未核对", HandoverItem.Check.CONFIRMED: "确认无误",
         HandoverItem.Check.DISPUTED: "有异议"}
KIND = {HandoverItem.Kind.SPARE: "备用机", HandoverItem.Kind.TOOL: "维修工具", HandoverItem.Kind.PENDING: "待完成工作",
        HandoverItem.Kind.LOAN: "借出物品", HandoverItem.Kind.RECEIVED: "当日接收设备",
        HandoverItem.Kind.INSTALLED: "当日安装设备"}
HANDOVER_STATE = {Handover.State.RECORDING: "交班人填写中", Handover.State.HANDED_OVER: "已交班，待接班",
                  Handover.State.TAKEN_OVER: "已接班", Handover.State.DISPUTED: "已接班（数量有异议）",
                  Handover.State.RESOLVED: "异议已由科主任处理"}


def handover_pdf(handover):
    """交接班记录: the counted items, the incoming person's check of each, the signatures and any dispute."""
    style = styles()
    small = style["small"]
    outgoing, incoming = handover.outgoing, handover.incoming
    story = [
        Paragraph(f"{escape(outgoing.roster.department.name)}交接班记录", style["title"]),
        Paragraph(f"编号：JB-{handover.pk:05d}　　状态：{HANDOVER_STATE[handover.state]}　　打印时间：{when(timezone.now())}",
                  small), Spacer(1, 4 * mm),
        grid_table([["交班", _p(f"{outgoing.person.display_name} · {outgoing.duty_type.name} "
                                f"{when(outgoing.starts_at, '%m-%d %H:%M')}–{when(outgoing.ends_at, '%m-%d %H:%M')}",
                                small), "交班时间", when(handover.handed_over_at, empty="—")],
                    ["接班", _p(f"{incoming.person.display_name} · {incoming.duty_type.name} "
                                f"{when(incoming.starts_at, '%m-%d %H:%M')}" if incoming else "—", small),
                     "接班时间", when(handover.taken_over_at, empty="—")]],
                   [16 * mm, 94 * mm, 22 * mm, 42 * mm]),
        Spacer(1, 4 * mm), Paragraph("交接物品", style["heading"]),
    ]
    rows = [["类别", "物品", "数量", "位置/去向", "接班核对", "核对数量/说明"]]
    for item in handover.items.order_by("order", "pk"):
        found = "" if item.checked == HandoverItem.Check.WAITING else str(item.counted if item.counted is not None
                                                                             else item.quantity)
        if item.dispute_note:
            found = f"{found}（{item.dispute_note}）"
        rows.append([_p(KIND[item.kind], small),
                     _p(item.name, small), str(item.quantity), _p(item.location or "—", small),
                     CHECK[item.checked], _p(found or "—", small)])
    if len(rows) == 1:
        rows.append(["", "（无交接物品）", "", "", "", ""])
    story.append(grid_table(rows, [22 * mm, 40 * mm, 12 * mm, 38 * mm, 20 * mm, 42 * mm]))
    if handover.note:
        story += [Spacer(1, 3 * mm), _p(f"交班说明：{handover.note}", style["body"])]
    omissions = list(handover.omissions.select_related("reported_by"))
    if omissions:
        story += [Spacer(1, 4 * mm), Paragraph("漏项与填写不全（每项扣质量分）", style["heading"]),
                  grid_table([["序号", "内容", "报告人"], *[[str(n), _p(o.description, small),
                                                          _p(o.reported_by.display_name, small)]
                                                         for n, o in enumerate(omissions, start=1)]],
                             [14 * mm, 130 * mm, 30 * mm])]
    if handover.resolution:
        story += [Spacer(1, 3 * mm), _p(f"异议处理（{handover.resolved_by.display_name if handover.resolved_by else ''}"
                                        f"，{when(handover.resolved_at)}）：{handover.resolution}", style["body"])]
    story += [Spacer(1, 5 * mm), grid_table([["交班人签字", _p(outgoing.person.display_name if handover.handed_over_at
                                                               else "—", small),
                                               "接班人签字", _p(handover.taken_over_by.display_name
                                                              if handover.taken_over_by else "—", small)]],
                                             [26 * mm, 61 * mm, 26 * mm, 61 * mm])]
    return _document(story, f"交接班记录 JB-{handover.pk:05d}")
