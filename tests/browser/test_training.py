"""End to end on a phone (390×844): a staff member signs in to a session with the link of the room's QR code and
the hours ledger moves; a new hire passes the induction exam on the phone and then asks for a 医生工作站 account,
which the account gate now lets through."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from authz.models import AccountRequest, PermissionSet
from hiring.models import Probation
from training.models import Attendance, Exam, Question
from training.services import sessions

from ..authz.hospital import Hospital, policy_loaded  # noqa: F401 (a fixture)
from ..training.helpers import new_hire, open_exam, question_bank
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_signing_in_to_a_session_with_the_qr_link(live_server, page, policy_loaded, org):
    now = timezone.now().replace(second=0, microsecond=0)
    session = sessions.session_schedule(
        by=org.supervisor, department=org.it, title="电子病历系统新版本操作培训", starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=2), place="信息科会议室", hours=Decimal("2"), form="internal",
        requirement="required", people=[org.employee, org.head], trainer=org.supervisor)

    # The organiser puts the code on the room's screen.
    sign_in(page, live_server, org.supervisor.username)
    page.goto(live_server.url + f"/training/sessions/{session.pk}/")
    page.click("[data-testid=show-qr]")
    # Loaded and drawn (a busy machine serves the SVG after the page).
    page.wait_for_function("() => document.querySelector('[data-testid=signin-qr]')?.complete")
    assert page.locator("[data-testid=signin-qr]").evaluate("image => image.naturalWidth") > 100
    link = page.locator("[data-testid=signin-link]").inner_text()
    assert page.locator("[data-testid=signed-in-count]").inner_text() == "已签到 0 人（名单共 2 人）"

    # The staff member scans it on her phone: sign-in page first (not signed in yet), then one tap.
    page.set_viewport_size(PHONE)
    page.context.clear_cookies()
    page.goto(link)
    page.fill("input[name=login]", org.employee.username)
    page.fill("input[name=password]", org.password)
    page.click("main button[type=submit]")
    page.locator("[data-testid=signin-button]").wait_for()
    assert page.locator("[data-testid=signin-button]").inner_text() == "以艾丽的身份签到"
    page.click("[data-testid=signin-button]")
    page.wait_for_url(f"**/training/sessions/{session.pk}/")
    assert page.locator("[data-testid=own-attendance]").inner_text().startswith("本人： 出席")
    assert Attendance.objects.get(session=session, person=org.employee).method == "qr"

    # Her hours moved.
    page.goto(live_server.url + "/training/")
    assert page.locator("[data-testid=ledger-total]").inner_text() == "2"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_new_hire_passes_the_induction_exam_and_asks_for_an_account(live_server, page, policy_loaded, org):
    hospital = Hospital(org)
    hire = new_hire(org, starts_on=timezone.localdate() - datetime.timedelta(days=5))
    questions = [q for q in question_bank(org) if q.kind != Question.Kind.SHORT]
    exam = open_exam(org, questions, kind=Exam.Kind.INDUCTION, pass_percent="80")
    page.set_viewport_size(PHONE)
    page.on("dialog", lambda dialog: dialog.accept())  # "hand in the paper?"

    sign_in(page, live_server, hire.username)
    page.goto(live_server.url + "/authz/new/")
    assert "孙丽尚未通过岗前培训考核。" in page.locator("main").inner_text()

    page.goto(live_server.url + "/training/")
    page.locator("[data-testid=induction] a.btn").click()
    page.click("[data-testid=start-exam]")
    page.wait_for_url("**/attempts/*/paper/")
    assert page.locator("[data-testid=question]").count() == 3
    for question in questions:
        for choice in question.choices.filter(is_correct=True):
            page.locator(f"#c{choice.pk}").check()
    page.locator(f"#question-{questions[-1].pk} .answer-status").get_by_text("已保存").wait_for()
    page.click("[data-testid=submit-paper]")
    page.wait_for_url("**/attempts/*/")
    assert page.locator("[data-testid=verdict]").inner_text() == "合格"
    assert Probation.objects.get(profile__user=hire).induction_passed_on == timezone.localdate()
    assert exam.attempts.get().passed is True

    page.click("[data-testid=request-account]")
    page.wait_for_url("**/authz/new/")
    doctor = PermissionSet.objects.get(system__code="doctor_ws", name="门诊医生")
    page.select_option("select[name=system]", value=str(doctor.system_id))
    page.locator("[data-testid=chain-preview]").wait_for()
    page.check(f"input[name=permission_sets][value='{doctor.pk}']")
    page.fill("textarea[name=reason]", "新进人员，负责门诊医生工作站的运维支持，需要熟悉门诊医生操作。")
    page.click("[data-testid=save-submit]")
    page.wait_for_url("**/authz/requests/*/")
    account_request = AccountRequest.objects.get()
    assert (account_request.applicant, account_request.approval.state) == (hire, "pending")
    steps = list(account_request.approval.steps.order_by("order").values_list("assignee__username", "state"))
    assert steps[:2] == [(org.head.username, "active"), (hospital.medical_head.username, "waiting")]
