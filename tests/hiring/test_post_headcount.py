"""岗位设置 各1人: a post's headcount (编制) against the people in it. A headcount request records how many of its
people go beyond the headcount; a step that would take the post beyond it and what approved requests add is
warned about (on the page and in the audit entry), or refused when the hiring policy says so."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from core.errors import ServiceError
from hiring import services
from hiring.models import Candidate, HeadcountRequest
from hiring.staffing import post_staffing
from staff.models import Post, StaffProfile
from tests.factories import StaffProfileFactory, UserFactory
from tests.html import by_testid

from .helpers import CANDIDATE, approve_headcount, hire, id_number_aged, open_posting, policy, register

pytestmark = pytest.mark.django_db

# The org has one 系统管理员 (艾丽, 1101) against the seeded headcount of 1.
FULL = ("系统管理员 is full: 1 in post and 0 told their start date against a headcount of 1 (编制) and 0 approved "
        "beyond it by headcount requests (用人计划); hiring 钱程 makes 2.")
NOT_COVERED = " No approved headcount request covers it: check that this hire is meant."


def replacement_posting(org, post_code="system_admin"):
    """An approved request to replace a leaver: it adds nothing to the headcount."""
    headcount = services.headcounts.headcount_create(
        by=org.head, department=org.it, post=Post.objects.get(code=post_code), number=1, reason="replacement",
        justification="艾丽即将调岗", job_description="负责服务器运维")
    posting = approve_headcount(org, headcount).posting
    services.postings.posting_update(posting=posting, by=org.hr, panel=[org.head, org.supervisor, org.hr], data={
        "published_where": "医院网站", "closes_on": timezone.localdate() + datetime.timedelta(days=20)})
    return services.postings.posting_publish(posting=posting, by=org.hr)


def audit_after(candidate, action):
    return AuditEntry.objects.get(object_type="hiring.candidate", object_id=str(candidate.pk), action=action).after


@pytest.mark.parametrize("post_code, number, reason, beyond", [
    ("system_admin", 2, "workload", 2),       # 1 in post / 1: both beyond it
    ("system_admin", 1, "replacement", 0),    # takes over a leaver's place
    ("database_admin", 1, "workload", 0),     # nobody in post / 1: the vacancy
    ("database_admin", 3, "new_post", 2),
])
def test_a_request_records_how_many_go_beyond_the_headcount(org, post_code, number, reason, beyond):
    headcount = services.headcounts.headcount_create(
        by=org.head, department=org.it, post=Post.objects.get(code=post_code), number=number, reason=reason,
        justification="人手不足", job_description="运维")

    assert headcount.beyond_headcount == beyond
    entry = AuditEntry.objects.get(action="staff.headcount.create", object_id=str(headcount.pk))
    assert entry.after["beyond_headcount"] == beyond


def test_only_an_approved_request_adds_to_the_headcount(org):
    post = Post.objects.get(code="system_admin")
    headcount = services.headcounts.headcount_create(
        by=org.head, department=org.it, post=post, number=2, reason="workload", justification="人手不足",
        job_description="运维")
    assert (post_staffing(post).filled, post_staffing(post).allowed) == (1, 1)

    approve_headcount(org, headcount)

    staffing = post_staffing(post)
    assert (staffing.filled, staffing.headcount, staffing.beyond, staffing.allowed, staffing.over) == (1, 1, 2, 3, 0)


def test_a_hire_within_an_approved_request_is_not_warned_about(org):
    candidate = register(org, open_posting(org))  # the request for 2 went beyond the headcount of 1 by 2

    user, _password = hire(org, candidate)

    assert candidate.headcount_warning == ""
    assert user.headcount_warning == ""
    assert "headcount_warning" not in audit_after(candidate, "staff.candidate.hire")
    assert post_staffing(org.post).filled == 2


def test_a_hire_beyond_the_headcount_is_warned_about_at_every_step(org):
    candidate = register(org, replacement_posting(org))
    assert candidate.headcount_warning == FULL + NOT_COVERED
    assert audit_after(candidate, "staff.candidate.register")["headcount_warning"] == FULL + NOT_COVERED

    user, _password = hire(org, candidate)

    assert audit_after(candidate, "staff.candidate.offer")["headcount_warning"] == FULL + NOT_COVERED
    assert user.headcount_warning == FULL + NOT_COVERED
    assert audit_after(candidate, "staff.candidate.hire")["headcount_warning"] == FULL + NOT_COVERED
    assert user.profile.post == org.post  # warned, not refused: the policy's default
    staffing = post_staffing(org.post)
    assert (staffing.filled, staffing.allowed, staffing.over) == (2, 1, 1)


def test_the_policy_may_refuse_a_hire_beyond_the_headcount(org):
    posting = replacement_posting(org)
    policy(over_headcount="refuse")

    with pytest.raises(ServiceError) as refused:
        register(org, posting)

    assert refused.value.message == FULL + (
        " The hiring policy refuses hires beyond the headcount: the department's headcount request for more people "
        "must be approved first.")
    assert Candidate.objects.count() == 0


def test_people_told_their_start_date_count_against_the_headcount(org):
    posting = open_posting(org, number=2)  # allowed 1 + 2 = 3
    first = hire(org, register(org, posting, seq=7))[0]
    assert first.headcount_warning == ""
    StaffProfileFactory(user=UserFactory(username="1105", name="额外"), department=org.it, post=org.post)
    second = register(org, posting, seq=8, name="孙敏")

    assert second.headcount_warning == (
        "系统管理员 is full: 3 in post and 0 told their start date against a headcount of 1 (编制) and 2 approved "
        "beyond it by headcount requests (用人计划); hiring 孙敏 makes 4." + NOT_COVERED)


def test_a_departed_holder_frees_the_place(org):
    StaffProfile.objects.filter(user=org.employee).update(status=StaffProfile.Status.DEPARTED)

    candidate = register(org, replacement_posting(org))

    assert candidate.headcount_warning == ""


def test_the_candidate_page_says_why(client, org):
    candidate = register(org, replacement_posting(org))
    client.force_login(org.hr)

    response = client.get(reverse("hiring:candidate_detail", args=[candidate.pk]))

    assert by_testid(response, "headcount-warning") == FULL
    assert by_testid(response, "post-staffing") == "系统管理员 · In post 1 / headcount 1"


def test_the_head_sees_no_staffing_panel_on_the_candidate_page(client, org):
    candidate = register(org, replacement_posting(org))
    client.force_login(org.head)

    response = client.get(reverse("hiring:candidate_detail", args=[candidate.pk]))

    assert response.status_code == 200
    assert "headcount-warning" not in response.content.decode()


def test_registering_through_the_page_warns(client, org):
    posting = replacement_posting(org)
    client.force_login(org.hr)

    response = client.post(reverse("hiring:candidate_create", args=[posting.pk]),
                           {**CANDIDATE, "id_number": id_number_aged(25)}, follow=True)

    assert [(message.level_tag, message.message) for message in response.context["messages"]] == [
        ("success", "The candidate is registered."), ("warning", FULL + NOT_COVERED)]


def test_the_headcount_request_page_shows_the_staffing(client, org):
    headcount = services.headcounts.headcount_create(
        by=org.head, department=org.it, post=org.post, number=2, reason="workload", justification="人手不足",
        job_description="运维")
    client.force_login(org.hr)

    response = client.get(reverse("hiring:headcount_detail", args=[headcount.pk]))

    assert by_testid(response, "post-staffing") == "In post 1 / headcount 1"
    assert by_testid(response, "headcount-number") == "2 · 2 of them beyond the post's headcount (超编)"
    assert HeadcountRequest.objects.get().beyond_headcount == 2
