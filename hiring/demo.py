"""Demo history of hiring and probation for seed_demo (idempotent: each piece is looked up before it is made).

- 信息科's approved request for 3 more 系统管理员 (beyond the post's headcount of 1: 岗位设置 各1人) and its posting,
  with a candidate at every stage of the pipeline; the post holds 3 and one more is told the start date, all covered;
- a second request waiting at the hospital office meeting (人事科 records the meeting's date);
- 孙丽 (1008), hired 2026-09-01, near the end of her probation; 吕明 (1009) hired from the posting;
- 周晓 (1010), converted to regular staff last quarter after the head's assessment and 人事科's approval.

Dates are relative to the day the demo is built, so the story stays current; the history is written with its
own dates (no notifications are sent for the past).
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from guardian.shortcuts import assign_perm

from approvals.models import VIEW_PERMISSION, ApprovalRequest, RequestType, Step
from core.roles import Role
from core.workdays import add_working_days
from staff.demo import DEMO_PASSWORD, demo_id_number
from staff.models import Post, StaffProfile, User

from .services.headcounts import HEADCOUNT_REQUEST_TYPE
from .staffing import beyond_for_request
from .services.probations import ASSESSMENT_REQUEST_TYPE, probation_end_date
from .models import (
    Candidate, CandidateExclusionCheck, HeadcountRequest, HiringExclusion, HiringPolicy, InterviewScore,
    OnboardingItem, OnboardingRequirement, Posting, Probation, ProbationAssessment,
)

ORDER = 20  # seed_demo: after the organisation (staff, 10), whose people it hires and assesses
JUSTIFICATION = "全院信息系统上线后，服务器与数据库运维工作量增加约40%，夜间值班仅两人轮换，现有人力不足。"
# employee no, name, post, hire date offset: the hire from the posting and the one converted last quarter
HIRED = [("1009", "吕明", "system_admin"), ("1010", "周晓", "security_admin")]


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _people():
    return {user.username: user for user in User.objects.filter(username__in=["1001", "1002", "2001", "2002"])}


def _approval(subject, code, applicant, department, title, decisions, submitted, pending_labels=()):
    """An approval request already decided step by step: decisions are (label, decider, day)."""
    request_type = RequestType.objects.get(code=code)
    state = ApprovalRequest.State.PENDING if pending_labels else ApprovalRequest.State.APPROVED
    request = ApprovalRequest.objects.create(
        request_type=request_type, applicant=applicant, department=department, title=title, state=state, round=1,
        submitted_at=_at(submitted, 9), decided_at=None if pending_labels else _at(decisions[-1][2], 16),
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk,
    )
    assign_perm(VIEW_PERMISSION, applicant, request)
    order = 0
    for order, (label, decider, day) in enumerate(decisions, start=1):
        Step.objects.create(request=request, round=1, order=order, label=label, assignee_role=Role.HR.value,
                            state=Step.State.APPROVED, activated_at=_at(submitted, 9), decided_by=decider,
                            decided_at=_at(day, 15), comment="同意")
        assign_perm(VIEW_PERMISSION, decider, request)
    for label in pending_labels:
        order += 1
        activated = _at(decisions[-1][2], 15)
        Step.objects.create(request=request, round=1, order=order, label=label, assignee_role=Role.HR.value,
                            state=Step.State.ACTIVE, activated_at=activated,
                            due_at=add_working_days(activated, request_type.step_working_days))
    return request


def _headcount(people, it, post, number, reason, justification, created, hr_review, meeting=None, ref=""):
    headcount = HeadcountRequest.objects.create(
        department=it, post=post, number=number, reason=reason, justification=justification,
        beyond_headcount=beyond_for_request(post=post, number=number, reason=reason),  # 系统管理员: 2 in post + 3
        job_description=_description(post), requested_by=people["1001"], meeting_date=meeting, meeting_reference=ref,
    )
    HeadcountRequest.objects.filter(pk=headcount.pk).update(created_at=_at(created, 9))
    title = f"用人计划：{post.name} × {number}（{it.name}）"
    decisions = [("人事科审核", people["2002"], hr_review)]
    meeting_label = "院办公会议批准（人事科登记会议日期）"
    if meeting:
        decisions.append((meeting_label, people["2001"], meeting + datetime.timedelta(days=1)))
    headcount.approval = _approval(headcount, HEADCOUNT_REQUEST_TYPE, people["1001"], it, title, decisions, created,
                                   pending_labels=() if meeting else (meeting_label,))
    headcount.save(update_fields=["approval"])
    return headcount


def _description(post):
    from .forms import post_description

    return post_description(post)


def seed():
    if not RequestType.objects.filter(code=HEADCOUNT_REQUEST_TYPE).exists():
        return 0
    created = _seed_sun_li()
    if HeadcountRequest.objects.filter(justification=JUSTIFICATION).exists():
        return created
    today = timezone.localdate()
    people = _people()
    it = people["1001"].profile.department
    posts = {post.code: post for post in Post.objects.all()}
    policy = HiringPolicy.current()

    headcount = _headcount(people, it, posts["system_admin"], 3, HeadcountRequest.Reason.WORKLOAD, JUSTIFICATION,
                           today - datetime.timedelta(days=60), today - datetime.timedelta(days=58),
                           meeting=today - datetime.timedelta(days=53), ref="院办会〔2026〕第18次")
    _headcount(people, it, posts["network_admin"], 1, HeadcountRequest.Reason.RESERVE,
               "明年门诊楼网络改造，需提前储备网络管理人员一名，随改造项目一起成长。",
               today - datetime.timedelta(days=3), today - datetime.timedelta(days=2))
    posting = Posting.objects.create(
        headcount_request=headcount, department=it, post=posts["system_admin"], title="系统管理员（信息科）",
        number=3, description=headcount.job_description, min_education=policy.min_education, min_age=policy.min_age,
        max_age=policy.max_age, exam_pass_mark=policy.exam_pass_mark, interview_pass_mark=policy.interview_pass_mark,
        published_where="医院网站、人才市场、《健康报》招聘版", published_on=today - datetime.timedelta(days=48),
        closes_on=today + datetime.timedelta(days=10), state=Posting.State.OPEN,
    )
    posting.panel.set([people["1001"], people["1002"], people["2001"]])
    created += 3 + _seed_candidates(posting, people, today, policy)
    created += _seed_converted(people, it, posts, today)
    return created


def _seed_sun_li():
    """孙丽 (1008) was hired on 2026-09-01, before recruitment was recorded here: her probation is tracked."""
    profile = StaffProfile.objects.filter(user__username="1008", status=StaffProfile.Status.PROBATION).first()
    if profile is None or profile.probations.exists():
        return 0
    starts_on = profile.hire_date
    ends_on = probation_end_date(starts_on, HiringPolicy.current().probation_months)
    induction = starts_on + datetime.timedelta(days=7)
    Probation.objects.create(profile=profile, starts_on=starts_on, ends_on=ends_on, original_ends_on=ends_on,
                             induction_passed_on=induction if induction <= timezone.localdate() else None)
    return 1


# name, stage, age, education, degree, school, days ago registered, exam score, panel scores, extra
CANDIDATES = [
    ("钱程", Candidate.State.REGISTERED, 24, "bachelor", "工学学士", "华北电力大学", 2, None, [], {}),
    ("蒋涛", Candidate.State.INELIGIBLE, 37, "bachelor", "理学学士", "河北大学", 40, None, [], {}),
    ("沈悦", Candidate.State.SCREENED, 26, "master", "工学硕士", "北京邮电大学", 30, None, [], {}),
    ("韩磊", Candidate.State.EXAMINED, 28, "bachelor", "工学学士", "山西大学", 35, Decimal("78"), [("1001", 82)], {}),
    ("朱婷", Candidate.State.INTERVIEWED, 25, "bachelor", "工学学士", "太原理工大学", 36, Decimal("85"),
     [("1001", 88), ("1002", 85), ("2001", 90)], {"interview_days_ago": 1}),
    ("秦浩", Candidate.State.MEDICAL_PASSED, 27, "bachelor", "工学学士", "中北大学", 38, Decimal("81"),
     [("1001", 80), ("1002", 78), ("2001", 83)], {"interview_days_ago": 3}),
    ("许静", Candidate.State.BACKGROUND_CHECKED, 29, "master", "工学硕士", "西安电子科技大学", 40, Decimal("88"),
     [("1001", 86), ("1002", 84), ("2001", 85)], {"interview_days_ago": 9}),
    ("何宇", Candidate.State.OFFERED, 30, "bachelor", "工学学士", "山西大学", 42, Decimal("83"),
     [("1001", 84), ("1002", 86), ("2001", 82)], {"interview_days_ago": 16, "start_in": 7, "ticked": 5}),
    ("吕明", Candidate.State.ACCEPTED, 26, "bachelor", "工学学士", "太原科技大学", 45, Decimal("90"),
     [("1001", 91), ("1002", 89), ("2001", 92)], {"interview_days_ago": 30, "hired_days_ago": 23}),
    ("施琳", Candidate.State.DECLINED, 27, "bachelor", "管理学学士", "山西财经大学", 44, Decimal("76"),
     [("1001", 75), ("1002", 79), ("2001", 77)], {"interview_days_ago": 28}),
    ("孔伟", Candidate.State.REJECTED, 31, "bachelor", "工学学士", "长治学院", 41, Decimal("52"), [], {}),
]


def _seed_candidates(posting, people, today, policy):
    hr, clerk = people["2001"], people["2002"]
    exclusions = list(HiringExclusion.objects.filter(is_active=True, stage=HiringExclusion.Stage.SCREENING))
    created = 0
    for seq, (name, state, age, education, degree, school, days_ago, exam, scores, extra) in enumerate(CANDIDATES):
        registered = today - datetime.timedelta(days=days_ago)
        born = today.replace(year=today.year - age) - datetime.timedelta(days=40 + seq * 17)
        candidate = Candidate.objects.create(
            posting=posting, name=name, phone=f"1390351{seq:04d}", email=f"cand{seq}@example.com",
            id_number=demo_id_number(str(5000 + seq), born), education=education, degree=degree, school=school,
            major="计算机科学与技术", work_history="应届毕业" if age < 25 else f"{today.year - (age - 23)}年至今 某信息技术公司 运维工程师",
            registered_by=clerk, state=state,
        )
        candidate.created_at = _at(registered, 9)  # the history's own date (auto_now_add set it to now)
        Candidate.objects.filter(pk=candidate.pk).update(created_at=candidate.created_at)
        created += 1
        index = Candidate.PIPELINE.index(state) if state in Candidate.PIPELINE else None
        if state == Candidate.State.REGISTERED:
            continue
        screened = registered + datetime.timedelta(days=2)
        candidate.screened_at, candidate.screened_by = _at(screened, 11), clerk
        for exclusion in exclusions:
            CandidateExclusionCheck.objects.create(candidate=candidate, exclusion=exclusion, applies=False,
                                                   checked_by=clerk, checked_at=_at(screened, 11))
        if state == Candidate.State.INELIGIBLE:
            reason = f"{age}岁（按身份证号计算），超出本岗位要求的{posting.min_age}–{posting.max_age}周岁。"
            candidate.ineligible_reasons = candidate.closed_reason = reason
            candidate.closed_at, candidate.closed_by = _at(screened, 11), clerk
            candidate.closed_at_state = Candidate.State.REGISTERED
            candidate.save()
            continue
        exam_day = registered + datetime.timedelta(days=10)
        if exam is not None:
            candidate.exam_date, candidate.exam_score = exam_day, exam
        if state == Candidate.State.REJECTED:
            candidate.closed_reason = f"笔试成绩{exam}分，低于合格线{posting.exam_pass_mark}分。"
            candidate.closed_at, candidate.closed_by = _at(exam_day, 16), hr
            candidate.closed_at_state = Candidate.State.SCREENED
            candidate.save()
            continue
        # Scored at the interview (or, still being scored, a few days after the exam): never after today.
        interviewed = today - datetime.timedelta(days=extra["interview_days_ago"]) if "interview_days_ago" in extra \
            else min(exam_day + datetime.timedelta(days=5), today)
        for username, score in scores:
            InterviewScore.objects.create(candidate=candidate, member=people[username], score=Decimal(score),
                                          comments="专业基础扎实，表达清楚" if score >= 85 else "基础尚可",
                                          scored_at=min(_at(interviewed, 11), timezone.now()))
        if "interview_days_ago" in extra:
            candidate.interview_date = candidate.interview_passed_on = interviewed
            candidate.interview_average = (sum(Decimal(s) for _u, s in scores) / len(scores)).quantize(Decimal("0.01"))
            candidate.notice_due_on = add_working_days(interviewed, policy.notice_days)
            if index is not None and index >= Candidate.PIPELINE.index(Candidate.State.MEDICAL_PASSED) or \
                    state == Candidate.State.DECLINED:
                candidate.medical_date = interviewed + datetime.timedelta(days=1)
            if index is not None and index >= Candidate.PIPELINE.index(Candidate.State.BACKGROUND_CHECKED) or \
                    state == Candidate.State.DECLINED:
                candidate.background_checked_on = interviewed + datetime.timedelta(days=2)
                candidate.background_note = "学历学位经学信网核验属实；原单位评价良好，无不良记录。"
        if index is not None and index >= Candidate.PIPELINE.index(Candidate.State.OFFERED) or \
                state == Candidate.State.DECLINED:
            offered = candidate.interview_passed_on + datetime.timedelta(days=2)
            candidate.offered_at, candidate.offered_by = _at(offered, 14), hr
            candidate.start_date = (today + datetime.timedelta(days=extra["start_in"]) if "start_in" in extra
                                    else today - datetime.timedelta(days=extra.get("hired_days_ago", 10)))
            ticked = extra.get("ticked", 99)
            for order, requirement in enumerate(OnboardingRequirement.objects.filter(is_active=True)):
                done = order < ticked
                OnboardingItem.objects.create(candidate=candidate, requirement=requirement, name=requirement.name,
                                              order=requirement.order, is_required=requirement.is_required,
                                              done_at=_at(offered + datetime.timedelta(days=1), 10) if done else None,
                                              done_by=clerk if done else None)
        if state == Candidate.State.DECLINED:
            candidate.closed_reason = "已接受其他单位录用，放弃入职。"
            candidate.closed_at, candidate.closed_by = _at(candidate.offered_at.date() + datetime.timedelta(days=1)), hr
            candidate.closed_at_state = Candidate.State.OFFERED
        if state == Candidate.State.ACCEPTED:
            candidate.hired_user = _hire(candidate, posting, today - datetime.timedelta(days=extra["hired_days_ago"]),
                                         people)
            created += 2
        candidate.save()
    return created


def _new_user(number, name, department, post, education, hired, status, supervisor):
    user = User(username=number, name=name, email=f"{number}@hospital.example", must_change_password=False)
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get(name=Role.STAFF.value)])
    born = datetime.date(hired.year - 25, 1 + int(number) % 12, 1 + int(number) % 27)
    profile = StaffProfile.objects.create(
        user=user, department=department, post=post, education=education, phone=f"1380013{int(number):04d}",
        id_number=demo_id_number(number, born), hire_date=hired, status=status, supervisor=supervisor,
    )
    return user, profile


def _hire(candidate, posting, hired, people):
    number, name, _post = HIRED[0]
    user, profile = _new_user(number, candidate.name, posting.department, posting.post, candidate.education, hired,
                              StaffProfile.Status.PROBATION, people["1002"])
    ends_on = probation_end_date(hired, HiringPolicy.current().probation_months)
    Probation.objects.create(profile=profile, candidate=candidate, starts_on=hired, ends_on=ends_on,
                             original_ends_on=ends_on, induction_passed_on=hired + datetime.timedelta(days=6))
    return user


def _last_quarter_middle(today):
    first_month = (today.month - 1) // 3 * 3 + 1
    quarter_start = today.replace(month=first_month, day=1)
    previous = quarter_start - datetime.timedelta(days=1)
    return previous.replace(month=(previous.month - 1) // 3 * 3 + 2, day=15)


def _seed_converted(people, it, posts, today):
    number, name, post_code = HIRED[1]
    if User.objects.filter(username=number).exists():
        return 0
    converted_on = _last_quarter_middle(today)
    policy = HiringPolicy.current()
    hired = converted_on
    while probation_end_date(hired, policy.probation_months) >= converted_on:
        hired -= datetime.timedelta(days=1)
    hired = hired.replace(day=1)
    user, profile = _new_user(number, name, it, posts[post_code], "bachelor", hired, StaffProfile.Status.REGULAR,
                              people["1002"])
    ends_on = probation_end_date(hired, policy.probation_months)
    probation = Probation.objects.create(
        profile=profile, starts_on=hired, ends_on=ends_on, original_ends_on=ends_on, state=Probation.State.CONVERTED,
        ended_on=converted_on, induction_passed_on=hired + datetime.timedelta(days=7),
        reminded_before_at=_at(ends_on - datetime.timedelta(days=policy.probation_reminder_days), 8),
    )
    assessment = ProbationAssessment.objects.create(
        probation=probation, work_rating="good", work_comments="独立完成防火墙策略梳理和漏洞扫描整改。",
        conduct_rating="excellent", conduct_comments="遵守保密制度，服务态度好。", attendance_rating="good",
        attendance_comments="全勤。", proposal=ProbationAssessment.Proposal.CONVERT,
        summary="试用期综合考核合格，同意转正。", assessed_by=people["1001"], applied_at=_at(converted_on, 16),
    )
    ProbationAssessment.objects.filter(pk=assessment.pk).update(assessed_at=_at(ends_on - datetime.timedelta(days=5)))
    assessment.approval = _approval(
        assessment, ASSESSMENT_REQUEST_TYPE, people["1001"], it, f"试用期考核：{name} — 转正",
        [("人事科审核", people["2001"], converted_on)], ends_on - datetime.timedelta(days=5))
    assessment.save(update_fields=["approval"])
    return 3
