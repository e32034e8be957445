"""The quarterly access review: each department head confirms who still needs what, or marks it for revocation."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from authz import services, tasks
from authz.models import AccessReview, AccessReviewItem, Grant, quarter_start
from core.errors import ServiceError
from notifications.models import Notification

from .hospital import granted

KEEP, REVOKE = AccessReviewItem.Decision.CONFIRM, AccessReviewItem.Decision.REVOKE
TZ = timezone.get_current_timezone()


def refused(call, **kwargs):
    with pytest.raises(ServiceError) as refusal:
        call(**kwargs)
    return refusal.value.message


@pytest.fixture
def ward(hospital):
    """心内科: the nurse and the doctor hold grants, and so does the head."""
    granted(hospital.nurse, hospital.it, "nurse_ws", ("病区护士",), account_id="ailin")
    granted(hospital.doctor, hospital.it, "doctor_ws", ("门诊医生", "住院医生"), account_id="liang")
    granted(hospital.ward_head, hospital.it, "doctor_ws", ("医嘱审核",), account_id="luo")
    return hospital


def open_review(today=datetime.date(2026, 10, 1)):
    services.access_reviews_open(today=today)
    return AccessReview.objects.get(department__code="cardiology")


def test_quarters_start_in_january_april_july_and_october():
    assert [quarter_start(datetime.date(2026, month, 15)).month for month in range(1, 13)] == [
        1, 1, 1, 4, 4, 4, 7, 7, 7, 10, 10, 10]


def test_reviews_open_once_a_quarter_with_every_grant_of_the_department(ward):
    Notification.objects.all().delete()

    assert services.access_reviews_open(today=datetime.date(2026, 10, 1)) == 1
    assert services.access_reviews_open(today=datetime.date(2026, 11, 20)) == 0  # same quarter: nothing new

    review = AccessReview.objects.get()
    assert (review.department, review.reviewer, review.quarter_label()) == (ward.org.ward, ward.ward_head, "2026 Q4")
    assert sorted(review.items.values_list("grant__user__username", "grant__permission_set__name")) == [
        ("4100", "病区护士"), ("4101", "住院医生"), ("4101", "门诊医生"), ("4900", "医嘱审核")]
    assert list(Notification.objects.values_list("recipient__username", "subject")) == [
        ("4900", "Access review 2026 Q4: 心内科")]
    assert services.access_reviews_open(today=datetime.date(2027, 1, 2)) == 1


def test_the_head_keeps_or_marks_for_revocation(ward):
    review = open_review()
    nurse_line = review.items.get(grant__user=ward.nurse)
    doctor_lines = review.items.filter(grant__user=ward.doctor)

    assert refused(services.review_item_decide, item=nurse_line, by=ward.ward_head, decision=REVOKE,
                   note=" ") == "Say why this access should be revoked."
    services.review_item_decide(item=nurse_line, by=ward.ward_head, decision=REVOKE, note="已调离病区")
    assert services.review_confirm_remaining(review=review, by=ward.ward_head) == doctor_lines.count()

    assert dict(review.items.values_list("grant__permission_set__name", "decision")) == {
        "病区护士": REVOKE, "门诊医生": KEEP, "住院医生": KEEP, "医嘱审核": "pending"}


def test_nobody_reviews_their_own_access_and_only_leaders_review(ward):
    review = open_review()
    own = review.items.get(grant__user=ward.ward_head)

    assert refused(services.review_item_decide, item=own, by=ward.ward_head, decision=KEEP) == (
        "You cannot review your own access: another leader of the department or the vice president in charge of IT "
        "does.")
    assert refused(services.review_item_decide, item=own, by=ward.doctor, decision=KEEP) == (
        "Only the department's leaders review its access.")
    services.review_item_decide(item=own, by=ward.vp, decision=KEEP)
    own.refresh_from_db()
    assert own.decided_by == ward.vp


def test_a_review_completes_only_when_every_line_is_decided(ward):
    review = open_review()
    services.review_confirm_remaining(review=review, by=ward.ward_head)

    assert refused(services.review_complete, review=review, by=ward.ward_head) == "1 line still waits for a decision."
    services.review_item_decide(item=review.items.get(grant__user=ward.ward_head), by=ward.vp, decision=KEEP)
    services.review_complete(review=review, by=ward.ward_head)

    review.refresh_from_db()
    assert review.completed_by == ward.ward_head
    assert refused(services.review_item_decide, item=review.items.first(), by=ward.ward_head,
                   decision=REVOKE, note="x") == "This review is completed; nothing more can change."


def test_it_revokes_what_was_marked_after_completion(ward):
    review = open_review()
    line = review.items.get(grant__user=ward.nurse)
    services.review_item_decide(item=line, by=ward.ward_head, decision=REVOKE, note="已调离病区")

    assert refused(services.review_revocation_execute, item=line, by=ward.it) == "The review is not completed yet."
    services.review_confirm_remaining(review=review, by=ward.ward_head)
    services.review_item_decide(item=review.items.get(grant__user=ward.ward_head), by=ward.vp, decision=KEEP)
    Notification.objects.all().delete()
    services.review_complete(review=review, by=ward.ward_head)
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["1101", "1105"]

    assert refused(services.review_revocation_execute, item=line, by=ward.ward_head) == "Only IT staff revoke grants."
    assert refused(services.review_revocation_execute, item=review.items.get(grant__user=ward.ward_head),
                   by=ward.it) == "This access was not marked for revocation."
    services.review_revocation_execute(item=line, by=ward.it)

    grant = Grant.objects.get(pk=line.grant_id)
    assert (grant.revoked_by, grant.revoked_reason) == (ward.it, "Access review 2026 Q4")
    assert refused(services.review_revocation_execute, item=line, by=ward.it2) == "This grant has already ended."


def test_the_beat_task_opens_and_reminds_late_reviewers(ward):
    with time_machine.travel(datetime.datetime(2026, 10, 9, 8, 0, tzinfo=TZ), tick=False):
        assert tasks.open_access_reviews() == {"opened": 1, "reminded": 0}
    Notification.objects.all().delete()
    with time_machine.travel(datetime.datetime(2026, 10, 27, 8, 0, tzinfo=TZ), tick=False):
        assert tasks.open_access_reviews() == {"opened": 0, "reminded": 1}
        assert tasks.open_access_reviews() == {"opened": 0, "reminded": 0}

    assert list(Notification.objects.values_list("recipient__username", "subject")) == [
        ("4900", "Reminder: access review 2026 Q4 is waiting")]
