"""用人计划: the head asks, 人事科 reviews, the hospital office meeting approves (HR records its date), a posting opens."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from approvals.models import ApprovalRequest
from approvals.services import Decision, step_decide
from audit.models import AuditEntry
from core.errors import ServiceError
from notifications.models import Notification
from hiring import services
from hiring.models import HeadcountRequest, Posting
from staff.models import Post

from .helpers import active_step, request_headcount

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 10)


@time_machine.travel(datetime.datetime(2026, 6, 10, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
def test_the_head_asks_hr_reviews_and_the_meeting_approves(org):
    headcount = request_headcount(org)

    assert headcount.approval.state == ApprovalRequest.State.PENDING
    assert active_step(headcount.approval).label == "人事科审核"
    assert Notification.objects.filter(recipient=org.hr, subject__contains="Headcount request").count() == 1

    step_decide(step=active_step(headcount.approval), by=org.hr, decision=Decision.APPROVE)
    meeting_step = active_step(headcount.approval)
    assert meeting_step.label == "院办公会议批准（人事科登记会议日期）"

    # Approving the meeting's step without its date is refused, also through the approvals inbox.
    with pytest.raises(ServiceError) as refused:
        step_decide(step=meeting_step, by=org.hr, decision=Decision.APPROVE)
    assert refused.value.message.startswith("The hospital office meeting approves headcount requests")
    assert active_step(headcount.approval).pk == meeting_step.pk

    services.headcounts.headcount_record_meeting(headcount=headcount, by=org.hr, meeting_date=TODAY,
                                      meeting_reference="院办〔2026〕12号", decision=Decision.APPROVE)

    headcount.refresh_from_db()
    assert (headcount.meeting_date, headcount.approval.state) == (TODAY, ApprovalRequest.State.APPROVED)
    posting = Posting.objects.get(headcount_request=headcount)
    assert (posting.state, posting.number, posting.min_education, posting.min_age, posting.max_age) == (
        Posting.State.DRAFT, 2, "bachelor", 20, 35)
    assert posting.post == Post.objects.get(code="system_admin")
    actions = list(AuditEntry.objects.filter(object_type="hiring.headcountrequest", object_id=str(headcount.pk))
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["staff.headcount.create", "staff.headcount.meeting"]
    assert AuditEntry.objects.filter(action="staff.posting.create", object_id=str(posting.pk)).count() == 1


@time_machine.travel(datetime.datetime(2026, 6, 10, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
def test_a_meeting_date_in_the_future_or_before_the_request_is_refused(org):
    headcount = request_headcount(org)
    step_decide(step=active_step(headcount.approval), by=org.hr, decision=Decision.APPROVE)

    for day, message in [(TODAY + datetime.timedelta(days=1), "The meeting date cannot be in the future."),
                         (TODAY - datetime.timedelta(days=1), "The meeting date is before the request was submitted.")]:
        with pytest.raises(ServiceError) as refused:
            services.headcounts.headcount_record_meeting(headcount=headcount, by=org.hr, meeting_date=day, meeting_reference="",
                                              decision=Decision.APPROVE)
        assert refused.value.message == message
    headcount.refresh_from_db()
    assert headcount.meeting_date is None
    assert headcount.approval.state == ApprovalRequest.State.PENDING


def test_the_meeting_is_recorded_only_at_the_last_step(org):
    headcount = request_headcount(org)

    with pytest.raises(ServiceError) as refused:
        services.headcounts.headcount_record_meeting(headcount=headcount, by=org.hr, meeting_date=datetime.date.today(),
                                          meeting_reference="", decision=Decision.APPROVE)

    assert refused.value.message == "This request is not waiting for the hospital office meeting's decision."


def test_a_meeting_that_rejects_opens_no_posting(org):
    headcount = request_headcount(org)
    step_decide(step=active_step(headcount.approval), by=org.hr, decision=Decision.APPROVE)

    services.headcounts.headcount_record_meeting(headcount=headcount, by=org.hr, meeting_date=datetime.date.today(),
                                      meeting_reference="", decision=Decision.REJECT, comment="编制已满")

    headcount.refresh_from_db()
    assert headcount.approval.state == ApprovalRequest.State.REJECTED
    assert Posting.objects.count() == 0


def test_only_a_department_leader_asks_for_people(org, client):
    with pytest.raises(ServiceError) as refused:
        services.headcounts.headcount_create(by=org.employee, department=org.it, post=Post.objects.get(code="system_admin"),
                                  number=1, reason="workload", justification="x", job_description="y")
    assert refused.value.message == "Only the head or deputy head of 信息科 can request people for it."
    client.force_login(org.employee)
    assert client.get(reverse("hiring:headcount_create")).status_code == 404


def test_the_form_takes_the_job_description_from_the_post(org, client):
    client.force_login(org.head)
    response = client.post(reverse("hiring:headcount_create"), {
        "department": org.it.pk, "post": Post.objects.get(code="network_admin").pk, "number": "1",
        "reason": "replacement", "justification": "赵工调岗", "job_description": ""})

    headcount = HeadcountRequest.objects.get()
    assert response.status_code == 302
    assert response.url == headcount.get_absolute_url()
    assert headcount.job_description.startswith("Objective:")
    assert "Duties:" in headcount.job_description


def test_bad_input_shows_the_form_again(org, client):
    client.force_login(org.head)
    response = client.post(reverse("hiring:headcount_create"), {"department": org.it.pk, "number": "0"})

    assert response.status_code == 200
    assert HeadcountRequest.objects.count() == 0


def test_a_returned_request_is_changed_and_submitted_again(org, client):
    headcount = request_headcount(org)
    step_decide(step=active_step(headcount.approval), by=org.hr, decision=Decision.RETURN, comment="请说明工作量")
    client.force_login(org.head)

    response = client.post(reverse("hiring:headcount_edit", args=[headcount.pk]), {
        "post": headcount.post.pk, "number": "3", "reason": "workload", "justification": "每月工单增长40%",
        "job_description": "运维"})

    assert response.status_code == 302
    headcount.refresh_from_db()
    assert (headcount.number, headcount.approval.state, headcount.approval.round) == (3, "pending", 2)


def test_hr_records_the_meeting_on_the_request_page(org, client):
    headcount = request_headcount(org)
    step_decide(step=active_step(headcount.approval), by=org.hr, decision=Decision.APPROVE)
    client.force_login(org.hr)
    page = client.get(headcount.get_absolute_url())
    assert page.context["meeting_form"] is not None

    response = client.post(reverse("hiring:headcount_meeting", args=[headcount.pk]), {
        "meeting_date": datetime.date.today().isoformat(), "meeting_reference": "12号", "decision": "approve"})

    assert response.status_code == 302
    headcount.refresh_from_db()
    assert headcount.approval.state == "approved"
    assert headcount.posting.state == Posting.State.DRAFT

