"""Issue 13: IT sees a request from the moment it reaches IT's step; an IT member's own request is neither in his
queue nor his to carry out; the EXECUTE step goes only to those allowed to act on it (not on probation, induction
passed: approvals.executors, filled by staff and training)."""

import pytest
from django.urls import reverse

from approvals.models import Step
from approvals.services import Decision, step_decide
from authz import selectors, services
from authz.models import AccountRequest
from core.errors import ServiceError
from notifications.models import Notification
from staff.models import StaffProfile
from training.models import Assignment, Exam

from .hospital import active_step, approve_until_it, granted, submitted


def request_ids(queryset):
    return list(queryset.values_list("pk", flat=True))


# IT sees a request from its own step on ------------------------------------------------------------------------

def test_it_does_not_see_a_request_its_approvers_still_weigh(client, hospital):
    waiting = submitted(hospital.nurse)
    client.force_login(hospital.it)

    assert client.get(waiting.get_absolute_url()).status_code == 404
    assert request_ids(selectors.visible_account_requests(hospital.it)) == []
    assert [row.pk for row in client.get(reverse("authz:request_list")).context["page"].object_list] == []


def test_it_sees_it_once_it_reaches_its_step_and_keeps_seeing_it(client, hospital):
    account_request = submitted(hospital.nurse)
    approve_until_it(account_request)
    client.force_login(hospital.it2)

    assert client.get(account_request.get_absolute_url()).status_code == 200
    assert request_ids(selectors.visible_account_requests(hospital.it2)) == [account_request.pk]

    services.account_request_execute(account_request=account_request, by=hospital.it2, account_id="u4100",
                                     password_delivered=True)

    assert client.get(account_request.get_absolute_url()).status_code == 200
    assert request_ids(selectors.visible_account_requests(hospital.it2)) == [account_request.pk]


def test_hr_the_vp_and_the_chain_see_it_before_it(client, hospital):
    account_request = submitted(hospital.nurse)

    assert request_ids(selectors.visible_account_requests(hospital.hr)) == [account_request.pk]
    assert request_ids(selectors.visible_account_requests(hospital.vp)) == [account_request.pk]
    assert request_ids(selectors.visible_account_requests(hospital.ward_head)) == [account_request.pk]
    assert request_ids(selectors.visible_account_requests(hospital.nursing_head)) == [account_request.pk]
    assert request_ids(selectors.visible_account_requests(hospital.medical_head)) == []


def test_a_request_of_an_it_member_is_seen_by_his_colleagues_only_from_its_step(hospital):
    own = submitted(hospital.it)

    assert request_ids(selectors.visible_account_requests(hospital.it)) == [own.pk]
    assert request_ids(selectors.visible_account_requests(hospital.it2)) == []


# Nobody carries out his own request --------------------------------------------------------------------------------

def test_his_own_request_is_not_in_his_queue_but_in_his_colleagues(client, hospital):
    own = submitted(hospital.it)
    approve_until_it(own)
    other = submitted(hospital.nurse)
    approve_until_it(other)

    assert request_ids(selectors.it_queue(hospital.it)["accounts"]) == [other.pk]
    assert request_ids(selectors.it_queue(hospital.it2)["accounts"]) == [own.pk, other.pk]
    client.force_login(hospital.it)
    response = client.get(reverse("authz:it_queue"))
    assert [row.pk for row in response.context["page"].object_list] == [other.pk]
    assert response.context["tabs"][0][2] == 1


def test_he_cannot_carry_out_his_own_request(client, hospital):
    own = submitted(hospital.it)
    approve_until_it(own)
    client.force_login(hospital.it)

    assert client.get(own.get_absolute_url()).context["execute_form"] is None
    response = client.post(reverse("authz:request_execute", args=[own.pk]),
                           {"account_id": "u1101", "password_delivered": "on"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "You cannot carry out your own request: another member of IT does it."]
    own.refresh_from_db()
    assert (own.executed_at, active_step(own).kind) == (None, "execute")


def test_nor_once_approved_without_an_execute_step(hospital):
    own = submitted(hospital.it)
    approve_until_it(own)
    Step.objects.filter(request=own.approval_id, kind="execute").update(state=Step.State.SKIPPED)
    own.approval.state = own.approval.State.APPROVED
    own.approval.save(update_fields=["state"])

    with pytest.raises(ServiceError, match="your own request"):
        services.account_request_execute(account_request=own, by=hospital.it, account_id="u1101",
                                         password_delivered=True)
    executed = services.account_request_execute(account_request=own, by=hospital.it2, account_id="u1101",
                                                password_delivered=True)
    assert executed.executed_by == hospital.it2


# The EXECUTE step goes to those allowed to act on it ---------------------------------------------------------------

def on_probation(user):
    StaffProfile.objects.filter(user=user).update(status=StaffProfile.Status.PROBATION)


def given_the_induction_exam(user, head, passed):
    exam = Exam.objects.create(department=user.profile.department, title="新进人员岗前培训考核",
                               kind=Exam.Kind.INDUCTION, created_by=head,
                               opens_at="2026-11-01T08:00+08:00")
    return Assignment.objects.create(exam=exam, person=user, passed_at="2026-11-02T09:00+08:00" if passed else None)


def waiting_for_it(hospital):
    account_request = submitted(hospital.nurse)
    approve_until_it(account_request)
    return account_request


def test_a_member_on_probation_is_neither_told_nor_given_the_step_and_is_refused(client, hospital):
    on_probation(hospital.it2)
    account_request = waiting_for_it(hospital)
    step = active_step(account_request)

    told = set(Notification.objects.filter(work_id=step.pk, work_type__model="step").values_list("recipient__username", flat=True))
    assert "1105" not in told and "1101" in told
    assert list(Step.objects.for_actor(hospital.it2)) == []
    assert list(Step.objects.for_actor(hospital.it)) == [step]
    with pytest.raises(ServiceError) as refused:
        services.account_request_execute(account_request=account_request, by=hospital.it2, account_id="u4100",
                                         password_delivered=True)
    assert refused.value.message == "Staff on probation do not carry out requests yet: a colleague does it."
    with pytest.raises(ServiceError) as refused:
        step_decide(step=step, by=hospital.it2, decision=Decision.APPROVE)
    assert refused.value.message == "Staff on probation do not carry out requests yet: a colleague does it."
    client.force_login(hospital.it2)
    page = client.get(account_request.get_absolute_url())
    assert (page.context["can_execute_step"], page.context["execute_form"]) == (False, None)
    assert client.get(reverse("authz:it_queue")).context["barred"] == (
        "Staff on probation do not carry out requests yet: a colleague does it.")


def test_a_member_who_has_not_passed_the_induction_exam_is_refused(hospital, org):
    given_the_induction_exam(hospital.it2, org.head, passed=False)
    account_request = waiting_for_it(hospital)

    assert list(Step.objects.for_actor(hospital.it2)) == []
    with pytest.raises(ServiceError) as refused:
        services.account_request_execute(account_request=account_request, by=hospital.it2, account_id="u4100",
                                         password_delivered=True)
    assert refused.value.message == "You have not passed the induction exam yet: a colleague carries this out."


def test_once_passed_he_carries_it_out(hospital, org):
    given_the_induction_exam(hospital.it2, org.head, passed=True)
    account_request = waiting_for_it(hospital)

    assert list(Step.objects.for_actor(hospital.it2)) == [active_step(account_request)]
    executed = services.account_request_execute(account_request=account_request, by=hospital.it2,
                                                account_id="u4100", password_delivered=True)
    assert executed.executed_by == hospital.it2
    assert executed.approval.state == AccountRequest.objects.get(pk=executed.pk).approval.State.APPROVED


def test_his_own_access_marked_for_revocation_is_a_colleagues_to_revoke(hospital, org):
    from authz.models import AccessReview, AccessReviewItem

    granted(hospital.it, hospital.it2, "doctor_ws", ("门诊医生",), account_id="aili")
    services.access_reviews_open()
    review = AccessReview.objects.get(department=org.it)
    line = review.items.get()
    services.review_item_decide(item=line, by=org.head, decision=AccessReviewItem.Decision.REVOKE, note="岗位调整")
    services.review_complete(review=review, by=org.head)

    assert request_ids(selectors.it_queue(hospital.it)["reviews"]) == []
    assert request_ids(selectors.it_queue(hospital.it2)["reviews"]) == [line.pk]
    with pytest.raises(ServiceError) as refused:
        services.review_revocation_execute(item=line, by=hospital.it)
    assert refused.value.message == "You cannot revoke your own access: another member of IT does it."
    services.review_revocation_execute(item=line, by=hospital.it2)
    line.grant.refresh_from_db()
    assert line.grant.revoked_by == hospital.it2
