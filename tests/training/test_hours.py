"""The hours ledger: attended sessions (required/elective), confirmed self-study, against the target (pro rata for a
new hire); the reminders on the policy's days, once; self-study and the month's slides; the pages, the Excel summary
and the training record PDF. Today is Monday 2026-11-16 (day 320 of 365: 17.5 hours due at an even pace)."""

import datetime
import io
import subprocess
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import ServiceError
from notifications.models import Notification
from training import selectors
from training.models import HoursReminder, Requirement, SelfStudy, SlideDeck
from training.services import hours, sessions

from tests.html import find_all

from .conftest import TODAY
from .helpers import approved_plan, at, attended, new_hire, page_text, schedule

PDF = b"%PDF-1.4\n%test\n"


def pptx(slides):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<presentation/>")
        for number in range(1, slides + 1):
            archive.writestr(f"ppt/slides/slide{number}.xml", "<slide/>")
    return SimpleUploadedFile("11月问题及处理方法.pptx", buffer.getvalue())


@pytest.fixture
def year(org):
    """艾丽: 8 required hours and 4 elective in sessions, 2 confirmed self-study, 1 waiting; one session missed."""
    for month, requirement in ((3, Requirement.REQUIRED), (5, Requirement.REQUIRED), (6, Requirement.ELECTIVE)):
        attended(org, datetime.date(2026, month, 10), hours="4" if month != 6 else "4", requirement=requirement)
    missed = schedule(org, datetime.date(2026, 9, 9), people=[org.employee])
    sessions.session_close(session=missed, by=org.supervisor, now=at(datetime.date(2026, 9, 9), 17))
    confirmed = hours.self_study_record(person=org.employee, by=org.employee, studied_on=datetime.date(2026, 7, 1),
                                        title="Oracle 性能调优", hours=Decimal("2"))
    hours.self_study_decide(record=confirmed, by=org.head, accept=True)
    hours.self_study_record(person=org.employee, by=org.employee, studied_on=datetime.date(2026, 11, 1),
                            title="等保2.0", hours=Decimal("3"))


def test_the_ledger_counts_what_was_attended_and_confirmed(org, year):
    row = selectors.person_ledger(org.employee, 2026)
    assert (row.internal_required, row.internal_elective, row.external, row.self_study, row.total) == (8, 4, 0, 2, 14)
    assert (row.target, row.expected, row.shortfall, row.remaining, row.is_behind, row.percent) == (
        20, Decimal("17.5"), Decimal("3.5"), 6, True, 70)
    assert selectors.person_ledger(org.employee, 2025).total == 0


def test_a_new_hire_owes_the_year_pro_rata(org):
    hire = new_hire(org, starts_on=datetime.date(2026, 9, 1))
    row = selectors.person_ledger(hire, 2026)
    assert (row.target, row.expected, row.pro_rata, row.is_behind) == (Decimal("6.7"), Decimal("4.2"), True, True)
    attended(org, datetime.date(2026, 10, 14), person=hire, hours="6")
    assert selectors.person_ledger(hire, 2026).is_behind is False


def test_the_department_fewest_hours_first_and_only_those_behind(org, year):
    attended(org, datetime.date(2026, 4, 1), person=org.supervisor, hours="18")
    rows = selectors.with_people(selectors.department_ledger(org.it, 2026))
    assert [(row.person.username, row.total) for row in rows] == [
        ("1100", 0), ("9100", 0), ("1101", 14), ("1102", 18)]
    behind = selectors.with_people(selectors.department_ledger(org.it, 2026, behind_only=True))
    assert [row.person.username for row in behind] == ["1100", "9100", "1101"]


def test_a_long_list_of_people_reads_the_whole_year_and_keeps_only_them(org, year, monkeypatch):
    attended(org, datetime.date(2026, 4, 1), person=org.supervisor, hours="18")
    attended(org, datetime.date(2026, 4, 2), person=org.outsider, hours="3")  # 心内科: not in 信息科's ledger

    def ledger():
        return [(row.person_id, row.internal_required, row.internal_elective, row.self_study, row.target,
                 row.expected, row.pro_rata) for row in selectors.department_ledger(org.it, 2026)]

    listed = ledger()
    monkeypatch.setattr(selectors, "IDS_IN_QUERY", 1)  # as for a hospital's thousands of people
    assert ledger() == listed
    assert [person_id for person_id, *_figures in listed] == [
        org.head.pk, org.admin.pk, org.employee.pk, org.supervisor.pk]


def test_the_page_by_name_sums_only_its_people_and_agrees_with_the_ledger(client, org, year):
    attended(org, datetime.date(2026, 4, 1), person=org.supervisor, hours="18")
    client.force_login(org.head)

    def figures(rows):
        return [(row.person.username, row.internal_required, row.internal_elective, row.external, row.self_study,
                 row.target, row.expected, row.pro_rata) for row in rows]

    shown = figures(client.get(reverse("training:hours")).context["rows"])
    assert [username for username, *_figures in shown] == ["1100", "1101", "1102", "9100"]
    assert shown == figures(selectors.with_people(selectors.department_ledger(org.it, 2026, by_hours=False)))
    assert [row[0] for row in figures(client.get(reverse("training:hours"), {"order": "hours"}).context["rows"])] \
        == ["1100", "9100", "1101", "1102"]


def test_the_reminders_go_once_on_the_policy_s_days(org, year):
    approved_plan(org)  # 信息科 runs training this year; the other departments have no plan and are not reminded
    assert hours.remind_behind_on_hours(today=datetime.date(2026, 6, 30)) == 0
    assert hours.remind_behind_on_hours(today=TODAY) == 4  # the 10-01 reminder, late but not lost
    assert hours.remind_behind_on_hours(today=TODAY) == 0
    assert list(HoursReminder.objects.values_list("day", flat=True)) == [datetime.date(2026, 10, 1)]
    note = Notification.objects.get(recipient=org.employee, subject__startswith="培训学时")
    assert (note.subject, note.body) == ("培训学时：今年已完成 14 / 20",
                                         "按进度此时应完成 17.5 学时；年底前还需完成 6 学时。")
    leaders = Notification.objects.filter(subject="信息科有 4 人培训学时落后")
    assert sorted(leaders.values_list("recipient__username", flat=True)) == ["1100", "1102"]


def test_self_study_is_decided_by_a_leader_not_the_person(org):
    record = hours.self_study_record(person=org.employee, by=org.employee, studied_on=TODAY, title="自学",
                                     hours=Decimal("2"))
    with pytest.raises(ServiceError) as refused:
        hours.self_study_decide(record=record, by=org.employee, accept=True)
    assert refused.value.message == "只有本科室负责人可以确认自学。"
    with pytest.raises(ServiceError) as refused:
        hours.self_study_decide(record=record, by=org.head, accept=False)
    assert refused.value.message == "请填写理由。"
    hours.self_study_decide(record=record, by=org.head, accept=False, note="与工作无关")
    assert SelfStudy.objects.get().state == "rejected"
    with pytest.raises(ServiceError) as refused:
        hours.self_study_record(person=org.employee, by=org.employee, studied_on=TODAY + datetime.timedelta(days=1),
                                title="自学", hours=Decimal("2"))
    assert refused.value.message == "自学完成后才能登记。"


def test_slides_are_counted_from_a_pptx(org):
    deck = hours.slides_upload(person=org.employee, by=org.employee, month=TODAY, title="11月问题及处理方法",
                               upload=pptx(12))
    assert (deck.slides, deck.month, deck.file_name) == (12, datetime.date(2026, 11, 1), "11月问题及处理方法.pptx")
    with pytest.raises(ServiceError) as refused:
        hours.slides_upload(person=org.employee, by=org.employee, month=TODAY, title="PDF",
                            upload=SimpleUploadedFile("x.pdf", PDF))
    assert refused.value.message == "请填写PPT的张数。"
    assert SlideDeck.objects.count() == 1


def test_the_hours_page_the_excel_summary_and_the_record_pdf(client, org, year):
    client.force_login(org.head)
    page = client.get(reverse("training:hours"), {"behind": "on", "order": "hours"})
    assert [row.person.username for row in page.context["rows"]] == ["1100", "1102", "9100", "1101"]
    page = client.get(reverse("training:hours"), {"behind": "on"})
    assert [row.person.username for row in page.context["rows"]] == ["1100", "1101", "1102", "9100"]
    response = client.get(reverse("training:hours_export"), {"year": "2026"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][:4] == ["工号", "姓名", "科室", "岗位"]
    rows = {row[0].value: [cell.value for cell in row] for row in sheet.iter_rows(min_row=3)}
    assert rows["1101"] == ["1101", "艾丽", "信息科", "系统管理员", 8, 4, 0, 2, 14, 20, 6, "否"]
    assert sorted(rows) == ["1100", "1101", "1102", "9100"]  # the head's department only
    response = client.get(reverse("training:person_record", args=["1101"]), {"year": "2026"})
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()
    assert "个人培训档案（2026年度）" in text
    assert "14 学时（未达标）" in text
    assert "Oracle 性能调优" in text and "等保2.0" in text
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True).stdout.decode()
    assert {line.split()[-5] for line in fonts.splitlines() if "WenQuanYiMicroHei" in line} == {"yes"}  # embedded


def test_the_person_sees_their_own_page_others_not(client, org, year):
    client.force_login(org.employee)
    assert page_text(client.get(reverse("training:person_hours", args=["1101"]))).count("Oracle 性能调优") == 1
    client.force_login(org.outsider)
    assert client.get(reverse("training:person_hours", args=["1101"])).status_code == 404


def test_confirming_self_study_on_the_page(client, org):
    record = hours.self_study_record(person=org.employee, by=org.employee, studied_on=TODAY, title="Linux 安全加固",
                                     hours=Decimal("2"))
    client.force_login(org.supervisor)
    response = client.post(reverse("training:self_study_decide", args=[record.pk]), {"accept": "1"}, follow=True)
    assert "艾丽的自学：已确认。" in page_text(response)
    assert selectors.person_ledger(org.employee, 2026).self_study == 2


def test_the_hours_table_shows_each_person_s_figures_and_pace(client, org, year):
    """Behind (warning row, how far), on track (how much to go), met, a new hire's pro rata target; the person's page
    linked with the year; who without a post."""
    attended(org, datetime.date(2026, 4, 1), person=org.supervisor, hours="20")
    attended(org, datetime.date(2026, 4, 2), person=org.admin, hours="18", requirement=Requirement.ELECTIVE)
    new_hire(org, starts_on=datetime.date(2026, 9, 1))
    client.force_login(org.head)
    response = client.get(reverse("training:hours"), {"year": "2026"})
    cells = [text for _tag, _attrs, text in find_all(response, "data-label")]
    assert [cells[index:index + 7] for index in range(0, len(cells), 7)] == [
        ["查理 1100 · 信息科 · 科长", "0", "0", "0", "0", "0", "落后 17.5 学时"],
        ["艾丽 1101 · 信息科 · 系统管理员", "8", "4", "0", "2", "14", "落后 3.5 学时"],
        ["鲍勃 1102 · 信息科 · 副科长", "20", "0", "0", "0", "20", "已达标"],
        ["孙丽 1109 · 信息科 · 系统管理员", "0", "0", "0", "0", "0 / 6.7", "落后 4.2 学时"],
        ["管理 9100 · 信息科", "0", "18", "0", "0", "18", "还差 2 学时"],
    ]
    assert [attrs["href"] for _tag, attrs, _text in find_all(response, "href") if "/people/" in attrs["href"]] == [
        f"/training/people/{username}/?year=2026" for username in ("1100", "1101", "1102", "1109", "9100")]
    assert len(find_all(response, "class", "table-warning")) == 3
    assert [attrs["title"] for _tag, attrs, _text in find_all(response, "title")] == ["本年度入职：目标按比例计算"]


def test_the_person_s_link_is_quoted_as_reverse_quotes_it(client, org):
    new_hire(org, username="孙 a+b@c", starts_on=datetime.date(2026, 9, 1))
    client.force_login(org.head)
    links = [attrs["href"] for _tag, attrs, _text in find_all(client.get(reverse("training:hours")), "href")]
    assert reverse("training:person_hours", args=["孙 a+b@c"]) + "?year=2026" in links
