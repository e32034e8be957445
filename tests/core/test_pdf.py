"""core.pdf.text(): user text in a reportlab paragraph is printed as typed (issue 12.9)."""

import io

from reportlab.platypus import SimpleDocTemplate

from core.pdf import styles, text
from tests.pdf_hostile import HOSTILE, printed_as_typed


def test_markup_in_user_text_is_printed_as_typed():
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([text(value, styles()["body"]) for value in HOSTILE] + [text(None, styles()["body"])])

    assert printed_as_typed(buffer.getvalue())
