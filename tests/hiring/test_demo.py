"""seed_demo's hiring history: an approved request, a posting with a candidate at every stage, 孙丽 near the
end of her probation and someone converted last quarter; a second run creates nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from approvals.models import ApprovalRequest
from hiring.demo import _last_quarter_middle
from hiring.models import Candidate, HeadcountRequest, Posting, Probation
from staff.models import StaffProfile

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return [line for line in out.getvalue().splitlines() if line.startswith("hiring:")]


def test_the_demo_tells_the_whole_story_once():
    assert seed() != ["hiring: 0 created"]
    assert seed() == ["hiring: 0 created"]

    approved = HeadcountRequest.objects.filter(approval__state=ApprovalRequest.State.APPROVED).get()
    assert approved.meeting_date is not None
    posting = Posting.objects.get(headcount_request=approved)
    every_stage = set(Candidate.State.values) - {Candidate.State.DISMISSED}  # dismissal is an exception, not a stage
    assert set(posting.candidates.values_list("state", flat=True)) == every_stage
    assert HeadcountRequest.objects.filter(approval__state=ApprovalRequest.State.PENDING).count() == 1

    sun_li = Probation.objects.get(profile__user__username="1008")
    assert (sun_li.starts_on, sun_li.ends_on, sun_li.state) == (
        datetime.date(2026, 9, 1), datetime.date(2026, 11, 30), Probation.State.ACTIVE)
    converted = Probation.objects.get(state=Probation.State.CONVERTED)
    assert converted.ended_on == _last_quarter_middle(timezone.localdate())
    assert converted.profile.status == StaffProfile.Status.REGULAR
    assert converted.assessments.get().approval.state == ApprovalRequest.State.APPROVED
    hired = posting.candidates.get(state=Candidate.State.ACCEPTED)
    assert hired.hired_user.profile.status == StaffProfile.Status.PROBATION


@pytest.mark.parametrize("today, middle", [
    (datetime.date(2026, 11, 25), datetime.date(2026, 8, 15)),
    (datetime.date(2027, 2, 1), datetime.date(2026, 11, 15)),
])
def test_last_quarter(today, middle):
    assert _last_quarter_middle(today) == middle


def test_the_demo_s_three_system_administrators_are_covered_by_an_approved_request():
    from hiring.staffing import post_staffing
    from staff.models import Post

    seed()

    approved = HeadcountRequest.objects.get(approval__state=ApprovalRequest.State.APPROVED)
    assert (approved.post.code, approved.number, approved.beyond_headcount) == ("system_admin", 3, 3)
    staffing = post_staffing(Post.objects.get(code="system_admin"))
    assert (staffing.filled, staffing.headcount, staffing.beyond, staffing.over) == (3, 1, 3, 0)
    assert sorted(StaffProfile.objects.filter(post__code="system_admin").values_list("user__username", flat=True)) == [
        "1003", "1007", "1009"]
