"""The training facts behind a month's scorecard, and the deductions they may justify (proposed, never applied).

The posts' scorecards (004 绩效考核表) ask about training records: 副科长 — 每周进行一次科员专业考核 (每周无考核记录扣
2.5分), 新员工无培训上岗扣5分, 其它培训无相关记录一次扣5分; 安全管理员 — 无相关培训记录扣3分, 无培训人员名单与签名扣2分;
every technical post — 问题及处理方法PPT每月10张 (不完成扣10分), 不参与考核每周扣5分; 系统管理员 — 未进行辅导和教育培训的
每次扣1分. Which post is asked what, the wording and the points are EvidenceRule rows (Django admin). For one person
and month this module reads the facts and, for each rule the facts break, a proposal in the item's words.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import hiring, selectors
from .models import Assignment, Attempt, Attendance, EvidenceRule, Exam, Session, SlideDeck

Check = EvidenceRule.Check


@dataclass(frozen=True)
class Proposal:
    """A deduction line the reviewer may add: the rule, how many times it was broken, and the facts."""

    rule: EvidenceRule
    count: int
    facts: tuple

    @property
    def points(self):
        return (self.rule.points * self.count).quantize(Decimal("0.01"))

    @property
    def key(self):
        """Stable for a rule and a month: the same proposal is never added twice."""
        return f"training.rule.{self.rule.pk}"

    def fact_text(self):
        return _("%(wording)s: %(facts)s") % {"wording": self.rule.wording, "facts": "；".join(self.facts)}

    def basis_text(self):
        return _("Scorecard item “%(item)s”, %(points)s points each time (training records).") % {
            "item": self.rule.item, "points": f"{self.rule.points.normalize():f}"}


@dataclass
class Evidence:
    person: object
    period: datetime.date
    attended: list = field(default_factory=list)
    hours_month: Decimal = Decimal("0")
    ledger: object = None
    papers: list = field(default_factory=list)
    missed: list = field(default_factory=list)
    weeks: list = field(default_factory=list)  # [(monday, sunday, [weekly exams opened that week])]
    weekly_missed: list = field(default_factory=list)
    slides: int = 0
    decks: list = field(default_factory=list)
    given: list = field(default_factory=list)  # sessions the person organised or trained, with attendance counts
    untrained_hires: list = field(default_factory=list)
    proposals: list = field(default_factory=list)

    def url(self):
        return reverse("training:person_hours", args=[self.person.username]) + f"?year={self.period.year}"


def _weeks_of(period, today):
    """The weeks (Monday–Sunday) that start in the month and have ended by today."""
    start, end = selectors.month_bounds(period)
    first = start.date()
    monday = first + datetime.timedelta(days=(7 - first.weekday()) % 7)
    weeks = []
    while monday < end.date():
        sunday = monday + datetime.timedelta(days=6)
        if sunday < today:
            weeks.append((monday, sunday))
        monday += datetime.timedelta(days=7)
    return weeks


def scorecard_evidence(person, period, today=None):
    """The month's training facts of a person and the proposals the rules of their post make (a dozen queries)."""
    today = today or timezone.localdate()
    period = period.replace(day=1)
    start, end = selectors.month_bounds(period)
    profile = getattr(person, "profile", None)
    department = profile.department if profile is not None else None
    evidence = Evidence(person=person, period=period)
    evidence.attended = list(Attendance.objects.attended().filter(
        person=person, session__starts_at__gte=start, session__starts_at__lt=end)
        .select_related("session").order_by("session__starts_at"))
    evidence.hours_month = sum((row.session.hours for row in evidence.attended), Decimal("0"))
    evidence.ledger = selectors.person_ledger(person, period.year, today=min(today, (end - datetime.timedelta(
        days=1)).date()))
    evidence.papers = list(Attempt.objects.finished().filter(person=person, submitted_at__gte=start,
                                                             submitted_at__lt=end).select_related("exam"))
    closed_in_month = Assignment.objects.filter(person=person, exam__closes_at__gte=start, exam__closes_at__lt=end,
                                                exam__closes_at__lte=timezone.now(), passed_at__isnull=True)
    evidence.missed = list(closed_in_month.annotate(done=Count("attempts", filter=Q(
        attempts__state__in=Attempt.FINISHED_STATES))).filter(done=0).select_related("exam"))
    weekly = []
    if department is not None:
        weekly = list(Exam.objects.filter(department=department, kind=Exam.Kind.WEEKLY, opens_at__gte=start,
                                          opens_at__lt=end).exclude(state=Exam.State.DRAFT).order_by("opens_at"))
    for monday, sunday in _weeks_of(period, today):
        held = [exam for exam in weekly if monday <= timezone.localtime(exam.opens_at).date() <= sunday]
        evidence.weeks.append((monday, sunday, held))
    evidence.weekly_missed = [assignment.exam for assignment in evidence.missed
                              if assignment.exam.kind == Exam.Kind.WEEKLY]
    evidence.decks = list(SlideDeck.objects.filter(person=person, month=period))
    evidence.slides = sum(deck.slides for deck in evidence.decks)
    evidence.given = list(Session.objects.live().filter(Q(organiser=person) | Q(trainer=person),
                                                        starts_at__gte=start, starts_at__lt=end)
                          .annotate(signed=Count("attendance", filter=Q(attendance__status__in=Attendance.ATTENDED)))
                          .order_by("starts_at"))
    if department is not None and department.is_led_by(person):
        on = min(today, (end - datetime.timedelta(days=1)).date())
        evidence.untrained_hires = list(hiring.new_hires_without_induction(department, on))
    evidence.proposals = _proposals(evidence, department, profile, today, end)
    return evidence


def _proposals(evidence, department, profile, today, end):
    post_id = profile.post_id if profile is not None else None
    rules = EvidenceRule.objects.filter(is_active=True).filter(Q(post__isnull=True) | Q(post_id=post_id))
    month_over = today >= end.date()
    proposals = []
    for rule in rules:
        facts = _broken(rule, evidence, department, month_over, end)
        if facts:
            proposals.append(Proposal(rule=rule, count=len(facts), facts=tuple(facts)))
    return proposals


def _broken(rule, evidence, department, month_over, end):
    """The facts (one per occurrence) that break a rule this month; empty when it holds."""
    ended = [session for session in evidence.given if session.ends_at <= timezone.now()]
    if rule.kind == Check.WEEKLY_TEST_NOT_HELD:
        return [_("no weekly test in the week of %(monday)s") % {"monday": monday.strftime("%m-%d")}
                for monday, _sunday, held in evidence.weeks if not held]
    if rule.kind == Check.WEEKLY_TEST_MISSED:
        return [_("did not take %(exam)s") % {"exam": exam.title} for exam in evidence.weekly_missed]
    if rule.kind == Check.SLIDES_SHORT:
        if not month_over or evidence.slides >= (rule.threshold or 0):
            return []
        return [_("%(count)d of %(needed)d slides uploaded") % {"count": evidence.slides, "needed": rule.threshold}]
    if rule.kind == Check.NEW_HIRE_UNTRAINED:
        return [_("%(name)s at work without the induction exam passed") % {"name": probation.profile.user.display_name}
                for probation in evidence.untrained_hires]
    if rule.kind == Check.SESSION_UNRECORDED:
        if department is None or not department.is_led_by(evidence.person):
            return []
        start, _end = selectors.month_bounds(evidence.period)
        sessions = (Session.objects.live().filter(department=department, starts_at__gte=start, starts_at__lt=end,
                                                  ends_at__lte=timezone.now())
                    .annotate(signed=Count("attendance", filter=Q(attendance__status__in=Attendance.ATTENDED)))
                    .filter(signed=0))
        return [_("%(title)s on %(date)s has no attendance record") % {
            "title": session.title, "date": timezone.localtime(session.starts_at).strftime("%m-%d")}
            for session in sessions]
    if rule.kind == Check.NO_TRAINING_GIVEN:
        if not month_over or evidence.given:
            return []
        return [_("no training given or organised this month")]
    if rule.kind == Check.NO_SIGNIN_SHEET:
        return [_("%(title)s on %(date)s has no signed attendance list") % {
            "title": session.title, "date": timezone.localtime(session.starts_at).strftime("%m-%d")}
            for session in ended if session.organiser_id == evidence.person.pk and not session.signed]
    return []



def propose_lines(person, period, today=None):
    """The deduction lines the month's facts justify, each kept as an EvidenceProposal (same month and rule, same
    row): [(proposal row, Proposal)]. The appraisal registry turns them into proposed scorecard lines."""
    from .models import EvidenceProposal

    period = period.replace(day=1)
    evidence = scorecard_evidence(person, period, today)
    rows = []
    for proposal in evidence.proposals:
        row, _created = EvidenceProposal.objects.update_or_create(
            person=person, period=period, rule=proposal.rule,
            defaults={"count": proposal.count, "facts": list(proposal.facts), "points": proposal.points})
        rows.append((row, proposal))
    return rows


# The appraisal registry (appraisal.evidence): lines proposed on the scorecard, and the month's facts beside them.

def appraisal_lines(person, period):
    """`propose`: one deduction line per rule the month breaks, in the item's words, linked to the facts."""
    from appraisal.evidence import ProposedLine

    _start, end = selectors.month_bounds(period)
    day = min(timezone.localdate(), (end - datetime.timedelta(days=1)).date())
    return [ProposedLine(kind="deduction", evidence_id=row.pk, date=day, fact=proposal.fact_text(),
                         basis=proposal.basis_text(), points=proposal.points)
            for row, proposal in propose_lines(person, period)]


def appraisal_line_url(evidence_id):
    return reverse("training:evidence_line", args=[evidence_id])


def appraisal_facts(person, period):
    """`facts`: the month's training in a few lines for the reviewer."""
    from appraisal.evidence import SourceFacts

    from .services.common import number

    evidence = scorecard_evidence(person, period)
    passed = sum(1 for attempt in evidence.papers if attempt.passed)
    failed = sum(1 for attempt in evidence.papers if attempt.passed is False)
    held = sum(1 for _monday, _sunday, exams in evidence.weeks if exams)
    ledger = evidence.ledger
    facts = [
        (_("Sessions attended"), _("%(count)d, %(hours)s hours") % {
            "count": len(evidence.attended), "hours": number(evidence.hours_month)}),
        (_("Hours this year"), _("%(total)s of %(target)s") % {"total": number(ledger.total),
                                                               "target": number(ledger.target)}),
        (_("Exams"), _("%(passed)d passed, %(failed)d not passed, %(missed)d not taken") % {
            "passed": passed, "failed": failed, "missed": len(evidence.missed)}),
        (_("Weekly staff tests of the department"), _("held in %(held)d of %(weeks)d weeks") % {
            "held": held, "weeks": len(evidence.weeks)} if evidence.weeks else _("no week of the month has ended yet")),
        (_("Problems and solutions slides"), _("%(count)d slides") % {"count": evidence.slides}),
        (_("Training given or organised"), _("%(count)d sessions") % {"count": len(evidence.given)}),
    ]
    if evidence.untrained_hires:
        facts.append((_("New hires without the induction exam passed"),
                      "、".join(p.profile.user.display_name for p in evidence.untrained_hires)))
    return SourceFacts(label=_("Training records (培训记录)"), facts=tuple(facts), url=evidence.url())
