"""core.links.RowLink and {% pk_url %}: a list's row links, reversed once per page, are reverse()'s."""

from unittest import mock

from django.template import Context, Template
from django.urls import reverse

from core import links
from core.links import RowLink


def test_a_row_link_is_the_reversed_url_of_each_id():
    for name in ("approvals:decide", "appraisal:detail", "authz:request_detail"):
        link = RowLink(name)
        assert [link(pk) for pk in (1, 42, "7", 10**12)] == [reverse(name, args=[pk]) for pk in (1, 42, 7, 10**12)]


def test_a_username_is_quoted_as_reverse_quotes_it():
    link = RowLink("training:person_hours")
    names = ("1001", "孙 a+b@c", "x?y#z%", "张伟")
    assert [link(name) for name in names] == [reverse("training:person_hours", args=[name]) for name in names]


def test_pk_url_reverses_a_name_once_per_page():
    template = Template("{% load xinke %}{% for pk in ids %}{% pk_url 'appraisal:detail' pk %} {% endfor %}"
                        "{% pk_url 'appraisal:review' 3 as review %}{{ review }}")

    with mock.patch.object(links, "reverse", wraps=reverse) as reversed_:
        html = template.render(Context({"ids": [1, 2, 3]}))

    assert html == " ".join(reverse("appraisal:detail", args=[pk]) for pk in (1, 2, 3)) + " " + reverse(
        "appraisal:review", args=[3])
    assert reversed_.call_count == 2  # each name once, not once a row
