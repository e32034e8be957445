"""The incident pages: the list (each sees what they may), the detail with its actions, recording with a preview."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from discipline import services
from discipline.models import Incident
from tests.html import by_testid

from .conftest import day

LIST = reverse("discipline:incident_list")
CREATE = reverse("discipline:incident_create")
PREVIEW = reverse("discipline:incident_preview")


def detail(incident):
    return reverse("discipline:incident_detail", args=[incident.pk])


def listed(response):
    return [incident.pk for incident in response.context["page"].object_list]


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def incidents(org, record):
    """The employee's two incidents and the deputy's one, all in November."""
    return {
        "employee_late": record("F2", day(11, 3), measured_value=4),
        "employee_meeting": record("F13", day(11, 10)),
        "deputy_meeting": record("F13", day(11, 10), person=org.supervisor),
    }


# The list ------------------------------------------------------------------------------------------------------

def test_staff_see_only_their_own_incidents(client, org, incidents):
    client.force_login(org.employee)

    response = client.get(LIST)

    assert listed(response) == [incidents["employee_meeting"].pk, incidents["employee_late"].pk]


def test_the_head_sees_the_departments_incidents_and_hr_all(client, org, incidents):
    for role in ("head", "hr"):
        client.force_login(org.by_role(role))
        assert sorted(listed(client.get(LIST))) == sorted(incident.pk for incident in incidents.values())


def test_the_deputy_sees_the_department_but_records_not_for_themselves(client, org, incidents):
    client.force_login(org.supervisor)

    assert sorted(listed(client.get(LIST))) == sorted(incident.pk for incident in incidents.values())


def test_someone_of_another_department_sees_nothing(client, org, incidents):
    client.force_login(org.outsider)

    assert listed(client.get(LIST)) == []


@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "F2"}, ["employee_late"]),
    ({"q": "鲍勃"}, ["deputy_meeting"]),
    ({"category": "attendance"}, ["employee_late"]),
    ({"state": "open"}, ["employee_meeting", "deputy_meeting", "employee_late"]),
    ({"state": "acknowledged"}, []),
    ({"month": "2026-10"}, []),
    ({"month": "2026-11", "schedule": ""}, ["employee_meeting", "deputy_meeting", "employee_late"]),
])
def test_the_list_filters(client, org, incidents, params, expected):
    client.force_login(org.head)

    assert sorted(listed(client.get(LIST, params))) == sorted(incidents[name].pk for name in expected)


def test_a_bad_month_filter_shows_nothing_and_says_so(english, org, incidents):
    english.force_login(org.head)

    response = english.get(LIST, {"month": "November"})

    assert (listed(response), response.context["form"].errors["month"]) == ([], ["Give the month as YYYY-MM."])


# The detail ----------------------------------------------------------------------------------------------------

def test_the_person_sees_the_penalty_explained_and_may_answer(english, org, incidents):
    english.force_login(org.employee)

    response = english.get(detail(incidents["employee_late"]))

    assert response.status_code == 200
    assert by_testid(response, "amount") == "20 yuan"
    assert by_testid(response, "explanation") == "4 minutes measured (rule: at most 5 minutes); fine of 20 yuan"
    assert (response.context["can_respond"], response.context["can_appeal"], response.context["can_cancel"]) == (
        True, True, False)


def test_another_staff_members_incident_is_not_found(client, org, incidents):
    client.force_login(org.employee)

    assert client.get(detail(incidents["deputy_meeting"])).status_code == 404


def test_the_head_may_cancel_but_not_answer(client, org, incidents):
    client.force_login(org.head)

    response = client.get(detail(incidents["employee_late"]))

    assert (response.context["can_respond"], response.context["can_cancel"], response.context["can_decide"]) == (
        False, True, False)


def test_acknowledge(client, org, incidents):
    client.force_login(org.employee)
    incident = incidents["employee_late"]

    response = client.post(reverse("discipline:incident_acknowledge", args=[incident.pk]))

    assert (response.status_code, response.url) == (302, detail(incident))
    assert Incident.objects.get(pk=incident.pk).state == Incident.State.ACKNOWLEDGED


def test_appeal_and_the_heads_decision(english, org, incidents):
    incident = incidents["employee_meeting"]
    english.force_login(org.employee)
    english.post(reverse("discipline:incident_appeal", args=[incident.pk]), {"reason": "在机房抢修"})
    english.force_login(org.head)

    response = english.post(reverse("discipline:incident_decide", args=[incident.pk]),
                            {"decision": "reduce", "amount": "20", "reason": "酌情减免"})

    incident.refresh_from_db()
    assert (incident.state, incident.final_amount(), incident.decision_reason) == (
        Incident.State.REDUCED, Decimal("20"), "酌情减免")
    assert messages_of(response)[-1] == "The appeal was decided."


def test_an_appeal_without_reason_shows_the_form_again(english, org, incidents):
    english.force_login(org.employee)
    incident = incidents["employee_meeting"]

    response = english.post(reverse("discipline:incident_appeal", args=[incident.pk]), {"reason": ""})

    assert response.status_code == 200
    assert response.context["appeal_form"].errors == {"reason": ["This field is required."]}
    assert Incident.objects.get(pk=incident.pk).state == Incident.State.CONFIRMED


def test_a_reduction_without_amount_shows_the_form_again(english, org, incidents):
    incident = incidents["employee_meeting"]
    services.incident_appeal(incident=incident, by=org.employee, reason="理由")
    english.force_login(org.head)

    response = english.post(reverse("discipline:incident_decide", args=[incident.pk]),
                            {"decision": "reduce", "reason": "x"})

    assert response.context["decision_form"].errors == {"amount": ["Give the reduced amount."]}
    assert Incident.objects.get(pk=incident.pk).state == Incident.State.APPEALED


def test_a_refused_action_is_explained_and_changes_nothing(english, org, incidents):
    english.force_login(org.head)
    incident = incidents["employee_late"]

    response = english.post(reverse("discipline:incident_confirm", args=[incident.pk]))

    assert response.status_code == 302
    assert messages_of(response) == ["This incident is Confirmed, to be acknowledged; that cannot be done now."]
    assert Incident.objects.get(pk=incident.pk).state == Incident.State.CONFIRMED


def test_the_head_cancels_with_a_reason(client, org, incidents):
    client.force_login(org.head)
    incident = incidents["employee_late"]

    client.post(reverse("discipline:incident_cancel", args=[incident.pk]), {"reason": "考勤机时间不准"})

    incident.refresh_from_db()
    assert (incident.state, incident.decision_reason) == (Incident.State.CANCELLED, "考勤机时间不准")


# Recording -----------------------------------------------------------------------------------------------------

def form_data(org, **changes):
    data = {"person": org.employee.pk, "rule": "Q2", "occurred_on": "2026-11-20", "measured_value": "",
            "compensation_percent": "", "facts": "无故迟到10分钟"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_offers_the_people_the_head_leads_and_the_rules_in_force(client, org):
    client.force_login(org.supervisor)

    form = client.get(CREATE).context["form"]

    # the department's staff (the employee and the admin, 张伟's counterpart): not the head, not the deputy themselves
    assert list(form.fields["person"].queryset) == [org.employee, org.admin]
    groups = [group for group, _options in form.fields["rule"].choices[1:]]
    assert [str(group) for group in groups] == [
        "信息科考核办法和相关规定（第 8 次修订）", "医院信息科考核办法（第 1 次修订）", "信息科人员考核制度（第 1 次修订）"]
    codes = [code for _group, options in form.fields["rule"].choices[1:] for code, _label in options]
    assert "F1" not in codes and "F2" in codes and "Q13" in codes


def test_the_head_records_an_incident(client, org):
    client.force_login(org.head)

    response = client.post(CREATE, form_data(org))

    incident = Incident.objects.get()
    assert (response.status_code, response.url) == (302, detail(incident))
    assert (incident.person, incident.rule.code, incident.occurred_on, incident.amount, incident.facts) == (
        org.employee, "Q2", day(11, 20), Decimal("3"), "无故迟到10分钟")


def test_bad_input_goes_back_to_the_field_and_nothing_is_recorded(english, org):
    english.force_login(org.head)

    response = english.post(CREATE, form_data(org, rule="F3", measured_value="-5"))

    assert response.status_code == 200
    assert response.context["form"].errors == {"measured_value": ["The measured value must be greater than zero."]}
    assert Incident.objects.count() == 0


def test_a_date_before_the_revision_goes_back_to_the_date(english, org):
    english.force_login(org.head)

    response = english.post(CREATE, form_data(org, rule="F10", occurred_on="2020-05-01"))

    assert response.context["form"].errors == {"occurred_on": [
        "No revision of 信息科考核办法和相关规定 was in force on 2020-05-01: the first took effect on 2022-11-12."]}
    assert Incident.objects.count() == 0


def test_the_head_cannot_pick_someone_outside_the_department(client, org):
    client.force_login(org.head)

    response = client.post(CREATE, form_data(org, person=org.outsider.pk))

    assert list(response.context["form"].errors) == ["person"]
    assert Incident.objects.count() == 0


def test_the_record_page_prefills_the_person(client, org):
    client.force_login(org.head)

    response = client.get(CREATE, {"person": org.employee.username})

    assert response.context["form"]["person"].value() == org.employee.pk


def test_the_preview_shows_the_revision_and_the_computation(english, org, record):
    record("Q2", day(11, 3))
    english.force_login(org.head)

    response = english.post(PREVIEW, form_data(org, facts=""), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.templates[0].name == "discipline/_preview.html"
    assert by_testid(response, "preview-amount") == "6 points"
    assert by_testid(response, "preview-explanation") == "Time 2, doubling on each repeat: 3 × 2 = 6 points"
    assert Incident.objects.count() == 1


def test_the_preview_says_what_is_wrong(english, org):
    english.force_login(org.head)

    response = english.post(PREVIEW, form_data(org, rule="F2", measured_value="30"))

    assert response.context["errors"] == ["Rule F2 applies to at most 5 minutes; 30 minutes is outside it."]
    assert response.context["rule"].code == "F2"
