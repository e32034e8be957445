"""A person's documents: HR uploads, the files stay outside the web root, only HR and the person download."""

from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as project_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from staff.models import StaffDocument
from tests.conftest import ROLES

UPLOAD = reverse("staff:document_upload", args=["1101"])
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="毕业证书.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(root):
    root = Path(root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(client, file, kind="diploma"):
    return client.post(UPLOAD, {"kind": kind, "file": file})


@pytest.fixture
def document(client, org):
    client.force_login(org.hr)
    assert upload(client, pdf()).status_code == 302
    client.logout()
    return StaffDocument.objects.get()


def test_hr_uploads_a_pdf_stored_outside_the_web_root(client, org, settings):
    client.force_login(org.hr)

    response = upload(client, pdf())

    assert response.status_code == 302
    assert response.url == reverse("staff:profile", args=["1101"])
    document = StaffDocument.objects.get()
    assert (document.profile, document.kind, document.original_name, document.uploaded_by) == (
        org.employee.profile, "diploma", "毕业证书.pdf", org.hr)
    path = Path(document.file.path)
    assert path.is_relative_to(Path(settings.PROTECTED_MEDIA_ROOT)) is True
    assert path.read_bytes() == PDF
    assert path.name != "毕业证书.pdf"  # a generated name on disk
    assert path.suffix == ".pdf"
    assert stored_files(settings.PROTECTED_MEDIA_ROOT) == [f"staff/{timezone.localtime():%Y/%m}/{path.name}"]
    for web_root in [project_settings.STATIC_ROOT, *project_settings.STATICFILES_DIRS]:
        assert (str(web_root), path.is_relative_to(Path(web_root))) == (str(web_root), False)
    # nothing serves the folder: the only way to the file is the download view's access check
    assert client.get(f"/{document.file.name}").status_code == 404
    assert client.get(f"/static/{document.file.name}").status_code == 404


def test_each_test_gets_its_own_upload_folder(client, org, settings):
    """The storage follows PROTECTED_MEDIA_ROOT when it changes (it is read lazily)."""
    client.force_login(org.hr)

    upload(client, pdf())

    assert Path(StaffDocument.objects.get().file.path).is_relative_to(Path(settings.PROTECTED_MEDIA_ROOT)) is True


def test_the_uploaded_document_is_listed_on_the_profile(client, org, document):
    client.force_login(org.employee)

    response = client.get(reverse("staff:profile", args=["1101"]))

    assert list(response.context["documents"]) == [document]


@pytest.mark.parametrize("role", ["employee", "hr"])
def test_hr_and_the_person_download_as_an_attachment(client, org, document, role):
    client.force_login(org.by_role(role))

    response = client.get(reverse("staff:document_download", args=[document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == f"attachment; filename=\"download.pdf\"; filename*=utf-8''{quote('毕业证书.pdf')}"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "no-store"
    response.close()


@pytest.mark.parametrize("role", [role for role in ROLES if role not in ("employee", "hr")])
def test_others_get_404_on_the_download(client, org, document, role):
    client.force_login(org.by_role(role))

    assert client.get(reverse("staff:document_download", args=[document.pk])).status_code == 404


def test_download_of_an_unknown_document_is_404(client, org):
    client.force_login(org.hr)

    assert client.get(reverse("staff:document_download", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", [role for role in ROLES if role != "hr"])
def test_only_hr_may_upload(client, org, settings, role):
    client.force_login(org.by_role(role))

    assert client.get(UPLOAD).status_code == 404
    assert upload(client, pdf()).status_code == 404
    assert StaffDocument.objects.count() == 0
    assert stored_files(settings.PROTECTED_MEDIA_ROOT) == []


def test_upload_page_of_an_unknown_person_is_404(client, org):
    client.force_login(org.hr)

    assert client.get(reverse("staff:document_upload", args=["0000"])).status_code == 404


def error_codes(response, field="file"):
    return [error.code for error in response.context["form"].errors.as_data()[field]]


@pytest.mark.parametrize(("name", "content"), [
    ("简历.pdf", b"<html><script>alert(1)</script></html>"),
    ("照片.png", PDF),
    ("照片.jpg", PNG),
    ("表格.xlsx", b"PK\x03\x04 not really a zip archive"),
])
def test_content_that_does_not_match_the_extension_is_refused(client, org, settings, name, content):
    client.force_login(org.hr)

    response = upload(client, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert error_codes(response) == ["content"]
    assert StaffDocument.objects.count() == 0
    assert stored_files(settings.PROTECTED_MEDIA_ROOT) == []


def test_a_docx_that_is_really_an_xlsx_is_refused(client, org, settings):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    client.force_login(org.hr)

    response = upload(client, SimpleUploadedFile("a.docx", buffer.getvalue()))

    assert error_codes(response) == ["content"]
    assert StaffDocument.objects.count() == 0
    assert stored_files(settings.PROTECTED_MEDIA_ROOT) == []


def test_a_real_xlsx_is_accepted(client, org):
    import io

    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    client.force_login(org.hr)

    response = upload(client, SimpleUploadedFile("证书清单.xlsx", buffer.getvalue()), kind="other")

    assert response.status_code == 302
    assert StaffDocument.objects.get().original_name == "证书清单.xlsx"


@pytest.mark.parametrize("name", ["page.html", "script.svg", "noextension"])
def test_other_file_types_are_refused(client, org, settings, name):
    client.force_login(org.hr)

    response = upload(client, SimpleUploadedFile(name, PDF))

    assert response.status_code == 200
    assert error_codes(response) == ["extension"]
    assert StaffDocument.objects.count() == 0
    assert stored_files(settings.PROTECTED_MEDIA_ROOT) == []


def test_a_file_over_the_size_limit_is_refused(client, org, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(org.hr)

    response = upload(client, pdf(content=PDF + b"0" * 1024))

    assert response.status_code == 200
    assert error_codes(response) == ["too_large"]
    assert StaffDocument.objects.count() == 0
    assert stored_files(settings.PROTECTED_MEDIA_ROOT) == []


def test_a_file_at_the_size_limit_is_accepted(client, org, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(org.hr)

    response = upload(client, pdf(content=PDF + b"0" * (1024 - len(PDF))))

    assert response.status_code == 302
    assert StaffDocument.objects.count() == 1
