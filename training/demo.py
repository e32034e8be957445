"""The training history of the demo hospital for seed_demo, made through the services with their own dates.

- 信息科's approved plan of the year (approved by the vice president in charge of IT, 分管院长);
- the year's sessions with attendance (QR and ticked), surveys, materials; 杨帆 (1006) is behind on hours;
- a session today, its sign-in open now (show the QR code as 王建国 or 李明, sign in on a phone as anyone);
- the question bank, the induction exam — 孙丽 (1008) failed it once and passed the retake, 吕明 (1009) passed it,
  so both may request accounts — and the weekly staff tests: 赵磊 (1007) failed this week's and has a retake;
- self-study (one waiting for the head), the month's slides, one short-answer paper waiting for marking;
- 吕明 (1009) hands in last month's scorecard late: the head reviews it with the training lines it proposed.

Idempotent: nothing is added once the department has a plan. History notifications are marked read.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from appraisal import demo as appraisal_demo
from appraisal import services as appraisal_services
from appraisal.models import Scorecard
from approvals.models import ApprovalRequest, Step
from approvals.services import Decision, step_decide
from notifications.models import Notification
from staff.models import Department, Post, User

from .models import (
    AudienceKind, ContentKind, Exam, Form, Plan, Question, Requirement, Session, Topic,
)
from .services import exams, external, hours, plans, sessions

ORDER = 90  # seed_demo runs the demos in this order (core/management/commands/seed_demo.py)

D = Decimal


def _at(day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


ITEMS = [
    # title, kind, form, requirement, months, audience, audience detail, trainer, hours, place, induction
    ("《网络安全法》与医院信息安全管理制度", ContentKind.KNOWLEDGE, Form.INTERNAL, Requirement.REQUIRED, (1, 3),
     AudienceKind.DEPARTMENT, None, "1004", "2", "信息科会议室", False),
    ("HIS系统运维与常见故障处理", ContentKind.SKILLS, Form.INTERNAL, Requirement.REQUIRED, (3, 11),
     AudienceKind.DEPARTMENT, None, "1003", "6", "信息科会议室", False),
    ("数据库备份与恢复演练", ContentKind.SKILLS, Form.INTERNAL, Requirement.REQUIRED, (4, 4),
     AudienceKind.POSTS, ["database_admin", "system_admin"], "1005", "2", "机房", False),
    ("网络设备配置与故障排查（业务学习小组）", ContentKind.SKILLS, Form.STUDY_GROUP, Requirement.ELECTIVE, (9, 9),
     AudienceKind.DEPARTMENT, None, "1006", "2", "信息科会议室", False),
    ("全院计算机用户安全使用培训", ContentKind.KNOWLEDGE, Form.LECTURE, Requirement.REQUIRED, (5, 5),
     AudienceKind.HOSPITAL, ["cardiology", "surgery", "pediatrics", "nursing"], "1004", "1.5", "门诊楼三楼报告厅",
     False),
    ("新进人员岗前培训（制度、系统操作、保密）", ContentKind.CONDUCT, Form.INTERNAL, Requirement.REQUIRED, (1, 12),
     AudienceKind.NEW_HIRES, None, "1002", "4", "信息科会议室", True),
    ("电子病历系统新版本操作", ContentKind.SKILLS, Form.INTERNAL, Requirement.REQUIRED, (11, 12),
     AudienceKind.DEPARTMENT, None, "1002", "2", "信息科会议室", False),
    ("业务学习小组（每月）", ContentKind.SKILLS, Form.STUDY_GROUP, Requirement.ELECTIVE, (2, 12),
     AudienceKind.DEPARTMENT, None, "1002", "8", "信息科会议室", False),
    ("医院信息化建设高级研修班（外派）", ContentKind.KNOWLEDGE, Form.EXTERNAL, Requirement.ELECTIVE, (6, 10),
     AudienceKind.PEOPLE, ["1003"], None, "16", "省卫健委培训中心", False),
]

# month, day, item index, title, hours, absent usernames, late usernames
SESSIONS = [
    (1, 14, 0, "《网络安全法》与信息安全管理制度学习", "2", {"1006"}, set()),
    (2, 25, 7, "业务学习小组：信息系统应急预案", "2", {"1006"}, set()),
    (3, 18, 1, "HIS系统运维（一）：挂号收费模块", "2", {"1006"}, {"1007"}),
    (4, 22, 2, "数据库备份与恢复演练", "2", set(), set()),
    (5, 20, 4, "全院计算机用户安全使用培训", "1.5", set(), set()),
    (6, 17, 1, "HIS系统运维（二）：住院医嘱模块", "2", {"1006", "1005"}, set()),
    (7, 15, 7, "业务学习小组：机房巡检规范", "2", {"1006"}, set()),
    (8, 19, 7, "业务学习小组：医保接口升级说明", "2", set(), set()),
    (9, 16, 3, "网络设备配置与故障排查", "2", set(), {"1004"}),
    (10, 21, 1, "HIS系统运维（三）：常见故障处理", "2", {"1006"}, set()),
    (11, 18, 0, "信息安全等级保护2.0要点", "2", {"1006"}, set()),
    (11, 25, 7, "业务学习小组：年终运维经验交流", "2", {"1006"}, set()),
]

QUESTIONS = {
    "信息安全法规": [
        (Question.Kind.SINGLE, "《网络安全法》自哪一年起施行？", [("2015年", False), ("2017年", True), ("2019年", False),
                                                             ("2021年", False)]),
        (Question.Kind.TRUE_FALSE, "工作人员可以把自己的工号和密码借给实习生临时使用。", False),
        (Question.Kind.MULTIPLE, "以下哪些行为违反信息安全管理制度？", [
            ("向非业务人员提供患者数据", True), ("在内网电脑上插入来历不明的U盘", True), ("离开座位时锁定屏幕", False),
            ("定期更换系统口令", False)]),
        (Question.Kind.SHORT, "发现有人正在泄露患者信息时，应当如何处理？", "立即制止并采取补救措施，及时向科室负责人和有关部门报告。"),
    ],
    "HIS运维": [
        (Question.Kind.SINGLE, "临床科室报修后，信息科应在多长时间内响应？", [("15分钟", False), ("30分钟", True),
                                                                    ("1小时", False), ("当天", False)]),
        (Question.Kind.TRUE_FALSE, "系统升级前应先在测试环境验证，并做好数据备份。", True),
        (Question.Kind.SINGLE, "交接班时未完成的故障应当：", [("口头告知即可", False), ("记录在交接班记录中并当面交接", True),
                                                         ("留到第二天处理", False)]),
    ],
    "数据库": [
        (Question.Kind.SINGLE, "数据库全量备份的频率至少应为：", [("每天", True), ("每月", False), ("每季度", False)]),
        (Question.Kind.TRUE_FALSE, "恢复演练可以直接在生产库上进行。", False),
        (Question.Kind.MULTIPLE, "备份登记应包括哪些内容？", [("备份时间", True), ("备份介质与位置", True),
                                                          ("操作人", True), ("个人电话", False)]),
    ],
    "岗前培训": [
        (Question.Kind.TRUE_FALSE, "新进人员考核通过后方可上机操作。", True),
        (Question.Kind.SINGLE, "初始口令应在什么时候修改？", [("一周内", False), ("收到通知的当天", True),
                                                      ("试用期结束时", False)]),
        (Question.Kind.MULTIPLE, "离岗前须交接的内容包括：", [("工号及密码", True), ("技术文档", True), ("分管的设备清单", True),
                                                        ("个人手机", False)]),
        (Question.Kind.SINGLE, "需要新增医生工作站权限时，应当：", [("请同事帮忙开通", False), ("由本人提出申请并经审批", True),
                                                            ("直接找信息科口头说明", False)]),
        (Question.Kind.TRUE_FALSE, "操作员可以在任意一台计算机上登录业务系统。", False),
    ],
}


def _people():
    return {user.username: user for user in User.objects.filter(username__in=[
        "0001", "1001", "1002", "1003", "1004", "1005", "1006", "1007", "1008", "1009", "1010", "4002", "4003",
        "4102", "4202"]).select_related("profile")}


def _pdf(title):
    from leave.demo import _certificate

    return _certificate(title)


def seed():
    it = Department.objects.filter(code="it").first()
    if it is None or Plan.objects.filter(department=it).exists():
        return 0
    people = _people()
    if "1001" not in people:
        return 0
    started = timezone.now()
    today = timezone.localdate()
    created = 0
    plan, items = _plan(it, people, today)
    created += 1 + len(items)
    created += _history(it, people, items, today)
    created += _bank_and_exams(it, people, today)
    # The past is history: its notifications are not news to anyone.
    Notification.objects.filter(created_at__gte=started).update(read_at=timezone.now())
    created += _current(it, people, items, today)
    _handed_in_late(people)
    return created


def _handed_in_late(people):
    """吕明 (1009) hands in last month's scorecard late: the head reviews it with the lines the training records
    propose (no lessons given, no slides uploaded), as any submission would."""
    person = people.get("1009")
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    scorecard = Scorecard.objects.filter(user=person, period=last_month, state=Scorecard.State.SELF_ASSESSMENT,
                                         submitted_at__isnull=True).first()
    if person is None or scorecard is None:
        return
    appraisal_demo.fill_self_assessment(scorecard, random.Random("1009-late"), reviewer_too=False)
    scorecard.save(update_fields=["summary_gains", "summary_losses"])
    appraisal_services.self_assessment_submit(scorecard=scorecard, by=person)


def _plan(it, people, today):
    year = today.year
    head = people["1001"]
    plan = plans.plan_create(by=head, department=it, year=year, title=f"{year}年度信息科培训计划",
                             goals="提高工作人员的业务技术水平和综合素质；每人全年专业培训不少于20学时；新进人员考核通过后方可上机操作。",
                             evaluation="上年度培训满意度平均4.2分；学员建议增加实际操作演练，本年度增加数据库恢复演练和网络设备实操。")
    posts = {post.code: post for post in Post.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    items = []
    for title, kind, form, requirement, months, audience, detail, trainer, hours_text, place, induction in ITEMS:
        first, last = months
        until = (datetime.date(year, last, 28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
        extra = {}
        if audience == AudienceKind.POSTS:
            extra["posts"] = [posts[code] for code in detail]
        elif audience == AudienceKind.HOSPITAL:
            extra["departments"] = [departments[code] for code in detail if code in departments]
        elif audience == AudienceKind.PEOPLE:
            extra["people"] = [people[code] for code in detail]
        items.append(plans.plan_item_save(
            plan=plan, by=head, title=title, content_kind=kind, description="", form=form, requirement=requirement,
            planned_from=datetime.date(year, first, 1), planned_until=until, schedule_note="", place=place,
            audience_kind=audience, trainer=people.get(trainer) if trainer else None,
            trainer_name="" if trainer else "省卫健委信息中心", planned_hours=D(hours_text), is_induction=induction,
            **extra))
    _approve(plan, people, today)
    plan.refresh_from_db()
    return plan, list(plan.items.select_related("plan", "trainer").order_by("order"))


def _decide_all(subject, comment="同意"):
    """Each active step approved by its assignee, through the engine."""
    while True:
        step = Step.objects.filter(request=subject.approval, state=Step.State.ACTIVE).select_related("assignee").first()
        if step is None:
            return
        step_decide(step=step, by=step.assignee, decision=Decision.APPROVE, comment=comment)


def _approve(plan, people, today):
    """The head submitted the plan in January and the vice president in charge of IT approved it (through the
    engine); the history keeps January's dates."""
    plan = plans.plan_submit(plan=plan, by=people["1001"])
    _decide_all(plan, "同意，按计划组织实施，注意做好培训记录。")
    submitted, approved = _at(datetime.date(today.year, 1, 5)), _at(datetime.date(today.year, 1, 8), 16)
    Plan.objects.filter(pk=plan.pk).update(submitted_at=submitted, approved_at=approved)
    ApprovalRequest.objects.filter(pk=plan.approval_id).update(submitted_at=submitted, decided_at=approved)
    Step.objects.filter(request=plan.approval_id).update(activated_at=submitted, decided_at=approved)


def _schedule(it, people, item, title, day, hours_text, start_hour=14, length=2, organiser="1002", audience=None):
    starts = _at(day, start_hour)
    from . import selectors

    listed = audience if audience is not None else list(selectors.item_audience(item))
    listed = [person for person in listed if person.profile.hire_date is None or person.profile.hire_date <= day]
    return sessions.session_schedule(
        by=people[organiser], department=it, plan_item=item, title=title, description="",
        form=item.form, requirement=item.requirement, starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=length), place=item.place or "信息科会议室", hours=D(hours_text),
        trainer=item.trainer, trainer_name=item.trainer_name, people=listed)


def _history(it, people, items, today):
    created = 0
    year = today.year
    head = people["1001"]
    for month, day_of_month, index, title, hours_text, absent, late in SESSIONS:
        day = datetime.date(year, month, day_of_month)
        if day >= today:
            continue
        item = items[index]
        audience = None
        if item.audience_kind == AudienceKind.HOSPITAL:
            audience = [people[code] for code in ("4002", "4003", "4102", "4202") if code in people]
        session = _schedule(it, people, item, title, day, hours_text, audience=audience)
        organiser = people["1002"]
        for row in session.attendance.select_related("person"):
            username = row.person.username
            if username in absent:
                continue
            minutes = 20 if username in late else 3
            when = session.starts_at + datetime.timedelta(minutes=minutes)
            if int(username) % 4 == 0 and username not in late:
                sessions.attendance_mark(session=session, person=row.person, by=organiser, status="present",
                                         now=when)
            else:
                sessions.attendance_sign_in(session=session, person=row.person, now=when)
        sessions.session_close(session=session, by=organiser, now=session.ends_at)
        for number, row in enumerate(session.attendance.filter(status__in=["present", "late"])
                                     .select_related("person")):
            if number % 3 == 2:
                continue
            sessions.survey_answer(session=session, person=row.person, overall=5 - number % 2,
                                   content=4 + (number % 3 == 0), trainer=5 - (number % 4 == 3),
                                   comment="希望多安排实际操作。" if number == 0 else "",
                                   now=session.ends_at + datetime.timedelta(hours=2))
        sessions.material_add(session=session, by=organiser, upload=_pdf(f"{title}-讲义"))
        created += 1
    # 外派培训: 张伟 went to the provincial course in June; the head confirmed the hours from his certificate.
    course = items[8]
    if datetime.date(year, 6, 17) < today and "1003" in people:
        record = external.external_request(
            person=people["1003"], by=people["1003"], title="医院信息化建设高级研修班", organiser="省卫健委信息中心",
            place="省卫健委培训中心", starts_on=datetime.date(year, 6, 15), ends_on=datetime.date(year, 6, 17),
            cost=D("2400"), hours=D("16"), requirement=course.requirement, reason="学习互联互通标准化成熟度测评要求。",
            plan_item=course)
        _decide_all(record)
        record = external.external_report(record=record, by=people["1003"], certificate=_pdf("结业证书"),
                                          report="学习了互联互通测评的指标体系和迎评准备。", hours=D("16"), today=today)
        external.external_confirm(record=record, by=head, accept=True)
        created += 1
    # Self-study (自学), confirmed by the head; one waiting.
    for username, day, title, hours_text, confirm in (
            ("1005", datetime.date(year, 7, 12), "Oracle 19c 性能调优（在线课程）", "4", True),
            ("1007", datetime.date(year, 8, 23), "Linux 服务器安全加固（自学笔记）", "3", True),
            ("1003", datetime.date(year, 9, 6), "医院信息互联互通标准化成熟度测评方案", "2", True),
            ("1004", today - datetime.timedelta(days=3), "等保2.0测评要求（自学）", "2", False)):
        if day > today:
            continue
        record = hours.self_study_record(person=people[username], by=people[username], studied_on=day, title=title,
                                         hours=D(hours_text), note="学习要点已整理成笔记。", today=today)
        if confirm:
            hours.self_study_decide(record=record, by=head, accept=True)
        created += 1
    return created


def _question_rows(it, people):
    head = people["1001"]
    bank = {}
    for topic_name, questions in QUESTIONS.items():
        topic = exams.topic_create(by=head, department=it, name=topic_name)
        bank[topic_name] = []
        for kind, text, detail in questions:
            extra = {}
            if kind == Question.Kind.TRUE_FALSE:
                extra["true_false_answer"] = detail
            elif kind == Question.Kind.SHORT:
                extra["reference_answer"] = detail
            else:
                extra["choices"] = detail
            bank[topic_name].append(exams.question_create(by=head, topic=topic, kind=kind, text_value=text,
                                                          points=D("10") if kind == Question.Kind.SHORT else D("5"),
                                                          explanation="依据信息科管理制度。", **extra))
    return bank


def _sit(assignment, when, right):
    """A paper taken at `when`: the first `right` auto-marked questions answered correctly, the rest wrongly."""
    attempt = exams.attempt_start(assignment=assignment, by=assignment.person, now=when)
    for number, question_id in enumerate(attempt.question_ids):
        question = Question.objects.prefetch_related("choices").get(pk=question_id)
        if question.kind == Question.Kind.SHORT:
            exams.answer_save(attempt=attempt, by=assignment.person, question_id=question_id,
                              text_value="立即制止，并报告科室负责人。", now=when)
            continue
        correct = [c.pk for c in question.choices.all() if c.is_correct]
        wrong = [c.pk for c in question.choices.all() if not c.is_correct][:1]
        exams.answer_save(attempt=attempt, by=assignment.person, question_id=question_id,
                          choice_ids=correct if number < right else wrong, now=when)
    return exams.attempt_submit(attempt=attempt, by=assignment.person, now=when + datetime.timedelta(minutes=9))


def _bank_and_exams(it, people, today):
    head, deputy = people["1001"], people["1002"]
    bank = _question_rows(it, people)
    created = sum(len(questions) for questions in bank.values())
    staff = [people[code] for code in ("1003", "1004", "1005", "1006", "1007") if code in people]
    # The induction exam (新进人员培训考核): open since the start of the year, no end.
    induction = exams.exam_create(
        by=head, department=it, title="新进人员岗前培训考核", kind=Exam.Kind.INDUCTION,
        instructions="考核通过后方可申请信息系统账号（新进人员须进行相关业务知识培训及考核，考核通过后方可上机操作）。",
        pass_percent=D("80"), time_limit_minutes=30, opens_at=_at(datetime.date(today.year - 1, 12, 1)),
        closes_at=None, retakes=2, retraining_note="重新学习岗前培训讲义，特别是账号与口令管理、离岗交接制度。",
        show_answers=True, shuffle=False)
    exams.exam_set_questions(exam=induction, by=head, questions=bank["岗前培训"])
    Exam.objects.filter(pk=induction.pk).update(state=Exam.State.OPEN)
    from . import hiring

    for username, tries in (("1008", [(5, 2), (7, 5)]), ("1009", [(6, 5)])):
        probation = hiring.active_probation(people[username]) if username in people else None
        if probation is None:
            continue
        assignment = exams._assign_induction(induction, probation, head)
        for days, right in tries:
            when = _at(probation.starts_on + datetime.timedelta(days=days), 10)
            if when + datetime.timedelta(minutes=9) > timezone.now():
                break  # seeded in the first days of a probation: the paper is still ahead of her
            _sit(assignment, when, right)
        created += 1
    # The weekly staff tests (每周科员专业考核) of the last six weeks and this one; three weeks ago none was held.
    now = timezone.now()
    monday = today - datetime.timedelta(days=today.weekday())
    for weeks_ago in range(6, -1, -1):
        if weeks_ago == 3:
            continue
        opens = monday - datetime.timedelta(weeks=weeks_ago)
        exam = exams.exam_create(
            by=deputy, department=it, title=f"每周科员专业考核（{opens:%m月%d日}）", kind=Exam.Kind.WEEKLY,
            instructions="", pass_percent=D("60"), time_limit_minutes=15, opens_at=_at(opens, 8),
            closes_at=_at(opens + datetime.timedelta(days=6), 22), retakes=1, retraining_note="复习本周业务学习内容。",
            show_answers=True, shuffle=True)
        topic = ["HIS运维", "数据库", "信息安全法规"][weeks_ago % 3]
        exams.exam_set_questions(exam=exam, by=deputy, questions=[q for q in bank[topic]
                                                                  if q.kind != Question.Kind.SHORT])
        exams.exam_assign(exam=exam, by=deputy, people=staff)  # a draft: nobody is told about the past
        Exam.objects.filter(pk=exam.pk).update(state=Exam.State.OPEN)
        exam.refresh_from_db()
        for number, assignment in enumerate(exam.assignments.select_related("person", "exam")):
            username = assignment.person.username
            if username == "1006" and weeks_ago % 2 == 0:
                continue  # 杨帆 missed some
            when = min(_at(opens + datetime.timedelta(days=1), 10 + number), now - datetime.timedelta(minutes=30))
            if when < exam.opens_at:
                continue  # built early on a Monday: this week's papers are still to come
            _sit(assignment, when, 1 if (username == "1007" and weeks_ago == 0) else 3)
        if weeks_ago > 0:
            Exam.objects.filter(pk=exam.pk).update(state=Exam.State.CLOSED)
        created += 1
    return created


def _current(it, people, items, today):
    """What is going on now: a session whose sign-in is open, one next week, a paper to mark, the month's slides."""
    created = 0
    now = timezone.localtime()
    start = now.replace(minute=0, second=0, microsecond=0)
    item = items[6]
    session = sessions.session_schedule(
        by=people["1002"], department=it, plan_item=item, title="电子病历系统新版本操作培训", description="新版本病历模板、质控提示和电子签名。",
        form=item.form, requirement=item.requirement, starts_at=start, ends_at=start + datetime.timedelta(hours=2),
        place="信息科会议室", hours=D("2"), trainer=people["1002"], trainer_name="",
        people=[people[code] for code in ("1003", "1004", "1005", "1006", "1007", "1008", "1009", "1010")
                if code in people])
    sessions.attendance_sign_in(session=session, person=people["1003"],
                                now=min(start + datetime.timedelta(minutes=2), now))  # never after the seeding
    created += 1
    following = today + datetime.timedelta(days=7)
    sessions.session_schedule(
        by=people["1002"], department=it, plan_item=items[1], title="HIS系统运维（四）：年终数据归档",
        description="", form=Form.INTERNAL, requirement=Requirement.REQUIRED, starts_at=_at(following, 14),
        ends_at=_at(following, 16), place="信息科会议室", hours=D("2"), trainer=people["1003"], trainer_name="",
        people=[people[code] for code in ("1003", "1004", "1005", "1006", "1007", "1008", "1009", "1010")
                if code in people])
    created += 1
    # A test of the November session with a short answer: 杨帆's paper waits for the head's marking.
    held = Session.objects.filter(department=it, title="信息安全等级保护2.0要点").first()
    topic = Topic.objects.get(department=it, name="信息安全法规")
    test = exams.exam_create(
        by=people["1001"], department=it, title="信息安全培训考核", kind=Exam.Kind.REGULAR, session=held,
        instructions="", pass_percent=D("60"), time_limit_minutes=20,
        opens_at=_at(today - datetime.timedelta(days=10), 8), closes_at=_at(today + datetime.timedelta(days=10), 18),
        retakes=1, retraining_note="", show_answers=True, shuffle=False)
    exams.exam_set_questions(exam=test, by=people["1001"], questions=list(topic.questions.all()))
    exams.exam_assign(exam=test, by=people["1001"], people=[people["1006"]])
    Exam.objects.filter(pk=test.pk).update(state=Exam.State.OPEN)
    _sit(test.assignments.get(), _at(today - datetime.timedelta(days=2), 15), 3)
    created += 1
    # The month's slides (问题及处理方法PPT): most have uploaded, 杨帆 has not.
    month = today.replace(day=1)
    for username, slides in (("1003", 12), ("1004", 10), ("1005", 8), ("1007", 11)):
        hours.slides_upload(person=people[username], by=people[username], month=month, title=f"{month:%m}月问题及处理方法",
                            upload=_pdf(f"{month:%m}月问题及处理方法-{username}"), slides=slides, today=today)
        created += 1
    return created

