"""Every URL of the project, for every role and signed out, against the committed table.

Each POST goes out empty, as a role that may not act would send it: a refusal (signed out, 403, 404, 405) changes
nothing, a redirect that changes nothing says why in a message, and no answer is a 500. Every URL that a page's form
or htmx button posts to has a POST row, so a new form cannot skip the table (issue 11, step 5)."""

import html
import re
from contextlib import contextmanager
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from notifications.services import notify
from staff.models import Post, StaffDocument

from ..permission_matrix import ADMIN_PREFIX, ADMIN_SAMPLES, MATRIX, ROLES

PDF = b"%PDF-1.4\n%test\n"


def url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (
                pattern.namespace or namespace)
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_table():
    missing = sorted(name for name in set(url_names()) if name not in MATRIX and not name.startswith(ADMIN_PREFIX))
    assert missing == []


def test_the_table_lists_no_url_that_is_gone():
    names = set(url_names())
    assert sorted(name for name in {**MATRIX, **ADMIN_SAMPLES} if name not in names) == []


def _arguments(org, key):
    if key is None:
        return {}
    if key == "employee_username":
        return {"username": org.employee.username}
    if key == "post":
        return {"code": "system_admin"}
    if key == "post_pk":
        return {"object_id": Post.objects.get(code="system_admin").pk}
    if key == "document":
        from django.core.files.base import ContentFile

        document = StaffDocument(profile=org.employee.profile, kind="diploma", original_name="学历.pdf",
                                 uploaded_by=org.hr)
        document.file.save("diploma.pdf", ContentFile(PDF), save=True)
        return {"document_id": document.pk}
    if key == "employee_notification":
        return {"pk": notify(recipient=org.employee, subject="测试").pk}
    if key in ("employee_request", "employee_request_step"):
        request = _employee_request(org)
        if key == "employee_request":
            return {"pk": request.pk}
        return {"step_id": request.steps.get(order=1).pk}
    if key == "head_delegation":
        import datetime

        from approvals.models import Delegation

        delegation = Delegation.objects.create(delegator=org.head, delegate=org.supervisor,
                                               starts_on=datetime.date.today(), ends_on=datetime.date.today())
        return {"pk": delegation.pk}
    if key.startswith("discipline_"):
        from tests.discipline.matrix import arguments

        return arguments(org, key)
    if key.startswith("hiring_"):
        from tests.hiring.helpers import matrix_arguments

        return matrix_arguments(org, key)
    if key.startswith("appraisal_"):
        from tests.appraisal.matrix import arguments as appraisal_arguments

        return appraisal_arguments(org, key)
    if key.startswith("authz_"):
        from tests.authz.matrix import arguments as authz_arguments

        return authz_arguments(org, key)
    if key.startswith("offboarding_"):
        from tests.offboarding.matrix import arguments as offboarding_arguments

        return offboarding_arguments(org, key)
    if key.startswith("duty_"):
        from tests.dutyroster.matrix import arguments as duty_arguments

        return duty_arguments(org, key)
    if key.startswith("leave_"):
        from tests.leave.matrix import arguments as leave_arguments

        return leave_arguments(org, key)
    if key == "calendar_year":
        return {"year": 2027}
    if key == "import_roster":
        return {"kind": "roster"}
    if key == "import_batch":
        from dataimport import registry, services
        from tests.dataimport.helpers import xlsx_upload

        batch = services.batch_preview(importer=registry.get("roster"), upload=xlsx_upload([["5001", "张三", "心内科"]]),
                                       options={}, by=org.hr)
        return {"pk": batch.pk}
    if key.startswith("training_"):
        from tests.training.matrix import arguments as training_arguments

        return training_arguments(org, key)
    if key == "email_key":
        return {"key": "no-such-key"}
    if key == "reset_key":
        return {"uidb36": "zz", "key": "no-such-key"}
    raise KeyError(key)


def _employee_request(org):
    """The employee's submitted request: supervisor first, then the head."""
    from approvals.models import ChainRule
    from approvals.services import request_create, request_submit
    from tests.factories import stand_in_request_type

    request_type = stand_in_request_type("matrix", name="矩阵")
    ChainRule.objects.create(request_type=request_type, order=1, label="上级", approver=ChainRule.Approver.SUPERVISOR)
    ChainRule.objects.create(request_type=request_type, order=2, label="负责人",
                             approver=ChainRule.Approver.DEPARTMENT_HEAD)
    request = request_create(request_type_code="matrix", subject=org.employee.profile, applicant=org.employee,
                             title="测试")
    return request_submit(request=request, by=org.employee)


TABLE = {**MATRIX, **ADMIN_SAMPLES}
CASES = [(name, method) for name, (_key, methods) in TABLE.items() for method in methods]


def _answer(client, org, role, method, url):
    """One role's request, in a savepoint rolled back afterwards: each role meets the objects as they were made.
    The answer carries `changed`: the models a row of which was saved or deleted while answering."""
    with transaction.atomic():
        client.logout()
        if role != "anon":
            client.force_login(org.by_role(role))
        with _changes() as changed:
            response = client.generic(method, url)
        transaction.set_rollback(True)
    response.changed = changed
    return response


@contextmanager
def _changes():
    changed = set()

    def record(sender, **kwargs):
        if sender is not Session:  # the session keeps the messages: no record of the hospital's
            changed.add(sender._meta.label)

    signals = (post_save, post_delete, m2m_changed)
    for signal in signals:
        signal.connect(record, weak=False, dispatch_uid="permission-matrix")
    try:
        yield changed
    finally:
        for signal in signals:
            signal.disconnect(dispatch_uid="permission-matrix")


def _refused(role, response):
    """Signed out and sent to sign in, or refused (403), hidden (404), the wrong method (405)."""
    return response.status_code in (403, 404, 405) or role == "anon" and response.status_code == 302


@pytest.mark.parametrize("name, method", CASES)
def test_url_answers_as_the_table_says(client, org, name, method):
    # The objects are made once per URL and every role asks in turn (rolled back in between): a seventh of the
    # fixtures that one test per role would build, which is most of this file's time on PostgreSQL.
    key, methods = TABLE[name]
    url = reverse(name, kwargs=_arguments(org, key))
    answers = {}
    unlisted = set()
    for role in ROLES:
        response = _answer(client, org, role, method, url)
        answers[role] = response.status_code
        if role == "anon" and response.status_code == 302 and name not in ("set_language", "account_logout"):
            assert response.url.startswith(("/accounts/", "/admin/login/")), f"{method} {url} as anon"
        if _refused(role, response):
            assert response.changed == set(), f"{method} {url} as {role}: refused, yet it changed {response.changed}"
        elif method == "POST" and response.status_code == 302 and not response.changed and name not in SILENT:
            assert list(get_messages(response.wsgi_request)), f"{method} {url} as {role}: refused without a word"
        if method == "GET" and response.status_code == 200:
            unlisted |= {target for target in _post_targets(response, url)
                         if "POST" not in TABLE.get(target, (None, {}))[1]}
    assert answers == methods[method], f"{method} {url}"
    assert sorted(unlisted) == [], f"{url}: forms post to these, and the table has no POST row for them"


# Redirects that change nothing and need no message: the language is a cookie; someone signed in who posts to the
# sign-in or sign-up page is simply sent on.
SILENT = {"set_language", "account_login", "account_signup"}
FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
HX_POST = re.compile(r"(?<![\w-])hx-post=\"([^\"]*)\"")


def _attribute(tag, name):
    found = re.search(rf"(?<![\w-]){name}=\"([^\"]*)\"", tag)
    return html.unescape(found.group(1)) if found else None


def _post_targets(response, url):
    """The URL names a page's POST forms and htmx posts go to (Django admin's own pages stand for themselves)."""
    if "html" not in response.get("Content-Type", ""):
        return set()
    page = response.content.decode()
    actions = [_attribute(tag, "action") or "" for tag in FORM_TAG.findall(page)
               if (_attribute(tag, "method") or "get").lower() == "post"]
    actions += [html.unescape(action) for action in HX_POST.findall(page)]
    targets = set()
    for action in actions:
        try:
            target = resolve(urlsplit(urljoin(url, action)).path).view_name
        except Resolver404:
            continue
        if not target.startswith(ADMIN_PREFIX):
            targets.add(target)
    return targets
