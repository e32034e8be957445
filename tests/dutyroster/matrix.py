"""Objects for the duty rows of tests/permission_matrix.py (see tests/core/test_permission_matrix.py).

信息科's roster of yesterday's month is published: the employee (1101) was on yesterday's main shift, handed over
with one item, wrote its log; next month's roster is a draft. A call comes from 心内科 (the outsider's department),
a complaint concerns the employee, the employee patrols 心内科 (the outsider confirms visits there), has overtime and
a finding. The matrix runs at the real date, so everything is relative to today.
"""

import datetime

from django.utils import timezone

from dutyroster.models import (Assignment, Complaint, DutyLog, DutyLogEntry, DutyType, EquipmentLoan, FaultCall, Finding,
                               Handover, HandoverItem, Overtime, PatrolArea, PatrolVisit, RegisterBook, RegisterEntry,
                               Roster, Rotation, Swap, month_start, next_month)
from dutyroster.services.feeds import feed_create


def _shift(org):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    roster, _ = Roster.objects.get_or_create(department=org.it, month=month_start(yesterday),
                                             defaults={"state": Roster.State.PUBLISHED})
    shift = Assignment(roster=roster, person=org.employee, day=yesterday, duty_type=DutyType.objects.get(code="main"))
    shift.set_times()
    shift.save()
    return shift


def arguments(org, key):
    now = timezone.now()
    if key == "duty_roster_month":
        return {"department": "it", "month": f"{_shift(org).roster.month:%Y-%m}"}
    if key == "duty_roster_published":
        return {"pk": _shift(org).roster_id}
    if key in ("duty_roster_draft", "duty_cell"):
        draft = Roster.objects.create(department=org.it, month=next_month(month_start(timezone.localdate())))
        if key == "duty_roster_draft":
            return {"pk": draft.pk}
        return {"pk": draft.pk, "person": org.employee.pk, "day": f"{draft.month:%Y-%m-%d}"}
    if key in ("duty_shift", "duty_log_shift"):
        shift = _shift(org)
        if key == "duty_log_shift":
            log = DutyLog.objects.create(assignment=shift, state=DutyLog.State.SUBMITTED)
            DutyLogEntry.objects.create(log=log, at=shift.starts_at, text="巡检机房", recorded_by=org.employee)
        return {"pk": shift.pk}
    if key == "duty_swap":
        return {"pk": Swap.objects.create(requester=org.employee, colleague=org.supervisor, given=_shift(org),
                                          reason="家中有事").pk}
    if key == "duty_feed":
        return {"token": feed_create(person=org.employee, by=org.employee)[1]}
    if key in ("duty_handover", "duty_handover_item"):
        handover = Handover.objects.create(outgoing=_shift(org))
        item = HandoverItem.objects.create(handover=handover, kind=HandoverItem.Kind.SPARE, name="备用机", quantity=2)
        return {"pk": handover.pk if key == "duty_handover" else item.pk}
    if key == "duty_rotation":
        return {"pk": Rotation.objects.create(department=org.it, duty_type=DutyType.objects.get(code="main"),
                                              name="主班", anchor_on=timezone.localdate()).pk}
    if key == "duty_register":
        return {"code": "backup"}
    if key == "duty_register_entry":
        return {"pk": RegisterEntry.objects.create(
            book=RegisterBook.objects.get(code="backup"), department=org.it, occurred_at=now, subject="HIS",
            content="全量备份", recorded_by=org.employee).pk}
    if key == "duty_loan":
        return {"pk": EquipmentLoan.objects.create(item="投影仪", department=org.ward, borrower="韩雪", lent_at=now,
                                                   lent_by=org.employee).pk}
    if key == "duty_call":
        return {"pk": _call(org, now).pk}
    if key == "duty_complaint":
        return {"pk": Complaint.objects.create(department=org.ward, person=org.employee, received_on=now.date(),
                                               text="响应慢", recorded_by=org.head).pk}
    if key in ("duty_area", "duty_visit"):
        area = PatrolArea.objects.create(name="内科片区", person=org.employee, starts_on=timezone.localdate())
        area.departments.set([org.ward])
        area.confirmers.set([org.outsider])
        if key == "duty_area":
            return {"pk": area.pk}
        return {"pk": PatrolVisit.objects.create(area=area, department=org.ward, person=org.employee, visited_at=now,
                                                 work="巡检").pk}
    if key == "duty_overtime":
        return {"pk": Overtime.objects.create(person=org.employee, starts_at=now - datetime.timedelta(hours=4),
                                              ends_at=now, work="升级", state=Overtime.State.NO_BONUS).pk}
    if key == "duty_finding":
        return {"pk": Finding.objects.create(key="matrix", kind=Finding.Kind.RESPONSE_LATE, person=org.employee,
                                             department=org.it, occurred_on=now.date(), facts="响应超时",
                                             state=Finding.State.OPEN, call=_call(org, now)).pk}
    raise KeyError(key)


def _call(org, now):
    return FaultCall.objects.create(department=org.ward, caller="韩雪", received_at=now, summary="打印机卡纸",
                                    received_by=org.outsider, taken_by=org.employee, response_minutes=15,
                                    unattended_minutes=60, outage_hours=12)
