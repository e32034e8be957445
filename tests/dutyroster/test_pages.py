"""My duty, the duty board, one shift's page, logs, registers and loans, patrols, overtime and findings pages."""

import datetime
import subprocess

from django.urls import reverse

from dutyroster.models import (BreachKind, DutyLog, Finding, Overtime, PatrolArea, PatrolVisit, RegisterEntry,
                               TeamLeader)
from dutyroster.services.breaches import breach_record
from tests.pdf_hostile import HOSTILE, pdf_text, printed_as_typed

from .conftest import assign, at

D = datetime.date


def test_my_duty_lists_what_is_running_and_coming(client, org, november, types):
    assign(november, org.employee, D(2026, 11, 16), types["day"])
    assign(november, org.employee, D(2026, 11, 19), types["main"])
    client.force_login(org.employee)
    page = client.get(reverse("duty:mine")).content.decode()
    assert "正在值班" in page or "当前值班" in page
    assert "11-19 星期四 · 值主班" in page
    assert "生成我的日历链接" in page


def test_the_board_shows_who_is_on_duty_to_everyone(client, org, november, types, colleague):
    assign(november, colleague, D(2026, 11, 16), types["main"])
    client.force_login(org.outsider)
    page = client.get(reverse("duty:board")).content.decode()
    assert "范文" in page and "接听值班电话" in page


def test_a_shift_page_shows_its_conflicts_to_the_person(client, org, november, types):
    first = assign(november, org.employee, D(2026, 11, 18), types["main"])
    assign(november, org.employee, D(2026, 11, 19), types["day"])
    client.force_login(org.employee)
    second = november.assignments.get(day=D(2026, 11, 19))
    for shift in (first, second):  # both cells of a rest conflict are flagged
        page = client.get(reverse("duty:assignment", args=[shift.pk])).content.decode()
        assert '<div class="alert alert-danger py-2">值主班（11-18）后24小时内应休息。</div>' in page


def test_writing_and_signing_a_log(client, org, november, types, colleague):
    TeamLeader.objects.create(department=org.it, person=colleague)
    shift = assign(november, org.employee, D(2026, 11, 16), types["day"])
    client.force_login(org.employee)
    client.post(reverse("duty:log_entry", args=[shift.pk]), {"at": "2026-11-16T08:30", "text": "巡检机房"})
    client.post(reverse("duty:log_submit", args=[shift.pk]))
    client.force_login(colleague)
    assert "待您签字" in client.get(reverse("duty:logs")).content.decode()
    client.post(reverse("duty:log_sign", args=[shift.pk]), {"note": "完整"})
    assert DutyLog.objects.get().state == DutyLog.State.SIGNED


def test_the_head_lists_shifts_without_a_signed_log_and_proposes_the_line(client, org, november, types):
    shift = assign(november, org.employee, D(2026, 11, 13), types["day"])
    client.force_login(org.head)
    page = client.get(reverse("duty:logs"), {"month": "2026-11"}).content.decode()
    assert "11-13" in page and "列入“如无工作日志扣1分”" in page
    client.post(reverse("duty:log_propose", args=[shift.pk]), {"next": "list"})
    assert Finding.objects.get().kind == Finding.Kind.LOG_MISSING
    assert "已列入绩效考核待确认" in client.get(reverse("duty:logs"), {"month": "2026-11"}).content.decode()


def test_a_register_entry_through_the_page(client, org):
    client.force_login(org.employee)
    response = client.post(reverse("duty:register", args=["backup"]), {
        "occurred_at": "2026-11-16T08:30", "subject": "HIS 数据库", "content": "全量备份", "outcome": "normal"})
    assert response.status_code == 302
    assert RegisterEntry.objects.get().subject == "HIS 数据库"
    client.force_login(org.outsider)
    assert client.get(reverse("duty:register", args=["backup"])).status_code == 404


def test_a_patrol_visit_confirmed_by_the_head_nurse(client, org):
    area = PatrolArea.objects.create(name="内科片区", person=org.employee, starts_on=D(2026, 11, 2))
    area.departments.set([org.ward])
    area.confirmers.set([org.outsider])
    client.force_login(org.employee)
    client.post(reverse("duty:visit_new", args=[area.pk]), {
        "department": org.ward.pk, "visited_at": "2026-11-16T08:50", "work": "护士站电脑巡检"})
    visit = PatrolVisit.objects.get()
    client.force_login(org.outsider)
    assert "待您签名确认的巡查" in client.get(reverse("duty:patrols")).content.decode()
    client.post(reverse("duty:visit_confirm", args=[visit.pk]), {"decision": "confirm", "note": "已确认"})
    visit.refresh_from_db()
    assert (visit.state, visit.confirmed_by) == (PatrolVisit.State.CONFIRMED, org.outsider)


def test_overtime_through_the_page(client, org):
    client.force_login(org.employee)
    page = client.post(reverse("duty:overtime"), {"starts_at": "2026-11-14T09:00", "ends_at": "2026-11-14T13:00",
                                                  "work": "HIS 升级"}, follow=True).content.decode()
    assert "加班已登记，加分已提交科主任确认。" in page
    assert Overtime.objects.get().state == Overtime.State.PROPOSED


def test_the_head_dismisses_a_finding(client, org):
    finding = Finding.objects.create(key="x", kind=Finding.Kind.RESPONSE_LATE, person=org.employee,
                                     department=org.it, occurred_on=D(2026, 11, 13), facts="响应超时",
                                     state=Finding.State.OPEN, points=2)
    client.force_login(org.employee)
    page = client.get(reverse("duty:finding", args=[finding.pk])).content.decode()
    assert "撤销此事项" not in page
    client.force_login(org.head)
    page = client.post(reverse("duty:finding_dismiss", args=[finding.pk]), {"reason": "误登记"}, follow=True)
    assert "事项已撤销。" in page.content.decode()
    assert Finding.objects.get().state == Finding.State.DISMISSED
    assert client.get(reverse("duty:findings"), {"month": "2026-11"}).status_code == 200


def test_the_incident_links_back_to_its_evidence(client, org):
    from dutyroster.services.findings import finding_record

    finding = finding_record(key="call:1:x", kind=Finding.Kind.HANDOVER_MISSING, person=org.employee,
                             occurred_on=D(2026, 11, 13), facts="未交班", rule_code="F10")
    client.force_login(org.head)
    page = client.get(finding.incident.get_absolute_url()).content.decode()
    assert f'<a href="/duty/findings/{finding.pk}/" data-testid="evidence">不交班（2026-11-13）</a>' in page
    page = client.get(finding.get_absolute_url()).content.decode()
    assert f'href="/discipline/{finding.incident.pk}/"' in page


def test_the_log_pdf_names_the_department_and_escapes_the_entries(client, org, november, types, tmp_path):
    shift = assign(november, org.employee, D(2026, 11, 16), types["day"])
    client.force_login(org.employee)
    client.post(reverse("duty:log_entry", args=[shift.pk]), {"at": "2026-11-16T08:30", "text": "<b>巡检</b>机房"})
    response = client.get(reverse("duty:log_pdf", args=[shift.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="duty-log-20261116-{shift.pk}.pdf"'
    path = tmp_path / "log.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "信息科值班记录（工作日志）" in text and "<b>巡检</b>机房" in text and "未签字" in text
    assert "WenQuanYiMicroHei" in fonts and " yes " in fonts


def test_the_log_pdf_lists_the_breaches_on_that_duty_for_who_sees_them(client, org, november, types, colleague):
    shift = assign(november, org.employee, D(2026, 11, 15), types["day"])
    DutyLog.objects.create(assignment=shift)
    sleeping = BreachKind.objects.get(code="sleeping")
    breach_record(assignment=shift, kind=sleeping, by=org.head, occurred_at=at(D(2026, 11, 15), 14), facts=HOSTILE[0])
    breach_record(assignment=shift, kind=sleeping, by=org.head, occurred_at=at(D(2026, 11, 15), 10), facts=HOSTILE[2])
    url = reverse("duty:log_pdf", args=[shift.pk])

    client.force_login(org.employee)  # the person on duty, as on the duty's page
    data = client.get(url).content
    client.force_login(colleague)  # reads the department's logs, not what was held against a colleague
    for_colleague = pdf_text(client.get(url).content)

    printed = pdf_text(data)
    assert "值班违规时间违规事项经过记录人处理" in printed
    assert printed.index("11-1510:00值班期间睡觉") < printed.index("11-1514:00值班期间睡觉")  # as they happened
    assert printed_as_typed(data, [HOSTILE[0], HOSTILE[2]])
    assert printed.count("查理已提交考核待确认") == 2
    assert ("值班违规" in for_colleague, "睡觉" in for_colleague) == (False, False)


def test_the_log_pdf_says_when_no_breach_was_recorded(client, org, november, types):
    shift = assign(november, org.employee, D(2026, 11, 16), types["day"])
    DutyLog.objects.create(assignment=shift)
    client.force_login(org.head)

    assert "值班违规时间违规事项经过记录人处理（无违规记录）" in pdf_text(
        client.get(reverse("duty:log_pdf", args=[shift.pk])).content)
