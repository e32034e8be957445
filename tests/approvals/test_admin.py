"""The approval chains in Django admin: a request type with a dotted code saves with its rules."""

import pytest
from django.urls import reverse

from approvals.models import RequestType
from tests.admin_forms import form_data


@pytest.fixture
def admin_client(client, org):
    client.force_login(org.admin)
    return client


def test_the_leave_chain_saves_a_new_rule(admin_client):
    leave = RequestType.objects.get(code="leave.request")
    change = reverse("admin:approvals_requesttype_change", args=[leave.pk])
    data = form_data(admin_client.get(change))
    total = int(data["rules-TOTAL_FORMS"])
    data.update({"rules-TOTAL_FORMS": str(total + 1), f"rules-{total}-order": "9", f"rules-{total}-label": "人事科备案",
                 f"rules-{total}-kind": "approve", f"rules-{total}-approver": "role", f"rules-{total}-role": "人事科",
                 f"rules-{total}-condition": "always"})

    response = admin_client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(leave.rules.values_list("order", "label", "role")[total:]) == [(9, "人事科备案", "人事科")]


def test_a_code_no_part_of_xinke_handles_is_refused(admin_client):
    response = admin_client.post(reverse("admin:approvals_requesttype_add"), {
        "code": "leave.nothing", "name": "无", "step_working_days": "2", "escalate_after_working_days": "1",
        "restart_on_resubmit": "start", "is_active": "on", "rules-TOTAL_FORMS": "0", "rules-INITIAL_FORMS": "0"})

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["code"]
    assert not RequestType.objects.filter(code="leave.nothing").exists()


@pytest.mark.parametrize("code", ["Leave.request", "leave..request", "leave request", ".leave"])
def test_a_malformed_code_is_refused(code):
    from django.core.exceptions import ValidationError

    from approvals.models import code_validator

    with pytest.raises(ValidationError):
        code_validator(code)

