"""HR edits a person's record; nobody else can open the form."""

import datetime

import pytest
from django.urls import reverse

from staff.models import ProfessionalTitle, StaffProfile
from tests.conftest import ROLES
from tests.factories import valid_id_number

EDIT = reverse("staff:profile_edit", args=["1101"])


def title_pk(name):
    return ProfessionalTitle.objects.get_or_create(name=name)[0].pk


def title_of(user):
    return StaffProfile.objects.get(user=user).professional_title.name


def form_data(org, **changes):
    profile = org.employee.profile
    data = {
        "name": "艾丽",
        "email": "1101@hospital.example",
        "department": org.it.pk,
        "post": profile.post_id,
        "professional_title": title_pk("工程师"),
        "education": "",
        "phone": "13800138000",
        "id_number": "11010519491231002X",
        "hire_date": "2020-07-01",
        "status": "regular",
        "supervisor": org.supervisor.pk,
    }
    if "title" in changes:
        changes["professional_title"] = title_pk(changes.pop("title"))
    data.update(changes)
    return data


@pytest.mark.parametrize("role", [role for role in ROLES if role != "hr"])
def test_only_hr_may_open_the_edit_page(client, org, role):
    client.force_login(org.by_role(role))

    assert client.get(EDIT).status_code == 404
    assert client.post(EDIT, form_data(org, title="黑客")).status_code == 404
    assert title_of(org.employee) == "工程师"


def test_a_staff_member_cannot_edit_their_own_record(client, org):
    client.force_login(org.employee)

    assert client.get(EDIT).status_code == 404


def test_hr_opens_the_form_with_the_current_values(client, org):
    client.force_login(org.hr)

    response = client.get(EDIT)

    assert response.status_code == 200
    form = response.context["form"]
    assert (form["name"].value(), form["id_number"].value(), form["professional_title"].value()) == (
        "艾丽", "11010519491231002X", title_pk("工程师"))


def test_hr_saves_a_valid_edit_and_it_is_recorded_in_the_history(client, org):
    client.force_login(org.hr)
    history_before = StaffProfile.history.filter(user=org.employee).count()
    new_id = valid_id_number(7, datetime.date(1988, 2, 29))

    response = client.post(EDIT, form_data(
        org, name="艾丽丽", email="aili@hospital.example", title="高级工程师", phone="010-12345678",
        id_number=new_id.lower(), status="probation", education="master",
    ))

    assert response.status_code == 302
    assert response.url == reverse("staff:profile", args=["1101"])
    profile = StaffProfile.objects.select_related("user").get(user=org.employee)
    assert (profile.professional_title.name, profile.phone, profile.id_number, profile.status, profile.education) == (
        "高级工程师", "010-12345678", new_id, "probation", "master")
    assert (profile.user.name, profile.user.email) == ("艾丽丽", "aili@hospital.example")
    records = StaffProfile.history.filter(user=org.employee).order_by("-history_date")
    assert records.count() == history_before + 1
    assert records[0].history_user == org.hr
    assert records[0].history_type == "~"
    assert records[0].professional_title.name == "高级工程师"


def test_an_invalid_id_number_is_refused_and_nothing_changes(client, org):
    client.force_login(org.hr)
    history_before = StaffProfile.history.filter(user=org.employee).count()

    response = client.post(EDIT, form_data(org, title="高级工程师", name="改了名", id_number="110105194912310021"))

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["id_number"]] == ["checksum"]
    assert list(response.context["form"].errors) == ["id_number"]
    profile = StaffProfile.objects.select_related("user").get(user=org.employee)
    assert (profile.professional_title.name, profile.id_number, profile.user.name) == ("工程师", "11010519491231002X", "艾丽")
    assert StaffProfile.history.filter(user=org.employee).count() == history_before


@pytest.mark.parametrize(("id_number", "code"), [
    ("1101051949123100", "format"),
    ("110105194913310029", "birth_date"),
])
def test_malformed_id_numbers_are_refused(client, org, id_number, code):
    client.force_login(org.hr)

    response = client.post(EDIT, form_data(org, id_number=id_number))

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["id_number"]] == [code]
    assert StaffProfile.objects.get(user=org.employee).id_number == "11010519491231002X"


@pytest.mark.parametrize("case", [str, str.lower])
def test_another_persons_id_number_is_refused(client, org, case):
    org.head.profile.id_number = "11010519491231010X"  # valid, with a check character X
    org.head.profile.save()
    client.force_login(org.hr)

    response = client.post(EDIT, form_data(org, id_number=case("11010519491231010X")))

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["id_number"]] == ["duplicate"]
    assert list(response.context["form"].errors) == ["id_number"]
    assert StaffProfile.objects.get(user=org.employee).id_number == "11010519491231002X"


def test_a_person_cannot_be_their_own_supervisor(client, org):
    client.force_login(org.hr)

    response = client.post(EDIT, form_data(org, supervisor=org.employee.pk))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["supervisor"]
    assert StaffProfile.objects.get(user=org.employee).supervisor == org.supervisor


def test_edit_page_of_an_unknown_person_is_404(client, org):
    client.force_login(org.hr)

    assert client.get(reverse("staff:profile_edit", args=["0000"])).status_code == 404
