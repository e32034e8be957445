import datetime
from decimal import Decimal

import pytest
import time_machine

from approvals.models import Step
from approvals.services import Decision, step_decide
from leave import services
from leave.models import Half, LeaveBalance, LeaveType
from core.roles import Role
from tests.factories import StaffProfileFactory, UserFactory

# A working Monday before 国庆 2026: the calendar below is the real one (chinese-calendar).
TODAY = datetime.datetime(2026, 9, 21, 9, 0)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def colleague(org):
    """1103 范文: another system administrator of 信息科, who can cover the employee."""
    return StaffProfileFactory(user=UserFactory(username="1103", name="范文", roles=[Role.STAFF]),
                               department=org.it, post=org.post, supervisor=org.supervisor).user


@pytest.fixture
def types(db):
    return {leave_type.code: leave_type for leave_type in LeaveType.objects.all()}


@pytest.fixture
def balance(org):
    return LeaveBalance.objects.create(person=org.employee, year=2026, entitlement=Decimal("10"))


@pytest.fixture
def apply(org, types, colleague):
    def make(start, end, code="personal", start_half=Half.MORNING, end_half=Half.AFTERNOON, person=None,
             cover="colleague", **extra):
        person = person or org.employee
        return services.leave_apply(
            person=person, by=person, leave_type=types[code], starts_on=start, start_half=start_half, ends_on=end,
            end_half=end_half, reason=extra.pop("reason", "家中有事"), cover=colleague if cover == "colleague" else cover,
            **extra)
    return make


def decide_all(leave, decision=Decision.APPROVE, comment=""):
    """Walk the chain: each active step decided by its assignee."""
    while True:
        step = Step.objects.filter(request=leave.approval, state=Step.State.ACTIVE).select_related("assignee").first()
        if step is None:
            break
        step_decide(step=step, by=step.assignee, decision=decision, comment=comment)
        if decision != Decision.APPROVE:
            break
    leave.refresh_from_db()
    return leave


@pytest.fixture
def approve():
    return decide_all
