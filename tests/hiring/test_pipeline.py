"""The pipeline in its order: exam against the pass mark, the panel's interview average, checks, the offer
within 3 working days of a passed interview (with a reminder), onboarding and the hire."""

import datetime
import subprocess
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from core.errors import ServiceError
from notifications.models import Notification
from hiring import services
from hiring.exporters import ProbationAgreement, ProbationNotice
from hiring.tasks import notice_reminders
from hiring.models import Candidate, Probation
from staff.models import StaffDocument, StaffProfile, User

from .helpers import advance, hire, medical_exclusion, open_posting, panel_scores, policy, register, tick_all

pytestmark = pytest.mark.django_db
CST = datetime.timezone(datetime.timedelta(hours=8))
State = Candidate.State


@pytest.fixture
def posting(org):
    return open_posting(org)


def at(day, hour=9):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=CST), tick=False)


def test_the_order_is_enforced(org, posting):
    candidate = register(org, posting)
    today = datetime.date.today()

    with pytest.raises(ServiceError) as refused:
        services.candidates.candidate_record_exam(candidate=candidate, by=org.hr, exam_date=today, score=Decimal("80"))
    assert refused.value.message == "钱程 is at “Registered (已报名)”; this step needs “Passed screening (初选合格)” first."

    candidate = advance(org, candidate, State.SCREENED)
    for step in (lambda: services.candidates.candidate_conclude_interview(candidate=candidate, by=org.hr, interview_date=today),
                 lambda: services.candidates.candidate_record_medical(candidate=candidate, by=org.hr, medical_date=today,
                                                           passed=True)):
        with pytest.raises(ServiceError):
            step()
    candidate.refresh_from_db()
    assert candidate.state == State.SCREENED


def test_an_offer_needs_a_passed_interview(org, posting):
    candidate = advance(org, register(org, posting), State.EXAMINED)

    with pytest.raises(ServiceError) as refused:
        services.candidates.candidate_offer(candidate=candidate, by=org.hr, start_date=datetime.date.today())

    assert refused.value.message == "An offer needs a passed interview."
    candidate.refresh_from_db()
    assert (candidate.state, candidate.start_date) == (State.EXAMINED, None)


def test_an_exam_below_the_pass_mark_ends_the_application(org, posting):
    candidate = advance(org, register(org, posting), State.SCREENED)

    candidate = services.candidates.candidate_record_exam(candidate=candidate, by=org.hr, exam_date=datetime.date.today(),
                                               score=Decimal("59.5"))

    assert (candidate.state, candidate.closed_at_state) == (State.REJECTED, State.SCREENED)
    assert candidate.closed_reason == "Written exam score 59.5 is below the pass mark 60.0."


@pytest.mark.parametrize("score", [Decimal("-1"), Decimal("100.5")])
def test_a_score_outside_its_range_changes_nothing(org, posting, score):
    candidate = advance(org, register(org, posting), State.SCREENED)

    with pytest.raises(ServiceError) as refused:
        services.candidates.candidate_record_exam(candidate=candidate, by=org.hr, exam_date=datetime.date.today(), score=score)

    assert refused.value.message == "A score is between 0 and 100."
    candidate.refresh_from_db()
    assert (candidate.state, candidate.exam_score) == (State.SCREENED, None)


def test_a_score_outside_its_range_in_the_form(org, posting, client):
    candidate = advance(org, register(org, posting), State.SCREENED)
    client.force_login(org.hr)

    response = client.post(reverse("hiring:candidate_exam", args=[candidate.pk]),
                           {"exam_date": datetime.date.today().isoformat(), "score": "120"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Written exam score: Ensure this value is less than or equal to 100."]
    candidate.refresh_from_db()
    assert candidate.exam_score is None


def test_the_interview_average_of_the_panel(org, posting):
    candidate = advance(org, register(org, posting), State.EXAMINED)
    panel_scores(org, candidate, [Decimal("80"), Decimal("84"), Decimal("77.5")])

    assert candidate.interview_scores_average() == Decimal("80.50")
    candidate = services.candidates.candidate_conclude_interview(candidate=candidate, by=org.hr,
                                                      interview_date=datetime.date.today())
    assert (candidate.state, candidate.interview_average) == (State.INTERVIEWED, Decimal("80.50"))


def test_a_member_may_revise_their_score_before_the_result(org, posting):
    candidate = advance(org, register(org, posting), State.EXAMINED)
    services.candidates.interview_score_record(candidate=candidate, by=org.head, score=Decimal("70"))
    services.candidates.interview_score_record(candidate=candidate, by=org.head, score=Decimal("90"), comments="复核后")

    assert list(candidate.interview_scores.values_list("member__username", "score", "comments")) == [
        ("1100", Decimal("90.0"), "复核后")]


def test_the_interview_needs_enough_panel_scores(org, posting):
    candidate = advance(org, register(org, posting), State.EXAMINED)
    panel_scores(org, candidate, [Decimal("90"), Decimal("90")])

    with pytest.raises(ServiceError) as refused:
        services.candidates.candidate_conclude_interview(candidate=candidate, by=org.hr, interview_date=datetime.date.today())

    assert refused.value.message == "2 of the 3 panel scores needed are in."


def test_only_the_panel_scores(org, posting):
    candidate = advance(org, register(org, posting), State.EXAMINED)

    with pytest.raises(ServiceError) as refused:
        services.candidates.interview_score_record(candidate=candidate, by=org.employee, score=Decimal("90"))

    assert refused.value.message == "Only members of this posting's interview panel can score the interview."


def test_an_interview_below_the_pass_mark_ends_the_application(org, posting):
    candidate = advance(org, register(org, posting), State.EXAMINED)
    panel_scores(org, candidate, [Decimal("50"), Decimal("60"), Decimal("55")])

    candidate = services.candidates.candidate_conclude_interview(candidate=candidate, by=org.hr,
                                                      interview_date=datetime.date.today())

    assert candidate.state == State.REJECTED
    assert candidate.closed_reason == "Interview average 55.00 is below the pass mark 60.0."


def test_a_failed_medical_check_cites_the_exclusion(org, posting):
    candidate = advance(org, register(org, posting), State.INTERVIEWED)

    with pytest.raises(ServiceError):
        services.candidates.candidate_record_medical(candidate=candidate, by=org.hr, medical_date=datetime.date.today(),
                                          passed=False, note="")
    candidate = services.candidates.candidate_record_medical(candidate=candidate, by=org.hr, medical_date=datetime.date.today(),
                                                  passed=False, note="肝功能异常")

    assert candidate.state == State.REJECTED
    assert candidate.closed_reason == f"{medical_exclusion().text}: 肝功能异常"


def test_the_notice_is_due_three_days_after_the_interview(org):
    with at(datetime.date(2026, 6, 11)):  # a Thursday
        posting = open_posting(org)
        candidate = advance(org, register(org, posting), State.INTERVIEWED)
    assert candidate.notice_due_on == datetime.date(2026, 6, 14)  # 3日: calendar days by default

    policy(notice_counts_working_days=True)
    assert services.candidates.notice_deadline(datetime.date(2026, 6, 11)) == datetime.date(2026, 6, 16)  # Fri, Mon, Tue


def test_a_notice_due_in_a_provisional_year_is_recounted_when_the_year_is_loaded(org):
    from tests.workcalendar.notices import NOTICE_2027
    from workcalendar.services import calendar_year_load

    policy(notice_counts_working_days=True)
    with at(datetime.date(2027, 2, 4)):  # a Thursday: provisionally 2-5 (除夕) and 2-8 are off
        posting = open_posting(org)
        candidate = advance(org, register(org, posting), State.INTERVIEWED)
    assert (candidate.notice_due_on, candidate.notice_due_provisional()) == (datetime.date(2027, 2, 11), True)
    calendar_year_load(year=2027, text=NOTICE_2027, by=org.admin)
    assert services.candidates.notice_deadlines_recount(year=2027) == 1
    candidate.refresh_from_db()
    # 2-5..2-13 off on the loaded notice, Sunday 2-14: Monday 2-15 is the first working day.
    assert (candidate.notice_due_on, candidate.notice_due_provisional()) == (datetime.date(2027, 2, 17), False)


def test_the_3_day_notice_reminder(org):
    with at(datetime.date(2026, 6, 11)):
        posting = open_posting(org)
        candidate = advance(org, register(org, posting), State.MEDICAL_PASSED)

    with at(datetime.date(2026, 6, 13)):
        assert notice_reminders.apply().get() == {"reminded": 0}
    with at(datetime.date(2026, 6, 14)):  # three calendar days after the interview
        assert notice_reminders.apply().get() == {"reminded": 1}
        assert notice_reminders.apply().get() == {"reminded": 0}  # once only

    reminder = Notification.objects.get(recipient=org.hr, subject__startswith="Start date to notify")
    assert reminder.subject == "Start date to notify: 钱程 (due 2026-06-14)"
    assert reminder.url == candidate.get_absolute_url()
    assert AuditEntry.objects.filter(action="staff.candidate.notice_reminder").count() == 1


def test_no_reminder_once_the_start_date_is_notified(org):
    with at(datetime.date(2026, 6, 11)):
        candidate = advance(org, register(org, open_posting(org)), State.OFFERED)
    with at(datetime.date(2026, 6, 20)):
        assert notice_reminders.apply().get() == {"reminded": 0}
    assert candidate.state == State.OFFERED


def test_offers_are_limited_to_the_openings(org):
    posting = open_posting(org, number=1)
    advance(org, register(org, posting, seq=1), State.OFFERED)
    second = advance(org, register(org, posting, seq=2), State.BACKGROUND_CHECKED)

    with pytest.raises(ServiceError) as refused:
        services.candidates.candidate_offer(candidate=second, by=org.hr, start_date=datetime.date.today())

    assert refused.value.message == "All 1 openings of this posting are already offered or filled."


def test_rejection_at_any_stage_needs_a_reason(org, posting):
    candidate = advance(org, register(org, posting), State.EXAMINED)
    with pytest.raises(ServiceError):
        services.candidates.candidate_reject(candidate=candidate, by=org.hr, reason=" ")

    candidate = services.candidates.candidate_reject(candidate=candidate, by=org.hr, reason="本人放弃面试")

    assert (candidate.state, candidate.closed_at_state, candidate.closed_reason) == (
        State.REJECTED, State.EXAMINED, "本人放弃面试")


def test_only_an_offered_candidate_declines(org, posting):
    candidate = advance(org, register(org, posting), State.INTERVIEWED)
    with pytest.raises(ServiceError):
        services.candidates.candidate_decline(candidate=candidate, by=org.hr, reason="薪资")

    candidate = advance(org, candidate, State.OFFERED)
    assert services.candidates.candidate_decline(candidate=candidate, by=org.hr, reason="另有工作").state == State.DECLINED


def test_the_hire_needs_the_onboarding_checklist(org, posting):
    candidate = advance(org, register(org, posting), State.OFFERED)
    first = candidate.onboarding_items.get(name="《员工入职登记表》")
    services.candidates.onboarding_tick(item=first, by=org.hr, done=True)
    first.refresh_from_db()
    assert (first.done_by, first.done_at is not None) == (org.hr, True)

    with pytest.raises(ServiceError) as refused:
        services.candidates.candidate_hire(candidate=candidate, by=org.hr, employee_no="1301", reported_on=datetime.date.today())

    assert refused.value.message.startswith("The onboarding checklist is not complete: 学历证明（毕业证书）复印件、")
    assert "职称证明复印件（如有）" not in refused.value.message  # optional
    assert not User.objects.filter(username="1301").exists()


def test_the_hire_creates_the_account_profile_and_probation(org):
    with at(datetime.date(2026, 6, 22)):
        posting = open_posting(org)
        candidate = register(org, posting)
        services.candidates.attachment_add(candidate=candidate, by=org.hr, kind="diploma",
                                upload=SimpleUploadedFile("毕业证.pdf", b"%PDF-1.4\n%x\n"))
        user, password = hire(org, candidate)

    assert (user.username, user.name, user.must_change_password, user.is_active) == ("1301", "钱程", True, True)
    assert user.check_password(password) and password not in user.password
    profile = user.profile
    assert (profile.status, profile.department, profile.post, profile.hire_date, profile.supervisor) == (
        StaffProfile.Status.PROBATION, org.it, posting.post, datetime.date(2026, 6, 22), org.supervisor)
    probation = Probation.objects.get(profile=profile)
    assert (probation.starts_on, probation.ends_on, probation.candidate) == (
        datetime.date(2026, 6, 22), datetime.date(2026, 9, 21), candidate)
    assert list(StaffDocument.objects.filter(profile=profile).values_list("kind", "original_name")) == [
        ("diploma", "毕业证.pdf")]
    candidate.refresh_from_db()
    assert (candidate.state, candidate.hired_user) == (State.ACCEPTED, user)
    assert Notification.objects.filter(recipient=user).count() == 1


def test_the_employee_number_must_be_free(org, posting):
    candidate = advance(org, register(org, posting), State.OFFERED)
    tick_all(org, candidate)

    with pytest.raises(ServiceError) as refused:
        services.candidates.candidate_hire(candidate=candidate, by=org.hr, employee_no="1100", reported_on=datetime.date.today())

    assert refused.value.message == "The employee number 1100 is already in use."


def test_the_hire_page_shows_the_password_once(org, posting, client):
    candidate = advance(org, register(org, posting), State.OFFERED)
    tick_all(org, candidate)
    client.force_login(org.hr)

    response = client.post(reverse("hiring:candidate_hire", args=[candidate.pk]), {
        "employee_no": "1302", "reported_on": datetime.date.today().isoformat(), "supervisor": org.supervisor.pk})

    assert response.status_code == 200
    password = response.context["password"]
    assert User.objects.get(username="1302").check_password(password)
    assert response["Cache-Control"] == "no-store"
    again = client.get(candidate.get_absolute_url())
    assert password not in again.content.decode()


def _pdf_text(data, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(subprocess.run(["which", "pdftotext"], capture_output=True).returncode != 0,
                    reason="needs poppler-utils")
def test_the_agreement_and_the_notice_are_chinese_pdfs(org, tmp_path):
    with at(datetime.date(2026, 6, 22)):
        user, _password = hire(org, register(org, open_posting(org)))
        probation = user.profile.probations.get()
        agreement = _pdf_text(ProbationAgreement(probation).render(), tmp_path)
        notice = _pdf_text(ProbationNotice(probation).render(), tmp_path)

    assert "试用协议" in agreement
    assert "自2026年6月22日起至2026年9月21日止，共3个月" in agreement
    assert "试用期内乙方违反有关规章制度的，甲方立即予以辞退" in agreement
    assert "试用人员上岗通知书" in notice
    assert "财务科" in notice and "钱程" in notice


def test_user_text_in_the_probation_documents_is_printed_as_typed(org):
    """A name or an employer with "<" or "&" broke the probation PDFs (issue 12.9)."""
    from hiring.models import HiringPolicy
    from tests.pdf_hostile import printed_as_typed

    with at(datetime.date(2026, 6, 22)):
        user, _password = hire(org, register(org, open_posting(org)))
        user.name = "钱<程> & 子"
        user.save(update_fields=["name"])
        policy = HiringPolicy.current()
        policy.employer_name = '<link href="https://evil.example/">某某医院</link>'
        probation = user.profile.probations.get()
        values = ["钱<程> & 子", policy.employer_name]
        assert printed_as_typed(ProbationAgreement(probation, policy).render(), values)
        assert printed_as_typed(ProbationNotice(probation, policy).render(), values)


def test_untrue_information_after_the_hire_ends_the_probation(org, posting):
    user, _password = hire(org, register(org, posting))
    candidate = user.hiring_candidate

    services.candidates.candidate_dismiss_untrue(candidate=candidate, by=org.hr, reason="学位证书系伪造")

    candidate.refresh_from_db()
    user.refresh_from_db()
    probation = candidate.probation
    assert candidate.state == State.DISMISSED
    assert (probation.state, probation.end_reason, probation.end_note) == (
        Probation.State.TERMINATED, Probation.EndReason.UNTRUE_INFORMATION, "学位证书系伪造")
    assert (user.profile.status, user.is_active) == (StaffProfile.Status.DEPARTED, False)


def test_every_step_is_audited(org, posting):
    candidate = advance(org, register(org, posting), State.OFFERED)

    actions = list(AuditEntry.objects.filter(object_type="hiring.candidate", object_id=str(candidate.pk))
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["staff.candidate.register", "staff.candidate.screen", "staff.candidate.exam",
                       "staff.candidate.interview_score", "staff.candidate.interview_score",
                       "staff.candidate.interview_score", "staff.candidate.interview",
                       "staff.candidate.medical", "staff.candidate.background", "staff.candidate.offer"]
