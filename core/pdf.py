"""PDFs with Chinese text: an embedded TrueType CJK font (never the non-embedded STSong-Light)."""

from pathlib import Path

from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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
