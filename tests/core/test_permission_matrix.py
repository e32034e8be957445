"""Every URL of the project, for every role and signed out, against the committed table."""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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


CASES = [(name, method) for name, (_key, methods) in {**MATRIX, **ADMIN_SAMPLES}.items() for method in methods]


def _answer(client, org, role, method, url):
    """One role's request, in a savepoint rolled back afterwards: each role meets the objects as they were made."""
    with transaction.atomic():
        client.logout()
        if role != "anon":
            client.force_login(org.by_role(role))
        response = client.generic(method, url)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("name, method", CASES)
def test_url_answers_as_the_table_says(client, org, name, method):
    # The objects are made once per URL and every role asks in turn (rolled back in between): a seventh of the
    # fixtures that one test per role would build, which is most of this file's time on PostgreSQL.
    key, methods = {**MATRIX, **ADMIN_SAMPLES}[name]
    url = reverse(name, kwargs=_arguments(org, key))
    answers = {}
    for role in ROLES:
        response = _answer(client, org, role, method, url)
        answers[role] = response.status_code
        if role == "anon" and response.status_code == 302 and name not in ("set_language", "account_logout"):
            assert response.url.startswith(("/accounts/", "/admin/login/")), f"{method} {url} as anon"
    assert answers == methods[method], f"{method} {url}"
