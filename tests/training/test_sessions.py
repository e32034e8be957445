"""Sessions: scheduling with the audience on the sheet, QR sign-in (on time, late, twice, walk-in, outside the
window), the organiser's ticks, closing (absences), cancelling, materials, the survey and the day-before reminder.
Today is Monday 2026-11-16, 9:00."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from core.errors import ServiceError
from notifications.models import Notification
from training.models import Attendance, Material, Session, SurveyResponse
from training.services import sessions

from .conftest import TODAY
from .helpers import at, schedule

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def session(org):
    """The deputy's session today 14:00–16:00, the employee and the head on the list."""
    return schedule(org, TODAY, people=[org.employee, org.head])


def status_of(session, person):
    return Attendance.objects.get(session=session, person=person).status


def test_scheduling_puts_the_audience_on_the_sheet_and_tells_them(org, session):
    assert session.organiser == org.supervisor
    assert sorted(session.attendance.values_list("person__username", "status")) == [
        ("1100", "expected"), ("1101", "expected")]
    assert sorted(Notification.objects.filter(subject="培训：HIS系统运维：挂号收费模块")
                  .values_list("recipient__username", flat=True)) == ["1100", "1101"]
    entry = AuditEntry.objects.get(action="training.session.schedule")
    assert (entry.actor, entry.after["invited"], entry.after["time"]) == (
        org.supervisor, 2, "2026-11-16 14:00–16:00")


@pytest.mark.parametrize(("organiser", "message"), [
    ("hr", "只有本科室负责人和信息科工作人员可以组织本科室的培训。"),
    ("outsider", "只有本科室负责人和信息科工作人员可以组织本科室的培训。"),
])
def test_only_the_department_schedules_its_sessions(org, organiser, message):
    with pytest.raises(ServiceError) as refused:
        schedule(org, TODAY, organiser=org.by_role(organiser))
    assert refused.value.message == message
    assert Session.objects.count() == 0


def test_an_employee_of_it_organises_a_session(org):
    session = schedule(org, TODAY, organiser=org.employee, people=[org.supervisor])
    assert session.organiser == org.employee


def test_a_session_ends_after_it_starts(org):
    with pytest.raises(ServiceError) as refused:
        sessions.session_schedule(by=org.head, department=org.it, title="x", starts_at=at(TODAY, 14),
                                  ends_at=at(TODAY, 14), place="会议室", hours=Decimal("1"), form="internal",
                                  requirement="required", trainer=org.head)
    assert refused.value.message == "培训的结束时间必须晚于开始时间。"


def test_signing_in_on_time_late_and_twice(org, session):
    row, signed = sessions.attendance_sign_in(session=session, person=org.employee, now=at(TODAY, 14, 5))
    assert (signed, row.status, row.method, row.signed_in_at) == (True, "present", "qr", at(TODAY, 14, 5))
    row, signed = sessions.attendance_sign_in(session=session, person=org.head, now=at(TODAY, 14, 11))
    assert (signed, row.status) == (True, "late")
    row, signed = sessions.attendance_sign_in(session=session, person=org.employee, now=at(TODAY, 14, 30))
    assert (signed, row.status, row.signed_in_at) == (False, "present", at(TODAY, 14, 5))
    assert AuditEntry.objects.filter(action="training.attendance.sign_in").count() == 2


def test_someone_not_on_the_list_who_is_there_signs_in(org, session):
    row, signed = sessions.attendance_sign_in(session=session, person=org.outsider, now=at(TODAY, 14))
    assert (signed, row.invited, row.status) == (True, False, "present")


@pytest.mark.parametrize(("when", "message"), [
    (at(TODAY, 13, 29), "签到将于 13:30 开始。"),
    (at(TODAY, 16, 31), "签到已于 16:30 结束，请联系组织人补签。"),
])
def test_sign_in_only_in_its_window(org, session, when, message):
    with pytest.raises(ServiceError) as refused:
        sessions.attendance_sign_in(session=session, person=org.employee, now=when)
    assert refused.value.message == message
    assert status_of(session, org.employee) == "expected"


def test_the_organiser_ticks_and_corrects(org, session):
    row = sessions.attendance_mark(session=session, person=org.employee, by=org.supervisor, status="late",
                                   note="堵车", now=at(TODAY, 14, 20))
    assert (row.status, row.method, row.recorded_by, row.note, row.signed_in_at) == (
        "late", "ticked", org.supervisor, "堵车", at(TODAY, 14, 20))
    row = sessions.attendance_mark(session=session, person=org.employee, by=org.supervisor, status="excused",
                                   now=at(TODAY, 14, 21))
    assert row.status == "excused"


def test_nobody_is_present_before_the_session(org, session):
    with pytest.raises(ServiceError) as refused:
        sessions.attendance_mark(session=session, person=org.employee, by=org.supervisor, status="present",
                                 now=at(TODAY, 9))
    assert refused.value.message == "培训开始前不能登记出勤。"


def test_only_the_organiser_and_leaders_tick(org, session):
    with pytest.raises(ServiceError) as refused:
        sessions.attendance_mark(session=session, person=org.head, by=org.employee, status="present",
                                 now=at(TODAY, 14, 5))
    assert refused.value.message == "只有组织人或本科室负责人可以登记签到表。"


def test_closing_marks_the_absent_and_asks_the_attendees_for_the_survey(org, session):
    sessions.attendance_sign_in(session=session, person=org.employee, now=at(TODAY, 14, 1))
    sessions.session_close(session=session, by=org.supervisor, now=at(TODAY, 16, 5))
    session.refresh_from_db()
    assert (session.state, session.closed_by, status_of(session, org.head)) == ("held", org.supervisor, "absent")
    assert list(Notification.objects.filter(subject__startswith="“HIS系统运维").values_list(
        "recipient__username", flat=True)) == ["1101"]
    with pytest.raises(ServiceError) as refused:
        sessions.attendance_sign_in(session=session, person=org.head, now=at(TODAY, 16, 10))
    assert refused.value.message == "本次培训的签到已结束，请联系组织人。"


def test_a_closed_sheet_can_still_be_corrected(org, session):
    sessions.session_close(session=session, by=org.supervisor, now=at(TODAY, 16))
    sessions.attendance_mark(session=session, person=org.head, by=org.supervisor, status="present",
                             now=at(TODAY, 17))
    assert status_of(session, org.head) == "present"


def test_cancelling_tells_the_list_and_refuses_once_people_signed_in(org, session):
    sessions.session_cancel(session=session, by=org.head, reason="培训讲师临时出差")
    session.refresh_from_db()
    assert (session.state, session.cancel_reason) == ("cancelled", "培训讲师临时出差")
    assert Notification.objects.filter(subject="培训已取消：HIS系统运维：挂号收费模块").count() == 2
    other = schedule(org, TODAY)
    sessions.attendance_sign_in(session=other, person=org.employee, now=at(TODAY, 14))
    with pytest.raises(ServiceError) as refused:
        sessions.session_cancel(session=other, by=org.head, reason="x")
    assert refused.value.message == "已有人签到，请改为结束签到。"


def test_inviting_more_people(org, session):
    added = sessions.session_invite(session=session, by=org.supervisor, people=[org.employee, org.admin])
    assert [person.username for person in added] == ["9100"]
    with pytest.raises(ServiceError) as refused:
        sessions.session_invite(session=session, by=org.supervisor, people=[org.admin])
    assert refused.value.message == "所选人员均已在名单上。"


def test_moving_a_session_tells_the_list(org, session):
    sessions.session_update(session=session, by=org.supervisor, title=session.title, starts_at=at(TODAY, 15),
                            ends_at=at(TODAY, 17), place="机房", hours=Decimal("2"), form="internal",
                            requirement="required", trainer=org.supervisor)
    assert Notification.objects.filter(subject="培训时间地点变更：HIS系统运维：挂号收费模块").count() == 2


def test_materials(org, session):
    material = sessions.material_add(session=session, by=org.supervisor,
                                     upload=SimpleUploadedFile("讲义.pdf", PDF))
    assert (material.name, material.file.read()) == ("讲义.pdf", PDF)
    with pytest.raises(ServiceError):
        sessions.material_add(session=session, by=org.employee, upload=SimpleUploadedFile("x.pdf", PDF))
    sessions.material_remove(material=material, by=org.head)
    assert Material.objects.count() == 0
    assert AuditEntry.objects.get(action="training.material.remove").before == {"file": "讲义.pdf"}


def test_only_attendees_answer_the_survey_once_in_its_window(org, session):
    sessions.attendance_sign_in(session=session, person=org.employee, now=at(TODAY, 14))
    with pytest.raises(ServiceError) as refused:
        sessions.survey_answer(session=session, person=org.employee, overall=5, content=4, trainer=5,
                               now=at(TODAY, 15))
    assert refused.value.message == "培训结束后才能填写调查。"
    sessions.survey_answer(session=session, person=org.employee, overall=5, content=4, trainer=5, comment="很实用",
                           now=at(TODAY, 16, 30))
    assert list(SurveyResponse.objects.values_list("overall", "content", "trainer", "comment")) == [
        (5, 4, 5, "很实用")]
    for person, when, message in (
            (org.employee, at(TODAY, 17), "您已填写过本次调查。"),
            (org.head, at(TODAY, 17), "只有参加培训的人员才能填写调查。"),
            (org.employee, at(TODAY + datetime.timedelta(days=15), 9), "调查已于 2026-11-30 截止。")):
        with pytest.raises(ServiceError) as refused:
            sessions.survey_answer(session=session, person=person, overall=3, content=3, trainer=3, now=when)
        assert refused.value.message == message


def test_the_day_before_reminder_is_sent_once(org):
    tomorrow = schedule(org, TODAY + datetime.timedelta(days=1), people=[org.employee])
    schedule(org, TODAY + datetime.timedelta(days=3), people=[org.employee])
    assert sessions.remind_upcoming_sessions(now=at(TODAY, 15)) == 1
    assert sessions.remind_upcoming_sessions(now=at(TODAY, 16)) == 0
    tomorrow.refresh_from_db()
    assert tomorrow.reminded_at == at(TODAY, 15)
    assert Notification.objects.filter(subject="明天：HIS系统运维：挂号收费模块").count() == 1
