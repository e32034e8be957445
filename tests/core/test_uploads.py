"""core.uploads: the one download helper (RFC 6266 names) and the one generated upload path."""

import datetime
import re
from urllib.parse import quote

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.http import Http404

from core.exports import BaseExporter
from appraisal.models import ExportJob, ScorecardAttachment
from core.uploads import attachment, get_protected_storage, upload_to
from discipline.models import Incident
from hiring.models import CandidateAttachment
from leave.models import LeaveRequest
from staff.models import StaffDocument
from training.models import ExternalTraining, Material, SelfStudy, SlideDeck

PDF = b"%PDF-1.4\n%%EOF\n"


def test_a_chinese_name_is_sent_as_utf8_filename_star_with_an_ascii_fallback_before_it():
    response = attachment(PDF, "绩效考核_2026-11_信息科.pdf")

    assert response["Content-Disposition"] == (
        f"attachment; filename=\"2026-11.pdf\"; filename*=utf-8''{quote('绩效考核_2026-11_信息科.pdf')}")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == PDF


def test_a_name_with_no_ascii_left_falls_back_to_download():
    assert attachment(PDF, "授权同意书.pdf", inline=True)["Content-Disposition"] == (
        f"inline; filename=\"download.pdf\"; filename*=utf-8''{quote('授权同意书.pdf')}")


def test_an_ascii_name_is_the_plain_quoted_form():
    response = attachment(b"BEGIN:VCALENDAR", "duty.ics", content_type="text/calendar; charset=utf-8", inline=True)

    assert (response["Content-Disposition"], response["Content-Type"]) == (
        'inline; filename="duty.ics"', "text/calendar; charset=utf-8")


def test_a_quote_in_an_ascii_name_cannot_end_the_header_value():
    assert attachment(PDF, 'a"b.pdf')["Content-Disposition"] == 'attachment; filename="a\\"b.pdf"'


def test_an_exporter_sends_its_rendering_under_its_extension_and_type():
    class Sheet(BaseExporter):
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        extension = "xlsx"

        def render(self):
            return b"PK"

    response = Sheet().attachment("请假-20261205")

    assert (response["Content-Type"], response["Content-Disposition"], response.content) == (
        Sheet.content_type, f"attachment; filename=\"20261205.xlsx\"; filename*=utf-8''{quote('请假-20261205.xlsx')}",
        b"PK")


def test_a_stored_file_is_always_an_attachment_the_browser_may_not_render():
    stored = LeaveRequest(document_name="病假证明.pdf")
    stored.document.save("病假证明.pdf", ContentFile(PDF), save=False)

    response = attachment(stored.document, stored.document_name, inline=True)

    assert response["Content-Disposition"] == (
        f"attachment; filename=\"download.pdf\"; filename*=utf-8''{quote('病假证明.pdf')}")
    assert (response["Content-Type"], response["X-Content-Type-Options"], response["Content-Security-Policy"]) == (
        "application/pdf", "nosniff", "default-src 'none'; sandbox")
    assert b"".join(response.streaming_content) == PDF
    response.file_to_stream.close()  # not response.close(): that ends a "request" and touches the database


def test_a_file_missing_from_storage_is_a_404():
    stored = LeaveRequest(document_name="病假证明.pdf")
    stored.document.save("x.pdf", ContentFile(PDF), save=False)
    get_protected_storage().delete(stored.document.name)

    with pytest.raises(Http404):
        attachment(stored.document, stored.document_name)


def test_an_empty_file_field_is_a_404():
    with pytest.raises(Http404):
        attachment(LeaveRequest().document, "none.pdf")


@time_machine.travel(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC))
@pytest.mark.parametrize(("model", "field", "folder"), [
    (LeaveRequest, "document", "leave"), (Incident, "evidence", "discipline"), (StaffDocument, "file", "staff"),
    (CandidateAttachment, "file", "hiring"), (ScorecardAttachment, "file", "appraisal"),
    (ExportJob, "file", "appraisal"), (Material, "file", "training"), (ExternalTraining, "certificate", "training"),
    (SelfStudy, "evidence", "training"), (SlideDeck, "file", "training"),
])
def test_every_stored_file_goes_under_its_app_and_local_month_with_a_generated_name(model, field, folder):
    # 23:30 UTC on New Year's Eve is already January in Beijing: the month is the hospital's.
    name = model._meta.get_field(field).generate_filename(model(), "病假 证明(1).PDF")

    assert re.fullmatch(rf"{folder}/2027/01/[0-9a-f]{{32}}\.pdf", name), name


def test_two_uploads_of_one_name_never_share_a_path_and_an_odd_extension_is_dropped():
    first, second = upload_to(LeaveRequest(), "证明.pdf"), upload_to(LeaveRequest(), "证明.pdf")

    assert first != second
    assert re.fullmatch(r"leave/\d{4}/\d{2}/[0-9a-f]{32}", upload_to(LeaveRequest(), "a.p/df;x"))
    assert re.fullmatch(r"leave/\d{4}/\d{2}/[0-9a-f]{32}", upload_to(LeaveRequest(), "no-extension"))
