"""Evidence: uploaded with the incident, kept outside the web root, downloaded as an attachment by those who see it."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from discipline.models import Incident

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
FORM = {"person": None, "rule": "F10", "occurred_on": "2026-11-20", "facts": "夜班未交班，见交班记录照片"}


def post_incident(client, org, file):
    return client.post(reverse("discipline:incident_create"), {**FORM, "person": org.employee.pk, "evidence": file})


@pytest.fixture
def incident(client, org):
    client.force_login(org.head)
    assert post_incident(client, org, SimpleUploadedFile("交班记录.pdf", PDF)).status_code == 302
    client.logout()
    return Incident.objects.get()


def test_the_file_is_stored_outside_the_web_root_under_a_generated_name(org, incident, settings):
    path = Path(incident.evidence.path)

    assert path.is_relative_to(Path(settings.PROTECTED_MEDIA_ROOT)) is True
    assert path.read_bytes() == PDF
    assert (path.suffix, path.name != "交班记录.pdf", incident.evidence_name) == (".pdf", True, "交班记录.pdf")
    assert re.fullmatch(r"discipline/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", incident.evidence.name)


@pytest.mark.parametrize("role", ["employee", "head", "supervisor", "hr"])
def test_those_who_see_the_incident_download_it_as_an_attachment(client, org, incident, role):
    client.force_login(org.by_role(role))

    response = client.get(reverse("discipline:evidence_download", args=[incident.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == f"attachment; filename=\"download.pdf\"; filename*=utf-8''{quote('交班记录.pdf')}"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    response.close()


@pytest.mark.parametrize("role", ["outsider", "admin"])
def test_others_get_404(client, org, incident, role):
    client.force_login(org.by_role(role))

    assert client.get(reverse("discipline:evidence_download", args=[incident.pk])).status_code == 404


def test_an_incident_without_evidence_has_nothing_to_download(client, org, record):
    from .conftest import day

    plain = record("F10", day(11, 5))
    client.force_login(org.employee)

    assert client.get(reverse("discipline:evidence_download", args=[plain.pk])).status_code == 404


@pytest.mark.parametrize(("name", "content", "code"), [
    ("page.html", b"<script>alert(1)</script>", "extension"),
    ("photo.png", PDF, "content"),
])
def test_a_file_of_the_wrong_kind_is_refused_and_nothing_recorded(client, org, settings, name, content, code):
    client.force_login(org.head)

    response = post_incident(client, org, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["evidence"]] == [code]
    assert Incident.objects.count() == 0
    assert not Path(settings.PROTECTED_MEDIA_ROOT).exists() or list(Path(settings.PROTECTED_MEDIA_ROOT).rglob("*.*")) == []


def test_a_file_over_the_limit_is_refused(client, org, settings):
    settings.UPLOAD_MAX_BYTES = 64
    client.force_login(org.head)

    response = post_incident(client, org, SimpleUploadedFile("big.pdf", PDF + b"0" * 64))

    assert [error.code for error in response.context["form"].errors.as_data()["evidence"]] == ["too_large"]
    assert Incident.objects.count() == 0
