"""Probations (试用期): start, end for a violation, the induction exam (新进人员培训考核后方可上机), the
end-of-probation assessment through the approval engine (转正, extension, termination) and the reminders."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.selectors import scorecards_between
from approvals.models import ApprovalRequest
from approvals.services import submit_for_approval
from audit.services import audit_record
from core.errors import ServiceError, required_text
from discipline.models import Incident
from discipline.selectors import incidents_between
from notifications.services import work_done
from staff.models import StaffProfile

from ..models import HiringPolicy, Probation, ProbationAssessment, add_months
from ..rules import can_assess_probation
from .common import check_date, hr_people, is_final_step, local_today, require_hr, tell


ASSESSMENT_REQUEST_TYPE = ProbationAssessment.REQUEST_TYPE


def probation_end_date(starts_on, months):
    """The last day of a probation of `months` months starting on `starts_on` (1 Sep + 3 months → 30 Nov)."""
    return add_months(starts_on, months) - datetime.timedelta(days=1)


def probation_snapshot(probation):
    return {"state": probation.state, "starts_on": probation.starts_on, "ends_on": probation.ends_on,
            "extensions": probation.extensions, "end_reason": probation.end_reason}


def _probation_people(probation):
    profile = probation.profile
    return [*profile.department.leaders(), profile.supervisor, *hr_people()]


@transaction.atomic
def probation_start(*, profile, by, starts_on):
    """HR starts tracking a probation for someone hired outside the pipeline (status 试用)."""
    require_hr(by)
    profile = StaffProfile.objects.select_for_update(of=("self",)).select_related("user", "department").get(pk=profile.pk)
    if profile.status != StaffProfile.Status.PROBATION:
        raise ServiceError(_("%(name)s is not on probation.") % {"name": profile.user.display_name})
    if Probation.objects.filter(profile=profile, state=Probation.State.ACTIVE).exists():
        raise ServiceError(_("%(name)s's probation is already tracked.") % {"name": profile.user.display_name})
    check_date(starts_on, label=_("start of probation"))
    ends_on = probation_end_date(starts_on, HiringPolicy.current().probation_months)
    probation = Probation.objects.create(profile=profile, starts_on=starts_on, ends_on=ends_on,
                                         original_ends_on=ends_on)
    audit_record(actor=by, action="staff.probation.start", obj=probation, after=probation_snapshot(probation))
    tell(profile.department.leaders(), by=by,
          subject=_("Probation of %(name)s: until %(end)s") % {"name": profile.user.display_name, "end": ends_on},
          url=probation.get_absolute_url())
    return probation


def end_probation(probation, *, by, reason, note, ended_on, incident_id=None):
    """End a probation: the person leaves (departed) and can no longer sign in."""
    before = probation_snapshot(probation)
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
                 after={**probation_snapshot(probation), "note": note, "incident_id": incident_id})
    work_done(probation)
    tell(_probation_people(probation), by=by,
          subject=_("Probation ended: %(name)s") % {"name": user.display_name},
          body=f"{probation.get_end_reason_display()}: {note}", url=probation.get_absolute_url())
    return probation


def probation_incidents(probation, today=None):
    """The person's incidents during the probation (to today while it runs), as rows for the page."""
    until = min(today or local_today(), probation.ended_on or probation.ends_on)
    incidents = incidents_between(probation.profile.user_id, probation.starts_on, until)[:100]
    return [{"id": incident.pk, "date": incident.occurred_on, "text": str(incident),
             "url": incident.get_absolute_url(), "state": incident.get_state_display()} for incident in incidents]


def probation_scorecards(probation):
    """The person's monthly scorecards of the probation's months (from the month it started to the month it ends)."""
    cards = scorecards_between(probation.profile.user_id, probation.starts_on, probation.ended_on or probation.ends_on)
    return [{"text": str(card), "score": card.final_score(), "url": card.get_absolute_url()} for card in cards]


def _check_incident(probation, incident_id, ended_on):
    if not incident_id:
        raise ServiceError(_("Choose the incident (违纪记录) the probation ends for."))
    incident = Incident.objects.filter(pk=incident_id, person_id=probation.profile.user_id).first()
    if incident is None:
        raise ServiceError(_("No such incident of %(name)s.") % {"name": probation.profile.user.display_name})
    if not probation.starts_on <= incident.occurred_on <= ended_on:
        raise ServiceError(_("The incident did not happen during the probation."))
    if incident.state not in Incident.COUNTING_STATES:
        raise ServiceError(_("The incident is not confirmed (or was cancelled)."))
    return incident.pk


@transaction.atomic
def probation_terminate_for_violation(*, probation, by, reason, ended_on, incident_id=None):
    """试用期内违反有关规章制度，立即予以辞退: HR ends the probation at once, linked to the incident."""
    require_hr(by)
    probation = Probation.objects.select_for_update(of=("self",)).select_related("profile__user", "profile__department").get(
        pk=probation.pk)
    if not probation.is_active():
        raise ServiceError(_("This probation has already been decided."))
    reason = required_text(reason, _("Please give a reason."))
    check_date(ended_on, label=_("date of dismissal"), not_before=probation.starts_on,
                not_before_label=_("start of probation"))
    incident_id = _check_incident(probation, incident_id, ended_on)
    return end_probation(probation, by=by, reason=Probation.EndReason.VIOLATION, note=reason, ended_on=ended_on,
                          incident_id=incident_id)


@transaction.atomic
def probation_record_induction(*, probation, by, passed_on):
    """The training domain reports the induction exam passed (新进人员培训考核通过后方可上机操作)."""
    probation = Probation.objects.select_for_update(of=("self",)).select_related("profile__user", "profile__department").get(
        pk=probation.pk)
    check_date(passed_on, label=_("induction exam date"), not_before=probation.starts_on,
                not_before_label=_("start of probation"))
    before = {"induction_passed_on": probation.induction_passed_on}
    probation.induction_passed_on = passed_on
    probation._history_user = by
    probation.save(update_fields=["induction_passed_on"])
    audit_record(actor=by, action="staff.probation.induction", obj=probation, before=before,
                 after={"induction_passed_on": passed_on})
    tell([probation.profile.user, *probation.profile.department.leaders()], by=by,
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
    if not can_assess_probation(by, probation):
        raise ServiceError(_("Only the head or deputy head of the person's department can assess the probation."))
    policy = HiringPolicy.current()
    if open_assessment(probation) is not None:
        raise ServiceError(_("An assessment is already waiting for 人事科."))
    _check_assessment(probation, data, policy, local_today())
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
    _check_assessment(probation, data, HiringPolicy.current(), local_today())
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
    if not is_final_step(step):
        return
    today = local_today()
    if assessment.proposal == ProbationAssessment.Proposal.CONVERT and today <= probation.ends_on:
        raise ServiceError(_("试用期三个月后才可考虑聘为正式员工: the conversion can be approved from %(date)s, the day "
                             "after the probation's last day.") % {"date": probation.ends_on + datetime.timedelta(days=1)})
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
    today = local_today()
    assessment.applied_at = timezone.now()
    assessment.save(update_fields=["applied_at"])
    if assessment.proposal == Proposal.TERMINATE:
        end_probation(probation, by=by, reason=Probation.EndReason.ASSESSMENT, note=assessment.summary,
                       ended_on=today)
        return
    before = probation_snapshot(probation)
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
                 after={**probation_snapshot(probation), "assessment": assessment.pk})
    tell([person, *_probation_people(probation)], by=by, subject=subject, body=body, url=probation.get_absolute_url())


def send_probation_reminders(today=None):
    """Tell the head and 人事科 N days before a probation ends, and again once it is overdue. Idempotent."""
    today = today or local_today()
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
            tell(_probation_people(probation), by=None, subject=subject,
                  body=_("The head records the end-of-probation assessment (work, conduct, attendance) and proposes "
                         "conversion, an extension or the end; 人事科 decides."),
                  url=probation.get_absolute_url(), work=probation)
    return before_count, overdue_count
