"""Six months of the IT department's discipline history for seed_demo, recorded through the services.

Some incidents repeat within a month and double (依次加倍), one is appealed and reduced, one appealed and
cancelled; this month's incidents are still open: to acknowledge, an appeal to decide, a proposal from
the leave records to confirm. Idempotent: nothing is added once the demo people have any incident.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from staff.models import User

from . import services
from .models import Incident, IncidentEvent

ORDER = 30  # seed_demo runs the demos in this order (core/management/commands/seed_demo.py)

HEAD, DEPUTY = "1001", "1002"
PEOPLE = [HEAD, DEPUTY, "1003", "1004", "1005", "1006", "1007", "1008"]

# (months ago, day, person, rule, measured value (or loss and share in %), breaks hospital rules, facts, what follows)
# What follows: "ack", "open" (left for the person), "appeal:<reason>" (left for the head),
# "reduce:<amount>:<appeal>:<decision>", "cancel:<appeal>:<decision>", "proposed" (from the leave records).
HISTORY = [
    (5, 3, "1004", "F2", "4", False, "早上8:04到岗，未提前请假。", "ack"),
    (5, 5, "1006", "Q2", None, False, "无故迟到12分钟，门诊信息机房交班记录为证。", "ack"),
    (5, 12, "1007", "F10", None, False, "夜班结束未与白班交接，备用机去向不明。", "ack"),
    (5, 17, "1006", "Q2", None, False, "本月第二次无故迟到。", "ack"),
    (5, 20, "1005", "Q13", "3", False, "周六配合HIS升级加班3小时（非值主班）。", "ack"),
    (4, 8, "1006", "Q2", None, False, "无故迟到8分钟。", "ack"),
    (4, 9, "1007", "Q6", "8", False, "服务电话无人接听8分钟，儿科投诉打印机故障无人响应。", "ack"),
    (4, 15, "1003", "F12", "6", False, "总值班电话6分钟未接。", "ack"),
    (4, 21, "1007", "Q6", "7", False, "服务电话再次无人接听7分钟。", "ack"),
    (4, 22, "1004", "Q13", "2.5", False, "晚间配合防火墙策略调整加班2.5小时。", "ack"),
    (3, 4, "1005", "F13", None, False, "未参加8月第一周科周会。",
     "cancel:当天在机房处理数据库主备切换故障，已向李明副科长报备。:核实属实，当时在处理HIS数据库故障，撤销。"),
    (3, 19, "1006", "F3", "40", True, "上班时间擅自离岗40分钟外出办私事，违反医院劳动纪律。", "ack"),
    (3, 26, "1003", "Q5", "2", False, "交接班登记表两项漏填（备用机数量、待完成工作）。", "ack"),
    (2, 5, "1004", "Q7b", None, False, "值白付班当日卫生检查不合格。", "ack"),
    (2, 9, "1008", "F2", "3", False, "迟到3分钟。", "ack"),
    (2, 12, "1004", "Q7b", None, False, "卫生检查再次不合格。", "ack"),
    (2, 26, "1004", "Q7b", None, False, "本月第三次卫生检查不合格，机房地面有纸屑。",
     "reduce:6:节前全院大扫除标准临时提高，当天已按要求整改。:情况属实，考虑节前检查标准从严，减为6分。"),
    (2, 30, "1006", "Q13", "4", False, "国庆前夜配合网络割接加班4小时。", "ack"),
    (1, 3, "1007", "R19", None, False, "值班期间手机关机，急诊科两次联系不上。", "ack"),
    (1, 8, "1005", "Q13", "2", False, "配合财务系统月结加班2小时。", "ack"),
    (1, 14, "1003", "F16", None, False, "药剂科投诉：处方打印机报修当天未处理。", "ack"),
    (1, 15, "1005", "Q13", "3", False, "配合医保接口升级加班3小时。", "ack"),
    (1, 21, "1008", "Q9b", None, False, "机房巡检发现机柜顶部有灰尘。", "ack"),
    (1, 27, "1004", "R7", ("1200", "30"), False, "违反操作规程带电插拔导致交换机模块损坏，维修费1200元。", "ack"),
    (0, 3, "1006", "Q2", None, False, "无故迟到10分钟。", "ack"),
    (0, 6, "1007", "F19", None, False, "夜间值班期间睡觉，急诊电话由保安转告。", "open"),
    (0, 10, "1006", "Q2", None, False, "本月第二次无故迟到。", "ack"),
    (0, 12, "1003", "F9", "3", False, "总值班当天三项工作未安排（巡检、备份核查、工单派发）。",
     "appeal:当天系统升级占用全部人手，已在群里说明顺延，并非未安排。"),
    (0, 17, DEPUTY, "F13", None, False, "未参加科周会。", "ack"),
    (0, 18, "1006", "Q2", None, False, "本月第三次无故迟到。", "open"),
    (0, 20, "1005", "F4b", None, False, "经科主任批准请假半天（请假记录）。", "proposed"),
    (0, 21, "1008", "Q13", "2", False, "配合门诊自助机部署加班2小时。", "open"),
]


def _month_day(today, months_ago, day):
    """That day of the month `months_ago` before today's, kept within the month and not after today."""
    first = today.replace(day=1)
    for _step in range(months_ago):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return min(first + datetime.timedelta(days=day - 1), last, today)


def seed():
    users = {user.username: user for user in User.objects.filter(username__in=PEOPLE).select_related(
        "profile__department")}
    if len(users) < len(PEOPLE) or Incident.objects.filter(person__in=users.values()).exists():
        return 0
    today = timezone.localdate()
    created = 0
    for months_ago, day, number, code, measured, hospital_rules, facts, follows in HISTORY:
        person = users[number]
        occurred_on = _month_day(today, months_ago, day)
        if person.profile.hire_date and occurred_on < person.profile.hire_date:
            continue
        recorder = users[HEAD] if number == DEPUTY or created % 3 else users[DEPUTY]
        measured, percent = measured if isinstance(measured, tuple) else (measured, None)
        value = Decimal(measured) if measured else None
        if follows == "proposed":
            incident = services.incident_propose(person=person, rule_code=code, occurred_on=occurred_on, facts=facts,
                                                 source=Incident.Source.LEAVE, measured_value=value)
        else:
            incident = services.incident_record(person=person, rule_code=code, occurred_on=occurred_on, facts=facts,
                                                by=recorder, measured_value=value, breaks_hospital_rules=hospital_rules,
                                                compensation_percent=Decimal(percent) if percent else None)
        _follow(incident, follows, person, users[HEAD])
        _date_events(incident, occurred_on)
        created += 1
    return created


def _follow(incident, follows, person, head):
    kind, _sep, rest = follows.partition(":")
    if kind == "ack":
        services.incident_acknowledge(incident=incident, by=person)
    elif kind == "appeal":
        services.incident_appeal(incident=incident, by=person, reason=rest)
    elif kind == "reduce":
        amount, appeal, decision = rest.split(":")
        services.incident_appeal(incident=incident, by=person, reason=appeal)
        services.incident_reduce(incident=incident, by=head, reason=decision, amount=Decimal(amount))
    elif kind == "cancel":
        appeal, decision = rest.split(":")
        services.incident_appeal(incident=incident, by=person, reason=appeal)
        services.incident_cancel(incident=incident, by=head, reason=decision)


def _date_events(incident, occurred_on):
    """Spread the history over the days after the incident, as it would have happened (the audit log keeps
    the real time of the seeding)."""
    start = timezone.make_aware(datetime.datetime.combine(occurred_on, datetime.time(17, 30)))
    now = timezone.now()
    for offset, event in enumerate(IncidentEvent.objects.filter(incident=incident).order_by("pk")):
        IncidentEvent.objects.filter(pk=event.pk).update(at=min(start + datetime.timedelta(days=offset), now))
