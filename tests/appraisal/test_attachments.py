"""工作计划及完成情况可另附页 (004, every 绩效考核表's 填写说明): a scorecard takes attached pages; the reviewer sees
them and the PDF score sheet lists them."""

import subprocess

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from appraisal import services
from appraisal.exporters import exporter_for
from appraisal.models import ScorecardAttachment
from appraisal.selectors import prefetch_figures
from core.errors import ServiceError

from .helpers import NOW, locked, open_month, scorecard_of, submitted

PDF = b"%PDF-1.4\n%test\n"


def plan(name="11月工作计划及完成情况.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def card(org):
    with time_machine.travel(NOW, tick=False):
        open_month()
        yield scorecard_of(org.employee)


def test_the_person_attaches_the_work_plan_and_the_reviewer_reads_it(client, org, card):
    client.force_login(org.employee)
    response = client.post(reverse("appraisal:attachment_add", args=[card.pk]),
                           {"file": plan(), "description": "本月工作计划及完成情况",
                            "back": reverse("appraisal:self_assessment", args=[card.pk])})

    attached = ScorecardAttachment.objects.get()
    assert response.url == reverse("appraisal:self_assessment", args=[card.pk])
    assert (attached.name, attached.description, attached.uploaded_by) == (
        "11月工作计划及完成情况.pdf", "本月工作计划及完成情况", org.employee)
    submitted(org.employee)
    client.force_login(org.supervisor)
    review = client.get(reverse("appraisal:review", args=[card.pk])).content.decode()
    download = client.get(attached.get_absolute_url())
    assert "11月工作计划及完成情况.pdf" in review and "本月工作计划及完成情况" in review
    assert (download.status_code, b"".join(download.streaming_content)) == (200, PDF)


def test_the_pdf_score_sheet_lists_the_attached_pages(org, card, tmp_path):
    services.attachment_add(scorecard=card, by=org.employee, file=plan(), description="工作计划")
    services.attachment_add(scorecard=card, by=org.employee, file=plan("巡检记录.pdf"))

    content = exporter_for("pdf", scorecards=prefetch_figures([scorecard_of(org.employee)])).render()
    path = tmp_path / "sheet.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.replace("\n", "")

    assert "附页" in text and "1. 11月工作计划及完成情况.pdf（工作计划）；2. 巡检记录.pdf" in text


def test_nothing_is_attached_to_a_confirmed_scorecard(org, card):
    with time_machine.travel(NOW, tick=False):
        done = locked(org.employee, org.supervisor)

    with pytest.raises(ServiceError) as refused:
        services.attachment_add(scorecard=done, by=org.employee, file=plan())

    assert refused.value.message == "This scorecard is confirmed: nothing more can be attached."


@pytest.mark.parametrize("role", ["hr", "outsider", "head"])
def test_only_the_person_and_the_reviewer_attach(org, card, role):
    if role == "head":  # the head of the department reviews too (the reviewer or the head)
        assert services.attachment_add(scorecard=card, by=org.head, file=plan()).uploaded_by == org.head
        return
    with pytest.raises(ServiceError) as refused:
        services.attachment_add(scorecard=card, by=getattr(org, role), file=plan())
    assert refused.value.message == "Only the person appraised or the reviewer attaches pages to this scorecard."


def test_only_who_attached_removes_and_others_do_not_see_it(client, org, card):
    attached = services.attachment_add(scorecard=card, by=org.employee, file=plan())

    with pytest.raises(ServiceError):
        services.attachment_remove(attachment=attached, by=org.supervisor)
    client.force_login(org.outsider)
    assert client.get(attached.get_absolute_url()).status_code == 404
    services.attachment_remove(attachment=attached, by=org.employee)
    assert ScorecardAttachment.objects.count() == 0


def test_a_file_of_another_kind_is_refused(client, org, card):
    client.force_login(org.employee)

    client.post(reverse("appraisal:attachment_add", args=[card.pk]),
                {"file": SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")})

    assert ScorecardAttachment.objects.count() == 0
