"""The duty history of the demo hospital for seed_demo, mostly made through the services.

信息科's rotations (总值班 by week for the head and deputy; 值主班, 值白班 and 值白付班 among the engineers) draft
last month's and this month's rosters (the draft skips whoever is busy, on leave or resting); any conflict left
(nobody in the rotation free) is fixed the way a head would, by giving the duty to someone free, and both months
are published.
Then the fortnight behind today: every main shift handed over and taken over (one count disputed, waiting for the
head), the logs signed by the team leader 张伟 (one day without a log, one log waiting for his signature), the
registers and loans, fault calls (one answered 32 minutes late: a finding offered on the scorecard; one ticket
just in), a complaint about that call, the patrol areas (a visit confirmed by the head nurse of 心内科, one waiting,
a missed week proposed as F15), overtime with and without the bonus, two breaches witnessed on duty (the service
phone left ringing 8 minutes, recorded by the head as Q6; a day shift that would not go where the main shift sent
it, recorded by the main shift as Q7a). Idempotent: nothing is added once a roster
exists. History older than the services allow (logs are written during the shift) is written with its own dates.
"""

import datetime

from django.db.models import Count
from django.utils import timezone

from approvals.models import Step
from approvals.services import Decision, step_decide

from core.errors import ServiceError
from staff.models import Department, User

from .models import (Assignment, BreachKind, DutyLog, DutyLogEntry, DutyType, EquipmentLoan, Handover, HandoverItem,
                     PatrolArea, PatrolVisit, RegisterBook, RegisterEntry, Roster, Rotation, TeamLeader, month_start,
                     previous_month)
from .selectors import eligible_people, roster_grid
from .services import breaches, calls, handover, overtime, patrols, records, swaps
from .services import roster as roster_services

ORDER = 80  # seed_demo runs the demos in this order (core/management/commands/seed_demo.py)

ENGINEERS = ["1003", "1004", "1005", "1006", "1007"]
LOG_LINES = {
    "main": ["接门诊药房电话：处方打印机卡纸，电话指导处理", "巡检机房：温湿度正常，UPS 运行正常",
             "急诊科报 HIS 登录慢，查为网络交换机端口故障，已更换端口"],
    "day": ["下科室维修：儿科护士站打印机更换硒鼓，填写硬件维护表", "检验科 LIS 条码打印机驱动重装"],
    "day_aux": ["室内卫生已完成，值班室、机房地面及桌面清洁", "整理备用机，登记借出物品"],
    "general": ["安排当天工作：上午机房巡检，下午门诊自助机升级", "总值班电话全天畅通"],
}


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _past(moment):
    """The demo is built at any hour: a time of today not reached yet becomes a minute ago."""
    return min(moment, timezone.now() - datetime.timedelta(minutes=1))


def _rotations(it, head, people, first):
    monday = first - datetime.timedelta(days=first.weekday())
    types = {duty_type.code: duty_type for duty_type in DutyType.objects.all()}
    plans = [
        ("总值班（每周一轮）", "general", Rotation.Frequency.WEEKLY, "0", 7, Rotation.Days.ALL, monday,
         ["1001", "1002"]),
        ("值主班", "main", Rotation.Frequency.DAILY, "", 1, Rotation.Days.ALL, first, ENGINEERS),
        ("值白班（工作日）", "day", Rotation.Frequency.DAILY, "", 1, Rotation.Days.WORKDAYS, first,
         ["1005", "1006", "1007", "1003", "1004"]),
        ("值白付班（工作日）", "day_aux", Rotation.Frequency.DAILY, "", 1, Rotation.Days.WORKDAYS, first,
         ["1007", "1008", "1003", "1004", "1005", "1006"]),
    ]
    for name, code, frequency, weekdays, days, which, anchor, members in plans:
        rotation = Rotation(department=it, duty_type=types[code], name=name, frequency=frequency, weekdays=weekdays,
                            days_per_turn=days, days=which, anchor_on=anchor)
        roster_services.rotation_save(rotation=rotation, members=[people[n] for n in members if n in people],
                                      by=head)


def _fix_conflicts(roster, head):
    """What the head does with a draft: each duty with a hard conflict goes to the free person with fewest duties."""
    for _round in range(60):
        grid = roster_grid(roster)
        if not grid.conflicts:
            return
        assignment = grid.conflicts[0][0]
        load = dict(roster.assignments.values("person").annotate(n=Count("pk")).values_list("person", "n"))
        free = sorted(eligible_people(roster, assignment.duty_type, assignment.day, exclude={assignment.person_id}),
                      key=lambda person: (load.get(person.pk, 0), person.username))
        if free:
            roster_services.assignment_reassign(assignment=assignment, person=free[0], by=head)
        else:
            roster_services.cell_set(roster=roster, person=assignment.person, day=assignment.day, by=head,
                                     duty_types=[a.duty_type for a in roster.assignments.filter(
                                         person=assignment.person, day=assignment.day).exclude(pk=assignment.pk)])


def _month(it, head, first):
    roster = roster_services.roster_open(department=it, month=first, by=head)
    roster_services.roster_draft(roster=roster, by=head)
    _fix_conflicts(roster, head)
    roster_services.roster_publish(roster=roster, by=head)
    return roster


def seed():
    if Roster.objects.exists():
        return 0
    people = {user.username: user for user in User.objects.filter(
        username__in=["1001", "1002", *ENGINEERS, "1008", "4001", "4003", "4101", "4102", "3002"]
    ).select_related("profile")}
    it = Department.objects.filter(code="it").first()
    if it is None or it.head is None or any(number not in people for number in ["1001", "1002", *ENGINEERS]):
        return 0
    head = it.head
    today = timezone.localdate()
    this_month = month_start(today)
    last_month = previous_month(this_month)
    TeamLeader.objects.get_or_create(department=it, person=people["1003"])
    _rotations(it, head, people, last_month)
    rosters = [_month(it, head, last_month), _month(it, head, this_month)]
    created = sum(roster.assignments.count() for roster in rosters)
    created += _registers(it, people, today)  # the loans first: every handover carries them
    created += _handovers(people, today)
    created += _logs(people, today)
    created += _calls(people, today)
    created += _patrols(people, last_month, today)
    created += _overtime(people, today)
    created += _breaches(head, today)
    created += _swaps(people)
    return created


# The fortnight behind today ----------------------------------------------------------------------------------------

ITEMS = [
    (HandoverItem.Kind.SPARE, "备用台式机（联想 M4600）", 3, "信息科库房2台、门诊挂号处1台"),
    (HandoverItem.Kind.SPARE, "备用打印机（得实 DS-1930）", 1, "信息科库房"),
    (HandoverItem.Kind.TOOL, "维修工具（网线钳、测线仪、螺丝刀套装）", 3, "值班室工具柜"),
    (HandoverItem.Kind.PENDING, "门诊3楼自助机打印异常，待厂家上门", 1, "已联系厂家，约明日上午"),
]


def _main_shifts(today, days):
    start = _at(today - datetime.timedelta(days=days), 0)
    return list(Assignment.objects.published().filter(duty_type__needs_handover=True, starts_at__gte=start,
                                                      starts_at__lte=timezone.now())
                .select_related("person", "duty_type", "roster").order_by("starts_at"))


def _handovers(people, today):
    """Every main shift of the last fortnight handed over and taken over; the one of two days ago disputed; today's
    being recorded."""
    shifts = _main_shifts(today, handover.LOOKBACK_DAYS)
    made = 0
    for shift in shifts:
        record = handover.handover_start(assignment=shift, by=shift.person)
        if not record.items.filter(kind=HandoverItem.Kind.SPARE).exists():
            for kind, name, count, where in ITEMS:
                handover.item_add(handover=record, by=shift.person, kind=kind, name=name, quantity=count,
                                  location=where)
        made += 1
        if shift.ends_at > timezone.now():
            continue  # today's shift: the handover is being recorded
        record = handover.handover_submit(handover=record, by=shift.person, note="交接清楚，无遗留问题。")
        if record.incoming_id is None:
            continue
        disputed = shift.day == today - datetime.timedelta(days=2)
        for item in record.items.all():
            if disputed and item.kind == HandoverItem.Kind.SPARE and item.quantity == 3:
                handover.item_check(item=item, by=record.incoming.person, confirmed=False, counted=2,
                                    note="库房只有1台，门诊挂号处1台，少1台")
            else:
                handover.item_check(item=item, by=record.incoming.person, confirmed=True)
        record = handover.handover_take_over(handover=record, by=record.incoming.person)
        Handover.objects.filter(pk=record.pk).update(handed_over_at=shift.ends_at - datetime.timedelta(minutes=10),
                                                     taken_over_at=shift.ends_at + datetime.timedelta(minutes=5))
    return made


def _logs(people, today):
    """Signed logs for every finished shift of both months — but no log on the main shift of three days ago, and
    yesterday's day shift submitted and waiting for the team leader."""
    leader, deputy = people["1003"], people["1002"]
    shifts = list(Assignment.objects.published().filter(duty_type__needs_log=True, ends_at__lte=timezone.now())
                  .select_related("duty_type", "person"))
    missing = today - datetime.timedelta(days=3)
    waiting = today - datetime.timedelta(days=1)
    made = 0
    for shift in shifts:
        if shift.day == missing and shift.duty_type.code == "main":
            continue
        log = DutyLog.objects.create(assignment=shift)
        lines = LOG_LINES.get(shift.duty_type.code, LOG_LINES["day"])
        DutyLogEntry.objects.bulk_create([
            DutyLogEntry(log=log, at=shift.starts_at + datetime.timedelta(hours=1 + 2 * n), text=line,
                         recorded_by=shift.person) for n, line in enumerate(lines)])
        if shift.day == waiting and shift.duty_type.code == "day":
            records.log_submit(assignment=shift, by=shift.person)
            continue
        signer = deputy if shift.person_id == leader.pk else leader
        DutyLog.objects.filter(pk=log.pk).update(state=DutyLog.State.SIGNED, submitted_at=shift.ends_at,
                                                 signed_by=signer, signed_at=_past(shift.ends_at + datetime.timedelta(hours=2)))
        made += 1
    return made


def _registers(it, people, today):
    books = {book.code: book for book in RegisterBook.objects.all()}
    made = 0
    for days_back in range(1, 11):
        day = today - datetime.timedelta(days=days_back)
        person = people[ENGINEERS[days_back % len(ENGINEERS)]]
        rows = [("security", "核心交换机、防火墙", "检查防火墙日志及入侵告警，无异常")]
        if days_back != 4:  # one day without the backup entry: listed on the register
            rows.append(("backup", "HIS 数据库（Oracle）", "全量备份完成，备份文件已校验，异地备份同步"))
        rows.append(("room_log", "主机房", "温度22℃、湿度45%，UPS、空调运行正常"))
        for code, subject, content in rows:
            RegisterEntry.objects.create(book=books[code], department=it, occurred_at=_at(day, 9, 30), subject=subject,
                                         content=content, recorded_by=person,
                                         signed_by=people["1003"] if person != people["1003"] else people["1002"],
                                         signed_at=_at(day, 17))
            made += 1
    records.register_entry_add(book=books["software"], by=people["1004"], occurred_at=_past(_at(today, 8, 40)),
                               subject="HIS 门诊医生站", content="升级至 V5.2.3（修复处方打印格式），已通知门诊各科室",
                               outcome=RegisterEntry.Outcome.NORMAL)
    wards = {d.code: d for d in Department.objects.filter(code__in=["cardiology", "medical", "pediatrics"])}
    if len(wards) == 3:
        EquipmentLoan.objects.create(item="备用台式机（联想 M4600）", asset_number="XX-2019-0342", is_spare_machine=True,
                                     department=wards["cardiology"], borrower="韩雪", lent_at=_at(today - datetime.timedelta(days=5), 10),
                                     due_on=today + datetime.timedelta(days=3), lent_by=people["1005"], note="护士站主机维修期间借用")
        EquipmentLoan.objects.create(item="便携投影仪", department=wards["medical"], borrower="冯志远",
                                     lent_at=_at(today - datetime.timedelta(days=9), 14), due_on=today - datetime.timedelta(days=2),
                                     lent_by=people["1006"])
        EquipmentLoan.objects.create(item="扫码枪", quantity=2, department=wards["pediatrics"], borrower="邓佳",
                                     lent_at=_at(today - datetime.timedelta(days=12), 9), lent_by=people["1007"],
                                     returned_at=_at(today - datetime.timedelta(days=8), 16), returned_to=people["1007"])
        made += 3
    return made + 1


def _duty_person(moment):
    shift = (Assignment.objects.published().filter(duty_type__code="main", starts_at__lte=moment, ends_at__gt=moment)
             .select_related("person").first())
    return shift.person if shift else None


def _calls(people, today):
    departments = {d.code: d for d in Department.objects.filter(
        code__in=["cardiology", "surgery", "pediatrics", "laboratory", "pharmacy"])}
    if len(departments) < 5:
        return 0
    made = 0
    history = [
        # days back, hour, department, caller, summary, minutes to respond, minutes to handle, minutes to resolve
        (3, 9, "pharmacy", "林海", "门诊药房处方打印机卡纸", 0, 5, 20),
        (3, 15, "pediatrics", "邓佳", "护士站电脑无法开机", 3, 12, 55),
        (2, 10, "cardiology", "韩雪", "护士工作站无法打印腕带", 32, 40, 90),
        (2, 14, "laboratory", "曹阳", "LIS 系统无法登录，检验科停工", 0, 6, 185),
        (1, 11, "surgery", "唐俊", "手术室麻醉系统显示器黑屏", 2, 15, 45),
    ]
    for days_back, hour, code, caller, summary, respond, handle, resolve in history:
        received = _at(today - datetime.timedelta(days=days_back), hour, 5)
        person = _duty_person(received)
        if person is None:
            continue
        call = calls.call_record(by=person, department=departments[code], caller=caller, summary=summary,
                                 received_at=received, responded_by_phone=respond == 0, is_major=code == "laboratory",
                                 caller_phone="6" + str(1000 + days_back * 37 + hour), location=departments[code].name)
        if respond:
            call = calls.call_respond(call=call, by=person, at=received + datetime.timedelta(minutes=respond))
        call = calls.call_start(call=call, by=person, at=received + datetime.timedelta(minutes=handle))
        calls.call_resolve(call=call, by=person, resolution="已到现场处理，恢复正常。",
                           at=received + datetime.timedelta(minutes=resolve))
        made += 1
        if code == "cardiology" and "4001" in people:
            try:
                calls.complaint_record(by=people["1001"], person=call.taken_by, department=departments[code],
                                       received_on=received.date(), call=call,
                                       complaint_text="心内科反映：护士站腕带打印故障报修后半小时才响应，影响新入院患者处理。")
            except ServiceError:
                pass  # the head cannot record a complaint about himself
    reporter = people.get("4102")
    if reporter is not None:
        calls.call_record(by=reporter, department=reporter.profile.department, summary="医生工作站打不开电子病历",
                          details="普外科第2医生办公室，点开病历模块后一直转圈。", location="普外科医生办公室",
                          caller_phone="6302", received_at=timezone.now() - datetime.timedelta(minutes=5))
        made += 1
    return made


def _patrols(people, last_month, today):
    departments = {d.code: d for d in Department.objects.filter(code__in=["cardiology", "pediatrics", "surgery",
                                                                          "laboratory"])}
    if len(departments) < 4 or "4003" not in people:
        return 0
    inner = PatrolArea.objects.create(name="内科片区", person=people["1006"], starts_on=last_month)
    inner.departments.set([departments["cardiology"], departments["pediatrics"]])
    inner.confirmers.set([people["4003"]])
    outer = PatrolArea.objects.create(name="外科片区", person=people["1007"], starts_on=last_month)
    outer.departments.set([departments["surgery"], departments["laboratory"]])
    this_week = patrols.week_start(today)
    made = 2
    monday = patrols.week_start(last_month) + datetime.timedelta(days=7)
    while monday < this_week:
        for area, department, confirmer in ((inner, departments["cardiology"], people["4003"]),
                                            (outer, departments["surgery"], people.get("4101"))):
            if area is outer and monday == this_week - datetime.timedelta(days=14):
                continue  # the week 外科片区 was missed: proposed as F15
            when = _at(monday + datetime.timedelta(days=2), 15)
            PatrolVisit.objects.create(area=area, department=department, person=area.person, visited_at=when,
                                       work="检查护士站、医生办公室电脑及打印机运行情况，清理打印机", state=PatrolVisit.State.CONFIRMED,
                                       confirmed_by=confirmer, confirmed_at=when + datetime.timedelta(hours=1))
            made += 1
        monday += datetime.timedelta(days=7)
    # This week: 心内科's head nurse confirms in the app; 儿科's visit still waits.
    visited = max(_at(this_week, 10), timezone.now() - datetime.timedelta(days=1))
    visit = patrols.visit_record(area=inner, by=inner.person, department=departments["cardiology"],
                                 visited_at=min(visited, timezone.now()), work="护士站3台电脑系统更新、打印机清洁",
                                 problems="1台显示器偏色，已登记报修")
    patrols.visit_confirm(visit=visit, by=people["4003"], confirmed=True, note="服务及时，已签名确认")
    patrols.visit_record(area=inner, by=inner.person, department=departments["pediatrics"],
                         visited_at=timezone.now() - datetime.timedelta(hours=1), work="检查护士站电脑、扫码枪")
    patrols.propose_missed_weeks(today=today)
    return made + 2


def _overtime(people, today):
    made = 0
    for days_back in range(1, 8):
        day = today - datetime.timedelta(days=days_back)
        start, end = _at(day, 18), _at(day, 22)
        free = [number for number in ENGINEERS if not Assignment.objects.filter(
            person=people[number], starts_at__lt=end, ends_at__gt=start).exists()]
        if free:
            overtime.overtime_record(by=people[free[0]], starts_at=start, ends_at=end,
                                     work="配合 HIS 升级，夜间切换数据库并验证")
            made += 1
            break
    shift = (Assignment.objects.published().filter(duty_type__code="main", ends_at__lte=timezone.now())
             .order_by("-starts_at").select_related("person").first())
    if shift is not None:
        overtime.overtime_record(by=shift.person, starts_at=shift.starts_at + datetime.timedelta(hours=10),
                                 ends_at=shift.starts_at + datetime.timedelta(hours=13), work="值主班期间处理机房空调告警")
        made += 1
    return made


def _breaches(head, today):
    """Q6 on the last finished main shift (by the head); Q7a on a day shift of the week, by that day's main shift."""
    kinds = {kind.code: kind for kind in BreachKind.objects.filter(code__in=["phone_service", "disobeyed"])}
    finished = Assignment.objects.published().filter(ends_at__lte=timezone.now(), starts_at__gte=_at(
        today - datetime.timedelta(days=7), 0)).select_related("duty_type", "person", "roster__department")
    made = 0
    main = finished.filter(duty_type__code="main").exclude(person=head).order_by("-starts_at").first()
    if main is not None and "phone_service" in kinds:
        try:
            breaches.breach_record(assignment=main, kind=kinds["phone_service"], by=head, minutes=8,
                                   occurred_at=main.starts_at + datetime.timedelta(hours=14),
                                   facts="急诊科打印机故障，服务电话8分钟无人接听，护士长电话投诉至科主任。")
            made += 1
        except ServiceError:
            pass
    for day_shift in finished.filter(duty_type__code="day").order_by("-starts_at"):
        lead = finished.filter(duty_type__code="main", day=day_shift.day).exclude(person=day_shift.person).first()
        if lead is None or "disobeyed" not in kinds:
            continue
        try:
            breaches.breach_record(assignment=day_shift, kind=kinds["disobeyed"], by=lead.person,
                                   occurred_at=day_shift.starts_at + datetime.timedelta(hours=2),
                                   facts="安排去门诊药房更换打印机，无故拒绝，称不是自己的片区。")
            made += 1
        except ServiceError:
            pass
        break
    return made


SWAP_REASONS = ["孩子学校家长会", "需陪家人去医院复查", "参加省卫健委信息化培训", "家中老人生日"]


def _first_fitting_swap(ahead, used, people, reason):
    """An exchange of two duties of the same kind ahead, or else a colleague covering one, that fits the rules."""
    for given in ahead:
        if given.pk in used:
            continue
        partners = [taken for taken in ahead if taken.pk not in used and taken.person_id != given.person_id
                    and taken.duty_type_id == given.duty_type_id and taken.starts_at > given.starts_at]
        for taken in partners + [None]:
            colleagues = [taken.person] if taken else [people[n] for n in ENGINEERS if people[n].pk != given.person_id]
            for colleague in colleagues:
                try:
                    swap = swaps.swap_ask(given=given, by=given.person, colleague=colleague, taken=taken,
                                          reason=reason)
                except ServiceError:
                    continue
                used |= {given.pk, *([taken.pk] if taken else [])}
                return swap
    return None


def _swaps(people):
    """Swaps in every state: approved (the roster changed), waiting for the head, waiting for the colleague,
    declined. Each is tried on the next duties ahead until the exchange fits the roster's rules."""
    ahead = list(Assignment.objects.published().filter(starts_at__gt=timezone.now() + datetime.timedelta(days=1),
                                                       person__username__in=ENGINEERS)
                 .select_related("person", "duty_type", "roster").order_by("starts_at"))
    made, used = 0, set()
    for outcome, reason in zip(("approved", "pending", "asked", "declined"), SWAP_REASONS):
        swap = _first_fitting_swap(ahead, used, people, reason)

        if swap is None:
            break
        made += 1
        if outcome == "declined":
            swaps.swap_answer(swap=swap, by=swap.colleague, accept=False, note="那天已有安排")
        elif outcome in ("approved", "pending"):
            swap = swaps.swap_answer(swap=swap, by=swap.colleague, accept=True, note="没问题")
            if outcome == "approved":
                step = Step.objects.get(request=swap.approval, state=Step.State.ACTIVE)
                step_decide(step=step, by=step.assignee, decision=Decision.APPROVE, comment="同意")
    return made
