"""The list of departments with their heads and how many staff each has."""

from django.urls import reverse

from authz.policy import OWNER_DEPARTMENTS
from staff.models import StaffProfile
from tests.factories import DepartmentFactory, StaffProfileFactory, UserFactory
from tests.html import find_all

DEPARTMENTS = reverse("staff:department_list")
# The departments that approve access to the information systems come with the authz migration (sort 1–60).
OWNERS = [(name, None, None, 0) for name, _kind, _order in OWNER_DEPARTMENTS.values()]


def rows(response):
    return [(d.name, d.head, d.deputy, d.member_count) for d in response.context["departments"]]


def test_departments_with_their_leaders_and_headcount(client, org):
    client.force_login(org.employee)

    response = client.get(DEPARTMENTS)

    assert response.status_code == 200
    # after the approving departments, all at sort order 100, so by name
    assert rows(response) == [
        *OWNERS,
        ("人事科", None, None, 1),
        ("信息科", org.head, org.supervisor, 4),
        ("心内科", None, None, 1),
    ]
    assert [text for _t, _a, text in find_all(response, "href", "/staff/1100/")] == ["查理"]
    assert [text for _t, _a, text in find_all(response, "href", "/staff/1102/")] == ["鲍勃"]
    assert [text for _t, _a, text in find_all(response, "href", f"/staff/?department={org.it.pk}")] == ["信息科"]


def test_departed_staff_are_not_counted_and_inactive_departments_are_hidden(client, org):
    StaffProfileFactory(user=UserFactory(username="1199"), department=org.it, status=StaffProfile.Status.DEPARTED)
    StaffProfileFactory(user=UserFactory(username="1198"), department=org.it, status=StaffProfile.Status.PROBATION)
    DepartmentFactory(code="closed", name="已撤销科室", is_active=False)
    DepartmentFactory(code="empty", name="新建科室", sort_order=0)
    client.force_login(org.hr)

    response = client.get(DEPARTMENTS)

    assert rows(response) == [
        ("新建科室", None, None, 0),
        *OWNERS,
        ("人事科", None, None, 1),
        ("信息科", org.head, org.supervisor, 5),
        ("心内科", None, None, 1),
    ]


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_department_list_queries_do_not_grow_with_departments(client, org):
    client.force_login(org.employee)
    client.get(DEPARTMENTS)  # the first request of a session does extra work
    with_three = count_queries(client, DEPARTMENTS)
    for number in range(30):
        department = DepartmentFactory(code=f"ward{number}", name=f"病区{number}")
        StaffProfileFactory(user=UserFactory(username=f"{7000 + number}"), department=department)
        department.head = department.members.get().user
        department.save()

    with_thirty_three = count_queries(client, DEPARTMENTS)

    assert with_thirty_three == with_three
    assert len(client.get(DEPARTMENTS).context["departments"]) == 33 + len(OWNERS)


def test_departments_need_sign_in(client, org):
    response = client.get(DEPARTMENTS)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={DEPARTMENTS}"


def test_a_department_links_to_its_posts_with_their_staffing(client, org):
    from staff.models import Post

    Post.objects.filter(code__in=["head", "deputy_head", "system_admin"]).update(department=org.it)
    client.force_login(org.employee)

    response = client.get(DEPARTMENTS)
    posts_of_it = f"/staff/posts/?department={org.it.pk}"
    assert [text for _t, _a, text in find_all(response, "href", posts_of_it)] == ["3个岗位：在岗 / 编制"]

    response = client.get(posts_of_it)
    assert [(post.name, post.staffing.filled, post.staffing.headcount) for post in response.context["posts"]] == [
        ("科长", 1, 1), ("副科长", 1, 1), ("系统管理员", 1, 1)]
    assert response.context["department"] == org.it
