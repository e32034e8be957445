"""A person's profile page: who sees the ID and phone numbers unmasked, and what else is shown."""

import pytest
from django.urls import reverse

from tests.conftest import ROLES
from tests.html import by_testid, find_all

ID_NUMBER = "11010519491231002X"
PHONE = "13800138000"
MASKED_ID_NUMBER = "110***********002X"
MASKED_PHONE = "138****8000"

# Viewing the employee (艾丽, 1101): only HR and the employee herself see the numbers in full.
UNMASKED_FOR = {"employee", "hr"}


@pytest.mark.parametrize("role", ROLES)
def test_id_number_and_phone_are_masked_except_for_hr_and_the_person(client, org, role):
    client.force_login(org.by_role(role))

    response = client.get(reverse("staff:profile", args=["1101"]))

    assert response.status_code == 200
    if role in UNMASKED_FOR:
        assert (by_testid(response, "id-number"), by_testid(response, "phone")) == (ID_NUMBER, PHONE)
    else:
        assert (by_testid(response, "id-number"), by_testid(response, "phone")) == (MASKED_ID_NUMBER, MASKED_PHONE)
        assert ID_NUMBER not in response.content.decode()
        assert PHONE not in response.content.decode()


def test_the_employee_sees_someone_elses_numbers_masked(client, org):
    head_profile = org.head.profile
    client.force_login(org.employee)

    response = client.get(reverse("staff:profile", args=["1100"]))

    assert by_testid(response, "id-number") == head_profile.masked_id_number()
    assert by_testid(response, "phone") == head_profile.masked_phone()
    assert by_testid(response, "id-number") != head_profile.id_number


def test_empty_numbers_show_a_dash(client, org):
    profile = org.outsider.profile
    profile.id_number = ""
    profile.phone = ""
    profile.save()
    client.force_login(org.employee)

    response = client.get(reverse("staff:profile", args=["4100"]))

    assert (by_testid(response, "id-number"), by_testid(response, "phone")) == ("—", "—")


def test_unknown_username_is_404(client, org):
    client.force_login(org.hr)

    assert client.get(reverse("staff:profile", args=["0000"])).status_code == 404


def test_profile_shows_department_post_and_direct_reports(client, org):
    client.force_login(org.outsider)

    response = client.get(reverse("staff:profile", args=["1102"]))

    assert response.context["profile"] == org.supervisor.profile
    assert [p.user.username for p in response.context["direct_reports"]] == ["1101"]
    assert [a["href"] for _t, a, _x in find_all(response, "href", "/staff/1101/")] == ["/staff/1101/"]
    assert [a["href"] for _t, a, _x in find_all(response, "href", "/staff/posts/deputy_head/")] == [
        "/staff/posts/deputy_head/"]


@pytest.mark.parametrize("role", ROLES)
def test_edit_link_and_documents_by_role(client, org, role):
    client.force_login(org.by_role(role))

    response = client.get(reverse("staff:profile", args=["1101"]))

    edit_links = find_all(response, "href", reverse("staff:profile_edit", args=["1101"]))
    upload_links = find_all(response, "href", reverse("staff:document_upload", args=["1101"]))
    assert (len(edit_links), len(upload_links)) == ((1, 1) if role == "hr" else (0, 0))
    assert response.context["can_see_documents"] is (role in {"employee", "hr"})
