"""Every change to templates, scorecards, months and exports. Views, tasks and commands call these.

Each function checks, saves inside one transaction, writes the audit log and notifies.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import File
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ServiceError
from core.memory import old_objects_frozen
from notifications.services import Outcome, notify, work_done
from outbox.services import enqueue
from staff.models import Department, StaffProfile

from . import discipline_lines
from .evidence import line_sources
from .models import (
    ZERO, Adjustment, AppraisalMonth, AppraisalPolicy, DepartmentMonthStat, ExportJob, GradeBand, ScoreLine,
    Scorecard, ScorecardAttachment, ScorecardEvent, ScorecardTemplate, TemplateItem, TemplateSection,
    month_end, month_start, period_label, q2, score_text,
)
from .rules import (
    can_answer_feedback, can_export_scorecards, can_manage_feedback_round, can_open_feedback_round, can_reopen_scorecard, can_self_assess, reviews_scorecard,
)

logger = logging.getLogger(__name__)
State = Scorecard.State
Action = ScorecardEvent.Action


# --- Templates ---------------------------------------------------------------------------------------

TEMPLATE_FIELDS = ["name", "self_weight", "reviewer_weight", "score_step", "instructions", "bonus_guidance",
                   "deduction_guidance", "bonus_limit", "deduction_limit", "total_note", "is_active"]
SECTION_FIELDS = ["order", "code", "name", "note", "item_label", "description_label"]
ITEM_FIELDS = ["order", "name", "description", "criteria", "max_points"]


def template_data(template):
    """A version's content as plain data (the shape template_revise takes)."""
    return {
        "header": {name: getattr(template, name) for name in TEMPLATE_FIELDS},
        "sections": [
            {**{name: getattr(section, name) for name in SECTION_FIELDS}, "key": section.pk}
            for section in template.sections.all()
        ],
        "items": [
            {**{name: getattr(item, name) for name in ITEM_FIELDS}, "section": item.section_id}
            for item in template.items.all()
        ],
        "bands": [{"name": band.name, "min_score": band.min_score} for band in template.bands.all()],
    }


def validate_template_data(data):
    """The checks every version passes: weights add up to 1, items to 100 points, bands start at a bottom."""
    header = data["header"]
    if header["self_weight"] + header["reviewer_weight"] != Decimal("1"):
        raise ServiceError(_("The self-assessment and reviewer weights must add up to 100%."))
    total = sum((item["max_points"] for item in data["items"]), ZERO)
    if total != Decimal("100"):
        raise ServiceError(_("The items must add up to 100 points; they add up to %(total)s.") % {"total": total})
    keys = {section["key"] for section in data["sections"]}
    if any(item["section"] not in keys for item in data["items"]):
        raise ServiceError(_("Every item must belong to one of the template's sections."))
    if not data["bands"]:
        raise ServiceError(_("A template needs at least one grade band."))
    if not all(ZERO <= header.get(name, ZERO) <= Decimal("100") for name in ("bonus_limit", "deduction_limit")):
        raise ServiceError(_("The bonus and deduction limits are between 0 and 100 points."))


@transaction.atomic
def template_revise(*, template, by, data, change_note=""):
    """Create the next version of a post's template from `data` (see template_data); the old one stays."""
    validate_template_data(data)
    newest = ScorecardTemplate.objects.filter(post=template.post).order_by("-version").first()
    revised = ScorecardTemplate.objects.create(
        post=template.post, version=newest.version + 1, created_by=by, change_note=change_note,
        **data["header"],
    )
    sections = {}
    for section in data["sections"]:
        sections[section["key"]] = TemplateSection.objects.create(
            template=revised, **{name: section[name] for name in SECTION_FIELDS})
    TemplateItem.objects.bulk_create([
        TemplateItem(template=revised, section=sections[item["section"]], **{name: item[name] for name in ITEM_FIELDS})
        for item in data["items"]
    ])
    GradeBand.objects.bulk_create([GradeBand(template=revised, **band) for band in data["bands"]])
    audit_record(actor=by, action="appraisal.template.revise", obj=revised,
                 before={"version": template.version}, after={"version": revised.version, "note": change_note})
    return revised


# --- Creating the month ------------------------------------------------------------------------------

def resolve_reviewer(profile):
    """The direct supervisor, or else the head of the department (never the person themselves)."""
    for candidate in (profile.supervisor_id, profile.department.head_id):
        if candidate and candidate != profile.user_id:
            return candidate
    return None


def reviewers_hand_over(*, person, by, note):
    """The person's leadership ended (staff.services.leadership_end): the open scorecards they were to review go to
    the appraised person's supervisor now in force (or the department head). Signed scorecards keep their reviewer."""
    scorecards = (Scorecard.objects.select_for_update(of=("self",)).filter(reviewer=person, state__in=Scorecard.OPEN_STATES)
                  .exclude(user=person).select_related("user__profile__department"))
    for scorecard in scorecards:
        scorecard.reviewer_id = resolve_reviewer(scorecard.user.profile)
        scorecard.save(update_fields=["reviewer", "updated_at"])
        audit_record(actor=by, action="appraisal.scorecard.reviewer", obj=scorecard, before={"reviewer": person.pk},
                     after={"reviewer": scorecard.reviewer_id, "note": note})


@transaction.atomic
def scorecards_create_for_month(*, period, by=None):
    """Create the month's scorecard for every active staff member whose post has a template.

    Idempotent: people who already have the month's scorecard are skipped. Returns how many were created.
    """
    period = month_start(period)
    month, _created = AppraisalMonth.objects.get_or_create(period=period)
    if month.is_closed():
        return 0
    templates = ScorecardTemplate.objects.current_by_post()
    existing = Scorecard.objects.filter(period=period).values("user_id")
    profiles = (
        StaffProfile.objects.filter(status__in=StaffProfile.ACTIVE_STATUSES, post_id__in=list(templates),
                                    user__is_active=True)
        .filter(Q(hire_date__isnull=True) | Q(hire_date__lte=month_end(period)))
        .exclude(user_id__in=existing)
        .select_related("department")
        .order_by("user_id")
    )
    self_deadline, review_deadline = AppraisalPolicy.current().deadlines_for(period)
    now = timezone.now()
    scorecards = [
        Scorecard(user_id=profile.user_id, period=period, template=templates[profile.post_id],
                  department_id=profile.department_id, reviewer_id=resolve_reviewer(profile),
                  self_deadline=self_deadline, review_deadline=review_deadline, created_at=now)
        for profile in profiles
    ]
    if not scorecards:
        return 0
    Scorecard.objects.bulk_create(scorecards, batch_size=500)
    if any(sc.pk is None for sc in scorecards):  # a database that does not return the new ids
        scorecards = list(Scorecard.objects.filter(period=period, user_id__in=[sc.user_id for sc in scorecards]))
    created = {sc.user_id: sc for sc in scorecards}
    items_by_template = defaultdict(list)
    for item in TemplateItem.objects.filter(template__in={t.pk for t in templates.values()}).order_by("pk"):
        items_by_template[item.template_id].append(item.pk)
    ScoreLine.objects.bulk_create(
        [ScoreLine(scorecard=sc, item_id=item_id) for sc in created.values()
         for item_id in items_by_template[sc.template_id]],
        batch_size=2000,
    )
    ScorecardEvent.objects.bulk_create(
        [ScorecardEvent(scorecard=sc, at=now, actor=by, action=Action.CREATED) for sc in created.values()],
        batch_size=1000,
    )
    audit_record(actor=by, action="appraisal.month.open", obj=month, after={"created": len(created)})
    return len(created)


# --- Helpers shared by the scorecard's steps ---------------------------------------------------------

def _locked(scorecard):
    """The scorecard row again, locked for this transaction, with what its checks read."""
    fresh = (Scorecard.objects.select_for_update(of=("self",))
             .select_related("user", "department", "template").get(pk=scorecard.pk))
    return fresh


def _event(scorecard, by, action, note=""):
    return ScorecardEvent.objects.create(scorecard=scorecard, actor=by, action=action, note=note)


def _audit(scorecard, by, action, before_state, **after):
    """Every change of a scorecard's state comes here: the work announced for the previous state is over too."""
    work_done(scorecard)
    audit_record(actor=by, action=f"appraisal.scorecard.{action}", obj=scorecard,
                 before={"state": before_state}, after={"state": scorecard.state, **after})


def _notify(recipient_id, subject, url, body="", work=None):
    from staff.models import User

    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    if recipient is not None:
        notify(recipient=recipient, subject=subject, body=body, url=url, work=work)


def _reviewer_for(scorecard):
    return scorecard.reviewer_id or scorecard.department.head_id


def _check_score(value, item, label):
    if value is None:
        return
    if value < 0 or value > item.max_points:
        raise ServiceError(_("%(label)s for “%(item)s” must be between 0 and %(max)s.") % {
            "label": label, "item": item.name, "max": item.max_points})
    step = item.template.score_step
    if value % step:
        raise ServiceError(_("Scores on this form go in steps of %(step)s: %(value)s for “%(item)s” is not one.") % {
            "step": score_text(step), "value": value.normalize(), "item": item.name})


def _lines(scorecard):
    return {line.pk: line for line in scorecard.lines.select_related("item__template")}


@dataclass
class Entry:
    """A score and remark for one line, as a form hands them to a service."""

    line_id: int
    score: Decimal | None
    remark: str = ""


def _save_entries(scorecard, entries, score_field, remark_field, label):
    lines = _lines(scorecard)
    changed = {}
    for entry in entries:
        line = lines.get(entry.line_id)
        if line is None:
            raise ServiceError(_("That item is not on this scorecard."))
        _check_score(entry.score, line.item, label)
        before = getattr(line, score_field)
        if before != entry.score or getattr(line, remark_field) != entry.remark:
            changed[line.pk] = [before, entry.score]
            setattr(line, score_field, entry.score)
            setattr(line, remark_field, entry.remark[:500])
    ScoreLine.objects.bulk_update([lines[pk] for pk in changed], [score_field, remark_field])
    return changed


# --- Self-assessment ---------------------------------------------------------------------------------

@transaction.atomic
def self_assessment_save(*, scorecard, by, entries, summary_gains, summary_losses):
    """Save the draft: scores from 0 to each item's points (in the template's step), remarks and the summary."""
    scorecard = _locked(scorecard)
    if not can_self_assess(by, scorecard):
        raise ServiceError(_("Only the person appraised fills in the self-assessment."))
    if not scorecard.self_assessment_is_editable():
        raise ServiceError(_("The self-assessment can no longer be changed."))
    changed = _save_entries(scorecard, entries, "self_score", "self_remark", _("The self score"))
    scorecard.summary_gains, scorecard.summary_losses = summary_gains.strip(), summary_losses.strip()
    scorecard.save(update_fields=["summary_gains", "summary_losses", "updated_at"])
    if changed:
        audit_record(actor=by, action="appraisal.scorecard.self_save", obj=scorecard, after={"scores": changed})
    return scorecard


@transaction.atomic
def self_assessment_submit(*, scorecard, by):
    """Hand the self-assessment to the reviewer; the month's discipline incidents are proposed as lines."""
    scorecard = _locked(scorecard)
    if not can_self_assess(by, scorecard):
        raise ServiceError(_("Only the person appraised submits the self-assessment."))
    if not scorecard.self_assessment_is_editable():
        raise ServiceError(_("The self-assessment has already been submitted."))
    missing = scorecard.lines.filter(self_score__isnull=True).count()
    if missing:
        raise ServiceError(_("Score every item before you submit: %(count)d not scored yet.") % {"count": missing})
    if not scorecard.summary_gains:
        raise ServiceError(_("Write this month's summary (得) before you submit."))
    before = scorecard.state
    profile = StaffProfile.objects.select_related("department").filter(user_id=scorecard.user_id).first()
    if profile is not None:
        scorecard.reviewer_id = resolve_reviewer(profile) or scorecard.reviewer_id
    scorecard.state = State.REVIEW
    scorecard.submitted_at = timezone.now()
    scorecard.save(update_fields=["state", "submitted_at", "reviewer", "updated_at"])
    late = scorecard.self_assessment_is_late()
    _event(scorecard, by, Action.SUBMITTED, _("Submitted after the deadline.") if late else "")
    evidence_lines_propose(scorecard=scorecard)
    _audit(scorecard, by, "submit", before, late=late)
    _notify(_reviewer_for(scorecard), _("%(name)s submitted the self-assessment for %(month)s") % {
        "name": scorecard.user.display_name, "month": scorecard.period_label()},
        reverse("appraisal:review", args=[scorecard.pk]), work=scorecard)
    return scorecard


# --- Review ------------------------------------------------------------------------------------------

def _check_reviewer(scorecard, by):
    if not reviews_scorecard(by, scorecard):
        raise ServiceError(
            _("Only the reviewer (the direct supervisor or the department head) reviews this scorecard."))
    if not scorecard.review_is_editable():
        raise ServiceError(_("The review can no longer be changed."))


@transaction.atomic
def review_save(*, scorecard, by, entries, opinion):
    scorecard = _locked(scorecard)
    _check_reviewer(scorecard, by)
    changed = _save_entries(scorecard, entries, "reviewer_score", "reviewer_remark", _("The reviewer's score"))
    scorecard.reviewer_opinion = opinion.strip()
    scorecard.save(update_fields=["reviewer_opinion", "updated_at"])
    if changed:
        audit_record(actor=by, action="appraisal.scorecard.review_save", obj=scorecard, after={"scores": changed})
    return scorecard


@transaction.atomic
def review_without_self_assessment(*, scorecard, by, today=None):
    """After the self-assessment deadline, the reviewer reviews a scorecard whose self-assessment never came.

    It is marked 未自评 (self_missing): draft self scores are ignored and the reviewer's score counts for the
    whole item (see Figures). The person is told; returning the scorecard to them undoes it.
    """
    scorecard = _locked(scorecard)
    if not reviews_scorecard(by, scorecard):
        raise ServiceError(
            _("Only the reviewer (the direct supervisor or the department head) reviews this scorecard."))
    if scorecard.state != State.SELF_ASSESSMENT or scorecard.is_closed():
        raise ServiceError(_("Only a scorecard still waiting for its self-assessment can be reviewed without it."))
    if not scorecard.can_review_without_self_assessment(today):
        raise ServiceError(_("The self-assessment is due on %(date)s: you can review without it only after that.") % {
            "date": scorecard.self_deadline.isoformat()})
    before = scorecard.state
    scorecard.state = State.REVIEW
    scorecard.self_missing = True
    scorecard.save(update_fields=["state", "self_missing", "updated_at"])
    _event(scorecard, by, Action.SELF_MISSING)
    evidence_lines_propose(scorecard=scorecard)
    _audit(scorecard, by, "review_without_self", before, self_missing=True)
    _notify(scorecard.user_id, _("Your scorecard for %(month)s is being reviewed without your self-assessment") % {
        "month": scorecard.period_label()}, scorecard.get_absolute_url(),
        _("The self-assessment was not submitted by %(date)s. The reviewer's score counts for each whole item.") % {
            "date": scorecard.self_deadline.isoformat()})
    return scorecard


@transaction.atomic
def review_return(*, scorecard, by, reason):
    """Send the self-assessment back to the person for changes, with the reason."""
    scorecard = _locked(scorecard)
    _check_reviewer(scorecard, by)
    if not reason.strip():
        raise ServiceError(_("Say what should be changed."))
    before = scorecard.state
    scorecard.state = State.SELF_ASSESSMENT
    scorecard.submitted_at = None
    scorecard.self_missing = False
    scorecard.save(update_fields=["state", "submitted_at", "self_missing", "updated_at"])
    _event(scorecard, by, Action.RETURNED, reason.strip())
    _audit(scorecard, by, "return", before, reason=reason.strip())
    _notify(scorecard.user_id, _("Your self-assessment for %(month)s was returned for changes") % {
        "month": scorecard.period_label()}, reverse("appraisal:self_assessment", args=[scorecard.pk]), reason.strip(),
        work=scorecard)
    return scorecard


@transaction.atomic
def review_confirm(*, scorecard, by):
    """The reviewer signs the review (复评人签字确认); the person is asked to acknowledge it."""
    scorecard = _locked(scorecard)
    _check_reviewer(scorecard, by)
    missing = scorecard.lines.filter(reviewer_score__isnull=True).count()
    if missing:
        raise ServiceError(_("Score every item before you confirm: %(count)d not scored yet.") % {"count": missing})
    if scorecard.adjustments.filter(status=Adjustment.Status.PROPOSED).exists():
        raise ServiceError(_("Accept or dismiss each line proposed from the month's records first."))
    before = scorecard.state
    scorecard.state = State.CONFIRMATION
    scorecard.reviewer_confirmed_at = timezone.now()
    scorecard.reviewer_confirmed_by = by
    scorecard.save(update_fields=["state", "reviewer_confirmed_at", "reviewer_confirmed_by", "updated_at"])
    _event(scorecard, by, Action.REVIEW_CONFIRMED)
    _audit(scorecard, by, "review_confirm", before)
    _notify(scorecard.user_id, _("Your scorecard for %(month)s was reviewed: please acknowledge it") % {
        "month": scorecard.period_label()}, scorecard.get_absolute_url(), work=scorecard)
    return scorecard


# --- Bonus and deduction lines ----------------------------------------------------------------------

@transaction.atomic
def adjustment_add(*, scorecard, by, kind, fact, basis, points):
    scorecard = _locked(scorecard)
    _check_reviewer(scorecard, by)
    if kind not in Adjustment.Kind.values:
        raise ServiceError(_("Choose a bonus or a deduction."))
    if points is None or points <= 0:
        raise ServiceError(_("Points must be more than zero."))
    _check_limit(scorecard, kind, q2(points))
    line = Adjustment.objects.create(scorecard=scorecard, kind=kind, fact=fact.strip(), basis=basis.strip(),
                                     points=q2(points), created_by=by)
    audit_record(actor=by, action="appraisal.adjustment.add", obj=scorecard,
                 after={"line": line.pk, "kind": kind, "points": line.points, "fact": line.fact})
    return line


def _check_limit(scorecard, kind, points):
    """The template bounds the month's counted bonus and deduction points (a final score stays a score)."""
    template = scorecard.template
    limit = template.bonus_limit if kind == Adjustment.Kind.BONUS else template.deduction_limit
    counted = scorecard.adjustments.filter(kind=kind, status=Adjustment.Status.COUNTED).aggregate(
        total=Sum("points"))["total"] or ZERO
    if counted + points > limit:
        message = (_("The bonus lines would add up to %(total)s points; this scorecard allows at most %(limit)s "
                     "(its template's 加分上限).") if kind == Adjustment.Kind.BONUS else
                   _("The deduction lines would add up to %(total)s points; this scorecard allows at most %(limit)s "
                     "(its template's 扣分上限)."))
        raise ServiceError(message % {"total": q2(counted + points), "limit": limit})


@transaction.atomic
def adjustment_remove(*, adjustment, by):
    scorecard = _locked(adjustment.scorecard)
    _check_reviewer(scorecard, by)
    if adjustment.is_proposed_from_records():
        raise ServiceError(_("A line proposed from the month's records is dismissed, not removed."))
    audit_record(actor=by, action="appraisal.adjustment.remove", obj=scorecard,
                 before={"line": adjustment.pk, "kind": adjustment.kind, "points": adjustment.points,
                         "fact": adjustment.fact})
    adjustment.delete()


@transaction.atomic
def adjustment_decide(*, adjustment, by, accept):
    """Accept a line proposed from another domain's record (it then counts) or dismiss it."""
    scorecard = _locked(adjustment.scorecard)
    _check_reviewer(scorecard, by)
    if not adjustment.is_proposed_from_records():
        raise ServiceError(_("Only lines proposed from the month's records are accepted or dismissed."))
    before = adjustment.status
    if accept and before != Adjustment.Status.COUNTED:
        _check_limit(scorecard, adjustment.kind, adjustment.points)
    adjustment.status = Adjustment.Status.COUNTED if accept else Adjustment.Status.DISMISSED
    adjustment.decided_by, adjustment.decided_at = by, timezone.now()
    adjustment.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(actor=by, action="appraisal.adjustment.decide", obj=scorecard,
                 before={"line": adjustment.pk, "status": before}, after={"status": adjustment.status})
    return adjustment


def discipline_fines(scorecard):
    """The month's fines in yuan from discipline records (shown beside the review; not part of the score)."""
    return discipline_lines.fines_yuan(scorecard.user, scorecard.period)


@transaction.atomic
def evidence_lines_propose(*, scorecard, by=None):
    """Propose the month's records of every line source (appraisal.evidence) as lines, each linked to its record.

    Idempotent: a record already on the scorecard is not proposed again (its points follow an appeal); a record
    no longer counted (cancelled, overturned) leaves the scorecard. Returns how many are new.
    """
    new = []
    for source in line_sources():
        wanted = {(line.kind, line.evidence_id): line for line in source.propose(scorecard.user, scorecard.period)}
        existing = {(a.kind, a.evidence_id): a for a in scorecard.adjustments.filter(source=source.source)}
        for key, adjustment in existing.items():
            if key not in wanted:
                adjustment.delete()
            elif adjustment.points != q2(wanted[key].points):
                adjustment.points = q2(wanted[key].points)
                adjustment.save(update_fields=["points"])
        new.extend(
            Adjustment(scorecard=scorecard, kind=line.kind, fact=line.fact, basis=line.basis, points=q2(line.points),
                       status=Adjustment.Status.PROPOSED, source=source.source, evidence_id=line.evidence_id,
                       evidence_date=line.date, rule_code=line.rule_code, created_by=by)
            for key, line in wanted.items() if key not in existing
        )
    Adjustment.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def evidence_lines_refresh(*, scorecard, by):
    """The reviewer asks again for the month's records (some incidents may have been confirmed since)."""
    scorecard = _locked(scorecard)
    _check_reviewer(scorecard, by)
    return evidence_lines_propose(scorecard=scorecard, by=by)


# --- Confirmation, dispute, reopening ----------------------------------------------------------------

def _check_person(scorecard, by):
    if by.pk != scorecard.user_id:
        raise ServiceError(_("Only the person appraised acknowledges the scorecard."))
    if not scorecard.awaits_acknowledgement():
        raise ServiceError(_("This scorecard is not waiting for your acknowledgement."))


def keep_result(scorecard):
    """Copy the figures into the result fields (lists, statistics and the annual view read these)."""
    scorecard.forget_figures()
    figures = Scorecard.objects.with_figures().get(pk=scorecard.pk).figures()
    scorecard.result_total, scorecard.result_bonus = figures.total, figures.bonus
    scorecard.result_deductions, scorecard.result_final = figures.deductions, figures.final
    scorecard.result_grade = figures.grade.name if figures.grade else ""


@transaction.atomic
def scorecard_acknowledge(*, scorecard, by):
    """The person signs (被考核人签字确认); with the reviewer's confirmation the scorecard is locked."""
    scorecard = _locked(scorecard)
    _check_person(scorecard, by)
    before = scorecard.state
    now = timezone.now()
    scorecard.state = State.LOCKED
    scorecard.staff_confirmed_at, scorecard.staff_confirmed_by, scorecard.locked_at = now, by, now
    keep_result(scorecard)
    scorecard.save()
    _event(scorecard, by, Action.ACKNOWLEDGED)
    _event(scorecard, by, Action.LOCKED)
    _audit(scorecard, by, "acknowledge", before, final=scorecard.result_final, grade=scorecard.result_grade)
    _notify(scorecard.reviewer_confirmed_by_id or _reviewer_for(scorecard),
            _("%(name)s acknowledged the scorecard for %(month)s: it is locked") % {
                "name": scorecard.user.display_name, "month": scorecard.period_label()},
            scorecard.get_absolute_url())
    return scorecard


@transaction.atomic
def scorecard_dispute(*, scorecard, by, reason):
    """The person does not agree: the scorecard goes back to the reviewer with the reason."""
    scorecard = _locked(scorecard)
    _check_person(scorecard, by)
    if not reason.strip():
        raise ServiceError(_("Say what you do not agree with."))
    before = scorecard.state
    reviewer_id = scorecard.reviewer_confirmed_by_id or _reviewer_for(scorecard)
    scorecard.state = State.REVIEW
    scorecard.reviewer_confirmed_at = scorecard.reviewer_confirmed_by = None
    scorecard.save(update_fields=["state", "reviewer_confirmed_at", "reviewer_confirmed_by", "updated_at"])
    _event(scorecard, by, Action.DISPUTED, reason.strip())
    _audit(scorecard, by, "dispute", before, reason=reason.strip())
    _notify(reviewer_id, _("%(name)s does not agree with the scorecard for %(month)s") % {
        "name": scorecard.user.display_name, "month": scorecard.period_label()},
        reverse("appraisal:review", args=[scorecard.pk]), reason.strip(), work=scorecard)
    return scorecard


REOPEN_TARGETS = (State.REVIEW, State.SELF_ASSESSMENT)


@transaction.atomic
def scorecard_reopen(*, scorecard, by, reason, to_state=State.REVIEW):
    """The head reopens a locked or closed scorecard, with a reason kept in its history."""
    scorecard = _locked(scorecard)
    if not can_reopen_scorecard(by, scorecard):
        raise ServiceError(_("Only the head of the department reopens a scorecard."))
    if not (scorecard.is_locked() or scorecard.is_closed()):
        raise ServiceError(_("This scorecard is still open: there is nothing to reopen."))
    if to_state not in REOPEN_TARGETS:
        raise ServiceError(_("Reopen for the review or for the self-assessment."))
    if not reason.strip():
        raise ServiceError(_("Give the reason for reopening."))
    before = scorecard.state
    was_closed = scorecard.is_closed()
    scorecard.state = to_state
    scorecard.reviewer_confirmed_at = scorecard.reviewer_confirmed_by = None
    scorecard.staff_confirmed_at = scorecard.staff_confirmed_by = None
    scorecard.locked_at = scorecard.closed_at = None
    scorecard.result_total = scorecard.result_bonus = scorecard.result_deductions = scorecard.result_final = None
    scorecard.result_grade, scorecard.result_rank = "", None
    if to_state == State.SELF_ASSESSMENT:
        scorecard.submitted_at = None
        scorecard.self_missing = False
    scorecard.save()
    if was_closed:
        AppraisalMonth.objects.filter(period=scorecard.period).update(needs_rollup=True)
    _event(scorecard, by, Action.REOPENED, reason.strip())
    _audit(scorecard, by, "reopen", before, reason=reason.strip(), was_closed=was_closed)
    subject = _("The scorecard for %(month)s was reopened") % {"month": scorecard.period_label()}
    target = (reverse("appraisal:self_assessment", args=[scorecard.pk]) if to_state == State.SELF_ASSESSMENT
              else reverse("appraisal:review", args=[scorecard.pk]))
    for_person = to_state == State.SELF_ASSESSMENT
    _notify(scorecard.user_id, subject, target if for_person else scorecard.get_absolute_url(), reason.strip(),
            work=scorecard if for_person else None)
    if _reviewer_for(scorecard) != by.pk:
        _notify(_reviewer_for(scorecard), subject, target, reason.strip(), work=None if for_person else scorecard)
    return scorecard


# --- Rollup ------------------------------------------------------------------------------------------

@dataclass
class Rollup:
    period: datetime.date
    scorecards: int = 0
    completed: int = 0
    newly_closed: int = 0
    incomplete: list = field(default_factory=list)  # scorecards not confirmed by both sides


def _ranks(scorecards):
    """Competition ranking by final score within the department (equal scores share a rank: 1, 2, 2, 4)."""
    ordered = sorted(scorecards, key=lambda sc: sc.result_final, reverse=True)
    ranks, previous = {}, None
    for position, scorecard in enumerate(ordered, start=1):
        if previous is None or scorecard.result_final != previous[0]:
            previous = (scorecard.result_final, position)
        ranks[scorecard.pk] = previous[1]
    return ranks


ROLLUP_CHUNK = 500  # scorecards held with their lines at a time: a hospital's month is never in memory at once
ROLLUP_FIELDS = ["template", "department", "state", "self_missing", "closed_at", "result_total", "result_bonus",
                 "result_deductions", "result_final", "result_grade"]


@dataclass(slots=True)
class _Result:
    """What the rollup keeps of a scorecard once its lines are read: the row it writes back (RESULT_FIELDS), and
    what the ranks and the department's statistics need."""

    pk: int
    department_id: int
    template_id: int
    locked: bool
    result_total: Decimal | None
    result_bonus: Decimal | None
    result_deductions: Decimal | None
    result_final: Decimal | None
    result_grade: str
    closed_at: datetime.datetime | None
    result_rank: int | None = None


def _rollup_results(ids, now, by):
    """Read the scorecards `ids` a chunk at a time, in that order: figures of the confirmed ones, and the closing
    of those not closed yet (their work notifications end, a CLOSED event each). Returns ([_Result], how many
    closed now, {template id: its grade names, highest first})."""
    from .selectors import prefetch_figures

    results, closed, bands = [], 0, {}
    for start in range(0, len(ids), ROLLUP_CHUNK):
        chunk = ids[start:start + ROLLUP_CHUNK]
        loaded = Scorecard.objects.only(*ROLLUP_FIELDS).in_bulk(chunk)
        closing = []
        for scorecard in prefetch_figures([loaded[pk] for pk in chunk]):
            row = _Result(scorecard.pk, scorecard.department_id, scorecard.template_id, scorecard.is_locked(),
                          scorecard.result_total, scorecard.result_bonus, scorecard.result_deductions,
                          scorecard.result_final, scorecard.result_grade, scorecard.closed_at)
            if row.locked:
                figures = scorecard.figures()
                row.result_total, row.result_bonus = figures.total, figures.bonus
                row.result_deductions, row.result_final = figures.deductions, figures.final
                row.result_grade = figures.grade.name if figures.grade else ""
            if row.closed_at is None:
                row.closed_at = now
                closing.append(scorecard)
            if row.template_id not in bands:
                bands[row.template_id] = [band.name for band in scorecard.template.sorted_bands()]
            results.append(row)
        work_done(*closing, outcome=Outcome.CANCELLED)  # closed as they are: nothing waits on them any more
        ScorecardEvent.objects.bulk_create(
            [ScorecardEvent(scorecard=sc, at=now, actor=by, action=Action.CLOSED) for sc in closing], batch_size=1000)
        closed += len(closing)
    return results, closed, bands


def month_rollup(*, period, by=None):
    """Close the month: results and ranks of confirmed scorecards, each department's statistics.

    Idempotent: running it again recomputes the same figures, creates no rows and notifies no one again.
    Scorecards not confirmed by both sides are closed as they are, without a result; the head can reopen them.
    """
    period = month_start(period)
    with old_objects_frozen(), transaction.atomic():
        month, _created = AppraisalMonth.objects.select_for_update().get_or_create(period=period)
        first_close = not month.is_closed()
        now = timezone.now()
        # In the scorecards' own order (department, then person): a department's first confirmed scorecard names
        # the grades of its statistics, and heads are notified department by department in this order.
        ids = list(Scorecard.objects.filter(period=period).values_list("pk", flat=True))
        rows, closed, bands = _rollup_results(ids, now, by)
        by_department = {}
        for row in rows:
            members = by_department.setdefault(row.department_id, [])
            if row.locked:
                members.append(row)
        for members in by_department.values():
            ranks = _ranks(members)
            for row in members:
                row.result_rank = ranks[row.pk]
        _store_results(rows)
        incomplete = [row.pk for row in rows if not row.locked]
        result = Rollup(period=period, scorecards=len(rows), completed=len(rows) - len(incomplete),
                        newly_closed=closed, incomplete=list(
                            Scorecard.objects.filter(pk__in=incomplete).select_related("department", "user")))
        departments = Department.objects.in_bulk(by_department)
        _department_statistics(period, {departments[pk]: members for pk, members in by_department.items()}, bands,
                               rows, now)
        month.rolled_up_at, month.needs_rollup = now, False
        if first_close:
            month.closed_at, month.closed_by = now, by
        month.save()
        if first_close or closed:
            audit_record(actor=by, action="appraisal.month.rollup", obj=month, after={
                "scorecards": result.scorecards, "completed": result.completed, "closed": closed})
            for pk in by_department:
                department = departments[pk]
                if department.head_id:
                    _notify(department.head_id, _("The scorecards of %(department)s for %(month)s are rolled up") % {
                        "department": department.name, "month": period_label(period)},
                        reverse("appraisal:month", args=[period.year, period.month]) + f"?department={department.pk}")
    return result


def months_due_for_rollup(*, today=None):
    """Months not yet closed whose review deadline (AppraisalPolicy, day … of the next month) has passed."""
    today = today or timezone.localdate()
    policy = AppraisalPolicy.current()
    return [month.period for month in AppraisalMonth.objects.filter(closed_at__isnull=True, period__lt=month_start(today))
            .order_by("period") if policy.deadlines_for(month.period)[1] < today]


def rollup_due_months(*, today=None):
    """Beat, daily: roll up every month whose review deadline has passed and that is not closed yet.

    Idempotent: a closed month is left alone, so a scorecard the head reopened after the rollup is not closed
    again behind their back (HR rolls such a month up again from its page). Returns the periods rolled up.
    """
    done = []
    for period in months_due_for_rollup(today=today):
        month_rollup(period=period)
        done.append(period)
    return done


RESULT_FIELDS = ["result_total", "result_bonus", "result_deductions", "result_final", "result_grade", "result_rank",
                 "closed_at"]


def _store_results(rows):
    """Save the rollup's fields (RESULT_FIELDS of each _Result) with one prepared UPDATE run
    for every scorecard (executemany): bulk_update's CASE expressions take seconds for a hospital's thousands."""
    fields = [Scorecard._meta.get_field(name) for name in RESULT_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    statement = (f"UPDATE {quote(Scorecard._meta.db_table)} SET {assignments} "
                 f"WHERE {quote(Scorecard._meta.pk.column)} = %s")
    prepared = {}  # (field, value) → the database's value: a month's results repeat a few hundred values

    def prepare(field, value):
        key = (field.attname, value)
        if key not in prepared:
            prepared[key] = field.get_db_prep_value(value, connection)
        return prepared[key]

    params = [[prepare(field, getattr(row, field.attname)) for field in fields] + [row.pk] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(statement, params)


STAT_FIELDS = ["scorecards", "completed", "average", "highest", "lowest", "distribution", "computed_at"]


def _department_statistics(period, by_department, bands, rows, now):
    """Each department's month: how many scorecards, how many confirmed, their average, highest, lowest and how many
    in each grade (the grades of its first confirmed scorecard's template, then any other grade given)."""
    counts = defaultdict(int)
    for row in rows:
        counts[row.department_id] += 1
    # Read once and written in two statements (new, changed): a hospital has hundreds of departments.
    existing = {stat.department_id: stat for stat in DepartmentMonthStat.objects.filter(period=period)}
    new, changed = [], []
    for department, members in by_department.items():
        finals = [row.result_final for row in members]
        names = bands[members[0].template_id] if members else []
        tally = defaultdict(int)
        for row in members:
            tally[row.result_grade] += 1
        distribution = [[name, tally.get(name, 0)] for name in names]
        distribution += [[name, count] for name, count in tally.items() if name not in names]
        stat = existing.get(department.pk)
        if stat is None:
            stat = DepartmentMonthStat(period=period, department=department)
            new.append(stat)
        else:
            changed.append(stat)
        stat.scorecards, stat.completed = counts[department.pk], len(members)
        stat.average = q2(sum(finals, ZERO) / len(finals)) if finals else None
        stat.highest, stat.lowest = (max(finals), min(finals)) if finals else (None, None)
        stat.distribution, stat.computed_at = distribution, now
    DepartmentMonthStat.objects.bulk_create(new)
    DepartmentMonthStat.objects.bulk_update(changed, STAT_FIELDS, batch_size=100)
    DepartmentMonthStat.objects.filter(period=period).exclude(department_id__in=[d.pk for d in by_department]).delete()


# --- Reminders ---------------------------------------------------------------------------------------

def reminders_send(*, today=None):
    """Remind staff who have not submitted, N days before the deadline, and reviewers whose reviews are overdue.

    Each self-assessment is reminded once; an overdue review again every few days (the policy says how many).
    Returns (staff reminded, reviewers reminded).
    """
    today = today or timezone.localdate()
    policy = AppraisalPolicy.current()
    now = timezone.now()
    due_by = today + datetime.timedelta(days=policy.reminder_days_before)
    staff = list(Scorecard.objects.filter(
        state=State.SELF_ASSESSMENT, closed_at__isnull=True, self_reminded_at__isnull=True,
        self_deadline__lte=due_by, period__lte=today,
    ).select_related("user"))
    for scorecard in staff:
        with transaction.atomic():
            _notify(scorecard.user_id, _("Your self-assessment for %(month)s is due on %(date)s") % {
                "month": scorecard.period_label(), "date": scorecard.self_deadline.isoformat()},
                reverse("appraisal:self_assessment", args=[scorecard.pk]), work=scorecard)
            Scorecard.objects.filter(pk=scorecard.pk).update(self_reminded_at=now)
    again_before = now - datetime.timedelta(days=policy.review_reminder_interval_days) + datetime.timedelta(hours=1)
    overdue = list(Scorecard.objects.filter(state=State.REVIEW, closed_at__isnull=True, review_deadline__lt=today)
                   .filter(Q(review_reminded_at__isnull=True) | Q(review_reminded_at__lte=again_before))
                   .select_related("user", "department"))
    by_reviewer = defaultdict(list)
    for scorecard in overdue:
        by_reviewer[_reviewer_for(scorecard)].append(scorecard)
    for reviewer_id, scorecards in by_reviewer.items():
        if reviewer_id is None:
            continue
        names = "、".join(sc.user.display_name for sc in scorecards)
        with transaction.atomic():
            _notify(reviewer_id, _("%(count)d overdue reviews are waiting for you") % {"count": len(scorecards)}
                    if len(scorecards) > 1 else
                    _("The review of %(name)s for %(month)s is overdue") % {
                        "name": scorecards[0].user.display_name, "month": scorecards[0].period_label()},
                    reverse("appraisal:list") + "?view=review", names,
                    work=scorecards[0] if len(scorecards) == 1 else None)
            Scorecard.objects.filter(pk__in=[sc.pk for sc in scorecards]).update(review_reminded_at=now)
    return len(staff), len([r for r in by_reviewer if r is not None])


# --- Exports -----------------------------------------------------------------------------------------

@transaction.atomic
def export_job_create(*, by, period, department, fmt):
    """Queue a department- or hospital-wide export; it runs in the background and reports its progress."""
    if not can_export_scorecards(by):
        raise ServiceError(_("Only HR exports score sheets."))
    if fmt not in ExportJob.Format.values:
        raise ServiceError(_("Choose Excel or PDF."))
    scorecards = Scorecard.objects.filter(period=month_start(period))
    if department is not None:
        scorecards = scorecards.filter(department=department)
    total = scorecards.count()
    if not total:
        raise ServiceError(_("There are no scorecards for that month."))
    job = ExportJob.objects.create(requested_by=by, period=month_start(period), department=department, format=fmt,
                                   total=total)
    audit_record(actor=by, action="appraisal.export.request", obj=job,
                 after={"period": job.period, "department": department.name if department else "", "format": fmt})
    enqueue("appraisal.tasks.run_export", job.pk, background=True)
    return job


def export_job_run(*, job_id):
    """Build the export's file; the job's progress is saved as it goes, so HR's page can show it. Idempotent."""
    import tempfile

    from .exporters import exporter_for

    # Claimed with one conditional UPDATE: safe against a second runner, and on SQLite it waits for a busy
    # database instead of failing as a read-then-write transaction would.
    if not ExportJob.objects.filter(pk=job_id, state=ExportJob.State.QUEUED).update(
            state=ExportJob.State.RUNNING, progressed_at=timezone.now()):
        return ExportJob.objects.filter(pk=job_id).first()
    job = ExportJob.objects.select_related("department").get(pk=job_id)
    step = max(1, job.total // 50)

    def progress(done):
        if done % step == 0 or done == job.total:
            ExportJob.objects.filter(pk=job.pk).update(done=done, progressed_at=timezone.now())

    try:
        exporter = exporter_for(job.format, period=job.period, department=job.department, progress=progress)
        with tempfile.TemporaryFile() as out:
            exporter.write(out)
            out.seek(0)
            job.file.save(f"export.{job.format}", File(out), save=False)
    except Exception as error:  # noqa: BLE001 - any failure is shown on HR's page instead of a stuck bar
        logger.exception("Export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.FAILED, error=str(error)[:2000],
                                                   finished_at=timezone.now())
        return job
    job.state, job.done, job.finished_at = ExportJob.State.DONE, job.total, timezone.now()
    job.save(update_fields=["state", "done", "finished_at", "file"])
    _notify(job.requested_by_id, _("Your export is ready: %(name)s") % {"name": job.download_name()},
            reverse("appraisal:exports"))
    return job


def export_jobs_fail_stalled(now=None):
    """Running exports that stopped moving (the process running them was restarted) are marked failed, so HR's
    page says so instead of showing a bar that never ends; HR starts the export again. Returns how many."""
    now = now or timezone.now()
    stalled = ExportJob.objects.filter(state=ExportJob.State.RUNNING, progressed_at__lt=now - ExportJob.STALLED_AFTER)
    return stalled.update(state=ExportJob.State.FAILED, finished_at=now, error=_(
        "The export was interrupted (the server restarted); please start it again."))


# --- 360° appraisal (360度评估) ---------------------------------------------------------------------------

def _feedback_models():
    from .models import FeedbackAnswer, FeedbackDimension, FeedbackPolicy, FeedbackRequest, FeedbackRound

    return FeedbackAnswer, FeedbackDimension, FeedbackPolicy, FeedbackRequest, FeedbackRound


@transaction.atomic
def feedback_round_open(*, department, year, by, deadline=None, today=None):
    """The head opens the department's 360° round for a year; the policy's scale and minimum are kept on it."""
    _answer, _dimension, FeedbackPolicy, _request, FeedbackRound = _feedback_models()
    if not can_open_feedback_round(by, department):
        raise ServiceError(_("Only the head of the department opens a 360° round."))
    today = today or timezone.localdate()
    if year < today.year - 1 or year > today.year + 1:
        raise ServiceError(_("Open a round for last year, this year or next year."))
    if FeedbackRound.objects.filter(department=department, year=year).exists():
        raise ServiceError(_("%(department)s already has a 360° round for %(year)d.") % {
            "department": department.name, "year": year})
    policy = FeedbackPolicy.current()
    deadline = deadline or today + datetime.timedelta(days=policy.answer_days)
    if deadline < today:
        raise ServiceError(_("The answers cannot be due in the past."))
    feedback_round = FeedbackRound.objects.create(
        department=department, year=year, deadline=deadline, opened_by=by, scale_max=policy.scale_max,
        min_raters=policy.min_raters)
    audit_record(actor=by, action="appraisal.feedback.open", obj=feedback_round,
                 after={"department": department.name, "year": year, "deadline": deadline})
    return feedback_round


def _check_round_manager(feedback_round, by):
    if not can_manage_feedback_round(by, feedback_round):
        raise ServiceError(_("Only the head of the department manages its 360° round."))
    if not feedback_round.is_open():
        raise ServiceError(_("This 360° round is closed."))


@transaction.atomic
def feedback_rater_add(*, feedback_round, subject, rater, relation, by):
    """Ask one more rater about a person of the department; the rater is told."""
    _answer, _dimension, _policy, FeedbackRequest, FeedbackRound = _feedback_models()
    feedback_round = FeedbackRound.objects.select_for_update().select_related("department").get(pk=feedback_round.pk)
    _check_round_manager(feedback_round, by)
    if relation not in FeedbackRequest.Relation.values:
        raise ServiceError(_("Choose how the rater works with the person."))
    if subject.pk == rater.pk:
        raise ServiceError(_("A person does not rate themselves in the 360° round."))
    if not StaffProfile.objects.filter(user=subject, department=feedback_round.department).exists():
        raise ServiceError(_("%(name)s is not in %(department)s.") % {
            "name": subject.display_name, "department": feedback_round.department.name})
    if not rater.is_active:
        raise ServiceError(_("%(name)s can no longer sign in.") % {"name": rater.display_name})
    if FeedbackRequest.objects.filter(round=feedback_round, subject=subject, rater=rater).exists():
        raise ServiceError(_("%(rater)s already rates %(name)s in this round.") % {
            "rater": rater.display_name, "name": subject.display_name})
    request = FeedbackRequest.objects.create(round=feedback_round, subject=subject, rater=rater, relation=relation)
    audit_record(actor=by, action="appraisal.feedback.rater_add", obj=feedback_round,
                 after={"subject": subject.username, "rater": rater.username, "relation": relation})
    _notify(rater.pk, _("Please rate %(name)s for the %(year)d 360° appraisal by %(date)s") % {
        "name": subject.display_name, "year": feedback_round.year, "date": feedback_round.deadline.isoformat()},
        reverse("appraisal:feedback_answer", args=[request.pk]), work=request)
    return request


@transaction.atomic
def feedback_rater_remove(*, request, by):
    """Take back a request not answered yet (an answer stays: it is part of the anonymous result)."""
    _answer, _dimension, _policy, FeedbackRequest, _round = _feedback_models()
    request = (FeedbackRequest.objects.select_for_update(of=("self",))
               .select_related("round__department", "subject", "rater").get(pk=request.pk))
    _check_round_manager(request.round, by)
    if request.state != request.State.PENDING:
        raise ServiceError(_("This rater has already answered: the answer stays."))
    audit_record(actor=by, action="appraisal.feedback.rater_remove", obj=request.round,
                 before={"subject": request.subject.username, "rater": request.rater.username})
    work_done(request, outcome=Outcome.CANCELLED)
    request.delete()


@transaction.atomic
def feedback_answer(*, request, by, scores, comment="", today=None):
    """The rater answers: one rating per active dimension, from 1 to the round's highest rating."""
    FeedbackAnswer, FeedbackDimension, _policy, FeedbackRequest, _round = _feedback_models()
    request = FeedbackRequest.objects.select_for_update().select_related("round", "subject").get(pk=request.pk)
    if not can_answer_feedback(by, request):
        raise ServiceError(_("Only the rater asked answers this."))
    if not request.round.is_open():
        raise ServiceError(_("This 360° round is closed."))
    if request.state != FeedbackRequest.State.PENDING:
        raise ServiceError(_("You have already answered; answers cannot be changed."))
    dimensions = list(FeedbackDimension.objects.filter(is_active=True))
    answers = []
    for dimension in dimensions:
        score = scores.get(dimension.pk)
        if score is None or not 1 <= int(score) <= request.round.scale_max:
            raise ServiceError(_("Rate every dimension from 1 to %(max)d.") % {"max": request.round.scale_max})
        answers.append(FeedbackAnswer(request=request, dimension=dimension, score=int(score)))
    FeedbackAnswer.objects.bulk_create(answers)
    request.state, request.answered_at, request.comment = FeedbackRequest.State.ANSWERED, timezone.now(), comment.strip()
    request.save(update_fields=["state", "answered_at", "comment"])
    work_done(request)
    # The audit log records that an answer was given, not what it was: the answers are anonymous.
    audit_record(actor=by, action="appraisal.feedback.answer", obj=request.round,
                 after={"subject": request.subject.username})
    return request


@transaction.atomic
def feedback_round_close(*, feedback_round, by):
    """Close the round: no more answers; results of people with enough answers become visible."""
    _answer, _dimension, _policy, FeedbackRequest, FeedbackRound = _feedback_models()
    feedback_round = FeedbackRound.objects.select_for_update().select_related("department").get(pk=feedback_round.pk)
    _check_round_manager(feedback_round, by)
    feedback_round.state, feedback_round.closed_by, feedback_round.closed_at = (
        FeedbackRound.State.CLOSED, by, timezone.now())
    feedback_round.save(update_fields=["state", "closed_by", "closed_at"])
    unanswered = list(FeedbackRequest.objects.filter(round=feedback_round, state=FeedbackRequest.State.PENDING))
    work_done(*unanswered, outcome=Outcome.CANCELLED)
    pending = len(unanswered)
    audit_record(actor=by, action="appraisal.feedback.close", obj=feedback_round,
                 before={"state": FeedbackRound.State.OPEN}, after={"state": feedback_round.state,
                                                                    "unanswered": pending})
    subjects = (FeedbackRequest.objects.filter(round=feedback_round, state=FeedbackRequest.State.ANSWERED)
                .order_by().values_list("subject_id", "subject__username").distinct())
    for subject_id, username in subjects:
        _notify(subject_id, _("The %(year)d 360° appraisal is closed") % {"year": feedback_round.year},
                reverse("appraisal:person_year", args=[username, feedback_round.year]))
    return feedback_round


# --- Attached pages (工作计划及完成情况可另附页) ----------------------------------------------------------

ATTACHMENTS_MAX = 10


@transaction.atomic
def attachment_add(*, scorecard, by, file, description=""):
    """The person (or the reviewer) attaches a page to an open scorecard; the reviewer reads it, the PDF lists it."""
    scorecard = _locked(scorecard)
    if not (can_self_assess(by, scorecard) or reviews_scorecard(by, scorecard)):
        raise ServiceError(_("Only the person appraised or the reviewer attaches pages to this scorecard."))
    if not scorecard.is_open() or scorecard.is_closed():
        raise ServiceError(_("This scorecard is confirmed: nothing more can be attached."))
    if file is None:
        raise ServiceError(_("Choose a file to attach."))
    if scorecard.attachments.count() >= ATTACHMENTS_MAX:
        raise ServiceError(_("A scorecard takes at most %(max)d attached pages.") % {"max": ATTACHMENTS_MAX})
    attachment = ScorecardAttachment(scorecard=scorecard, name=file.name[:200], description=description.strip()[:200],
                                     uploaded_by=by)
    attachment.file.save(file.name, file, save=False)
    attachment.save()
    audit_record(actor=by, action="appraisal.scorecard.attach", obj=scorecard,
                 after={"attachment": attachment.pk, "name": attachment.name})
    return attachment


@transaction.atomic
def attachment_remove(*, attachment, by):
    """Who attached a page takes it back while the scorecard is open; the file stays in storage for the audit."""
    scorecard = _locked(attachment.scorecard)
    if attachment.uploaded_by_id != by.pk:
        raise ServiceError(_("Only who attached a page can remove it."))
    if not scorecard.is_open() or scorecard.is_closed():
        raise ServiceError(_("This scorecard is confirmed: its attached pages stay."))
    audit_record(actor=by, action="appraisal.scorecard.detach", obj=scorecard,
                 before={"attachment": attachment.pk, "name": attachment.name, "file": attachment.file.name})
    attachment.delete()
