"""Objects for the permission matrix's authz rows (tests/permission_matrix.py, tests/core/test_permission_matrix.py).

Around the base fixture (see hospital.py): 艾琳 (outsider, a 心内科 nurse) asks for 护士工作站; 艾丽 (employee, IT
staff) holds a grant, proposes a privileged change and an outside technician's access; her revocation is
certified; the IT department's access review is open.
"""

import datetime

from django.utils import timezone

from approvals.services import Decision, step_decide
from authz import services
from authz.models import AccessReview, KeyActivityKind

from .hospital import Hospital, active_step, approve_until_it, draft, granted, submitted, system


def _revocation(hospital):
    person = hospital.org.employee
    granted(person, hospital.it2, "doctor_ws", ("门诊医生",), account_id="aili")
    revocation = services.revocation_create(person=person, reason="transfer", effective_on=timezone.localdate(),
                                            by=person)
    services.subject_submit(subject=revocation, by=person)
    for signer in (hospital.org.head, hospital.hr2):
        step_decide(step=active_step(revocation), by=signer, decision=Decision.APPROVE)
    return services.revocation_execute(revocation=revocation, by=hospital.it2)


def _change(hospital):
    start = timezone.now() + datetime.timedelta(days=1)
    change = services.privileged_change_create(
        by=hospital.org.employee, title="交换机固件升级", target_kind="network", target="CS-01", plan="升级",
        steps="1. 备份 2. 升级", rollback_plan="回退", window_start=start,
        window_end=start + datetime.timedelta(hours=2))
    services.subject_submit(subject=change, by=hospital.org.employee)
    return change


def _external(hospital):
    start = timezone.now() + datetime.timedelta(days=1)
    access = services.external_access_create(
        by=hospital.org.employee, technician_name="马工", company="东华软件", purpose="排查",
        system=system("doctor_ws"), terminal="OPS-02", supervisor=hospital.org.employee, starts_at=start,
        ends_at=start + datetime.timedelta(hours=4))
    services.subject_submit(subject=access, by=hospital.org.employee)
    return access


def _review(hospital):
    granted(hospital.org.employee, hospital.it2, "doctor_ws", ("门诊医生",), account_id="aili")
    services.access_reviews_open()
    return AccessReview.objects.get(department=hospital.org.it)


def _activity(hospital):
    activity = services.key_activity_create(
        by=hospital.org.employee, kind=KeyActivityKind.objects.get(code="network"), title="心内科新病区接入内网",
        description="新病区 20 个信息点接入医院内网。", scope="心内科新病区")
    services.subject_submit(subject=activity, by=hospital.org.employee)
    return activity


def arguments(org, key):
    hospital = Hospital(org)
    if key == "authz_account_request":
        return {"pk": submitted(hospital.nurse).pk}
    if key == "authz_account_at_it":  # every approval given: the consent form can be printed
        account_request = submitted(hospital.nurse)
        approve_until_it(account_request, consent=False)
        return {"pk": account_request.pk}
    if key == "authz_activity":
        return {"pk": _activity(hospital).pk}
    if key == "authz_account_draft":
        return {"pk": draft(hospital.nurse).pk}
    if key == "authz_account_draft_approval":
        return {"approval_pk": draft(hospital.nurse).approval_id}
    if key == "authz_revocation":
        return {"pk": _revocation(hospital).pk}
    if key == "authz_change":
        return {"pk": _change(hospital).pk}
    if key == "authz_external":
        return {"pk": _external(hospital).pk}
    if key == "authz_review":
        return {"pk": _review(hospital).pk}
    if key == "authz_review_item":
        return {"pk": _review(hospital).items.get().pk}
    raise KeyError(key)
