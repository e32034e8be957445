"""The staff directory reads a constant number of rows per page, however many people there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staff.models import StaffProfile
from tests.factories import DepartmentFactory, PostFactory, StaffProfileFactory, UserFactory

DIRECTORY = reverse("staff:directory")
MAX_QUERIES = 15


def add_people(org, count, start):
    """People each with their own department, post and supervisor, so a missing join shows up per row."""
    for number in range(start, start + count):
        StaffProfileFactory(
            user=UserFactory(username=f"{8000 + number}"),
            department=DepartmentFactory(code=f"dept-q{number}", name=f"科室Q{number}"),
            post=PostFactory(code=f"post-q{number}", name=f"岗位Q{number}"),
            supervisor=org.head if number % 2 else org.supervisor,
        )


def directory_queries(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DIRECTORY, params or {})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("role", ["employee", "hr"])
@pytest.mark.parametrize("params", [{}, {"status": "regular"}, {"q": "8"}])
def test_directory_queries_do_not_grow_with_the_number_of_people(client, org, role, params):
    client.force_login(org.by_role(role))
    client.get(DIRECTORY)  # the first request of a session does extra work
    add_people(org, 4, start=0)
    assert StaffProfile.objects.count() == 10

    with_ten, response = directory_queries(client, params)
    rows_with_ten = len(response.context["page"].object_list)
    add_people(org, 50, start=4)
    assert StaffProfile.objects.count() == 60
    with_sixty, response = directory_queries(client, params)

    assert with_sixty == with_ten
    assert with_sixty < MAX_QUERIES
    assert len(response.context["page"].object_list) == 25
    assert rows_with_ten < 25


def test_directory_second_page_costs_the_same(client, org):
    add_people(org, 54, start=0)
    client.force_login(org.employee)
    client.get(DIRECTORY)

    first, _ = directory_queries(client)
    third, response = directory_queries(client, {"page": 3})

    assert third == first
    assert len(response.context["page"].object_list) == 10


POSTS = reverse("staff:post_list")


def post_list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(POSTS)
    assert response.status_code == 200
    return len(queries), response


def add_posts(count, start):
    """Posts each with its own department and one holder: a missing join or count shows up per row."""
    from staff.models import Department, Post

    departments = Department.objects.bulk_create([Department(code=f"dept-p{number}", name=f"科室P{number}")
                                                  for number in range(start, start + count)])
    posts = Post.objects.bulk_create([Post(code=f"post-p{number}", name=f"岗位P{number}", department=department)
                                      for number, department in zip(range(start, start + count), departments)])
    for post in posts[:5]:
        StaffProfileFactory(user=UserFactory(username=f"{7000 + post.pk}"), department=post.department, post=post)


def test_post_list_queries_do_not_grow_with_the_number_of_posts(client, org):
    """在岗 / 编制 per post, with hiring's approved requests: the same queries for 10 posts or 1,000."""
    from staff.models import Post

    client.force_login(org.employee)
    client.get(POSTS)
    add_posts(4, start=0)
    assert Post.objects.count() == 10

    with_ten, response = post_list_queries(client)
    assert len(response.context["posts"]) == 10
    add_posts(990, start=4)
    assert Post.objects.count() == 1000
    with_thousand, response = post_list_queries(client)

    assert with_thousand == with_ten
    assert with_thousand < MAX_QUERIES
    assert len(response.context["posts"]) == 50
