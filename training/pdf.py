"""Printable training documents with the embedded CJK font (core/pdf.py); every user text is escaped before it
enters a reportlab paragraph (its mini-markup would otherwise read < and &).

- 培训签到表: a session's attendance sheet with a column for signatures (安全管理员: 培训人员名单与签名);
- 个人培训档案: one person's year — sessions, external training, self-study, exams — against the target.
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from core.pdf import grid_table, styles, when

from .services.common import number


def _p(value, style):
    return Paragraph(escape(str(value or "")).replace("\n", "<br/>"), style)


def _document(buffer, title):
    return SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                             bottomMargin=15 * mm, title=title, author="Xinke")


def _footer(canvas, document):
    canvas.saveState()
    from core.pdf import register_cjk_font

    canvas.setFont(register_cjk_font(), 8)
    canvas.drawRightString(A4[0] - 15 * mm, 8 * mm, f"第 {document.page} 页 · 打印于 {timezone.localtime():%Y-%m-%d %H:%M}")
    canvas.restoreState()


def signin_sheet(session, rows):
    """培训签到表: who was on the list, when they signed in and how, and an empty column to sign by hand."""
    style = styles()
    buffer = io.BytesIO()
    document = _document(buffer, "培训签到表")
    local_start = timezone.localtime(session.starts_at)
    facts = [
        ["培训名称", _p(session.title, style["body"]), "培训形式", session.get_form_display()],
        ["培训时间", session.time_text(), "地点", _p(session.place, style["body"])],
        ["培训人", _p(session.trainer_display(), style["body"]), "组织人", _p(session.organiser.display_name,
                                                                           style["body"])],
        ["学时", number(session.hours), "必修/选修", session.get_requirement_display()],
    ]
    head = grid_table(facts, [24 * mm, 66 * mm, 24 * mm, 66 * mm])
    table_rows = [["序号", "工号", "姓名", "科室", "签到时间", "签到情况", "本人签名"]]
    for index, row in enumerate(rows, start=1):
        department = row.person.profile.department.name if getattr(row.person, "profile", None) else ""
        table_rows.append([
            str(index), _p(row.person.username, style["small"]), _p(row.person.display_name, style["body"]),
            _p(department, style["small"]), when(row.signed_in_at, "%H:%M"),
            row.get_status_display() if row.status != row.Status.EXPECTED else "", ""])
    for index in range(len(rows) + 1, len(rows) + 4):  # a few empty lines for walk-ins signing on paper
        table_rows.append([str(index), "", "", "", "", "", ""])
    sheet = grid_table(table_rows, [12 * mm, 20 * mm, 26 * mm, 30 * mm, 20 * mm, 24 * mm, 48 * mm])
    attended = sum(1 for row in rows if row.attended())
    story = [
        Paragraph("培训签到表", style["title"]),
        Paragraph(escape(f"{session.department.name} · {local_start:%Y年%m月%d日}"), style["body"]),
        Spacer(1, 4 * mm), head, Spacer(1, 5 * mm), sheet, Spacer(1, 4 * mm),
        Paragraph(escape(f"应到 {len(rows)} 人，实到 {attended} 人。"), style["body"]),
        Spacer(1, 10 * mm),
        Paragraph("组织人签字：______________　　　科室负责人签字：______________", style["body"]),
    ]
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def training_record(person, year, ledger, record):
    """个人培训档案 of one year."""
    style = styles()
    buffer = io.BytesIO()
    document = _document(buffer, "个人培训档案")
    profile = getattr(person, "profile", None)
    facts = [
        ["姓名", _p(person.display_name, style["body"]), "工号", _p(person.username, style["body"])],
        ["科室", _p(profile.department.name if profile else "", style["body"]), "岗位",
         _p(profile.post.name if profile and profile.post_id else "", style["body"])],
        ["年度目标", f"{number(ledger.target)} 学时", "已完成",
         f"{number(ledger.total)} 学时（{'已达标' if ledger.is_met else '未达标'}）"],
        ["内部培训", f"必修 {number(ledger.internal_required)}，选修 {number(ledger.internal_elective)}", "外派 / 自学",
         f"{number(ledger.external)} / {number(ledger.self_study)}"],
    ]
    story = [Paragraph(escape(f"个人培训档案（{year}年度）"), style["title"]), Spacer(1, 3 * mm),
             grid_table(facts, [22 * mm, 68 * mm, 22 * mm, 68 * mm]), Spacer(1, 5 * mm)]

    story.append(Paragraph("一、参加培训", style["heading"]))
    rows = [["日期", "培训内容", "形式", "必修/选修", "学时", "出勤"]]
    for row in record["attendance"]:
        session = row.session
        credited = number(session.hours) if row.attended() else "0"
        rows.append([when(session.starts_at, "%Y-%m-%d"), _p(session.title, style["small"]),
                     session.get_form_display(), session.get_requirement_display(), credited,
                     row.get_status_display()])
    story += [grid_table(rows, [22 * mm, 64 * mm, 30 * mm, 20 * mm, 14 * mm, 30 * mm]), Spacer(1, 4 * mm)]

    story.append(Paragraph("二、外派培训与自学", style["heading"]))
    rows = [["日期", "内容", "举办单位 / 说明", "学时", "状态"]]
    for item in record["external"]:
        rows.append([item.period_text(), _p(item.title, style["small"]), _p(item.organiser, style["small"]),
                     number(item.hours_credited if item.hours_credited is not None else item.hours),
                     item.get_state_display()])
    for item in record["self_study"]:
        rows.append([f"{item.studied_on:%Y-%m-%d}", _p(item.title, style["small"]), "自学", number(item.hours),
                     item.get_state_display()])
    story += [grid_table(rows, [34 * mm, 56 * mm, 44 * mm, 14 * mm, 32 * mm]), Spacer(1, 4 * mm)]

    story.append(Paragraph("三、考核", style["heading"]))
    rows = [["日期", "考核", "次数", "成绩", "结果"]]
    for attempt in record["attempts"]:
        result = "待阅卷" if attempt.passed is None else ("合格" if attempt.passed else "不合格")
        score = f"{number(attempt.score)} / {number(attempt.max_score)}" if attempt.score is not None else ""
        rows.append([when(attempt.submitted_at, "%Y-%m-%d"), _p(attempt.exam.title, style["small"]),
                     f"第{attempt.number}次", score, result])
    story += [grid_table(rows, [24 * mm, 80 * mm, 20 * mm, 30 * mm, 26 * mm]), Spacer(1, 10 * mm),
              Paragraph("本人签字：______________　　　科室负责人签字：______________", style["body"])]
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
