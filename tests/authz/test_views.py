"""The pages: forms, detail pages with their actions, the IT queue, the register and its export; bad input."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from approvals.models import ApprovalRequest, Step
from authz.models import AccessReview, AccountRequest, Grant, PermissionSet
from authz import services
from tests.html import by_testid, find_all

from .hospital import active_step, approve_until_it, draft, granted, sets, submitted, system
from .matrix import _revocation


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def follow_messages(client, response):
    assert response.status_code == 302
    return messages_of(client.get(response.url))


# The request form --------------------------------------------------------------------------------

def test_the_form_saves_a_draft(client, hospital):
    client.force_login(hospital.nurse)
    nurse_ws = system("nurse_ws")

    response = client.post(reverse("authz:request_new"), {
        "kind": "new", "system": nurse_ws.pk, "permission_sets": [sets("nurse_ws", "病区护士")[0].pk],
        "reason": "新入科护士", "action": "draft"})

    account_request = AccountRequest.objects.get()
    assert response.url == account_request.get_absolute_url()
    assert account_request.approval.state == ApprovalRequest.State.DRAFT
    assert follow_messages(client, response) == ["Saved as a draft. Submit it when it is complete."]


def test_the_form_saves_and_submits(client, hospital):
    client.force_login(hospital.nurse)

    response = client.post(reverse("authz:request_new"), {
        "kind": "new", "system": system("nurse_ws").pk, "permission_sets": [sets("nurse_ws", "病区护士")[0].pk],
        "reason": "新入科护士", "action": "submit"})

    account_request = AccountRequest.objects.get()
    assert account_request.approval.state == ApprovalRequest.State.PENDING
    page = client.get(response.url)
    assert by_testid(page, "request-state") == "Waiting for approval"
    assert [text for _tag, _attrs, text in find_all(page, "data-testid", "step")][0].startswith("科室负责人审核")


def test_a_refused_submission_keeps_the_draft_and_says_why(client, hospital):
    hospital.nurse.profile.hire_date = None
    hospital.nurse.profile.save()
    client.force_login(hospital.nurse)

    response = client.post(reverse("authz:request_new"), {
        "kind": "new", "system": system("nurse_ws").pk, "permission_sets": [sets("nurse_ws", "病区护士")[0].pk],
        "reason": "新入科护士", "action": "submit"})

    assert follow_messages(client, response) == [
        "Saved as a draft, but not submitted: HR has not completed the onboarding record of 艾琳 (hire date); an "
        "account can be requested once it is recorded."]
    assert AccountRequest.objects.get().approval.state == ApprovalRequest.State.DRAFT


def test_the_form_warns_about_the_gates_before_anything_is_typed(client, hospital):
    hospital.nurse.profile.hire_date = None
    hospital.nurse.profile.save()
    client.force_login(hospital.nurse)

    response = client.get(reverse("authz:request_new"))

    assert "HR has not completed the onboarding record of 艾琳" in by_testid(response, "gate-refusals")


@pytest.mark.parametrize("data", [
    {},
    {"kind": "new", "system": "not-a-number", "reason": "x"},
    {"kind": "bogus", "system": "999999", "permission_sets": ["abc"], "reason": "x" * 5000},
    {"kind": "new", "system": "1", "permission_sets": ["999999"], "reason": ""},
])
def test_bad_input_shows_the_form_again(client, hospital, data):
    client.force_login(hospital.nurse)

    response = client.post(reverse("authz:request_new"), data)

    assert response.status_code == 200
    assert messages_of(response) == ["Please correct the errors below."]
    assert AccountRequest.objects.count() == 0


def test_the_permission_sets_follow_the_chosen_system(client, hospital):
    client.force_login(hospital.doctor)

    response = client.get(reverse("authz:permission_set_options"), {"system": system("medical_records").pk,
                                                                    "kind": "new"}, HTTP_HX_REQUEST="true")

    assert response.templates[0].name == "authz/_permission_sets.html"
    labels = [attrs["value"] for _tag, attrs, _text in find_all(response, "name", "permission_sets")]
    assert labels == [str(p.pk) for p in PermissionSet.objects.filter(system__code="medical_records")]
    assert by_testid(response, "chain-preview").endswith(
        "On submission it goes: 科室负责人审核 → 审批科室审批（系统权限负责人） → 分管院长审批 → 信息科开通账号")


def test_a_change_offers_only_what_is_not_held_and_what_is(client, hospital):
    granted(hospital.nurse, hospital.it, "nurse_ws", ("病区护士",))
    client.force_login(hospital.nurse)

    response = client.get(reverse("authz:permission_set_options"), {"system": system("nurse_ws").pk,
                                                                    "kind": "change"})

    offered = {name: [attrs["value"] for _t, attrs, _x in find_all(response, "name", name)]
               for name in ("permission_sets", "removed_sets")}
    assert offered == {
        "permission_sets": [str(p.pk) for p in sets("nurse_ws", "护士长", "护理质控")],
        "removed_sets": [str(sets("nurse_ws", "病区护士")[0].pk)],
    }


def test_the_edit_form_is_closed_once_submitted(client, hospital):
    account_request = submitted(hospital.nurse)
    client.force_login(hospital.nurse)

    response = client.post(reverse("authz:request_edit", args=[account_request.pk]), {
        "system": system("nurse_ws").pk, "permission_sets": [sets("nurse_ws", "护士长")[0].pk], "reason": "改"})

    assert follow_messages(client, response) == [
        "This request has been submitted: its content can no longer change."]
    assert list(account_request.permission_sets.values_list("name", flat=True)) == ["病区护士"]


def test_a_draft_is_edited(client, hospital):
    account_request = draft(hospital.nurse)
    client.force_login(hospital.nurse)

    client.post(reverse("authz:request_edit", args=[account_request.pk]), {
        "kind": "change", "system": system("nurse_ws").pk, "permission_sets": [sets("nurse_ws", "护士长")[0].pk],
        "reason": "护士长", "action": "draft"})

    account_request.refresh_from_db()
    assert (account_request.kind, account_request.reason) == ("new", "护士长")  # the kind never changes
    assert list(account_request.permission_sets.values_list("name", flat=True)) == ["护士长"]


# Another person's request is a 404 ----------------------------------------------------------------

@pytest.mark.parametrize("name, method", [
    ("authz:request_detail", "get"), ("authz:request_edit", "get"), ("authz:request_execute", "post"),
    ("authz:password_changed", "post"),
])
def test_someone_else_s_request_is_a_404(client, hospital, name, method):
    account_request = submitted(hospital.nurse)
    client.force_login(hospital.medical_head)  # a head, but of another department and another system's owner

    response = getattr(client, method)(reverse(name, args=[account_request.pk]))

    assert response.status_code == 404


def test_the_people_on_the_chain_see_it(client, hospital):
    account_request = submitted(hospital.nurse)

    for person in (hospital.nurse, hospital.ward_head, hospital.nursing_head, hospital.vp):
        client.force_login(person)
        assert client.get(account_request.get_absolute_url()).status_code == 200, person
    client.force_login(hospital.it)  # IT from its own step on (tests/authz/test_it_audience.py)
    assert client.get(account_request.get_absolute_url()).status_code == 404


def test_submit_and_withdraw_of_someone_else_are_404(client, hospital):
    account_request = draft(hospital.nurse)
    client.force_login(hospital.doctor)

    assert client.post(reverse("authz:submit", args=[account_request.approval_id])).status_code == 404
    assert client.post(reverse("authz:withdraw", args=[account_request.approval_id])).status_code == 404


def test_submit_of_an_approval_that_is_not_an_authz_request_is_a_404(client, org):
    from approvals.models import ChainRule
    from approvals.services import request_create
    from tests.factories import stand_in_request_type

    request_type = stand_in_request_type("test.other", name="其他")
    ChainRule.objects.create(request_type=request_type, order=1, label="负责人", approver="department_head")
    other = request_create(request_type_code="test.other", subject=org.employee.profile, applicant=org.employee,
                           title="别的申请")
    client.force_login(org.employee)

    assert client.post(reverse("authz:submit", args=[other.pk])).status_code == 404


def test_withdraw_from_the_page(client, hospital):
    account_request = submitted(hospital.nurse)
    client.force_login(hospital.nurse)

    response = client.post(reverse("authz:withdraw", args=[account_request.approval_id]))

    assert follow_messages(client, response) == ["The request was withdrawn."]
    account_request.approval.refresh_from_db()
    assert account_request.approval.state == ApprovalRequest.State.WITHDRAWN


# Deciding and executing from the detail page -----------------------------------------------------

def test_the_head_decides_from_the_detail_page_with_htmx(client, hospital):
    account_request = submitted(hospital.nurse)
    client.force_login(hospital.ward_head)
    page = client.get(account_request.get_absolute_url())
    step = active_step(account_request)
    assert find_all(page, "hx-post", reverse("approvals:decide", args=[step.pk]))
    assert find_all(page, "href", account_request.approval.get_absolute_url()) == []  # no title link on its own page

    response = client.post(reverse("approvals:decide", args=[step.pk]), {"decision": "approve", "comment": "同意",
                                                                          "show_title": "0"}, HTTP_HX_REQUEST="true")

    assert response.templates[0].name == "approvals/_inbox_row.html"
    assert find_all(response, "href", account_request.approval.get_absolute_url()) == []
    assert Step.objects.get(pk=step.pk).state == Step.State.APPROVED


def test_it_sees_the_execute_form_only_at_its_step(client, hospital):
    account_request = submitted(hospital.nurse)
    client.force_login(hospital.it)
    assert find_all(client.get(account_request.get_absolute_url()), "data-testid", "execute") == []

    approve_until_it(account_request)
    page = client.get(account_request.get_absolute_url())

    assert len(find_all(page, "data-testid", "execute")) == 1
    assert find_all(page, "type", "password") == []  # never a password field


def test_it_executes_from_the_page(client, hospital):
    account_request = submitted(hospital.nurse)
    approve_until_it(account_request)
    client.force_login(hospital.it)

    response = client.post(reverse("authz:request_execute", args=[account_request.pk]),
                           {"account_id": "ailin", "password_delivered": "on"})

    assert follow_messages(client, response) == ["Recorded. The applicant and their department have been told."]
    assert Grant.objects.get().account_id == "ailin"


def test_execute_without_the_confirmation_says_so(client, hospital):
    account_request = submitted(hospital.nurse)
    approve_until_it(account_request)
    client.force_login(hospital.it)

    response = client.post(reverse("authz:request_execute", args=[account_request.pk]), {"account_id": "ailin"})

    assert follow_messages(client, response) == ["This field is required."]
    assert Grant.objects.count() == 0


def test_the_applicant_is_asked_to_change_the_password_then_confirms(client, hospital):
    account_request = granted(hospital.nurse, hospital.it)
    client.force_login(hospital.nurse)
    assert "change it today" in by_testid(client.get(account_request.get_absolute_url()), "password-reminder")

    client.post(reverse("authz:password_changed", args=[account_request.pk]))

    assert find_all(client.get(account_request.get_absolute_url()), "data-testid", "password-reminder") == []


# IT's queue, the register, the export -------------------------------------------------------------

def test_the_it_queue_lists_what_waits_for_it(client, hospital):
    waiting = submitted(hospital.nurse)
    approve_until_it(waiting)
    submitted(hospital.doctor, "doctor_ws", ("门诊医生",))  # still at the head
    client.force_login(hospital.it)

    response = client.get(reverse("authz:it_queue"))

    assert [r.pk for r in response.context["page"].object_list] == [waiting.pk]
    assert by_testid(response, "tab-accounts") == "1"


def test_the_lists_show_what_a_change_adds_and_removes_in_the_catalogue_s_order(client, hospital):
    granted(hospital.nurse, hospital.it)
    change = submitted(hospital.nurse, "nurse_ws", ("护理质控", "护士长"), kind=AccountRequest.Kind.CHANGE,
                       removed=("病区护士",))
    approve_until_it(change)
    added = " ".join(f"+ {name}" for name in PermissionSet.objects.filter(
        system__code="nurse_ws", name__in=("护理质控", "护士长")).values_list("name", flat=True))

    client.force_login(hospital.nurse)
    mine = client.get(reverse("authz:request_list"))
    client.force_login(hospital.it)
    queue = client.get(reverse("authz:it_queue"))

    assert [text for _tag, _attrs, text in find_all(mine, "data-testid", "set-changes")] == [
        f"{added} − 病区护士", "+ 病区护士"]
    assert by_testid(queue, "set-changes") == f"Permission change (权限变更): {added} − 病区护士"


def test_the_it_queue_is_it_s_only(client, hospital):
    client.force_login(hospital.ward_head)

    assert client.get(reverse("authz:it_queue")).status_code == 404


def test_the_register_filters(client, hospital):
    granted(hospital.nurse, hospital.it, "nurse_ws", ("病区护士",), account_id="ailin")
    granted(hospital.doctor, hospital.it, "doctor_ws", ("门诊医生",), account_id="liang")
    client.force_login(hospital.it)

    def holders(**params):
        response = client.get(reverse("authz:grant_list"), params)
        return [grant.account_id for grant in response.context["page"].object_list]

    assert sorted(holders()) == ["ailin", "liang"]
    assert holders(system=system("doctor_ws").pk) == ["liang"]
    assert holders(q="艾琳") == ["ailin"]
    assert holders(since="2999-01-01") == []
    assert holders(since="not-a-date") == []


def test_the_register_of_a_head_is_their_department_s(client, hospital):
    granted(hospital.nurse, hospital.it)
    granted(hospital.org.supervisor, hospital.it, "doctor_ws", ("门诊医生",), account_id="bob")
    client.force_login(hospital.ward_head)

    response = client.get(reverse("authz:grant_list"))

    assert [grant.user for grant in response.context["page"].object_list] == [hospital.nurse]


def test_the_register_rows_show_each_grant_with_its_links(client, hospital):
    in_force = granted(hospital.nurse, hospital.it, account_id="ailin").grants.get()
    revocation = _revocation(hospital)
    ended = Grant.objects.get(revocation=revocation)
    client.force_login(hospital.it)

    response = client.get(reverse("authz:grant_list"), {"state": "all"})

    rows = {text.split()[0]: text for _tag, _attrs, text in find_all(response, "data-testid", "grant")}
    day = timezone.localdate().isoformat()
    assert rows["艾琳"] == (f"艾琳 4100 心内科 护士工作站 病区护士 ailin {timezone.localdate(in_force.granted_at).isoformat()} "
                          f"#{in_force.request_id} {in_force.executed_by.display_name} In force")
    assert rows[ended.user.display_name] == (
        f"{ended.user.display_name} {ended.user.username} {ended.user.profile.department.name} {ended.system.name} "
        f"{ended.permission_set.name} aili {timezone.localdate(ended.granted_at).isoformat()} #{ended.request_id} "
        f"{ended.executed_by.display_name} ended {day}{ended.revoked_reason}")
    links = {attrs["href"] for _tag, attrs, _text in find_all(response, "href")}
    assert {reverse("authz:request_detail", args=[in_force.request_id]), revocation.get_absolute_url()} <= links


def test_the_export_is_a_workbook_with_safe_cells(client, hospital):
    account_request = submitted(hospital.nurse)
    approve_until_it(account_request)
    services.account_request_execute(account_request=account_request, by=hospital.it, account_id="=HYPERLINK(1)",
                                     password_delivered=True)
    client.force_login(hospital.hr)

    response = client.get(reverse("authz:grant_export"))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:6] == ("工号", "姓名", "科室", "信息系统", "权限组", "用户帐号")
    assert rows[2][:6] == ("4100", "艾琳", "心内科", "护士工作站", "病区护士", "'=HYPERLINK(1)")
    assert rows[2][9] == "有效"


def test_the_certificate_downloads_for_hr(client, hospital):
    granted(hospital.nurse, hospital.it)
    revocation = services.revocation_create(person=hospital.nurse, reason="departure",
                                            effective_on="2026-11-30", by=hospital.nurse)
    client.force_login(hospital.hr)
    assert client.get(reverse("authz:revocation_certificate", args=[revocation.pk])).status_code == 404

    services.subject_submit(subject=revocation, by=hospital.nurse)
    for person in (hospital.ward_head, hospital.hr2):
        from approvals.services import Decision, step_decide

        step_decide(step=active_step(revocation), by=person, decision=Decision.APPROVE)
    client.force_login(hospital.it)
    client.post(reverse("authz:revocation_execute", args=[revocation.pk]))
    client.force_login(hospital.hr)

    response = client.get(reverse("authz:revocation_certificate", args=[revocation.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_a_revocation_for_someone_without_grants_is_refused_on_the_form(client, hospital):
    client.force_login(hospital.ward_head)

    response = client.post(reverse("authz:revocation_new"), {
        "person": hospital.doctor.username, "reason": "departure", "effective_on": "2026-12-01", "action": "submit"})

    assert response.status_code == 200
    assert messages_of(response) == ["梁医生 holds no grants on any information system: there is nothing to revoke."]


def test_an_unknown_employee_number_is_a_form_error(client, hospital):
    client.force_login(hospital.hr)

    response = client.post(reverse("authz:revocation_new"), {
        "person": "nobody", "reason": "departure", "effective_on": "2026-12-01"})

    assert response.context["form"].errors["person"] == ["No staff member has the employee number nobody."]


def test_the_review_line_is_decided_with_htmx(client, hospital):
    granted(hospital.nurse, hospital.it)
    services.access_reviews_open()
    review = AccessReview.objects.get()
    line = review.items.get()
    client.force_login(hospital.ward_head)

    response = client.post(reverse("authz:review_item_decide", args=[line.pk]), {"decision": "revoke", "note": ""},
                           HTTP_HX_REQUEST="true")
    assert "Say why this access should be revoked." in response.content.decode()

    response = client.post(reverse("authz:review_item_decide", args=[line.pk]),
                           {"decision": "revoke", "note": "已调离"}, HTTP_HX_REQUEST="true")

    assert response.templates[0].name == "authz/_review_item.html"
    assert by_testid(response, "line-decision") == "To be revoked"


@pytest.mark.parametrize("url", [
    "/authz/?page=abc", "/authz/?state=bogus", "/authz/grants/?until=32-13-2026", "/authz/it/?tab=nope",
    "/authz/reviews/?page=999", "/authz/changes/?q=%00", "/authz/new/?system=nope&kind=%3Cscript%3E",
])
def test_odd_query_strings_never_fail(client, hospital, url):
    client.force_login(hospital.it)

    assert client.get(url).status_code == 200


def test_the_catalogue_page_lists_owners_and_sets(client, hospital):
    client.force_login(hospital.nurse)

    response = client.get(reverse("authz:system_list"))

    assert [system.name for system in response.context["page"].object_list][:4] == [
        "医生工作站", "医技工作站", "病案管理系统", "护士工作站"]
    assert "冯主任" in response.content.decode()
