import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from approvals.models import ApprovalRequest, Delegation, Step
from approvals.services import Decision, request_submit, step_decide

from ..html import find_all
from ..factories import DepartmentFactory, StaffProfileFactory, UserFactory


def submitted(org, make_request):
    return request_submit(request=make_request(org.employee), by=org.employee)


def test_the_inbox_lists_the_step_waiting_for_me(client, org, make_request):
    request = submitted(org, make_request)
    client.force_login(org.supervisor)

    response = client.get(reverse("approvals:inbox"))

    assert response.status_code == 200
    assert [step.request_id for step in response.context["page"].object_list] == [request.pk]


def test_the_inbox_of_someone_else_is_empty(client, org, make_request):
    submitted(org, make_request)
    client.force_login(org.head)  # second in the chain: nothing yet

    response = client.get(reverse("approvals:inbox"))

    assert list(response.context["page"].object_list) == []


def test_approve_from_the_inbox_with_htmx_returns_the_row(client, org, make_request):
    request = submitted(org, make_request)
    step = request.steps.get(order=1)
    client.force_login(org.supervisor)

    response = client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve", "comment": "同意"},
                           HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.templates[0].name == "approvals/_inbox_row.html"
    step.refresh_from_db()
    assert step.state == Step.State.APPROVED
    assert step.comment == "同意"


def test_a_decision_in_the_inbox_swaps_the_menu_count_in(client, org, make_request):
    first = request_submit(request=make_request(org.employee, title="请假一天"), by=org.employee)
    second = request_submit(request=make_request(org.employee, title="请假两天"), by=org.employee)
    client.force_login(org.supervisor)
    assert find_all(client.get(reverse("approvals:inbox")), "id", "menu-badge-approvals")[0][2] == "2"

    decide = [reverse("approvals:decide", args=[request.steps.get(order=1).pk]) for request in (first, second)]
    response = client.post(decide[0], {"decision": "approve"}, HTTP_HX_REQUEST="true")

    assert [(attrs["hx-swap-oob"], attrs["data-testid"], text) for _tag, attrs, text in find_all(
        response, "id", "menu-badge-approvals")] == [("true", "approvals-count", "1")]
    response = client.post(decide[1], {"decision": "approve"}, HTTP_HX_REQUEST="true")

    assert [(attrs, text) for _tag, attrs, text in find_all(response, "id", "menu-badge-approvals")] == [
        ({"id": "menu-badge-approvals", "hx-swap-oob": "true"}, "")]
    assert [attrs["id"] for _tag, attrs, _text in find_all(response, "hx-swap-oob")] == [
        "menu-badge-approvals", "bell-phone", "bell"]


def test_without_htmx_the_decision_page_has_no_swaps(client, org, make_request):
    step = submitted(org, make_request).steps.get(order=1)
    client.force_login(org.supervisor)

    response = client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve"}, follow=True)

    assert find_all(response, "hx-swap-oob") == []
    assert find_all(response, "id", "menu-badge-approvals") == [("span", {"id": "menu-badge-approvals"}, "")]


def test_fields_posted_beside_the_decision_are_ignored(client, org, make_request):
    request = submitted(org, make_request)
    step = request.steps.get(order=1)
    client.force_login(org.supervisor)

    client.post(reverse("approvals:decide", args=[step.pk]), {
        "decision": "approve", "title": "改过的标题", "applicant": org.outsider.pk, "state": "approved",
    })

    request.refresh_from_db()
    assert request.title == "请假三天"
    assert request.applicant == org.employee
    assert request.state == ApprovalRequest.State.PENDING


def test_a_refused_decision_shows_the_reason_and_changes_nothing(client, org, make_request):
    request = submitted(org, make_request)
    step = request.steps.get(order=1)
    client.force_login(org.supervisor)

    response = client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "reject", "comment": ""},
                           HTTP_HX_REQUEST="true")

    assert response.context["error"] == "Please give a reason."
    step.refresh_from_db()
    assert step.state == Step.State.ACTIVE


def test_approving_twice_shows_who_decided(client, org, make_request):
    request = submitted(org, make_request)
    step = request.steps.get(order=1)
    client.force_login(org.supervisor)
    client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve"})

    response = client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve"}, follow=True)

    assert [str(m) for m in response.context["messages"]][-1] == "This step was already decided by 鲍勃."


def test_an_unknown_decision_is_refused(client, org, make_request):
    request = submitted(org, make_request)
    step = request.steps.get(order=1)
    client.force_login(org.supervisor)

    response = client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "delete"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.context["error"] == "Choose approve, reject or return."


def test_a_head_of_another_department_gets_404(client, org, make_request):
    request = submitted(org, make_request)
    other = DepartmentFactory(code="pediatrics", name="儿科")
    other_head = StaffProfileFactory(user=UserFactory(username="4200"), department=other).user
    other.head = other_head
    other.save()
    client.force_login(other_head)

    assert client.get(reverse("approvals:request_detail", args=[request.pk])).status_code == 404
    step = request.steps.get(order=1)
    assert client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve"}).status_code == 404


def test_the_detail_shows_the_chain_and_the_timeline(client, org, make_request):
    request = submitted(org, make_request)
    client.force_login(org.employee)

    response = client.get(reverse("approvals:request_detail", args=[request.pk]))

    assert response.status_code == 200
    assert [s.label for s in response.context["steps"]] == ["直接上级审批", "科室负责人审批"]
    assert [e.action for e in response.context["timeline"]] == ["approvals.request.create", "approvals.request.submit"]
    assert response.context["can_withdraw"] is True
    assert response.context["can_decide"] is False


def test_the_applicant_withdraws(client, org, make_request):
    request = submitted(org, make_request)
    client.force_login(org.employee)

    response = client.post(reverse("approvals:withdraw", args=[request.pk]))

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == ApprovalRequest.State.WITHDRAWN


def test_my_requests_filters_by_state(client, org, make_request):
    submitted(org, make_request)
    make_request(org.employee, title="草稿")
    client.force_login(org.employee)

    response = client.get(reverse("approvals:my_requests"), {"state": "draft"})

    assert [r.title for r in response.context["page"].object_list] == ["草稿"]


def test_a_head_delegates_and_ends_the_delegation(client, org):
    client.force_login(org.head)
    today = timezone.localdate()

    response = client.post(reverse("approvals:delegations"), {
        "delegate": org.supervisor.pk, "starts_on": today, "ends_on": today + datetime.timedelta(days=5),
        "reason": "外出培训",
    })

    assert response.status_code == 302
    delegation = Delegation.objects.get(delegator=org.head)
    assert (delegation.delegate, delegation.reason) == (org.supervisor, "外出培训")
    client.post(reverse("approvals:delegation_end", args=[delegation.pk]))
    delegation.refresh_from_db()
    assert delegation.ends_on == today - datetime.timedelta(days=1)
    assert delegation.is_current() is False


def test_a_delegation_with_dates_in_the_wrong_order_is_refused(client, org):
    client.force_login(org.head)
    today = timezone.localdate()

    response = client.post(reverse("approvals:delegations"), {
        "delegate": org.supervisor.pk, "starts_on": today, "ends_on": today - datetime.timedelta(days=1),
    })

    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_on": ["The end date is before the start date."]}
    assert Delegation.objects.count() == 0


def test_the_home_page_lists_pending_approvals_and_my_requests(client, org, make_request):
    request = submitted(org, make_request)
    client.force_login(org.supervisor)
    assert [item.title for item in client.get(reverse("home")).context["pending"]] == [request.title]
    client.force_login(org.employee)
    assert [item.title for item in client.get(reverse("home")).context["my_requests"]] == [request.title]


def test_an_inbox_row_opens_the_domains_own_page(client, org, make_request):
    request = submitted(org, make_request)
    client.force_login(org.supervisor)
    response = client.get(reverse("approvals:open_subject", args=[request.pk]))
    assert (response.status_code, response.url) == (302, org.employee.profile.get_absolute_url())
    client.force_login(org.outsider)
    assert client.get(reverse("approvals:open_subject", args=[request.pk])).status_code == 404


def test_a_next_that_is_not_a_path_goes_to_the_request(client, org, make_request):
    """`next` is followed only when it is a path of this site (a URL name or a list made redirect() fail, issue 12.8)."""
    request = submitted(org, make_request)
    step = request.steps.get(order=1)
    client.force_login(org.supervisor)

    response = client.post(reverse("approvals:decide", args=[step.pk]),
                           {"decision": "approve", "comment": "同意", "next": ["home", "x"]})

    assert (response.status_code, response.url) == (302, request.get_absolute_url())


def test_the_chain_names_each_person_once(client, org, make_request):
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 9, 21, 10, 0)), tick=False):
        request = submitted(org, make_request)
        step_decide(step=request.steps.get(order=1), by=org.supervisor, decision=Decision.APPROVE)
        client.force_login(org.employee)
        page = client.get(reverse("approvals:request_detail", args=[request.pk]))
    assert [text for _tag, _attrs, text in find_all(page, "data-testid", "step")] == [
        "直接上级审批 鲍勃 · 2026-09-21 10:00 Approved", "科室负责人审批 查理 · due 09-23 10:00 Waiting for a decision"]
