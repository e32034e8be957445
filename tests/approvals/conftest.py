import pytest

from approvals.models import ChainRule
from approvals.services import request_create
from tests.factories import stand_in_request_type


@pytest.fixture
def leave_type(db):
    """A two-step chain like the leave policy's: direct supervisor, then the department head."""
    request_type = stand_in_request_type("test.simple", name="测试申请", step_working_days=2,
                                         escalate_after_working_days=1)
    ChainRule.objects.create(request_type=request_type, order=1, label="直接上级审批",
                             approver=ChainRule.Approver.SUPERVISOR)
    ChainRule.objects.create(request_type=request_type, order=2, label="科室负责人审批",
                             approver=ChainRule.Approver.DEPARTMENT_HEAD)
    return request_type


@pytest.fixture
def make_request(leave_type):
    def make(applicant, title="请假三天", code="test.simple"):
        # Any model can be the subject; a staff profile stands in for a domain request here.
        return request_create(request_type_code=code, subject=applicant.profile, applicant=applicant, title=title)

    return make


@pytest.fixture(autouse=True)
def in_english(client, settings):
    """Messages are compared in English here; the Chinese catalogue is checked in tests/core."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
