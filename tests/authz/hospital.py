"""The people around the base fixture that authorization needs, and short ways through a request's life.

On top of tests/conftest.py's org (IT: head 查理 1100, deputy 鲍勃 1102, staff 艾丽 1101; HR 多拉 2100;
心内科 nurse 艾琳 4100; admin 管理 9100):
- vp 郑院长 0100: 分管院长, head of 院领导 (which owns the hospital-wide systems)
- medical_head 冯主任 3100 (医务科: 医生工作站, 医技工作站, 病案管理系统), nursing_head 何主任 3200 (护士工作站),
  finance_head 高主任 3300 (住院处, 收款室)
- ward_head 罗主任 4900: head of 心内科; nurse is org.outsider (艾琳), doctor 梁医生 4101 in 心内科
- it2 张工 1105: a second IT staff member (IT executes; two technicians for a privileged change)
- hr2 吴芳 2101: a second HR member
The migration has loaded the catalogue and the request types; only heads are added here.
"""

import pytest
from django.contrib.auth import get_user_model

from approvals.models import Step
from approvals.services import Decision, step_decide
from authz import services
from authz.models import AccountRequest, InformationSystem, PermissionSet
from core.roles import Role
from staff.models import Department, ProfessionalTitle
from tests.factories import StaffProfileFactory, UserFactory


def reference_data():
    """What the migrations load and a transactional test's flush removes: the posts and the authorization policy
    (catalogue, request types and their rules). Idempotent; for tests with django_db(transaction=True)."""
    import importlib

    from django.apps import apps

    from authz import policy
    from staff import ranks

    importlib.import_module("staff.migrations.0002_seed_posts").load_posts(apps, None)
    ranks.load(apps)
    policy.load(apps)


@pytest.fixture
def policy_loaded(transactional_db):
    """For transactional tests: a previous one's flush may have removed the reference data."""
    reference_data()


def person(username, name, department, roles, **profile):
    return StaffProfileFactory(user=UserFactory(username=username, name=name, roles=roles), department=department,
                               **profile).user


def lead(department, head):
    department.head = head
    department.save(update_fields=["head"])


class Hospital:
    def __init__(self, org):
        self.org = org
        departments = {d.code: d for d in Department.objects.filter(
            code__in=["leadership", "medical", "nursing", "finance", "pharmacy"])}
        self.vp = person("0100", "郑院长", departments["leadership"], [Role.VP_IT])
        lead(departments["leadership"], self.vp)
        self.medical_head = person("3100", "冯主任", departments["medical"], [Role.DEPARTMENT_HEAD, Role.SYSTEM_OWNER])
        lead(departments["medical"], self.medical_head)
        self.nursing_head = person("3200", "何主任", departments["nursing"], [Role.DEPARTMENT_HEAD, Role.SYSTEM_OWNER])
        lead(departments["nursing"], self.nursing_head)
        self.finance_head = person("3300", "高主任", departments["finance"], [Role.DEPARTMENT_HEAD, Role.SYSTEM_OWNER])
        lead(departments["finance"], self.finance_head)
        self.ward_head = person("4900", "罗主任", org.ward, [Role.DEPARTMENT_HEAD])
        lead(org.ward, self.ward_head)
        self.nurse = org.outsider
        self.doctor = person("4101", "梁医生", org.ward, [Role.STAFF],
                             professional_title=ProfessionalTitle.objects.get_or_create(name="主治医师")[0])
        self.it = org.employee
        self.it2 = person("1105", "张工", org.it, [Role.STAFF])
        self.hr = org.hr
        self.hr2 = person("2101", "吴芳", org.hr_department, [Role.HR])


def system(code):
    return InformationSystem.objects.get(code=code)


def sets(code, *names):
    found = list(PermissionSet.objects.filter(system__code=code, name__in=names))
    assert len(found) == len(names), names
    return found


def draft(applicant, code="nurse_ws", names=("病区护士",), kind=AccountRequest.Kind.NEW, removed=()):
    return services.account_request_create(
        applicant=applicant, by=applicant, kind=kind, system=system(code), permission_sets=sets(code, *names),
        removed_sets=sets(code, *removed) if removed else [], reason="新入科，需要书写护理记录。")


def submitted(applicant, *args, **kwargs):
    account_request = draft(applicant, *args, **kwargs)
    services.subject_submit(subject=account_request, by=applicant)
    account_request.approval.refresh_from_db()
    return account_request


def active_step(subject):
    return Step.objects.get(request=subject.approval_id, state=Step.State.ACTIVE)


def approve_until_it(subject, consent=True):
    """Every approval step decided by its assignee; stops at IT's EXECUTE step (or at the end). For an account
    request IT then records the signed consent form (人员授权审批制度 七), unless `consent` is False."""
    while True:
        step = Step.objects.filter(request=subject.approval_id, state=Step.State.ACTIVE).first()
        if step is None or step.kind == "execute":
            subject.approval.refresh_from_db()
            if consent and isinstance(subject, AccountRequest) and subject.consent_received_at is None:
                it = get_user_model().objects.get(username="1101")  # 艾丽, IT staff of the base org
                subject.consent_received_at = services.consent_received(account_request=subject,
                                                                        by=it).consent_received_at
            return step
        step_decide(step=step, by=step.assignee, decision=Decision.APPROVE, comment="同意")


def granted(applicant, it, code="nurse_ws", names=("病区护士",), account_id=None):
    """A new account carried out end to end: the applicant holds the sets."""
    account_request = submitted(applicant, code, names)
    approve_until_it(account_request)
    return services.account_request_execute(account_request=account_request, by=it,
                                            account_id=account_id or f"u{applicant.username}",
                                            password_delivered=True)
