"""Accounts and access reviews in the bell: each step's work waits for whoever must act, and nothing is left
waiting once the work is done."""

import datetime

from authz import services
from authz.models import AccessReview, AccessReviewItem
from notifications.models import Notification

from .hospital import granted


def waiting():
    return sorted(Notification.objects.waiting().values_list("recipient__username", "subject"))


def test_after_the_whole_chain_only_the_password_change_waits_then_nothing(hospital):
    account_request = granted(hospital.nurse, hospital.it)

    assert waiting() == [("4100", "Your account on 护士工作站 is open: change the initial password today")]

    services.password_change_confirm(account_request=account_request, by=hospital.nurse)

    assert waiting() == []


def test_an_access_review_waits_for_the_leaders_then_for_it_until_revoked(hospital):
    granted(hospital.nurse, hospital.it, "nurse_ws", ("病区护士",), account_id="ailin")
    Notification.objects.all().delete()
    services.access_reviews_open(today=datetime.date(2026, 10, 1))
    review = AccessReview.objects.get(department__code="cardiology")
    assert waiting() == [("4900", "Access review 2026 Q4: 心内科")]

    services.review_item_decide(item=review.items.get(), by=hospital.ward_head,
                                decision=AccessReviewItem.Decision.REVOKE, note="已调离病区")
    services.review_complete(review=review, by=hospital.ward_head)
    assert [username for username, _subject in waiting()] == ["1101", "1105"]

    services.review_revocation_execute(item=review.items.get(), by=hospital.it)

    assert waiting() == []
