"""Pages that only show something answer another method with Django's plain 405 (require_safe): no page drawn as if
it were a GET, no 500, no debug page. Which pages: the SHOWN_ONLY rows of tests/permission_matrix.py."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_list_refuses_other_methods_before_anything_else(client, org, method):
    client.force_login(org.hr)

    response = getattr(client, method)(reverse("leave:list"))

    assert (response.status_code, response["Allow"], response.content) == (405, "GET, HEAD", b"")


def test_head_is_still_answered(client, org):
    client.force_login(org.employee)

    assert client.head(reverse("leave:list")).status_code == 200


def test_an_object_page_refuses_a_post_even_for_an_object_that_does_not_exist(client, org, settings):
    settings.DEBUG = True  # still Django's plain 405, not a technical page
    client.force_login(org.outsider)

    response = client.post(reverse("leave:detail", args=[999999]))

    assert (response.status_code, response.content) == (405, b"")
