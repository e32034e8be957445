"""Objects for the leave rows of tests/permission_matrix.py (see tests/core/test_permission_matrix.py)."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.workdays import add_working_days
from leave import services
from leave.lateness import lateness_record
from leave.models import Half, LeaveBalance, LeaveType
from core.roles import Role
from tests.factories import StaffProfileFactory, UserFactory


def _next_working_day():
    return add_working_days(timezone.localdate(), 1)


def arguments(org, key):
    person = org.employee
    if key == "leave_balance":
        return {"pk": LeaveBalance.objects.create(person=person, year=2026, entitlement=Decimal("5")).pk}
    if key == "leave_lateness":  # 20 minutes late: no fine covers it, waiting for the head's decision
        lateness = lateness_record(person=person, by=org.supervisor, occurred_on=timezone.localdate(),
                                   half=Half.MORNING, kind="late", minutes=20, note="打卡记录")
        return {"pk": lateness.pk}
    day = _next_working_day()
    code = "sick" if key == "leave_sick" else "personal"
    document = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n%test\n") if code == "sick" else None
    cover = StaffProfileFactory(user=UserFactory(username="1103", name="范文", roles=[Role.STAFF]),
                                department=org.it, post=org.post, supervisor=org.supervisor).user
    leave = services.leave_apply(
        person=person, by=person, leave_type=LeaveType.objects.get(code=code), starts_on=day,
        start_half=Half.MORNING, ends_on=day, end_half=Half.AFTERNOON,
        reason="家中有事", cover=cover, document=document)
    return {"pk": leave.pk}
