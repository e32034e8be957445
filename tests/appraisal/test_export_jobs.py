"""HR's exports: a background job with progress and a protected download; one sheet at once; the command."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from appraisal import services
from appraisal.models import ExportJob

from ..html import by_testid, find_all
from .helpers import NOVEMBER, NOW, done_export, locked, open_month, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(org):
    with time_machine.travel(NOW, tick=False):
        open_month()
        locked(org.employee, org.supervisor)
        submitted(org.supervisor)
        yield


def test_hr_starts_an_export_that_runs_in_the_background(client, org, month, django_capture_on_commit_callbacks,
                                                          settings):
    client.force_login(org.hr)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appraisal:exports"), {"month": "2026-11", "department": org.it.pk,
                                                              "format": "xlsx"})

    assert (response.status_code, response.url) == (302, reverse("appraisal:exports"))
    job = ExportJob.objects.get()
    assert (job.state, job.total, job.done, job.department, job.requested_by) == ("done", 2, 2, org.it, org.hr)
    assert Path(job.file.path).is_relative_to(settings.PROTECTED_MEDIA_ROOT)
    page = client.get(reverse("appraisal:exports"))
    assert by_testid(page, f"download-{job.pk}") == "Download 绩效考核_2026-11_信息科.xlsx"
    download = client.get(reverse("appraisal:export_download", args=[job.pk]))
    assert download["Content-Disposition"] == (
        "attachment; filename=\"2026-11.xlsx\"; filename*=utf-8''%E7%BB%A9%E6%95%88%E8%80%83%E6%A0%B8_2026-11_%E4%BF%A1%E6%81%AF%E7%A7%91.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames == ["汇总", "1101 艾丽", "1102 鲍勃"]


def test_a_running_job_shows_a_progress_bar_polled_by_htmx(client, org, month):
    job = ExportJob.objects.create(requested_by=org.hr, period=NOVEMBER, format="pdf", total=40, done=10,
                                   state=ExportJob.State.RUNNING)
    client.force_login(org.hr)

    response = client.get(reverse("appraisal:export_status", args=[job.pk]))

    [(tag, attrs, text)] = find_all(response, "id", f"export-{job.pk}")
    assert (tag, attrs["hx-get"], attrs["hx-trigger"], attrs["hx-swap"]) == (
        "li", reverse("appraisal:export_status", args=[job.pk]), "every 1s", "outerHTML")
    [(_tag, progress, _text)] = find_all(response, "id", f"progress-{job.pk}")
    assert (progress["max"], progress["value"]) == ("100", "25")
    assert "10 of 40 done" in text
    assert client.get(reverse("appraisal:export_download", args=[job.pk])).status_code == 404


def test_a_finished_job_stops_polling(client, org, month):
    job = done_export(org, fmt="pdf")
    client.force_login(org.hr)

    response = client.get(reverse("appraisal:export_status", args=[job.pk]))

    [(_tag, attrs, _text)] = find_all(response, "id", f"export-{job.pk}")
    assert "hx-trigger" not in attrs
    assert by_testid(response, f"download-{job.pk}") == "Download 绩效考核_2026-11_全院.pdf"
    body = b"".join(client.get(reverse("appraisal:export_download", args=[job.pk])).streaming_content)
    assert body.startswith(b"%PDF-")


def test_running_a_job_twice_does_nothing_more(org, month):
    job = done_export(org)
    name = job.file.name

    services.export_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.state, job.file.name) == ("done", name)


def test_a_failed_export_says_so(org, month, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("appraisal.exporters.exporter_for", broken)
    job = services.export_job_create(by=org.hr, period=NOVEMBER, department=None, fmt="xlsx")

    services.export_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.state, job.error, bool(job.file)) == ("failed", "disk full", False)


def test_a_month_without_scorecards_is_refused(client, org, month):
    client.force_login(org.hr)

    response = client.post(reverse("appraisal:exports"), {"month": "2026-10", "format": "pdf"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["There are no scorecards for that month."]
    assert ExportJob.objects.count() == 0


@pytest.mark.parametrize("role", ["employee", "supervisor", "head", "outsider", "admin"])
def test_only_hr_exports(client, org, month, role):
    job = done_export(org)
    client.force_login(org.by_role(role))

    assert client.get(reverse("appraisal:exports")).status_code == 404
    assert client.post(reverse("appraisal:exports"), {"month": "2026-11", "format": "pdf"}).status_code == 404
    assert client.get(reverse("appraisal:export_download", args=[job.pk])).status_code == 404
    assert ExportJob.objects.count() == 1


def test_one_persons_sheet_downloads_at_once(client, org, month):
    scorecard = org.employee.scorecards.get()
    client.force_login(org.employee)

    pdf = client.get(reverse("appraisal:sheet_pdf", args=[scorecard.pk]))
    xlsx = client.get(reverse("appraisal:sheet_xlsx", args=[scorecard.pk]))

    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")
    assert pdf["Content-Disposition"].startswith("attachment; filename=\"2026-11_1101.pdf\"; filename*=utf-8''")
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["汇总", "1101 艾丽"]


def test_the_export_command(org, month, tmp_path, capsys):
    call_command("export_scorecards", "--month", "2026-11", "--format", "xlsx", "--out", str(tmp_path / "m.xlsx"))
    call_command("export_scorecards", "--month", "2026-11", "--format", "pdf", "--out", str(tmp_path / "m.pdf"),
                 "--department", "it")

    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" (")[0] for line in lines] == [f"2 score sheets written to {tmp_path / 'm.xlsx'}",
                                                       f"2 score sheets written to {tmp_path / 'm.pdf'}"]
    assert openpyxl.load_workbook(tmp_path / "m.xlsx").sheetnames == ["汇总", "1101 艾丽", "1102 鲍勃"]
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF-")
    with pytest.raises(CommandError, match="There are no scorecards for 2026-10."):
        call_command("export_scorecards", "--month", "2026-10", "--format", "pdf", "--out", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="Give the month as YYYY-MM"):
        call_command("export_scorecards", "--month", "11/2026", "--format", "pdf", "--out", str(tmp_path / "x"))


def test_an_export_interrupted_by_a_restart_is_marked_failed(org, month):
    with time_machine.travel(NOW, tick=False):
        moving = ExportJob.objects.create(requested_by=org.hr, period=NOVEMBER, format="pdf", total=40, done=10,
                                          state=ExportJob.State.RUNNING, progressed_at=NOW)
    stopped = ExportJob.objects.create(requested_by=org.hr, period=NOVEMBER, format="pdf", total=40, done=10,
                                       state=ExportJob.State.RUNNING,
                                       progressed_at=NOW - ExportJob.STALLED_AFTER - datetime.timedelta(seconds=1))

    assert services.export_jobs_fail_stalled(now=NOW) == 1

    moving.refresh_from_db()
    stopped.refresh_from_db()
    assert (moving.state, stopped.state) == ("running", "failed")
    assert stopped.error == "The export was interrupted (the server restarted); please start it again."
