"""Candidates (应聘者): eligibility (应聘者基本要求, 不得录用的情形), registration and screening, the written exam and
the interview, the medical and background checks, the offer with its 3-day start-date notice, onboarding papers
(入职手续) and the hire, which opens the probation."""

import datetime
import secrets

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ServiceError, required_text
from core.roles import Role
from core.workdays import add_working_days
from notifications.services import notify, work_done
from staff.models import StaffDocument, StaffProfile, User, employee_no_validator

from ..models import (
    Candidate, CandidateAttachment, CandidateExclusionCheck, HiringExclusion, HiringPolicy, InterviewScore,
    OnboardingItem, OnboardingRequirement, Posting, Probation, age_on, education_rank,
)
from ..rules import is_on_panel
from ..staffing import check_headcount
from .common import check_date, hr_people, local_today, require_hr, tell
from .probations import end_probation, probation_end_date


PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


ATTACHMENT_TO_DOCUMENT = {
    "diploma": StaffDocument.Kind.DIPLOMA, "degree": StaffDocument.Kind.DEGREE, "title": StaffDocument.Kind.TITLE,
    "id_card": StaffDocument.Kind.ID_CARD,
}


def eligibility_problems(candidate, on=None, policy=None):
    """What the ID number and education say against the posting and the policy (computed, never declared).

    Age counts on the day of registration (报名), so nobody ages out while the posting runs.
    """
    policy = policy or HiringPolicy.current()
    today = on or (timezone.localdate(candidate.created_at) if candidate.created_at else local_today())
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
    tell(candidate.posting.department.leaders(), by=by,
          subject=_("%(name)s: %(state)s") % {"name": candidate.name, "state": candidate.get_state_display()},
          body=reason, url=candidate.get_absolute_url())
    return candidate


def _warning(message):
    """The audit entry's record of a step taken beyond the post's headcount (nothing when within it)."""
    return {"headcount_warning": message} if message else {}


def _advance(candidate, *, by, state, action, after=None):
    before = _candidate_snapshot(candidate)
    candidate.state = state
    candidate.save()
    audit_record(actor=by, action=action, obj=candidate, before=before, after={"state": state, **(after or {})})
    return candidate


CANDIDATE_FIELDS = ("name", "phone", "email", "id_number", "education", "degree", "school", "major", "work_history")


def _check_id_number(id_number):
    from staff.idnumbers import validate_id_number

    try:
        validate_id_number(id_number)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages)) from None


@transaction.atomic
def candidate_register(*, posting, by, data):
    """HR records an application (报名) to an open posting."""
    require_hr(by)
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if not posting.registration_open(local_today()):
        if posting.state == Posting.State.DRAFT:
            raise ServiceError(_("The posting is not published yet."))
        raise ServiceError(_("Registration for this posting is closed."))
    values = {name: data.get(name, "") for name in CANDIDATE_FIELDS}
    values["id_number"] = (values["id_number"] or "").strip().upper()
    _check_id_number(values["id_number"])
    if posting.candidates.filter(id_number=values["id_number"]).exists():
        raise ServiceError(_("This person has already applied to this posting."))
    candidate = Candidate.objects.create(posting=posting, registered_by=by, **values)
    candidate.headcount_warning = check_headcount(candidate)  # the post is full: said on the page and audited
    audit_record(actor=by, action="staff.candidate.register", obj=candidate,
                 after={"state": candidate.state, "posting": posting.pk, "name": candidate.name,
                        **_warning(candidate.headcount_warning)})
    tell(posting.department.leaders(), by=by,
          subject=_("New candidate for %(posting)s: %(name)s") % {"posting": posting.title, "name": candidate.name},
          url=candidate.get_absolute_url())
    return candidate


@transaction.atomic
def candidate_update(*, candidate, by, data):
    """HR corrects a candidate's details before screening; an ineligible one goes back to be screened again."""
    require_hr(by)
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
    tell(candidate.posting.department.leaders(), by=by,
          subject=_("Details corrected: %(name)s") % {"name": candidate.name}, url=candidate.get_absolute_url())
    return candidate


@transaction.atomic
def attachment_add(*, candidate, by, kind, upload):
    """HR stores a candidate's CV or certificate (validated by the form: size and content type)."""
    require_hr(by)
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
    require_hr(by)
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
    tell(candidate.posting.department.leaders(), by=by,
          subject=_("%(name)s passed screening for %(posting)s") % {
              "name": candidate.name, "posting": candidate.posting.title}, url=candidate.get_absolute_url())
    return candidate


@transaction.atomic
def candidate_record_exam(*, candidate, by, exam_date, score):
    """The written exam (笔试): at or above the posting's pass mark goes on to the interview."""
    require_hr(by)
    candidate = _lock(candidate)
    _check_can_move(candidate, Candidate.State.SCREENED)
    policy = HiringPolicy.current()
    _check_score(score, policy)
    check_date(exam_date, label=_("exam date"), not_before=timezone.localtime(candidate.screened_at).date(),
                not_before_label=_("screening"))
    candidate.exam_date, candidate.exam_score = exam_date, score
    pass_mark = candidate.posting.exam_pass_mark
    if score < pass_mark:
        return _close(candidate, by=by, state=Candidate.State.REJECTED,
                      reason=_("Written exam score %(score)s is below the pass mark %(mark)s.") % {
                          "score": score, "mark": pass_mark}, action="staff.candidate.exam_failed")
    _advance(candidate, by=by, state=Candidate.State.EXAMINED, action="staff.candidate.exam",
             after={"score": score, "pass_mark": pass_mark, "exam_date": exam_date})
    tell(candidate.posting.panel.all(), by=by,
          subject=_("Interview to score: %(name)s (%(posting)s)") % {
              "name": candidate.name, "posting": candidate.posting.title},
          body=_("Written exam %(score)s. Please record your interview score and comments.") % {"score": score},
          url=candidate.get_absolute_url(), work=candidate)
    return candidate


@transaction.atomic
def interview_score_record(*, candidate, by, score, comments=""):
    """A panel member's own score and comments; they may revise them until HR concludes the interview."""
    candidate = _lock(candidate)
    if not is_on_panel(by, candidate.posting):
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
        tell(hr_people(), by=by,
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
    (idempotent; registered with core.workdays in HiringConfig.ready)."""
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
    require_hr(by)
    candidate = _lock(candidate)
    _check_can_move(candidate, Candidate.State.EXAMINED)
    policy = HiringPolicy.current()
    count = candidate.interview_scores.count()
    if count < policy.min_panel_scores:
        raise ServiceError(_("%(count)d of the %(needed)d panel scores needed are in.") % {
            "count": count, "needed": policy.min_panel_scores})
    check_date(interview_date, label=_("interview date"), not_before=candidate.exam_date,
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
    tell([*hr_people(), *candidate.posting.department.leaders()], by=by,
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
    require_hr(by)
    candidate = _lock(candidate)
    _check_can_move(candidate, Candidate.State.INTERVIEWED)
    check_date(medical_date, label=_("medical check date"), not_before=candidate.interview_date,
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
    tell(candidate.posting.department.leaders(), by=by,
          subject=_("%(name)s passed the medical check") % {"name": candidate.name}, url=candidate.get_absolute_url())
    return candidate


@transaction.atomic
def candidate_record_background(*, candidate, by, checked_on, passed, findings=""):
    """The background check (背景调查): qualifications and character (资格和品德)."""
    require_hr(by)
    candidate = _lock(candidate)
    _check_can_move(candidate, Candidate.State.MEDICAL_PASSED)
    check_date(checked_on, label=_("background check date"), not_before=candidate.medical_date,
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
    tell(candidate.posting.department.leaders(), by=by,
          subject=_("%(name)s passed the background check") % {"name": candidate.name},
          url=candidate.get_absolute_url())
    return candidate


@transaction.atomic
def candidate_offer(*, candidate, by, start_date):
    """HR tells the candidate their start date (通知上班时间); the onboarding checklist opens."""
    require_hr(by)
    candidate = _lock(candidate)
    if candidate.interview_passed_on is None:
        raise ServiceError(_("An offer needs a passed interview."))
    _check_can_move(candidate, Candidate.State.BACKGROUND_CHECKED)
    if start_date is None or start_date < local_today():
        raise ServiceError(_("The start date must be today or later."))
    posting = Posting.objects.select_for_update().get(pk=candidate.posting_id)
    taken = posting.candidates.filter(state__in=[Candidate.State.OFFERED, Candidate.State.ACCEPTED]).count()
    if taken >= posting.number:
        raise ServiceError(_("All %(number)d openings of this posting are already offered or filled.") % {
            "number": posting.number})
    warning = check_headcount(candidate)
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
             after={"start_date": start_date, "notice_due_on": candidate.notice_due_on, "on_time": on_time,
                    **_warning(warning)})
    candidate.headcount_warning = warning
    tell(candidate.posting.department.leaders(), by=by,
          subject=_("%(name)s starts on %(date)s") % {"name": candidate.name, "date": start_date},
          body=_("Offer for %(posting)s; 人事科 completes the onboarding checklist.") % {
              "posting": candidate.posting.title}, url=candidate.get_absolute_url())
    return candidate


@transaction.atomic
def onboarding_tick(*, item, by, done):
    """HR ticks (or, before the hire, unticks) one onboarding item, recording who and when."""
    require_hr(by)
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
        tell(hr_people(), by=by, subject=_("Onboarding papers complete: %(name)s") % {"name": candidate.name},
              url=candidate.get_absolute_url(), work=candidate)
    return item


def missing_onboarding(candidate):
    return list(candidate.onboarding_items.filter(is_required=True, done_at__isnull=True).values_list("name", flat=True))


def initial_password():
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(12))


@transaction.atomic
def candidate_hire(*, candidate, by, employee_no, reported_on, supervisor=None):
    """The hire reports to work (报到): their account, staff profile and probation are created.

    Returns (user, initial password). The password is shown once to HR and only its hash is kept; the
    person must change it at first sign-in.
    """
    require_hr(by)
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
    check_date(reported_on, label=_("date of reporting to work"),
                not_before=timezone.localtime(candidate.offered_at).date(), not_before_label=_("offer"))
    posting = candidate.posting
    warning = check_headcount(candidate)
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
             after={"employee_no": employee_no, "reported_on": reported_on, **_warning(warning)})
    audit_record(actor=by, action="staff.probation.start", obj=probation,
                 after={"starts_on": reported_on, "ends_on": ends_on, "employee_no": employee_no})
    notify(recipient=user, subject=_("Welcome to %(department)s") % {"department": posting.department.name},
           body=_("Your probation runs from %(start)s to %(end)s. You may use the hospital's systems once you have "
                  "passed the induction training.") % {"start": reported_on, "end": ends_on},
           url=profile.get_absolute_url())
    tell([*posting.department.leaders(), supervisor], by=by,
          subject=_("%(name)s (%(number)s) has joined on probation") % {"name": user.name, "number": employee_no},
          body=_("Probation until %(end)s.") % {"end": ends_on}, url=probation.get_absolute_url())
    user.headcount_warning = warning
    return user, password


@transaction.atomic
def candidate_decline(*, candidate, by, reason):
    """The candidate turns the offer down (放弃)."""
    require_hr(by)
    candidate = _lock(candidate)
    if candidate.state != Candidate.State.OFFERED:
        raise ServiceError(_("Only an offered candidate can decline; otherwise record the withdrawal as a rejection."))
    return _close(candidate, by=by, state=Candidate.State.DECLINED,
                  reason=required_text(reason, _("Please give a reason.")), action="staff.candidate.decline")


@transaction.atomic
def candidate_reject(*, candidate, by, reason):
    """HR ends an application at any open stage, with the reason."""
    require_hr(by)
    candidate = _lock(candidate)
    if candidate.state not in Candidate.OPEN_STATES:
        raise ServiceError(_("%(name)s's application is no longer open.") % {"name": candidate.name})
    return _close(candidate, by=by, state=Candidate.State.REJECTED,
                  reason=required_text(reason, _("Please give a reason.")), action="staff.candidate.reject")


@transaction.atomic
def candidate_dismiss_untrue(*, candidate, by, reason):
    """录用人员提供信息如不符实，立即予以辞退: before or after the hire, with what proved untrue."""
    require_hr(by)
    candidate = _lock(candidate)
    if candidate.state not in (Candidate.State.OFFERED, Candidate.State.ACCEPTED):
        raise ServiceError(_("Only an offered or hired candidate can be dismissed for untrue information."))
    reason = required_text(reason, _("Say which information proved untrue."))
    probation = getattr(candidate, "probation", None) if candidate.state == Candidate.State.ACCEPTED else None
    if probation is not None and probation.is_active():
        end_probation(probation, by=by, reason=Probation.EndReason.UNTRUE_INFORMATION, note=reason,
                       ended_on=local_today())
    return _close(candidate, by=by, state=Candidate.State.DISMISSED, reason=reason, action="staff.candidate.dismiss")


def send_notice_reminders(today=None):
    """Remind 人事科 of candidates whose start date should have been notified by today. Idempotent."""
    today = today or local_today()
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
            tell(hr_people(), by=None,
                  subject=_("Start date to notify: %(name)s (due %(date)s)") % {
                      "name": candidate.name, "date": candidate.notice_due_on},
                  body=_("面试合格者，人事科%(days)d日内通知上班时间. %(name)s passed the interview on %(passed)s and is "
                         "at “%(state)s”.") % {"days": HiringPolicy.current().notice_days, "name": candidate.name,
                                                "passed": candidate.interview_passed_on,
                                                "state": candidate.get_state_display()},
                  url=candidate.get_absolute_url(), work=candidate)
            sent += 1
    return sent
