"""Sessions (培训场次): scheduling, the attendance sheet (QR sign-in or ticked by the organiser), materials, the
satisfaction survey (满意度调查) and the reminder before a session. Hours are credited by attendance."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ServiceError, optional_text, require, required_text

from .. import rules
from ..models import Attendance, Material, Plan, Session, SurveyResponse, TrainingPolicy, new_signin_key
from .common import number, tell

Status = Attendance.Status
MARKABLE = (Status.PRESENT, Status.LATE, Status.ABSENT, Status.EXCUSED)


def _snapshot(session):
    return {"title": session.title, "time": session.time_text(), "place": session.place, "hours": session.hours,
            "state": session.state, "trainer": session.trainer_display(), "organiser": session.organiser.username}


def _lock(session):
    return Session.objects.select_for_update(of=("self",)).select_related("department", "organiser", "trainer").get(
        pk=session.pk)


def _check_fields(*, starts_at, ends_at, hours, trainer, trainer_name, plan_item, department):
    require(starts_at is not None and ends_at is not None and ends_at > starts_at,
            _("The session must end after it starts."))
    require(ends_at - starts_at <= datetime.timedelta(days=7), _("A session lasts at most a week."))
    require(hours is not None and hours > 0, _("Give the hours the session earns."))
    require(trainer is not None or (trainer_name or "").strip(), _("Name the trainer."))
    if plan_item is not None:
        require(plan_item.plan.department_id == department.pk and plan_item.plan.state == Plan.State.APPROVED,
                _("Choose an item of the department's plan in force."))


def _invite(session, people):
    """Put people on the sheet (expected); those already on it stay as they are. Returns who was added."""
    present = set(session.attendance.values_list("person_id", flat=True))
    added = [person for person in people if person.pk not in present]
    Attendance.objects.bulk_create([Attendance(session=session, person=person) for person in added],
                                   ignore_conflicts=True)
    return added


def _tell_invited(session, people, subject):
    tell(people, subject=subject, body=_("%(time)s, %(place)s. %(hours)s hours.") % {
        "time": session.time_text(), "place": session.place, "hours": number(session.hours)},
        url=session.get_absolute_url(), skip=session.organiser)


@transaction.atomic
def session_schedule(*, by, department, title, starts_at, ends_at, place, hours, form, requirement, people=(),
                     description="", trainer=None, trainer_name="", plan_item=None):
    """Schedule a session (from a plan item or ad hoc) and put its audience on the attendance sheet."""
    require(rules.can_schedule_session(by, department),
            _("Only the department's leaders and the IT department's staff organise its sessions."))
    title = required_text(title, _("Give the session a title."), limit=200)
    place = required_text(place, _("Say where the session takes place."), limit=100)
    _check_fields(starts_at=starts_at, ends_at=ends_at, hours=hours, trainer=trainer, trainer_name=trainer_name,
                  plan_item=plan_item, department=department)
    session = Session.objects.create(
        department=department, plan_item=plan_item, title=title, description=optional_text(description),
        form=form, requirement=requirement, starts_at=starts_at, ends_at=ends_at, place=place, hours=hours,
        trainer=trainer, trainer_name=optional_text(trainer_name, 100) if trainer is None else "", organiser=by)
    invited = _invite(session, list(people))
    audit_record(actor=by, action="training.session.schedule", obj=session,
                 after={**_snapshot(session), "invited": len(invited)})
    _tell_invited(session, invited, _("Training: %(title)s") % {"title": session.title})
    return session


@transaction.atomic
def session_update(*, session, by, title, starts_at, ends_at, place, hours, form, requirement, description="",
                   trainer=None, trainer_name=""):
    session = _lock(session)
    require(rules.can_manage_session(by, session), _("Only the organiser or the department's leaders change it."))
    require(session.is_scheduled(), _("Only a scheduled session can be changed."))
    title = required_text(title, _("Give the session a title."), limit=200)
    place = required_text(place, _("Say where the session takes place."), limit=100)
    _check_fields(starts_at=starts_at, ends_at=ends_at, hours=hours, trainer=trainer, trainer_name=trainer_name,
                  plan_item=session.plan_item, department=session.department)
    before = _snapshot(session)
    moved = (starts_at, ends_at, place) != (session.starts_at, session.ends_at, session.place)
    session.title, session.starts_at, session.ends_at, session.place = title, starts_at, ends_at, place
    session.hours, session.form, session.requirement = hours, form, requirement
    session.description = optional_text(description)
    session.trainer, session.trainer_name = trainer, optional_text(trainer_name, 100) if trainer is None else ""
    if moved:
        session.reminded_at = None
    session.save()
    audit_record(actor=by, action="training.session.update", obj=session, before=before, after=_snapshot(session))
    if moved:
        people = [row.person for row in session.attendance.select_related("person")]
        _tell_invited(session, people, _("Training moved: %(title)s") % {"title": session.title})
    return session


@transaction.atomic
def session_invite(*, session, by, people):
    session = _lock(session)
    require(rules.can_manage_session(by, session), _("Only the organiser or the department's leaders change it."))
    require(session.is_scheduled(), _("Only a scheduled session can be changed."))
    added = _invite(session, list(people))
    require(added, _("Everyone chosen is already on the list."))
    audit_record(actor=by, action="training.session.invite", obj=session,
                 after={"added": [person.username for person in added]})
    _tell_invited(session, added, _("Training: %(title)s") % {"title": session.title})
    return added


@transaction.atomic
def session_cancel(*, session, by, reason):
    session = _lock(session)
    require(rules.can_manage_session(by, session), _("Only the organiser or the department's leaders cancel it."))
    require(session.is_scheduled(), _("Only a scheduled session can be cancelled."))
    require(not session.attendance.filter(status__in=Attendance.ATTENDED).exists(),
            _("People have signed in already: close the attendance instead."))
    reason = required_text(reason, _("Please give a reason."))
    before = _snapshot(session)
    session.state, session.cancel_reason, session.signin_key = Session.State.CANCELLED, reason, new_signin_key()
    session.save(update_fields=["state", "cancel_reason", "signin_key", "updated_at"])
    audit_record(actor=by, action="training.session.cancel", obj=session, before=before,
                 after={**_snapshot(session), "reason": reason})
    tell([session.organiser, *(row.person for row in session.attendance.select_related("person"))],
         subject=_("Training cancelled: %(title)s") % {"title": session.title}, body=reason,
         url=session.get_absolute_url(), skip=by)
    return session


# Attendance (签到) ------------------------------------------------------------------------------------------------

def _row(session, person):
    row = Attendance.objects.select_for_update().filter(session=session, person=person).first()
    if row is None:
        try:
            with transaction.atomic():
                row = Attendance.objects.create(session=session, person=person, invited=False)
        except IntegrityError:  # someone else's request created it a moment ago
            row = Attendance.objects.select_for_update().get(session=session, person=person)
    return row


@transaction.atomic
def attendance_sign_in(*, session, person, now=None):
    """The person signs in on their phone with the room's QR code. Returns (row, whether this call signed in).

    Signing in twice changes nothing. Someone not on the list who is there signs in too (they are added).
    """
    now = now or timezone.now()
    session = _lock(session)
    policy = TrainingPolicy.current()
    require(not session.is_cancelled(), _("This session was cancelled."))
    require(session.is_scheduled(), _("The attendance of this session is closed; ask the organiser."))
    opens, closes = session.signin_window(policy)
    require(now >= opens, _("Sign-in opens at %(time)s.") % {"time": timezone.localtime(opens).strftime("%H:%M")})
    require(now <= closes, _("Sign-in closed at %(time)s; ask the organiser to tick you.") % {
        "time": timezone.localtime(closes).strftime("%H:%M")})
    row = _row(session, person)
    if row.attended():
        return row, False
    before = {"status": row.status}
    row.status = Status.LATE if now > session.late_after(policy) else Status.PRESENT
    row.signed_in_at, row.method, row.recorded_by = now, Attendance.Method.QR, person
    row.save(update_fields=["status", "signed_in_at", "method", "recorded_by", "updated_at"])
    audit_record(actor=person, action="training.attendance.sign_in", obj=session, before=before,
                 after={"person": person.username, "status": row.status, "at": now})
    return row, True


@transaction.atomic
def attendance_mark(*, session, person, by, status, note="", now=None):
    """The organiser ticks someone present, late, absent or excused (and corrects the sheet after closing)."""
    now = now or timezone.now()
    session = _lock(session)
    require(rules.can_manage_session(by, session), _("Only the organiser or the department's leaders tick the list."))
    require(not session.is_cancelled(), _("This session was cancelled."))
    require(status in MARKABLE, _("Choose present, late, absent or excused."))
    require(status not in Attendance.ATTENDED or session.has_started(now) or session.signin_is_open(
        TrainingPolicy.current(), now), _("Nobody can be present before the session starts."))
    row = _row(session, person)
    before = {"status": row.status}
    row.status, row.note = status, optional_text(note, 200)
    if status in Attendance.ATTENDED:
        row.signed_in_at = row.signed_in_at or now
    row.method, row.recorded_by = Attendance.Method.TICKED, by
    row.save(update_fields=["status", "note", "signed_in_at", "method", "recorded_by", "updated_at"])
    audit_record(actor=by, action="training.attendance.mark", obj=session, before=before,
                 after={"person": person.username, "status": status, "note": row.note})
    return row


@transaction.atomic
def session_close(*, session, by, now=None):
    """Close the attendance: who did not sign in is absent; the attendees are asked for the survey."""
    now = now or timezone.now()
    session = _lock(session)
    require(rules.can_manage_session(by, session), _("Only the organiser or the department's leaders close it."))
    require(session.is_scheduled(), _("The attendance is already closed."))
    require(session.has_started(now), _("The session has not started yet."))
    before = _snapshot(session)
    absent = session.attendance.filter(status=Status.EXPECTED).update(status=Status.ABSENT)
    session.state, session.closed_at, session.closed_by = Session.State.HELD, now, by
    session.signin_key = new_signin_key()
    session.save(update_fields=["state", "closed_at", "closed_by", "signin_key", "updated_at"])
    attendees = [row.person for row in session.attendance.filter(status__in=Attendance.ATTENDED)
                 .select_related("person")]
    audit_record(actor=by, action="training.session.close", obj=session, before=before,
                 after={**_snapshot(session), "attended": len(attendees), "absent": absent})
    from django.urls import reverse

    tell(attendees, subject=_("How was “%(title)s”? A short survey") % {"title": session.title},
         body=_("%(hours)s hours were credited. Your answers help the next plan.") % {"hours": number(session.hours)},
         url=reverse("training:survey", args=[session.pk]), skip=by)
    return session


# Materials and the survey ---------------------------------------------------------------------------------------

@transaction.atomic
def material_add(*, session, by, upload):
    require(rules.can_view_attendance_sheet(by, session),
            _("Only the organiser, the trainer or the department's leaders add materials."))
    require(not session.is_cancelled(), _("This session was cancelled."))
    require(upload is not None, _("Choose a file."))
    material = Material(session=session, name=upload.name[:200], uploaded_by=by)
    material.file.save(upload.name, upload, save=False)
    material.save()
    audit_record(actor=by, action="training.material.add", obj=session, after={"file": material.name})
    return material


@transaction.atomic
def material_remove(*, material, by):
    session = material.session
    require(rules.can_view_attendance_sheet(by, session),
            _("Only the organiser, the trainer or the department's leaders remove materials."))
    audit_record(actor=by, action="training.material.remove", obj=session, before={"file": material.name})
    material.file.delete(save=False)
    material.delete()


def survey_window(session, policy=None):
    policy = policy or TrainingPolicy.current()
    return session.ends_at, session.ends_at + datetime.timedelta(days=policy.survey_days)


@transaction.atomic
def survey_answer(*, session, person, overall, content, trainer, comment="", now=None):
    """满意度调查: only attendees answer, once, from the end of the session for the policy's days."""
    now = now or timezone.now()
    require(not session.is_cancelled(), _("This session was cancelled."))
    require(Attendance.objects.filter(session=session, person=person, status__in=Attendance.ATTENDED).exists(),
            _("Only those who attended answer the survey."))
    opens, closes = survey_window(session)
    require(now >= opens, _("The survey opens when the session ends."))
    require(now <= closes, _("The survey closed on %(date)s.") % {"date": timezone.localtime(closes).date()})
    for value in (overall, content, trainer):
        require(value in range(1, 6), _("Choose 1 to 5 for each question."))
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(session=session, person=person, overall=overall,
                                                     content=content, trainer=trainer,
                                                     comment=optional_text(comment))
    except IntegrityError:
        raise ServiceError(_("You have answered this survey already.")) from None
    audit_record(actor=person, action="training.survey.answer", obj=session, after={"overall": overall})
    return response


def remind_upcoming_sessions(now=None):
    """The day before: the people on the list who have not signed in are reminded once (idempotent)."""
    now = now or timezone.now()
    sessions = Session.objects.filter(state=Session.State.SCHEDULED, reminded_at__isnull=True, starts_at__gt=now,
                                      starts_at__lte=now + datetime.timedelta(hours=24)).select_related("organiser")
    count = 0
    for session in sessions:
        with transaction.atomic():
            if not Session.objects.filter(pk=session.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            people = [row.person for row in session.attendance.filter(status=Status.EXPECTED)
                      .select_related("person")]
            _tell_invited(session, people, _("Tomorrow: %(title)s") % {"title": session.title}
                          if timezone.localtime(session.starts_at).date() != timezone.localtime(now).date()
                          else _("Today: %(title)s") % {"title": session.title})
            count += 1
    return count
