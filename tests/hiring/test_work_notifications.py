"""Hiring in the bell: the interview waits for each panel member until they score it, then for 人事科 until the
interview is concluded; the onboarding papers wait for 人事科 until the hire."""

from decimal import Decimal

from django.utils import timezone

from notifications.models import Notification
from hiring import services
from hiring.models import Candidate
from staff.roles import Role
from tests.factories import StaffProfileFactory, UserFactory

from .helpers import advance, hire, open_posting, register, tick_all


def waiting():
    return sorted(Notification.objects.waiting().values_list("recipient__username", "subject"))


def test_the_interview_waits_for_each_panel_member_then_for_hr(org):
    candidate = advance(org, register(org, open_posting(org)), Candidate.State.EXAMINED)
    assert [username for username, _subject in waiting()] == ["1100", "1102"]  # HR recorded the exam herself

    services.candidates.interview_score_record(candidate=candidate, by=org.hr, score=Decimal("76"))
    services.candidates.interview_score_record(candidate=candidate, by=org.head, score=Decimal("80"))
    assert [username for username, _subject in waiting()] == ["1102"]
    services.candidates.interview_score_record(candidate=candidate, by=org.supervisor, score=Decimal("84"))
    assert waiting() == [("2100", "Interview scores complete: 钱程")]

    services.candidates.candidate_conclude_interview(candidate=candidate, by=org.hr, interview_date=timezone.localdate())

    assert waiting() == []


def test_the_onboarding_papers_wait_for_hr_until_the_hire(org):
    colleague = StaffProfileFactory(user=UserFactory(username="2101", name="吴芳", roles=[Role.HR]),
                                    department=org.hr_department).user
    candidate = advance(org, register(org, open_posting(org)), Candidate.State.OFFERED)
    tick_all(org, candidate)  # by 2100: her colleague is told
    assert waiting() == [(colleague.username, "Onboarding papers complete: 钱程")]

    hire(org, candidate)

    assert waiting() == []
