"""The staff directory: filters, pagination, and links that keep the filters."""

from django.urls import reverse

from staff.models import Post, StaffProfile
from staff.views import PAGE_SIZE
from tests.factories import DepartmentFactory, StaffProfileFactory, UserFactory
from tests.html import find_all

DIRECTORY = reverse("staff:directory")


def usernames(response):
    return [profile.user.username for profile in response.context["page"].object_list]


def test_everyone_is_listed_without_filters(client, org):
    client.force_login(org.employee)

    response = client.get(DIRECTORY)

    assert response.status_code == 200
    assert usernames(response) == ["1100", "1101", "1102", "2100", "4100", "9100"]


def test_filter_by_department(client, org):
    client.force_login(org.employee)

    response = client.get(DIRECTORY, {"department": org.it.pk})

    assert usernames(response) == ["1100", "1101", "1102", "9100"]


def test_filter_by_post(client, org):
    client.force_login(org.employee)

    response = client.get(DIRECTORY, {"post": Post.objects.get(code="system_admin").pk})

    assert usernames(response) == ["1101"]


def test_filter_by_status(client, org):
    StaffProfileFactory(user=UserFactory(username="1200"), department=org.it, status=StaffProfile.Status.PROBATION)
    StaffProfileFactory(user=UserFactory(username="1201"), department=org.it, status=StaffProfile.Status.DEPARTED)
    client.force_login(org.hr)

    assert usernames(client.get(DIRECTORY, {"status": "probation"})) == ["1200"]
    assert usernames(client.get(DIRECTORY, {"status": "departed"})) == ["1201"]
    assert usernames(client.get(DIRECTORY, {"status": "regular"})) == ["1100", "1101", "1102", "2100", "4100", "9100"]


def test_search_by_name(client, org):
    client.force_login(org.employee)

    response = client.get(DIRECTORY, {"q": "艾"})

    assert usernames(response) == ["1101", "4100"]


def test_search_by_employee_number(client, org):
    client.force_login(org.employee)

    assert usernames(client.get(DIRECTORY, {"q": "210"})) == ["2100"]
    assert usernames(client.get(DIRECTORY, {"q": "9100"})) == ["9100"]


def test_filters_combine(client, org):
    client.force_login(org.employee)

    response = client.get(DIRECTORY, {"q": "艾", "department": org.ward.pk})

    assert usernames(response) == ["4100"]


def test_no_match_shows_an_empty_page(client, org):
    client.force_login(org.employee)

    response = client.get(DIRECTORY, {"q": "没有这个人"})

    assert response.status_code == 200
    assert usernames(response) == []


def test_an_invalid_filter_shows_nobody_and_the_form_error(client, org):
    client.force_login(org.employee)

    response = client.get(DIRECTORY, {"department": "999999"})

    assert response.status_code == 200
    assert usernames(response) == []
    assert [e.code for e in response.context["form"].errors.as_data()["department"]] == ["invalid_choice"]
    assert find_all(response, "class", "col-12 text-danger small")[0][2] == "部分筛选条件无效，未显示任何结果。"


def test_pagination_keeps_the_filters(client, org):
    ward = DepartmentFactory(code="surgery", name="普外科")
    for number in range(PAGE_SIZE + 5):
        StaffProfileFactory(user=UserFactory(username=f"{6000 + number}"), department=ward)
    client.force_login(org.employee)

    first = client.get(DIRECTORY, {"department": ward.pk})
    second = client.get(DIRECTORY, {"department": ward.pk, "page": 2})

    assert usernames(first) == [f"{6000 + n}" for n in range(PAGE_SIZE)]
    assert usernames(second) == [f"{6000 + n}" for n in range(PAGE_SIZE, PAGE_SIZE + 5)]
    assert first.context["page"].paginator.count == PAGE_SIZE + 5
    links = [attrs["href"] for tag, attrs, _text in find_all(first, "class", "page-link") if tag == "a"]
    assert links == [f"?department={ward.pk}&page=2", f"?department={ward.pk}&page=2"]  # next, last
    links = [attrs["href"] for tag, attrs, _text in find_all(second, "class", "page-link") if tag == "a"]
    assert links == [f"?department={ward.pk}&page=1", f"?department={ward.pk}&page=1"]  # first, previous


def test_a_page_number_past_the_end_shows_the_last_page(client, org):
    client.force_login(org.employee)

    response = client.get(DIRECTORY, {"page": 99})

    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert usernames(response) == ["1100", "1101", "1102", "2100", "4100", "9100"]


def test_directory_rows_link_to_profiles(client, org):
    client.force_login(org.hr)  # the menu's "my profile" link goes to /staff/2100/

    response = client.get(DIRECTORY, {"q": "1101"})

    assert [text for _tag, _attrs, text in find_all(response, "href", "/staff/1101/")] == ["艾丽"]


def test_signed_out_visitor_is_sent_to_sign_in(client, org):
    response = client.get(DIRECTORY)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={DIRECTORY}"
