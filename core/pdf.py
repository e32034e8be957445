"""PDFs with Chinese text: an embedded TrueType CJK font (never the non-embedded STSong-Light)."""

from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Table, TableStyle

FONT_NAME = "WQYMicroHei"
FONT_PATH = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttc"


def register_cjk_font():
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_PATH), subfontIndex=0))
    return FONT_NAME


def styles():
    """Paragraph styles in the CJK font, wrapping Chinese text at any character (wordWrap CJK)."""
    font = register_cjk_font()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("XinkeTitle", parent=base["Title"], fontName=font, fontSize=16, leading=22,
                                wordWrap="CJK"),
        "heading": ParagraphStyle("XinkeHeading", parent=base["Heading2"], fontName=font, fontSize=12,
                                  leading=16, wordWrap="CJK"),
        "body": ParagraphStyle("XinkeBody", parent=base["BodyText"], fontName=font, fontSize=10, leading=14,
                               wordWrap="CJK"),
        "small": ParagraphStyle("XinkeSmall", parent=base["BodyText"], fontName=font, fontSize=8, leading=11,
                                wordWrap="CJK"),
    }


def text(value, style):
    """A paragraph of plain text: every character printed as typed. reportlab reads paragraph text as markup, so
    user text is escaped (a name with "<" broke the PDF; "<link href=…>" planted a link) and line breaks kept."""
    return Paragraph(escape(str(value if value is not None else "")).replace("\n", "<br/>"), style)


def when(moment, pattern="%Y-%m-%d %H:%M", empty=""):
    """A moment in local time as printed on a form, or `empty`."""
    return timezone.localtime(moment).strftime(pattern) if moment else empty


def grid_table(rows, widths, heights=None):
    """A ruled table in the CJK font, header row shaded and repeated on each page (`heights`: rows' heights, e.g.
    room for a handwritten signature)."""
    table = Table(rows, colWidths=widths, rowHeights=heights, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), register_cjk_font()),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9eef2")),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8a99a6")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table
