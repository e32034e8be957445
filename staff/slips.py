"""Initial-password slips (初始密码单): one slip per person, cut along the dotted lines and handed over in person or in
a sealed envelope. Rendered in the answer to HR's request and never stored."""

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from xml.sax.saxutils import escape

from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.pdf import register_cjk_font, styles


def slips_pdf(rows):
    """rows: (工号, 姓名, 科室, password). Five slips to an A4 page."""
    register_cjk_font()
    style = styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=14 * mm,
                                 bottomMargin=14 * mm, title="初始密码单")
    story = []
    for username, name, department, password in rows:
        table = Table([
            [Paragraph("信科系统 · 初始密码单", style["heading"]), ""],
            [Paragraph(f"姓名：{escape(name)}　　科室：{escape(department)}", style["body"]),
             Paragraph(f"登录工号：<b>{escape(username)}</b>", style["body"])],
            [Paragraph(f"初始密码：<font size=14><b>{escape(password)}</b></font>", style["body"]), ""],
            [Paragraph("请本人妥善保管，首次登录后系统会要求立即修改密码（当天修改初始口令）。本密码单不留存，遗失请到信息科重置。",
                       style["small"]), ""],
        ], colWidths=[110 * mm, 64 * mm])
        table.setStyle(TableStyle([
            ("SPAN", (0, 0), (1, 0)), ("SPAN", (0, 2), (1, 2)), ("SPAN", (0, 3), (1, 3)),
            ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#8a99a6")),
            ("LINEBELOW", (0, -1), (-1, -1), 0.6, colors.HexColor("#8a99a6"), None, (2, 2)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        story += [KeepTogether([table]), Spacer(1, 9 * mm)]
    document.build(story)
    return buffer.getvalue()
