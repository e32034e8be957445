"""Hostile input into every form the demo users reach answers without a server error (issue 12.8).

Every page of the permission table is opened by each role that may see it; each POST form on it is collected with
its fields (and the options of its selects), and hypothesis posts XINKE_FUZZ_EXAMPLES (200, the issue's floor; about
120 forms) generated submissions to each, once, from the first role that reaches it: empty, huge, negative and non-numeric
numbers, impossible dates, markup, formulas, control characters, very long text, lists where one value is expected, missing fields. Each submission runs in a savepoint
rolled back afterwards, in-process, so the objects stay as they were made. A 500 raises in the test client and the
failing submission is printed.

Forms of the sign-in pages (allauth: sign-out, password) and of Django admin are left out: posting to them changes
the session the test runs in; they have their own tests.
"""

import os
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ..permission_matrix import MATRIX, ROLES
from .test_permission_matrix import _arguments

EXAMPLES = int(os.environ.get("XINKE_FUZZ_EXAMPLES", "200"))
SKIPPED_PREFIXES = ("/accounts/", "/admin/", "/i18n/")

HOSTILE = [
    "", " ", "0", "-1", "1.5", "9" * 30, "-" + "9" * 30, "1e309", "NaN", "Infinity", "2026-02-30", "0000-00-00",
    "9999-12-31", "2026-13", "<script>alert(1)</script>", '<link href="https://evil.example/">x</link>',
    '=HYPERLINK("https://evil.example")', "' OR 1=1 --", "\x00", "a\x00b", "\u202e\u0000", "🙂" * 40, "x" * 5000,
    "../../etc/passwd", "１２３", "true", "on", "None", "[]", "{}", "%s%n",
]


class FormCollector(HTMLParser):
    """The POST forms of a page: action, and each field's name with the values the page offers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.current = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.current = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self.current)
        elif self.current is not None and tag in ("input", "textarea", "select", "button") and attrs.get("name"):
            if tag == "input" and attrs.get("type") == "file" or attrs["name"] == "csrfmiddlewaretoken":
                return
            values = self.current["fields"].setdefault(attrs["name"], [])
            if attrs.get("value") is not None:
                values.append(attrs["value"])
            self.select = values if tag == "select" else None
        elif tag == "option" and self.select is not None and attrs.get("value") is not None:
            self.select.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def post_forms(html, page_url):
    collector = FormCollector()
    collector.feed(html)
    for form in collector.forms:
        action = urlsplit(urljoin(page_url, form["action"])).path
        if not action.startswith(SKIPPED_PREFIXES):
            yield action, form["fields"]


def submissions(fields):
    def value(offered):
        choices = [st.sampled_from(HOSTILE), st.text(max_size=40),
                   st.integers(min_value=-(2**70), max_value=2**70).map(str)]
        if offered:
            choices.append(st.sampled_from(offered))
        return st.one_of(*choices)

    return st.fixed_dictionaries({}, optional={
        name: st.one_of(value(offered), st.lists(value(offered), min_size=2, max_size=3))
        for name, offered in fields.items()})


PAGES = [name for name, (_key, methods) in MATRIX.items()
         if "GET" in methods and any(methods["GET"][role] == 200 for role in ROLES if role != "anon")]


def test_no_form_answers_with_a_server_error(client, org):
    """One pass over the pages: the people are made once, each page's objects in a savepoint rolled back after."""
    users = {role: org.by_role(role) for role in ROLES if role != "anon"}
    fuzzed = set()
    for name in PAGES:
        key, methods = MATRIX[name]
        with transaction.atomic():
            url = reverse(name, kwargs=_arguments(org, key))
            for role, user in users.items():
                if methods["GET"][role] != 200:
                    continue
                client.force_login(user)
                page = client.get(url)
                if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
                    continue
                for action, fields in post_forms(page.content.decode(), url):
                    try:
                        target = resolve(action).url_name
                    except Resolver404:
                        continue
                    # One form is fuzzed once, by the first role that reaches it: the same fields posted again by
                    # another role would spend CI's budget on a repeat instead of on more examples.
                    if (target, tuple(sorted(fields))) not in fuzzed:
                        fuzzed.add((target, tuple(sorted(fields))))
                        fuzz(client, action, fields)
            transaction.set_rollback(True)
    print(f"{len(fuzzed)} forms, {EXAMPLES} submissions each")
    assert len(fuzzed) >= 50  # the pages were reached: a broken collector must not pass quietly


def fuzz(client, action, fields):
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate, Phase.shrink],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=submissions(fields))
    def post(data):
        with transaction.atomic():
            response = client.post(action, data, headers={"HX-Request": "true"} if len(data) % 2 else {})
            transaction.set_rollback(True)
        assert response.status_code < 500, (action, data)

    post()
