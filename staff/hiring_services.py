"""Hiring and probation (录用与试用期): every state change is one function here.

Each checks what the policies require (refusals raise ServiceError with a translated message), saves inside
transaction.atomic(), writes the audit log and notifies the people concerned. Views, Celery tasks, the demo
and the approval engine's hooks call these and never copy them.

The policies: 医院信息科人员录用制度 (用人需求, 应聘者基本要求, 招聘实施, 录用, 试用期三个月), 信息科人员录用制度
(不得录用的情形, 《试用协议》, 《试用人员上岗通知书》), 医院信息管理人员录用 (用人计划: 使用部门申请 → 人事科审核 →
院办公会议批准; 新进人员培训考核后方可上机) and the XX医院 version (试用期结束综合考核合格者正式聘用).
Their numbers live in HiringPolicy and on each posting.
"""

import datetime
import secrets

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalRequest, Step
from approvals.services import Decision, can_act, step_decide, submit_for_approval
from audit.services import audit_record
from core import permissions
from core.errors import ServiceError
from core.workdays import add_working_days
from notifications.services import notify, work_done

from .models import (
    Candidate, CandidateAttachment, CandidateExclusionCheck, HeadcountRequest, HiringExclusion, HiringPolicy, InterviewScore,
    OnboardingItem, OnboardingRequirement, Posting, Probation, ProbationAssessment, StaffDocument, StaffProfile,
    User, add_months, age_on, education_rank, employee_no_validator,
)
from core.roles import Role

HEADCOUNT_REQUEST_TYPE = HeadcountRequest.REQUEST_TYPE
ASSESSMENT_REQUEST_TYPE = ProbationAssessment.REQUEST_TYPE
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ATTACHMENT_TO_DOCUMENT = {
    "diploma": StaffDocument.Kind.DIPLOMA, "degree": StaffDocument.Kind.DEGREE, "title": StaffDocument.Kind.TITLE,
    "id_card": StaffDocument.Kind.ID_CARD,
}


# People to tell ----------------------------------------------------------------------------------

def hr_people():
    return list(User.objects.filter(groups__name=Role.HR.value, is_active=True).distinct().order_by("pk")[:50])


def _tell(people, *, by, subject, body="", url="", work=None):
    """Notify each person once, never the one who acted. `work`: see notifications.services.notify()."""
    seen = set()
    for person in people:
        if person is None or person.pk in seen or (by is not None and person.pk == by.pk) or not person.is_active:
            continue
        seen.add(person.pk)
        notify(recipient=person, subject=subject, body=body, url=url, work=work)


def _require_hr(by):
    if not permissions.can_manage_hiring(by):
        raise ServiceError(_("Only 人事科 (HR) can do this."))


def _today():
    return timezone.localdate()


# Headcount requests (用人计划) ----------------------------------------------------------------------

def _headcount_snapshot(headcount):
    return {"post": headcount.post.code, "number": headcount.number, "reason": headcount.reason,
            "meeting_date": headcount.meeting_date, "meeting_reference": headcount.meeting_reference}


def _check_headcount(*, by, department, post, number):
    if not department.is_led_by(by):
        raise ServiceError(_("Only the head or deputy head of %(department)s can request people for it.") % {
            "department": department.name})
    if post.department_id and post.department_id != department.pk:
        raise ServiceError(_("The post %(post)s belongs to another department.") % {"post": post.name})
    if not number or number < 1:
        raise ServiceError(_("Ask for at least one person."))


@transaction.atomic
def headcount_create(*, by, department, post, number, reason, justification, job_description):
    """The department asks for people (使用部门申请): the request goes to 人事科 at once."""
    _check_headcount(by=by, department=department, post=post, number=number)
    headcount = HeadcountRequest.objects.create(
        department=department, post=post, number=number, reason=reason, justification=justification.strip(),
        job_description=job_description.strip(), requested_by=by,
    )
    submit_for_approval(subject=headcount, by=by, action="staff.headcount.create",  # tells 人事科
                        after=_headcount_snapshot(headcount), department=department)
    return headcount


@transaction.atomic
def headcount_update(*, headcount, by, post, number, reason, justification, job_description):
    """The applicant corrects a request that was returned and submits it again."""
    headcount = HeadcountRequest.objects.select_for_update().get(pk=headcount.pk)
    if headcount.requested_by_id != by.pk:
        raise ServiceError(_("Only the person who made this request can change it."))
    if headcount.approval_state() != ApprovalRequest.State.RETURNED:
        raise ServiceError(_("Only a request returned for changes can be edited."))
    _check_headcount(by=by, department=headcount.department, post=post, number=number)
    before = _headcount_snapshot(headcount)
    headcount.post, headcount.number, headcount.reason = post, number, reason
    headcount.justification, headcount.job_description = justification.strip(), job_description.strip()
    headcount.save()
    submit_for_approval(subject=headcount, by=by, action="staff.headcount.update", before=before,
                        after=_headcount_snapshot(headcount))
    return headcount


def _is_final_step(step):
    """The last step of the chain is the hospital office meeting's approval (院办公会议批准)."""
    return not Step.objects.filter(request_id=step.request_id, round=step.round, order__gt=step.order).exclude(
        state=Step.State.SKIPPED).exists()


def headcount_check_approval(headcount, *, step, by):
    """The engine's `check` hook: the final step needs the meeting's date."""
    if _is_final_step(step) and headcount.meeting_date is None:
        raise ServiceError(_(
            "The hospital office meeting approves headcount requests: record the date of its meeting on the "
            "request first (院办公会议批准)."
        ))


@transaction.atomic
def headcount_record_meeting(*, headcount, by, meeting_date, meeting_reference, decision, comment=""):
    """HR records the hospital office meeting's decision, with its date, at the chain's last step."""
    headcount = HeadcountRequest.objects.select_for_update().get(pk=headcount.pk)
    approval = headcount.approval
    step = approval.current_step() if headcount.approval_state() == ApprovalRequest.State.PENDING else None
    if step is None or not _is_final_step(step):
        raise ServiceError(_("This request is not waiting for the hospital office meeting's decision."))
    if not can_act(step, by):
        raise ServiceError(_("This step is not yours to decide."))
    if decision not in (Decision.APPROVE, Decision.REJECT):
        raise ServiceError(_("The meeting either approves or rejects the request."))
    if meeting_date is None:
        raise ServiceError(_("Enter the date of the meeting."))
    if meeting_date > _today():
        raise ServiceError(_("The meeting date cannot be in the future."))
    if approval.submitted_at and meeting_date < timezone.localtime(approval.submitted_at).date():
        raise ServiceError(_("The meeting date is before the request was submitted."))
    before = _headcount_snapshot(headcount)
    headcount.meeting_date = meeting_date
    headcount.meeting_reference = (meeting_reference or "").strip()
    headcount.save(update_fields=["meeting_date", "meeting_reference"])
    audit_record(actor=by, action="staff.headcount.meeting", obj=headcount, before=before,
                 after={**_headcount_snapshot(headcount), "decision": decision})
    step_decide(step=step, by=by, decision=decision, comment=comment)
    headcount.refresh_from_db()
    return headcount


def headcount_finalised(headcount, *, outcome, by):
    """The engine's `finished` hook: an approved request opens a posting with the policy's requirements."""
    if outcome != ApprovalRequest.State.APPROVED or Posting.objects.filter(headcount_request=headcount).exists():
        return None
    policy = HiringPolicy.current()
    posting = Posting.objects.create(
        headcount_request=headcount, department=headcount.department, post=headcount.post,
        title=_("%(post)s (%(department)s)") % {"post": headcount.post.name, "department": headcount.department.name},
        number=headcount.number, description=headcount.job_description, min_education=policy.min_education,
        min_age=policy.min_age, max_age=policy.max_age, exam_pass_mark=policy.exam_pass_mark,
        interview_pass_mark=policy.interview_pass_mark,
    )
    audit_record(actor=by, action="staff.posting.create", obj=posting, after=_posting_snapshot(posting))
    _tell([*hr_people(), headcount.requested_by], by=by,
          subject=_("Approved: a posting for %(post)s is ready to publish") % {"post": headcount.post.name},
          body=_("The hospital office meeting approved %(number)d × %(post)s. 人事科 sets the requirements and "
                 "publishes the posting.") % {"number": headcount.number, "post": headcount.post.name},
          url=posting.get_absolute_url())
    return posting


# Postings ----------------------------------------------------------------------------------------

def _posting_snapshot(posting):
    return {
        "state": posting.state, "title": posting.title, "number": posting.number,
        "min_education": posting.min_education, "min_age": posting.min_age, "max_age": posting.max_age,
        "exam_pass_mark": posting.exam_pass_mark, "interview_pass_mark": posting.interview_pass_mark,
        "published_where": posting.published_where, "published_on": posting.published_on,
        "closes_on": posting.closes_on,
    }


def check_posting_requirements(*, min_age, max_age, exam_pass_mark, interview_pass_mark, published_on=None,
                               closes_on=None, policy=None):
    """The messages for requirements that break the policy (shared with the posting form)."""
    policy = policy or HiringPolicy.current()
    problems = []
    if min_age is not None and min_age < policy.legal_min_age:
        problems.append(_("Nobody younger than %(age)d may be hired (年龄未满%(age)d周岁不得录用).") % {
            "age": policy.legal_min_age})
    if min_age is not None and max_age is not None and min_age > max_age:
        problems.append(_("The maximum age is below the minimum age."))
    for mark in (exam_pass_mark, interview_pass_mark):
        if mark is not None and not 0 <= mark <= policy.score_max:
            problems.append(_("A pass mark is between 0 and %(max)d.") % {"max": policy.score_max})
            break
    if published_on and closes_on and closes_on < published_on:
        problems.append(_("Registration cannot close before the posting is published."))
    return problems


@transaction.atomic
def posting_update(*, posting, by, data, panel):
    """HR sets the posting's requirements, where it is published, its closing date and its panel."""
    _require_hr(by)
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if posting.state == Posting.State.CLOSED:
        raise ServiceError(_("This posting is closed."))
    problems = check_posting_requirements(**{key: data.get(key) for key in (
        "min_age", "max_age", "exam_pass_mark", "interview_pass_mark", "published_on", "closes_on")})
    if problems:
        raise ServiceError(" ".join(problems))
    taken = posting.candidates.filter(state__in=[Candidate.State.OFFERED, Candidate.State.ACCEPTED]).count()
    if data.get("number") is not None and data["number"] < max(taken, 1):
        raise ServiceError(_("%(count)d candidates are already offered or hired: the posting needs at least that many "
                             "openings.") % {"count": taken})
    before = _posting_snapshot(posting)
    before["panel"] = sorted(posting.panel.values_list("username", flat=True))
    for name, value in data.items():
        setattr(posting, name, value)
    posting.save()
    posting.panel.set(panel)
    after = _posting_snapshot(posting)
    after["panel"] = sorted(user.username for user in panel)
    audit_record(actor=by, action="staff.posting.update", obj=posting, before=before, after=after)
    added = [user for user in panel if user.username not in before["panel"]]
    _tell(added, by=by, subject=_("You are on the interview panel for %(posting)s") % {"posting": posting.title},
          url=posting.get_absolute_url())
    return posting


@transaction.atomic
def posting_publish(*, posting, by):
    _require_hr(by)
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if posting.state != Posting.State.DRAFT:
        raise ServiceError(_("Only a posting that is not yet published can be published."))
    today = _today()
    if not posting.published_where.strip():
        raise ServiceError(_("Say where the posting is published (hospital website, talent market, media…)."))
    if posting.closes_on is None or posting.closes_on < today:
        raise ServiceError(_("Set a registration closing date that is today or later."))
    before = _posting_snapshot(posting)
    posting.state = Posting.State.OPEN
    posting.published_on = posting.published_on or today
    posting.save(update_fields=["state", "published_on"])
    audit_record(actor=by, action="staff.posting.publish", obj=posting, before=before, after=_posting_snapshot(posting))
    _tell([*posting.department.leaders(), *posting.panel.all()], by=by,
          subject=_("Published: %(posting)s") % {"posting": posting.title},
          body=_("Registration closes on %(date)s.") % {"date": posting.closes_on}, url=posting.get_absolute_url())
    return posting


@transaction.atomic
def posting_close(*, posting, by, note=""):
    _require_hr(by)
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if posting.state == Posting.State.CLOSED:
        raise ServiceError(_("This posting is already closed."))
    still_open = posting.candidates.filter(state__in=Candidate.OPEN_STATES).count()
    if still_open:
        raise ServiceError(_("%(count)d candidates are still in the pipeline: finish or reject them first.") % {
            "count": still_open})
    before = _posting_snapshot(posting)
    posting.state = Posting.State.CLOSED
    posting.closed_at = timezone.now()
    posting.close_note = (note or "").strip()[:200]
    posting.save(update_fields=["state", "closed_at", "close_note"])
    audit_record(actor=by, action="staff.posting.close", obj=posting, before=before,
                 after={**_posting_snapshot(posting), "note": posting.close_note})
    hired = posting.candidates.filter(state=Candidate.State.ACCEPTED).count()
    _tell([*posting.department.leaders(), posting.headcount_request.requested_by], by=by,
          subject=_("Closed: %(posting)s") % {"posting": posting.title},
          body=_("%(hired)d of %(number)d openings were filled.") % {"hired": hired, "number": posting.number},
          url=posting.get_absolute_url())
    return posting


# Candidates: eligibility --------------------------------------------------------------------------

def eligibility_problems(candidate, on=None, policy=None):
    """What the ID number and education say against the posting and the policy (computed, never declared).

    Age counts on the day of registration (报名), so nobody ages out while the posting runs.
    """
    policy = policy or HiringPolicy.current()
    today = on or (timezone.localdate(candidate.created_at) if candidate.created_at else _today())
    posting = candidate.posting
    problems = []
    born = candidate.birth_date()
    if born is None:
        problems.append(_("The ID number holds no valid birth date."))
    else:
        age = age_on(born, today)
        if age < policy.legal_min_age:
            problems.append(_("Under %(min)d: %(age)d years old by the ID number (年龄未满%(min)d周岁).") % {
                "min": policy.legal_min_age, "age": age})
        elif not posting.min_age <= age <= posting.max_age:
            problems.append(_("%(age)d years old by the ID number, outside the posting's %(min)d–%(max)d.") % {
                "age": age, "min": posting.min_age, "max": posting.max_age})
    if education_rank(candidate.education) < education_rank(posting.min_education):
        problems.append(_("Education %(education)s is below the required %(required)s.") % {
            "education": candidate.get_education_display(), "required": posting.get_min_education_display()})
    return problems


def declared_problems(candidate):
    return [_("Declared: %(text)s") % {"text": check.exclusion.text}
            for check in candidate.exclusion_checks.select_related("exclusion") if check.applies]


def _check_can_move(candidate, expected):
    """The pipeline's order and the eligibility rules, checked before every step."""
    if candidate.state in Candidate.CLOSED_STATES:
        raise ServiceError(_("%(name)s's application is closed (%(state)s).") % {
            "name": candidate.name, "state": candidate.get_state_display()})
    if candidate.state != expected:
        raise ServiceError(_("%(name)s is at “%(state)s”; this step needs “%(expected)s” first.") % {
            "name": candidate.name, "state": candidate.get_state_display(),
            "expected": Candidate.State(expected).label})
    if candidate.posting.state == Posting.State.CLOSED:
        raise ServiceError(_("The posting is closed."))
    problems = eligibility_problems(candidate) + declared_problems(candidate)
    if problems:
        raise ServiceError(_("%(name)s is not eligible and cannot move on: %(reasons)s") % {
            "name": candidate.name, "reasons": " ".join(problems)})


def _lock(candidate):
    return Candidate.objects.select_for_update(of=("self",)).select_related("posting__department", "posting__post").get(
        pk=candidate.pk)


def _candidate_snapshot(candidate):
    return {"state": candidate.state}


def _check_score(score, policy):
    if score is None or not 0 <= score <= policy.score_max:
        raise ServiceError(_("A score is between 0 and %(max)d.") % {"max": policy.score_max})


def _check_date(day, *, label, not_before=None, not_before_label=""):
    if day is None:
        raise ServiceError(_("Enter the %(what)s.") % {"what": label})
    if day > _today():
        raise ServiceError(_("The %(what)s cannot be in the future.") % {"what": label})
    if not_before and day < not_before:
        raise ServiceError(_("The %(what)s is before the %(other)s (%(date)s).") % {
            "what": label, "other": not_before_label, "date": not_before})


def _required(reason, message=None):
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(message or _("Please give a reason."))
    return reason


def _close(candidate, *, by, state, reason, action):
    """Take a candidate out of the pipeline with the reason, recording where they left it."""
    before = _candidate_snapshot(candidate)
    candidate.closed_at_state = candidate.state
    candidate.state = state
    candidate.closed_reason = reason
    candidate.closed_at = timezone.now()
    candidate.closed_by = by
    candidate.save()
    work_done(candidate)  # out of the pipeline: nothing waits on them any more
    audit_record(actor=by, action=action, obj=candidate, before=before,
                 after={"state": state, "stage": candidate.closed_at_state, "reason": reason})
    _tell(candidate.posting.department.leaders(), by=by,
          subject=_("%(name)s: %(state)s") % {"name": candidate.name, "state": candidate.get_state_display()},
          body=reason, url=candidate.get_absolute_url())
    return candidate


def _advance(candidate, *, by, state, action, after=None):
    before = _candidate_snapshot(candidate)
    candidate.state = state
    candidate.save()
    audit_record(actor=by, action=action, obj=candidate, before=before, after={"state": state, **(after or {})})
    return candidate


# Candidates: registration and screening ------------------------------------------------------------

CANDIDATE_FIELDS = ("name", "phone", "email", "id_number", "education", "degree", "school", "major", "work_history")


def _check_id_number(id_number):
    from .idnumbers import validate_id_number

    try:
        validate_id_number(id_number)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages)) from None


@transaction.atomic
def candidate_register(*, posting, by, data):
    """HR records an application (报名) to an open posting."""
    _require_hr(by)
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if not posting.registration_open(_today()):
        if posting.state == Posting.State.DRAFT:
            raise ServiceError(_("The posting is not published yet."))
        raise ServiceError(_("Registration for this posting is closed."))
    values = {name: data.get(name, "") for name in CANDIDATE_FIELDS}
    values["id_number"] = (values["id_number"] or "").strip().upper()
    _check_id_number(values["id_number"])
    if posting.candidates.filter(id_number=values["id_number"]).exists():
        raise ServiceError(_("This person has already applied to this posting."))
    candidate = Candidate.objects.create(posting=posting, registered_by=by, **values)
    audit_record(actor=by, action="staff.candidate.register", obj=candidate,
                 after={"state": candidate.state, "posting": posting.pk, "name": candidate.name})
    _tell(posting.department.leaders(), by=by,
          subject=_("New candidate for %(posting)s: %(name)s") % {"posting": posting.title, "name": candidate.name},
          url=candidate.get_absolute_url())
    return candidate


@transaction.atomic
def candidate_update(*, candidate, by, data):
    """HR corrects a candidate's details before screening; an ineligible one goes back to be screened again."""
    _require_hr(by)
    candidate = _lock(candidate)
    if candidate.state not in (Candidate.State.REGISTERED, Candidate.State.INELIGIBLE):
        raise ServiceError(_("Details can be corrected only before the candidate passes screening."))
    values = {name: data.get(name, "") for name in CANDIDATE_FIELDS}
    values["id_number"] = (values["id_number"] or "").strip().upper()
    _check_id_number(values["id_number"])
    if candidate.posting.candidates.filter(id_number=values["id_number"]).exclude(pk=candidate.pk).exists():
        raise ServiceError(_("This person has already applied to this posting."))
    before = {name: getattr(candidate, name) for name in CANDIDATE_FIELDS}
    before["state"] = candidate.state
    for name, value in values.items():
        setattr(candidate, name, value)
    if candidate.state == Candidate.State.INELIGIBLE:
        candidate.state = Candidate.State.REGISTERED
        candidate.closed_at = candidate.closed_by = None
        candidate.closed_at_state = candidate.closed_reason = candidate.ineligible_reasons = ""
        candidate.exclusion_checks.all().delete()
    candidate.save()
    audit_record(actor=by, action="staff.candidate.update", obj=candidate, before=before,
                 after={**values, "state": candidate.state})
    _tell(candidate.posting.department.leaders(), by=by,
          subject=_("Details corrected: %(name)s") % {"name": candidate.name}, url=candidate.get_absolute_url())
    return candidate


@transaction.atomic
def attachment_add(*, candidate, by, kind, upload):
    """HR stores a candidate's CV or certificate (validated by the form: size and content type)."""
    _require_hr(by)
    if candidate.state in Candidate.CLOSED_STATES:
        raise ServiceError(_("%(name)s's application is closed.") % {"name": candidate.name})
    attachment = CandidateAttachment(candidate=candidate, kind=kind, original_name=upload.name[:200], uploaded_by=by)
    attachment.file = upload
    attachment.save()
    audit_record(actor=by, action="staff.candidate.attachment", obj=candidate,
                 after={"kind": kind, "file": attachment.original_name})
    return attachment


def screening_exclusions():
    return list(HiringExclusion.objects.filter(is_active=True, stage=HiringExclusion.Stage.SCREENING))


@transaction.atomic
def candidate_screen(*, candidate, by, answers):
    """HR's eligibility checklist (初选): computed age and education checks plus every declared exclusion.

    `answers` maps each active screening exclusion's id to whether it applies. An ineligible candidate
    leaves the pipeline with the reasons recorded; a corrected one can be screened again.
    """
    _require_hr(by)
    candidate = _lock(candidate)
    if candidate.state not in (Candidate.State.REGISTERED, Candidate.State.INELIGIBLE):
        raise ServiceError(_("%(name)s has already been screened.") % {"name": candidate.name})
    if candidate.posting.state == Posting.State.CLOSED:
        raise ServiceError(_("The posting is closed."))
    exclusions = screening_exclusions()
    missing = [exclusion.text for exclusion in exclusions if answers.get(exclusion.pk) is None]
    if missing:
        raise ServiceError(_("Answer every item of the checklist: %(items)s") % {"items": "；".join(missing)})
    now = timezone.now()
    for exclusion in exclusions:
        CandidateExclusionCheck.objects.update_or_create(
            candidate=candidate, exclusion=exclusion,
            defaults={"applies": bool(answers[exclusion.pk]), "checked_by": by, "checked_at": now},
        )
    problems = eligibility_problems(candidate) + [
        _("Declared: %(text)s") % {"text": exclusion.text} for exclusion in exclusions if answers[exclusion.pk]]
    candidate.screened_at, candidate.screened_by = now, by
    candidate.ineligible_reasons = "\n".join(problems)
    if problems:
        if candidate.state == Candidate.State.INELIGIBLE:
            candidate.state = Candidate.State.REGISTERED  # screened again: close afresh with the new reasons
        return _close(candidate, by=by, state=Candidate.State.INELIGIBLE, reason="\n".join(problems),
                      action="staff.candidate.ineligible")
    before = _candidate_snapshot(candidate)
    candidate.state = Candidate.State.SCREENED
    candidate.closed_at = candidate.closed_by = None
    candidate.closed_at_state = candidate.closed_reason = ""
    candidate.save()
    audit_record(actor=by, action="staff.candidate.screen", obj=candidate, before=before,
                 after={"state": candidate.state, "age": candidate.age(), "education": candidate.education})
    _tell(candidate.posting.department.leaders(), by=by,
          subject=_("%(name)s passed screening for %(posting)s") % {
              "name": candidate.name, "posting": candidate.posting.title}, url=candidate.get_absolute_url())
    return candidate


# Candidates: exam, interview, checks ------------------------------------------------------------

@transaction.atomic
def candidate_record_exam(*, candidate, by, exam_date, score):
    """The written exam (笔试): at or above the posting's pass mark goes on to the interview."""
    _require_hr(by)
    candidate = _lock(candidate)
    _check_can_move(candidate, Candidate.State.SCREENED)
    policy = HiringPolicy.current()
    _check_score(score, policy)
    _check_date(exam_date, label=_("exam date"), not_before=timezone.localtime(candidate.screened_at).date(),
                not_before_label=_("screening"))
    candidate.exam_date, candidate.exam_score = exam_date, score
    pass_mark = candidate.posting.exam_pass_mark
    if score < pass_mark:
        return _close(candidate, by=by, state=Candidate.State.REJECTED,
                      reason=_("Written exam score %(score)s is below the pass mark %(mark)s.") % {
                          "score": score, "mark": pass_mark}, action="staff.candidate.exam_failed")
    _advance(candidate, by=by, state=Candidate.State.EXAMINED, action="staff.candidate.exam",
             after={"score": score, "pass_mark": pass_mark, "exam_date": exam_date})
    _tell(candidate.posting.panel.all(), by=by,
          subject=_("Interview to score: %(name)s (%(posting)s)") % {
              "name": candidate.name, "posting": candidate.posting.title},
          body=_("Written exam %(score)s. Please record your interview score and comments.") % {"score": score},
          url=candidate.get_absolute_url(), work=candidate)
    return candidate


@transaction.atomic
def interview_score_record(*, candidate, by, score, comments=""):
    """A panel member's own score and comments; they may revise them until HR concludes the interview."""
    candidate = _lock(candidate)
    if not permissions.is_on_panel(by, candidate.posting):
        raise ServiceError(_("Only members of this posting's interview panel can score the interview."))
    _check_can_move(candidate, Candidate.State.EXAMINED)
    policy = HiringPolicy.current()
    _check_score(score, policy)
    previous = InterviewScore.objects.filter(candidate=candidate, member=by).first()
    before = {"score": previous.score, "comments": previous.comments} if previous else {}
    entry, _created = InterviewScore.objects.update_or_create(
        candidate=candidate, member=by,
        defaults={"score": score, "comments": (comments or "").strip(), "scored_at": timezone.now()},
    )
    audit_record(actor=by, action="staff.candidate.interview_score", obj=candidate, before=before,
                 after={"member": by.username, "score": score, "comments": entry.comments})
    work_done(candidate, recipients=[by])  # this member's score is in
    count = candidate.interview_scores.count()
    if count >= policy.min_panel_scores and not previous:
        _tell(hr_people(), by=by,
              subject=_("Interview scores complete: %(name)s") % {"name": candidate.name},
              body=_("%(count)d panel scores, average %(average)s.") % {
                  "count": count, "average": candidate.interview_scores_average()},
              url=candidate.get_absolute_url(), work=candidate)
    return entry


def notice_deadline(day, policy=None):
    """The last day to tell a candidate their start date, counted from the passed interview."""
    policy = policy or HiringPolicy.current()
    if policy.notice_counts_working_days:
        return add_working_days(day, policy.notice_days)
    return day + datetime.timedelta(days=policy.notice_days)


def notice_deadlines_recount(*, year):
    """Once a year's holiday notice is loaded: the start-date notice deadlines still running, counted again
    (idempotent; registered with core.workdays in StaffConfig.ready)."""
    count = 0
    waiting = Candidate.objects.filter(state__in=Candidate.AWAITING_NOTICE_STATES, notice_due_on__year__gte=year,
                                       interview_passed_on__year__lte=year)
    for candidate in waiting:
        due = notice_deadline(candidate.interview_passed_on)
        if due != candidate.notice_due_on:
            Candidate.objects.filter(pk=candidate.pk).update(notice_due_on=due)
            count += 1
    return count


@transaction.atomic
def candidate_conclude_interview(*, candidate, by, interview_date):
    """HR concludes the interview from the panel's average; a pass starts the 3-day notice."""
    _require_hr(by)
    candidate = _lock(candidate)
    _check_can_move(candidate, Candidate.State.EXAMINED)
    policy = HiringPolicy.current()
    count = candidate.interview_scores.count()
    if count < policy.min_panel_scores:
        raise ServiceError(_("%(count)d of the %(needed)d panel scores needed are in.") % {
            "count": count, "needed": policy.min_panel_scores})
    _check_date(interview_date, label=_("interview date"), not_before=candidate.exam_date,
                not_before_label=_("written exam"))
    average = candidate.interview_scores_average()
    work_done(candidate)  # the scoring, for the panel members who did not score, and HR's "scores complete"
    candidate.interview_date, candidate.interview_average = interview_date, average
    pass_mark = candidate.posting.interview_pass_mark
    if average < pass_mark:
        return _close(candidate, by=by, state=Candidate.State.REJECTED,
                      reason=_("Interview average %(average)s is below the pass mark %(mark)s.") % {
                          "average": average, "mark": pass_mark}, action="staff.candidate.interview_failed")
    candidate.interview_passed_on = interview_date
    candidate.notice_due_on = notice_deadline(interview_date, policy)
    candidate.notice_reminded_at = None
    _advance(candidate, by=by, state=Candidate.State.INTERVIEWED, action="staff.candidate.interview",
             after={"average": average, "pass_mark": pass_mark, "notice_due_on": candidate.notice_due_on})
    _tell([*hr_people(), *candidate.posting.department.leaders()], by=by,
          subject=_("%(name)s passed the interview") % {"name": candidate.name},
          body=_("Average %(average)s. 人事科 notifies the start date by %(date)s.") % {
              "average": average, "date": candidate.notice_due_on}, url=candidate.get_absolute_url())
    return candidate


def medical_exclusion_text():
    exclusion = HiringExclusion.objects.filter(is_active=True, stage=HiringExclusion.Stage.MEDICAL).first()
    return exclusion.text if exclusion else _("Failed the medical check")


@transaction.atomic
def candidate_record_medical(*, candidate, by, medical_date, passed, note=""):
    """The hospital's medical check (体检); failing it is one of the exclusions."""
    _require_hr(by)
    candidate = _lock(candidate)
    _check_can_move(candidate, Candidate.State.INTERVIEWED)
    _check_date(medical_date, label=_("medical check date"), not_before=candidate.interview_date,
                not_before_label=_("interview"))
    note = (note or "").strip()
    candidate.medical_date, candidate.medical_note = medical_date, note[:200]
    if not passed:
        if not note:
            raise ServiceError(_("Please give the reason the medical check was failed."))
        return _close(candidate, by=by, state=Candidate.State.REJECTED,
                      reason=f"{medical_exclusion_text()}: {note}", action="staff.candidate.medical_failed")
    _advance(candidate, by=by, state=Candidate.State.MEDICAL_PASSED, action="staff.candidate.medical",
             after={"medical_date": medical_date})
    _tell(candidate.posting.department.leaders(), by=by,
          subject=_("%(name)s passed the medical check") % {"name": candidate.name}, url=candidate.get_absolute_url())
    return candidate


@transaction.atomic
def candidate_record_background(*, candidate, by, checked_on, passed, findings=""):
    """The background check (背景调查): qualifications and character (资格和品德)."""
    _require_hr(by)
    candidate = _lock(candidate)
    _check_can_move(candidate, Candidate.State.MEDICAL_PASSED)
    _check_date(checked_on, label=_("background check date"), not_before=candidate.medical_date,
                not_before_label=_("medical check"))
    findings = (findings or "").strip()
    candidate.background_checked_on, candidate.background_note = checked_on, findings
    if not passed:
        if not findings:
            raise ServiceError(_("Please record what the background check found."))
        return _close(candidate, by=by, state=Candidate.State.REJECTED,
                      reason=_("Background check: %(findings)s") % {"findings": findings},
                      action="staff.candidate.background_failed")
    _advance(candidate, by=by, state=Candidate.State.BACKGROUND_CHECKED, action="staff.candidate.background",
             after={"checked_on": checked_on})
    _tell(candidate.posting.department.leaders(), by=by,
          subject=_("%(name)s passed the background check") % {"name": candidate.name},
          url=candidate.get_absolute_url())
    return candidate


# Offer and onboarding -----------------------------------------------------------------------------

@transaction.atomic
def candidate_offer(*, candidate, by, start_date):
    """HR tells the candidate their start date (通知上班时间); the onboarding checklist opens."""
    _require_hr(by)
    candidate = _lock(candidate)
    if candidate.interview_passed_on is None:
        raise ServiceError(_("An offer needs a passed interview."))
    _check_can_move(candidate, Candidate.State.BACKGROUND_CHECKED)
    if start_date is None or start_date < _today():
        raise ServiceError(_("The start date must be today or later."))
    posting = Posting.objects.select_for_update().get(pk=candidate.posting_id)
    taken = posting.candidates.filter(state__in=[Candidate.State.OFFERED, Candidate.State.ACCEPTED]).count()
    if taken >= posting.number:
        raise ServiceError(_("All %(number)d openings of this posting are already offered or filled.") % {
            "number": posting.number})
    candidate.start_date = start_date
    candidate.offered_at, candidate.offered_by = timezone.now(), by
    OnboardingItem.objects.bulk_create([
        OnboardingItem(candidate=candidate, requirement=requirement, name=requirement.name, order=requirement.order,
                       is_required=requirement.is_required)
        for requirement in OnboardingRequirement.objects.filter(is_active=True)
        if not candidate.onboarding_items.filter(requirement=requirement).exists()
    ])
    on_time = timezone.localdate(candidate.offered_at) <= candidate.notice_due_on if candidate.notice_due_on else True
    work_done(candidate)  # the start date to notify
    _advance(candidate, by=by, state=Candidate.State.OFFERED, action="staff.candidate.offer",
             after={"start_date": start_date, "notice_due_on": candidate.notice_due_on, "on_time": on_time})
    _tell(candidate.posting.department.leaders(), by=by,
          subject=_("%(name)s starts on %(date)s") % {"name": candidate.name, "date": start_date},
          body=_("Offer for %(posting)s; 人事科 completes the onboarding checklist.") % {
              "posting": candidate.posting.title}, url=candidate.get_absolute_url())
    return candidate


@transaction.atomic
def onboarding_tick(*, item, by, done):
    """HR ticks (or, before the hire, unticks) one onboarding item, recording who and when."""
    _require_hr(by)
    item = OnboardingItem.objects.select_for_update(of=("self",)).select_related("candidate__posting").get(pk=item.pk)
    candidate = item.candidate
    if candidate.state not in (Candidate.State.OFFERED, Candidate.State.ACCEPTED):
        raise ServiceError(_("The onboarding checklist is open only after the offer."))
    if not done and candidate.state == Candidate.State.ACCEPTED:
        raise ServiceError(_("After the hire, received items stay received."))
    if bool(item.done_at) == bool(done):
        return item
    before = {"item": item.name, "done": bool(item.done_at)}
    item.done_at, item.done_by = (timezone.now(), by) if done else (None, None)
    item.save(update_fields=["done_at", "done_by"])
    audit_record(actor=by, action="staff.candidate.onboarding", obj=candidate, before=before,
                 after={"item": item.name, "done": bool(done)})
    if done and not candidate.onboarding_items.filter(is_required=True, done_at__isnull=True).exists():
        _tell(hr_people(), by=by, subject=_("Onboarding papers complete: %(name)s") % {"name": candidate.name},
              url=candidate.get_absolute_url(), work=candidate)
    return item


def missing_onboarding(candidate):
    return list(candidate.onboarding_items.filter(is_required=True, done_at__isnull=True).values_list("name", flat=True))


def initial_password():
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(12))


def probation_end_date(starts_on, months):
    """The last day of a probation of `months` months starting on `starts_on` (1 Sep + 3 months → 30 Nov)."""
    return add_months(starts_on, months) - datetime.timedelta(days=1)


@transaction.atomic
def candidate_hire(*, candidate, by, employee_no, reported_on, supervisor=None):
    """The hire reports to work (报到): their account, staff profile and probation are created.

    Returns (user, initial password). The password is shown once to HR and only its hash is kept; the
    person must change it at first sign-in.
    """
    _require_hr(by)
    candidate = _lock(candidate)
    _check_can_move(candidate, Candidate.State.OFFERED)
    missing = missing_onboarding(candidate)
    if missing:
        raise ServiceError(_("The onboarding checklist is not complete: %(items)s") % {"items": "、".join(missing)})
    employee_no = (employee_no or "").strip()
    try:
        employee_no_validator(employee_no)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages)) from None
    if User.objects.filter(username__iexact=employee_no).exists():
        raise ServiceError(_("The employee number %(number)s is already in use.") % {"number": employee_no})
    if StaffProfile.objects.filter(id_number=candidate.id_number).exists():
        raise ServiceError(_("A staff record with this ID number already exists."))
    _check_date(reported_on, label=_("date of reporting to work"),
                not_before=timezone.localtime(candidate.offered_at).date(), not_before_label=_("offer"))
    posting = candidate.posting
    if supervisor is None:
        supervisor = posting.department.deputy or posting.department.head
    password = initial_password()
    user = User(username=employee_no, name=candidate.name, email=candidate.email, must_change_password=True)
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=Role.STAFF.value))
    profile = StaffProfile(
        user=user, department=posting.department, post=posting.post, education=candidate.education,
        phone=candidate.phone, id_number=candidate.id_number, hire_date=reported_on,
        status=StaffProfile.Status.PROBATION, supervisor=supervisor,
    )
    profile._history_user = by
    profile.save()
    policy = HiringPolicy.current()
    ends_on = probation_end_date(reported_on, policy.probation_months)
    probation = Probation.objects.create(profile=profile, candidate=candidate, starts_on=reported_on, ends_on=ends_on,
                                         original_ends_on=ends_on)
    for attachment in candidate.attachments.all():
        document = StaffDocument(profile=profile, kind=ATTACHMENT_TO_DOCUMENT.get(attachment.kind, "other"),
                                 original_name=attachment.original_name, uploaded_by=by)
        with attachment.file.open("rb") as source:
            document.file.save(attachment.original_name, ContentFile(source.read()), save=True)
    candidate.hired_user = user
    work_done(candidate)  # the hire after the onboarding papers
    _advance(candidate, by=by, state=Candidate.State.ACCEPTED, action="staff.candidate.hire",
             after={"employee_no": employee_no, "reported_on": reported_on})
    audit_record(actor=by, action="staff.probation.start", obj=probation,
                 after={"starts_on": reported_on, "ends_on": ends_on, "employee_no": employee_no})
    notify(recipient=user, subject=_("Welcome to %(department)s") % {"department": posting.department.name},
           body=_("Your probation runs from %(start)s to %(end)s. You may use the hospital's systems once you have "
                  "passed the induction training.") % {"start": reported_on, "end": ends_on},
           url=profile.get_absolute_url())
    _tell([*posting.department.leaders(), supervisor], by=by,
          subject=_("%(name)s (%(number)s) has joined on probation") % {"name": user.name, "number": employee_no},
          body=_("Probation until %(end)s.") % {"end": ends_on}, url=probation.get_absolute_url())
    return user, password


@transaction.atomic
def candidate_decline(*, candidate, by, reason):
    """The candidate turns the offer down (放弃)."""
    _require_hr(by)
    candidate = _lock(candidate)
    if candidate.state != Candidate.State.OFFERED:
        raise ServiceError(_("Only an offered candidate can decline; otherwise record the withdrawal as a rejection."))
    return _close(candidate, by=by, state=Candidate.State.DECLINED, reason=_required(reason),
                  action="staff.candidate.decline")


@transaction.atomic
def candidate_reject(*, candidate, by, reason):
    """HR ends an application at any open stage, with the reason."""
    _require_hr(by)
    candidate = _lock(candidate)
    if candidate.state not in Candidate.OPEN_STATES:
        raise ServiceError(_("%(name)s's application is no longer open.") % {"name": candidate.name})
    return _close(candidate, by=by, state=Candidate.State.REJECTED, reason=_required(reason),
                  action="staff.candidate.reject")


@transaction.atomic
def candidate_dismiss_untrue(*, candidate, by, reason):
    """录用人员提供信息如不符实，立即予以辞退: before or after the hire, with what proved untrue."""
    _require_hr(by)
    candidate = _lock(candidate)
    if candidate.state not in (Candidate.State.OFFERED, Candidate.State.ACCEPTED):
        raise ServiceError(_("Only an offered or hired candidate can be dismissed for untrue information."))
    reason = _required(reason, _("Say which information proved untrue."))
    probation = getattr(candidate, "probation", None) if candidate.state == Candidate.State.ACCEPTED else None
    if probation is not None and probation.is_active():
        _end_probation(probation, by=by, reason=Probation.EndReason.UNTRUE_INFORMATION, note=reason,
                       ended_on=_today())
    return _close(candidate, by=by, state=Candidate.State.DISMISSED, reason=reason, action="staff.candidate.dismiss")


# Probation ---------------------------------------------------------------------------------------

def _probation_snapshot(probation):
    return {"state": probation.state, "starts_on": probation.starts_on, "ends_on": probation.ends_on,
            "extensions": probation.extensions, "end_reason": probation.end_reason}


def _probation_people(probation):
    profile = probation.profile
    return [*profile.department.leaders(), profile.supervisor, *hr_people()]


@transaction.atomic
def probation_start(*, profile, by, starts_on):
    """HR starts tracking a probation for someone hired outside the pipeline (status 试用)."""
    _require_hr(by)
    profile = StaffProfile.objects.select_for_update(of=("self",)).select_related("user", "department").get(pk=profile.pk)
    if profile.status != StaffProfile.Status.PROBATION:
        raise ServiceError(_("%(name)s is not on probation.") % {"name": profile.user.display_name})
    if Probation.objects.filter(profile=profile, state=Probation.State.ACTIVE).exists():
        raise ServiceError(_("%(name)s's probation is already tracked.") % {"name": profile.user.display_name})
    _check_date(starts_on, label=_("start of probation"))
    ends_on = probation_end_date(starts_on, HiringPolicy.current().probation_months)
    probation = Probation.objects.create(profile=profile, starts_on=starts_on, ends_on=ends_on,
                                         original_ends_on=ends_on)
    audit_record(actor=by, action="staff.probation.start", obj=probation, after=_probation_snapshot(probation))
    _tell(profile.department.leaders(), by=by,
          subject=_("Probation of %(name)s: until %(end)s") % {"name": profile.user.display_name, "end": ends_on},
          url=probation.get_absolute_url())
    return probation


def _end_probation(probation, *, by, reason, note, ended_on, incident_id=None):
    """End a probation: the person leaves (departed) and can no longer sign in."""
    before = _probation_snapshot(probation)
    probation.state = Probation.State.TERMINATED
    probation.ended_on = ended_on
    probation.end_reason = reason
    probation.end_note = note
    probation.incident_id = incident_id
    probation._history_user = by
    probation.save()
    profile = probation.profile
    profile.status = StaffProfile.Status.DEPARTED
    profile._history_user = by
    profile.save(update_fields=["status"])
    user = profile.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(actor=by, action="staff.probation.terminate", obj=probation, before=before,
                 after={**_probation_snapshot(probation), "note": note, "incident_id": incident_id})
    work_done(probation)
    _tell(_probation_people(probation), by=by,
          subject=_("Probation ended: %(name)s") % {"name": user.display_name},
          body=f"{probation.get_end_reason_display()}: {note}", url=probation.get_absolute_url())
    return probation


def _optional_model(app_label, model_name):
    """A model of another domain when that domain is installed, else None (an optional link)."""
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def incident_model():
    return _optional_model("discipline", "Incident")


def scorecard_model():
    return _optional_model("appraisal", "Scorecard")


def _incident_url(incident):
    try:
        return incident.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return ""


def probation_incidents(probation, today=None):
    """The person's incidents during the probation, as rows for the page; None when discipline is absent."""
    Incident = incident_model()
    if Incident is None:
        return None
    until = min(today or _today(), probation.ended_on or probation.ends_on)
    incidents = Incident.objects.filter(person_id=probation.profile.user_id,
                                        occurred_on__range=(probation.starts_on, until)).order_by("occurred_on", "pk")
    if hasattr(Incident.objects, "for_list"):
        incidents = incidents.for_list()
    return [{"id": incident.pk, "date": incident.occurred_on, "text": str(incident), "url": _incident_url(incident),
             "state": incident.get_state_display() if hasattr(incident, "get_state_display") else ""}
            for incident in incidents[:100]]


def probation_scorecards(probation):
    """The person's monthly scorecards during the probation; None while the appraisal domain has none."""
    Scorecard = scorecard_model()
    if Scorecard is None:
        return None
    names = {field.name for field in Scorecard._meta.get_fields()}
    person_field = next((name for name in ("person", "user", "staff") if name in names), None)
    if person_field is None:
        return None
    cards = Scorecard.objects.filter(**{f"{person_field}_id": probation.profile.user_id}).order_by("pk")
    if "month" in names:
        cards = cards.filter(month__gte=probation.starts_on.replace(day=1))
    return [{"text": str(card), "score": card.final_score() if hasattr(card, "final_score") else None,
             "url": card.get_absolute_url() if hasattr(card, "get_absolute_url") else ""} for card in cards[:24]]


def _check_incident(probation, incident_id, ended_on):
    Incident = incident_model()
    if Incident is None:
        return None
    if not incident_id:
        raise ServiceError(_("Choose the incident (违纪记录) the probation ends for."))
    incident = Incident.objects.filter(pk=incident_id, person_id=probation.profile.user_id).first()
    if incident is None:
        raise ServiceError(_("No such incident of %(name)s.") % {"name": probation.profile.user.display_name})
    if not probation.starts_on <= incident.occurred_on <= ended_on:
        raise ServiceError(_("The incident did not happen during the probation."))
    counting = getattr(Incident, "COUNTING_STATES", None)
    if counting is not None and incident.state not in counting:
        raise ServiceError(_("The incident is not confirmed (or was cancelled)."))
    return incident.pk


@transaction.atomic
def probation_terminate_for_violation(*, probation, by, reason, ended_on, incident_id=None):
    """试用期内违反有关规章制度，立即予以辞退: HR ends the probation at once, linked to the incident."""
    _require_hr(by)
    probation = Probation.objects.select_for_update(of=("self",)).select_related("profile__user", "profile__department").get(
        pk=probation.pk)
    if not probation.is_active():
        raise ServiceError(_("This probation has already been decided."))
    reason = _required(reason)
    _check_date(ended_on, label=_("date of dismissal"), not_before=probation.starts_on,
                not_before_label=_("start of probation"))
    incident_id = _check_incident(probation, incident_id, ended_on)
    return _end_probation(probation, by=by, reason=Probation.EndReason.VIOLATION, note=reason, ended_on=ended_on,
                          incident_id=incident_id)


@transaction.atomic
def probation_record_induction(*, probation, by, passed_on):
    """The training domain reports the induction exam passed (新进人员培训考核通过后方可上机操作)."""
    probation = Probation.objects.select_for_update(of=("self",)).select_related("profile__user", "profile__department").get(
        pk=probation.pk)
    _check_date(passed_on, label=_("induction exam date"), not_before=probation.starts_on,
                not_before_label=_("start of probation"))
    before = {"induction_passed_on": probation.induction_passed_on}
    probation.induction_passed_on = passed_on
    probation._history_user = by
    probation.save(update_fields=["induction_passed_on"])
    audit_record(actor=by, action="staff.probation.induction", obj=probation, before=before,
                 after={"induction_passed_on": passed_on})
    _tell([probation.profile.user, *probation.profile.department.leaders()], by=by,
          subject=_("Induction training passed: %(name)s") % {"name": probation.profile.user.display_name},
          url=probation.get_absolute_url())
    return probation


def induction_passed(user):
    """The authz gate's "induction" predicate: True unless the person is on a probation without the exam."""
    return not Probation.objects.filter(profile__user=user, state=Probation.State.ACTIVE,
                                        induction_passed_on__isnull=True).exists()


def system_access_refusal(user):
    """Why this person may not yet be given system access (the authz gate), or None.

    医院信息管理人员录用: 新进人员须进行相关业务知识培训及考核，考核通过后方可上机操作.
    """
    probation = Probation.objects.filter(profile__user=user, state=Probation.State.ACTIVE).first()
    if probation is not None and probation.induction_passed_on is None:
        return _("%(name)s has not yet passed the induction training; new staff get system access only after "
                 "it.") % {"name": user.display_name}
    return None


# The end-of-probation assessment ------------------------------------------------------------------

ASSESSMENT_FIELDS = ("work_rating", "work_comments", "conduct_rating", "conduct_comments", "attendance_rating",
                     "attendance_comments", "proposal", "new_end_date", "summary")


def latest_extension_end(probation, policy):
    return probation_end_date(probation.starts_on, policy.probation_max_months)


def _check_assessment(probation, data, policy, today):
    if not probation.is_active():
        raise ServiceError(_("This probation has already been decided."))
    proposal = data["proposal"]
    if proposal != ProbationAssessment.Proposal.TERMINATE:
        opens_on = probation.ends_on - datetime.timedelta(days=policy.probation_reminder_days)
        if today < opens_on:
            raise ServiceError(_("The end-of-probation assessment opens on %(date)s.") % {"date": opens_on})
    if not (data.get("summary") or "").strip():
        raise ServiceError(_("Write the overall assessment."))
    ratings = [data["work_rating"], data["conduct_rating"], data["attendance_rating"]]
    if proposal == ProbationAssessment.Proposal.CONVERT and ProbationAssessment.Rating.UNSATISFACTORY in ratings:
        raise ServiceError(_("A conversion needs every rating satisfactory or better."))
    if proposal == ProbationAssessment.Proposal.EXTEND:
        if probation.extensions >= policy.probation_max_extensions:
            raise ServiceError(_("The probation has already been extended; it can be extended only %(count)d "
                                 "time(s).") % {"count": policy.probation_max_extensions})
        new_end = data.get("new_end_date")
        if new_end is None or new_end <= probation.ends_on:
            raise ServiceError(_("The new last day must be after %(date)s.") % {"date": probation.ends_on})
        latest = latest_extension_end(probation, policy)
        if new_end > latest:
            raise ServiceError(_("A probation may last at most %(months)d months: the latest last day is %(date)s.") % {
                "months": policy.probation_max_months, "date": latest})
    elif data.get("new_end_date"):
        raise ServiceError(_("A new last day is given only with an extension."))


def _assessment_values(data):
    values = {name: data.get(name) for name in ASSESSMENT_FIELDS}
    for name in ("work_comments", "conduct_comments", "attendance_comments", "summary"):
        values[name] = (values[name] or "").strip()
    if values["proposal"] != ProbationAssessment.Proposal.EXTEND:
        values["new_end_date"] = None
    return values


def open_assessment(probation):
    return next((a for a in probation.assessments.select_related("approval") if a.is_open()), None)


@transaction.atomic
def assessment_submit(*, probation, by, data):
    """The head records the end-of-probation assessment and proposes convert, extend or end; 人事科 decides."""
    probation = Probation.objects.select_for_update(of=("self",)).select_related("profile__user", "profile__department").get(
        pk=probation.pk)
    if not permissions.can_assess_probation(by, probation):
        raise ServiceError(_("Only the head or deputy head of the person's department can assess the probation."))
    policy = HiringPolicy.current()
    if open_assessment(probation) is not None:
        raise ServiceError(_("An assessment is already waiting for 人事科."))
    _check_assessment(probation, data, policy, _today())
    assessment = ProbationAssessment.objects.create(probation=probation, assessed_by=by, **_assessment_values(data))
    work_done(probation)  # the reminders to assess; 人事科's decision is the approval's step
    submit_for_approval(subject=assessment, by=by, action="staff.probation.assess", audited=probation,  # tells 人事科
                        after=_assessment_snapshot(assessment), department=probation.profile.department)
    return assessment


@transaction.atomic
def assessment_update(*, assessment, by, data):
    """The head revises an assessment 人事科 returned, and submits it again."""
    assessment = ProbationAssessment.objects.select_for_update(of=("self",)).select_related("approval", "probation").get(
        pk=assessment.pk)
    if assessment.assessed_by_id != by.pk:
        raise ServiceError(_("Only the person who made this assessment can change it."))
    if assessment.approval_state() != ApprovalRequest.State.RETURNED:
        raise ServiceError(_("Only an assessment returned for changes can be edited."))
    probation = assessment.probation
    _check_assessment(probation, data, HiringPolicy.current(), _today())
    before = {name: getattr(assessment, name) for name in ("proposal", "new_end_date")}
    for name, value in _assessment_values(data).items():
        setattr(assessment, name, value)
    assessment.save()
    submit_for_approval(subject=assessment, by=by, action="staff.probation.assess", audited=probation, before=before,
                        after=_assessment_snapshot(assessment))
    return assessment


def _assessment_snapshot(assessment):
    return {"assessment": assessment.pk, "proposal": assessment.proposal, "new_end_date": assessment.new_end_date}


def assessment_check_approval(assessment, *, step, by):
    """The engine's `check` hook, before 人事科 approves: the rules may have changed since the head proposed (time,
    an extension)."""
    probation = assessment.probation
    if not probation.is_active():
        raise ServiceError(_("This probation has already been decided."))
    if not _is_final_step(step):
        return
    today = _today()
    if assessment.proposal == ProbationAssessment.Proposal.CONVERT and today < probation.ends_on:
        raise ServiceError(_("试用期三个月后才可考虑聘为正式员工: the conversion can be approved from %(date)s, the "
                             "probation's last day.") % {"date": probation.ends_on})
    if assessment.proposal == ProbationAssessment.Proposal.EXTEND:
        _check_assessment(probation, {name: getattr(assessment, name) for name in ASSESSMENT_FIELDS},
                          HiringPolicy.current(), today)


def assessment_finalised(assessment, *, outcome, by):
    """The engine's `finished` hook: an approval carries the proposal out."""
    if outcome != ApprovalRequest.State.APPROVED or assessment.applied_at is not None:
        return
    probation = Probation.objects.select_for_update(of=("self",)).select_related("profile__user", "profile__department").get(
        pk=assessment.probation_id)
    if not probation.is_active():
        raise ServiceError(_("This probation has already been decided."))
    Proposal = ProbationAssessment.Proposal
    today = _today()
    assessment.applied_at = timezone.now()
    assessment.save(update_fields=["applied_at"])
    if assessment.proposal == Proposal.TERMINATE:
        _end_probation(probation, by=by, reason=Probation.EndReason.ASSESSMENT, note=assessment.summary,
                       ended_on=today)
        return
    before = _probation_snapshot(probation)
    person = probation.profile.user
    probation._history_user = by
    if assessment.proposal == Proposal.CONVERT:
        probation.state = Probation.State.CONVERTED
        probation.ended_on = today
        probation.save()
        profile = probation.profile
        profile.status = StaffProfile.Status.REGULAR
        profile._history_user = by
        profile.save(update_fields=["status"])
        action = "staff.probation.convert"
        subject = _("Converted to regular staff: %(name)s") % {"name": person.display_name}
        body = _("From %(date)s.") % {"date": today}
    else:
        probation.ends_on = assessment.new_end_date
        probation.extensions += 1
        probation.reminded_before_at = probation.reminded_overdue_at = None
        probation.save()
        action = "staff.probation.extend"
        subject = _("Probation extended: %(name)s") % {"name": person.display_name}
        body = _("The probation now ends on %(date)s.") % {"date": probation.ends_on}
    audit_record(actor=by, action=action, obj=probation, before=before,
                 after={**_probation_snapshot(probation), "assessment": assessment.pk})
    _tell([person, *_probation_people(probation)], by=by, subject=subject, body=body, url=probation.get_absolute_url())


# Reminders (Celery beat) ---------------------------------------------------------------------------

def send_notice_reminders(today=None):
    """Remind 人事科 of candidates whose start date should have been notified by today. Idempotent."""
    today = today or _today()
    due = Candidate.objects.filter(state__in=Candidate.AWAITING_NOTICE_STATES, notice_due_on__lte=today,
                                   notice_reminded_at__isnull=True).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            candidate = _lock(Candidate(pk=pk))
            if candidate.state not in Candidate.AWAITING_NOTICE_STATES or candidate.notice_reminded_at:
                continue
            candidate.notice_reminded_at = timezone.now()
            candidate.save(update_fields=["notice_reminded_at"])
            audit_record(actor=None, action="staff.candidate.notice_reminder", obj=candidate,
                         after={"notice_due_on": candidate.notice_due_on})
            _tell(hr_people(), by=None,
                  subject=_("Start date to notify: %(name)s (due %(date)s)") % {
                      "name": candidate.name, "date": candidate.notice_due_on},
                  body=_("面试合格者，人事科%(days)d日内通知上班时间. %(name)s passed the interview on %(passed)s and is "
                         "at “%(state)s”.") % {"days": HiringPolicy.current().notice_days, "name": candidate.name,
                                                "passed": candidate.interview_passed_on,
                                                "state": candidate.get_state_display()},
                  url=candidate.get_absolute_url(), work=candidate)
            sent += 1
    return sent


def send_probation_reminders(today=None):
    """Tell the head and 人事科 N days before a probation ends, and again once it is overdue. Idempotent."""
    today = today or _today()
    policy = HiringPolicy.current()
    window_start = today + datetime.timedelta(days=policy.probation_reminder_days)
    before_count = overdue_count = 0
    candidates = Probation.objects.active().filter(ends_on__lte=window_start).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            probation = Probation.objects.select_for_update(of=("self",)).select_related(
                "profile__user", "profile__department__head", "profile__department__deputy",
                "profile__supervisor").get(pk=pk)
            if not probation.is_active():
                continue
            name = probation.profile.user.display_name
            if today > probation.ends_on:
                if probation.reminded_overdue_at:
                    continue
                probation.reminded_overdue_at = timezone.now()
                action = "staff.probation.overdue_reminder"
                subject = _("Overdue: the probation of %(name)s ended on %(date)s") % {
                    "name": name, "date": probation.ends_on}
                overdue_count += 1
            else:
                if probation.reminded_before_at:
                    continue
                probation.reminded_before_at = timezone.now()
                action = "staff.probation.end_reminder"
                subject = _("The probation of %(name)s ends on %(date)s") % {"name": name, "date": probation.ends_on}
                before_count += 1
            probation.save(update_fields=["reminded_before_at", "reminded_overdue_at"])
            audit_record(actor=None, action=action, obj=probation, after={"ends_on": probation.ends_on})
            _tell(_probation_people(probation), by=None, subject=subject,
                  body=_("The head records the end-of-probation assessment (work, conduct, attendance) and proposes "
                         "conversion, an extension or the end; 人事科 decides."),
                  url=probation.get_absolute_url(), work=probation)
    return before_count, overdue_count
