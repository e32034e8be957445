"""Demo scorecards for seed_demo: six months for the IT department, in every state.

The five earlier months are confirmed by both sides, locked and rolled up; the current month is in
progress (a draft, an empty form, submitted ones waiting for review, one waiting for the person's
acknowledgement, one locked). Scores are made up but steady for each person, so the annual views
show believable trends. Idempotent: a scorecard that already has scores is left alone.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from staff.models import User

from . import services
from .models import (
    Adjustment, AppraisalMonth, ScoreLine, Scorecard, ScorecardEvent, month_start, next_month, previous_month,
)

ORDER = 40  # seed_demo runs the demos in this order (core/management/commands/seed_demo.py)

MONTHS = 6
# How well each person does on the whole (share of each item's points), so that trends differ.
LEVEL = {"1002": 0.95, "1003": 0.93, "1004": 0.88, "1005": 0.91, "1006": 0.84, "1007": 0.86, "1008": 0.80}
# The current month: where each person's scorecard stands.
CURRENT = {"1002": "review", "1003": "confirm", "1004": "locked", "1005": "review", "1006": "draft",
           "1007": "empty", "1008": "empty"}
GAINS = [
    "完成HIS系统月度巡检，处理临床报修{n}起，均在15分钟内响应。",
    "配合医务科完成电子病历评级资料整理，制作技术文档PPT 10张。",
    "完成机房UPS电池更换和核心交换机固件升级，无停机。",
    "参与三甲复审信息化资料准备，按期提交。",
]
LOSSES = [
    "夜班一次故障上报不及时，已整改。",
    "技术文档更新偏慢，下月按周完成。",
    "周考核缺席一次（外出培训），已补考。",
    "",
]
OPINIONS = [
    "本月工作完成较好，响应及时，继续保持。",
    "业务能力强，注意工作日志记录完整。",
    "总体良好，技术文档需按时完成。",
    "工作认真负责，临时任务完成出色。",
]
BONUS = ("周六加班配合院领导完成医保接口紧急升级（4小时，有工作记录）", "院领导临时安排：新院区网络割接", Decimal("2.00"))
DEDUCTION = ("被临床投诉1次：心内科打印机故障处理超时", "日常工作考评尺度：被临床投诉扣3分", Decimal("3.00"))


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _scores(rng, line, level, spread):
    share = min(1.0, max(0.5, rng.gauss(level, spread)))
    return (Decimal(str(round(float(line.item.max_points) * share, 1)))).min(line.item.max_points)


def fill_self_assessment(scorecard, rng, reviewer_too=True, partial=False):
    """Self (and reviewer) scores for every line, or for the first half when partial."""
    level = LEVEL.get(scorecard.user.username, 0.85)
    lines = list(scorecard.lines.select_related("item").order_by("item__section__order", "item__order"))
    if partial:
        lines = lines[: len(lines) // 2]
    for line in lines:
        line.self_score = _scores(rng, line, min(level + 0.04, 1.0), 0.04)
        if reviewer_too:
            line.reviewer_score = _scores(rng, line, level, 0.05)
    ScoreLine.objects.bulk_update(lines, ["self_score", "reviewer_score"])
    scorecard.summary_gains = rng.choice(GAINS).format(n=rng.randint(12, 40))
    scorecard.summary_losses = rng.choice(LOSSES)


def _history(scorecard, rng, head):
    """A finished month: submitted, reviewed, acknowledged and locked on believable days, none after now."""
    following = next_month(scorecard.period)
    submitted = _at(following.replace(day=rng.randint(2, 7)), 9 + rng.randint(0, 8), rng.randint(0, 59))
    reviewed = submitted + datetime.timedelta(days=rng.randint(1, 3), hours=rng.randint(1, 5))
    acknowledged = reviewed + datetime.timedelta(hours=rng.randint(2, 30))
    latest = timezone.now() - datetime.timedelta(minutes=10)
    if acknowledged > latest:  # last month, seeded a few days into this one: the same steps, sooner
        start = min(_at(following, 0, 30), latest - datetime.timedelta(minutes=3))
        span = latest - start
        submitted, reviewed, acknowledged = start + span * 0.2, start + span * 0.6, latest
    reviewer = scorecard.reviewer or head
    scorecard.state = Scorecard.State.LOCKED
    scorecard.submitted_at = submitted
    scorecard.reviewer_confirmed_at, scorecard.reviewer_confirmed_by = reviewed, reviewer
    scorecard.staff_confirmed_at, scorecard.staff_confirmed_by, scorecard.locked_at = (
        acknowledged, scorecard.user, acknowledged)
    scorecard.reviewer_opinion = rng.choice(OPINIONS)
    if rng.random() < 0.35:
        Adjustment.objects.create(scorecard=scorecard, kind=Adjustment.Kind.BONUS, fact=BONUS[0], basis=BONUS[1],
                                  points=BONUS[2], created_by=reviewer, created_at=reviewed)
    if rng.random() < 0.2:
        Adjustment.objects.create(scorecard=scorecard, kind=Adjustment.Kind.DEDUCTION, fact=DEDUCTION[0],
                                  basis=DEDUCTION[1], points=DEDUCTION[2], created_by=reviewer, created_at=reviewed)
    services.keep_result(scorecard)
    scorecard.save()
    events = [
        (submitted, scorecard.user, ScorecardEvent.Action.SUBMITTED,
         "逾期提交。" if submitted.date() > scorecard.self_deadline else ""),
        (reviewed, reviewer, ScorecardEvent.Action.REVIEW_CONFIRMED, ""),
        (acknowledged, scorecard.user, ScorecardEvent.Action.ACKNOWLEDGED, ""),
        (acknowledged, scorecard.user, ScorecardEvent.Action.LOCKED, ""),
    ]
    ScorecardEvent.objects.bulk_create([ScorecardEvent(scorecard=scorecard, at=at, actor=actor, action=action,
                                                       note=note) for at, actor, action, note in events])


def _current(scorecard, plan, rng, head):
    """The month in progress, through the services (so reviewers and staff get their notifications)."""
    person = scorecard.user
    reviewer = scorecard.reviewer or head
    if plan == "empty":
        return
    fill_self_assessment(scorecard, rng, reviewer_too=False, partial=plan == "draft")
    scorecard.save(update_fields=["summary_gains", "summary_losses"])
    if plan == "draft":
        return
    services.self_assessment_submit(scorecard=scorecard, by=person)
    if plan == "review":
        return
    scorecard.refresh_from_db()
    level = LEVEL.get(person.username, 0.85)
    lines = list(scorecard.lines.select_related("item"))
    for line in lines:
        line.reviewer_score = _scores(rng, line, level, 0.05)
    ScoreLine.objects.bulk_update(lines, ["reviewer_score"])
    for proposal in scorecard.adjustments.filter(status=Adjustment.Status.PROPOSED):
        services.adjustment_decide(adjustment=proposal, by=reviewer, accept=True)
    services.adjustment_add(scorecard=scorecard, by=reviewer, kind=Adjustment.Kind.BONUS, fact=BONUS[0],
                            basis=BONUS[1], points=BONUS[2])
    scorecard.reviewer_opinion = rng.choice(OPINIONS)
    scorecard.save(update_fields=["reviewer_opinion"])
    services.review_confirm(scorecard=scorecard, by=reviewer)
    if plan == "locked":
        services.scorecard_acknowledge(scorecard=scorecard, by=person)


@transaction.atomic
def seed():
    head = User.objects.filter(username="1001").first()
    if head is None:
        return 0
    current = month_start(timezone.localdate())
    periods = [current]
    for _ in range(MONTHS - 1):
        periods.insert(0, previous_month(periods[0]))
    created = 0
    for period in periods:
        created += services.scorecards_create_for_month(period=period)
        touched = ScoreLine.objects.filter(scorecard__period=period, self_score__isnull=False).values("scorecard_id")
        fresh = list(Scorecard.objects.filter(period=period, user__username__in=LEVEL, submitted_at__isnull=True,
                                              state=Scorecard.State.SELF_ASSESSMENT, summary_gains="")
                     .exclude(pk__in=touched)
                     .select_related("user", "reviewer", "template", "department").order_by("user__username"))
        opened = _at(period, 0, 5)  # the beat task opens the month on the 1st
        Scorecard.objects.filter(pk__in=[sc.pk for sc in fresh]).update(created_at=opened)
        ScorecardEvent.objects.filter(scorecard__in=fresh, action=ScorecardEvent.Action.CREATED).update(at=opened)
        for scorecard in fresh:
            rng = random.Random(f"{scorecard.user.username}-{period:%Y-%m}")
            if period == current:
                _current(scorecard, CURRENT.get(scorecard.user.username, "empty"), rng, head)
            else:
                fill_self_assessment(scorecard, rng)
                _history(scorecard, rng, head)
        if period != current and not AppraisalMonth.objects.filter(period=period, closed_at__isnull=False).exists():
            if not Scorecard.objects.filter(period=period).exclude(state=Scorecard.State.LOCKED).exists():
                services.month_rollup(period=period)
    _reopened_story(periods[-3], head)
    created += seed_feedback(head)
    return created


def _reopened_story(period, head):
    """One earlier scorecard that the head reopened (a late bonus) and that was confirmed again."""
    scorecard = Scorecard.objects.filter(period=period, user__username="1006").first()
    if scorecard is None or scorecard.events.filter(action=ScorecardEvent.Action.REOPENED).exists():
        return
    locked = scorecard.locked_at or timezone.now()
    ScorecardEvent.objects.bulk_create([
        ScorecardEvent(scorecard=scorecard, at=locked + datetime.timedelta(days=1), actor=head,
                       action=ScorecardEvent.Action.REOPENED, note="补录新院区网络割接夜间加班加分"),
        ScorecardEvent(scorecard=scorecard, at=locked + datetime.timedelta(days=1, hours=2),
                       actor=scorecard.reviewer or head, action=ScorecardEvent.Action.REVIEW_CONFIRMED),
        ScorecardEvent(scorecard=scorecard, at=locked + datetime.timedelta(days=1, hours=5), actor=scorecard.user,
                       action=ScorecardEvent.Action.ACKNOWLEDGED),
        ScorecardEvent(scorecard=scorecard, at=locked + datetime.timedelta(days=1, hours=5), actor=scorecard.user,
                       action=ScorecardEvent.Action.LOCKED),
    ])


# --- 360° appraisal: last year's round closed with results, this year's open with ratings waiting ----------------

SUBJECTS = ["1002", "1003", "1004", "1005", "1006", "1007"]
SERVICE_USERS = ["4001", "3001"]  # a clinical head and 医务科: the IT department's service users (服务对象)


def _raters_of(username, users):
    """(rater, relation) for a person of 信息科: the head or deputy above, two peers, subordinates, a service user."""
    from .models import FeedbackRequest

    relation = FeedbackRequest.Relation
    staff = [u for u in SUBJECTS if u != "1002"]
    if username == "1002":
        chosen = [("1001", relation.SUPERIOR), ("1004", relation.SUBORDINATE), ("1005", relation.SUBORDINATE),
                  ("1006", relation.SUBORDINATE)]
    else:
        index = staff.index(username)
        peers = [staff[(index + 1) % len(staff)], staff[(index + 2) % len(staff)]]
        chosen = [("1002", relation.SUPERIOR)] + [(peer, relation.PEER) for peer in peers]
    chosen += [(name, relation.SERVICE_USER) for name in SERVICE_USERS[:1]]
    return [(users[name], kind) for name, kind in chosen if name in users]


def seed_feedback(head, today=None):
    """Idempotent: a round that exists is left as it is. Returns how many rating requests were created."""
    from core.errors import ServiceError

    from .models import FeedbackDimension, FeedbackRequest, FeedbackRound

    today = today or timezone.localdate()
    department = head.headed_departments.order_by("sort_order", "pk").first()
    if department is None:
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=SUBJECTS + ["1001"] + SERVICE_USERS)}
    dimensions = list(FeedbackDimension.objects.filter(is_active=True))
    created = 0
    for year, close in ((today.year - 1, True), (today.year, False)):
        if FeedbackRound.objects.filter(department=department, year=year).exists():
            continue
        try:
            with transaction.atomic():
                feedback_round = services.feedback_round_open(
                    department=department, year=year, by=head, today=today,
                    deadline=today + datetime.timedelta(days=14) if not close else today)
                for username in SUBJECTS:
                    if username not in users:
                        continue
                    for position, (rater, relation) in enumerate(_raters_of(username, users)):
                        request = services.feedback_rater_add(feedback_round=feedback_round, subject=users[username],
                                                              rater=rater, relation=relation, by=head)
                        created += 1
                        # This year: a third of the ratings still waiting, among them the demo users' own.
                        if not close and (position % 3 == 1 or rater.username in ("1004", "1002")):
                            continue
                        rng = random.Random(f"360-{year}-{username}-{rater.username}")
                        level = LEVEL.get(username, 0.85)
                        scores = {d.pk: max(1, min(feedback_round.scale_max, round(
                            rng.gauss(level * feedback_round.scale_max, 0.6)))) for d in dimensions}
                        services.feedback_answer(request=request, by=rater, scores=scores,
                                                 comment="沟通及时，值班响应快。" if rng.random() < 0.3 else "")
                if close:
                    services.feedback_round_close(feedback_round=feedback_round, by=head)
                    FeedbackRound.objects.filter(pk=feedback_round.pk).update(
                        deadline=datetime.date(year, 12, 20), opened_at=_at(datetime.date(year, 12, 1), 9))
                    FeedbackRequest.objects.filter(round=feedback_round).update(
                        created_at=_at(datetime.date(year, 12, 1), 9))
        except ServiceError:
            continue
    return created
