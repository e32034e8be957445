"""Hours outside sessions — self-study (自学) confirmed by a leader, the month's slides (问题及处理方法PPT) — and the
reminders to people behind on their hours (每年不少于20学时)."""

import re
import zipfile

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import optional_text, require, required_text
from audit.services import audit_record
from notifications.services import work_done

from .. import rules, selectors
from ..models import (
    ExternalTraining, HoursReminder, Plan, SelfStudy, Session, SlideDeck, TrainingPolicy, YearHours, ZERO,
)
from .common import number, tell

SLIDE_NAME = re.compile(r"^ppt/slides/slide\d+\.xml$")


def _department(person):
    profile = getattr(person, "profile", None)
    require(profile is not None and profile.is_active_staff(), _("Only current staff record training."))
    return profile.department


@transaction.atomic
def self_study_record(*, person, by, studied_on, title, hours, note="", evidence=None, today=None):
    today = today or timezone.localdate()
    require(by.pk == person.pk, _("People record their own self-study."))
    department = _department(person)
    require(studied_on is not None and studied_on <= today, _("Self-study is recorded once it is done."))
    require(studied_on.year >= today.year - 1, _("Record self-study of this year or last year."))
    require(hours is not None and 0 < hours <= 40, _("Give 0.5 to 40 hours."))
    record = SelfStudy(person=person, department=department, studied_on=studied_on, hours=hours,
                       title=required_text(title, _("Say what you studied."), limit=200), note=optional_text(note))
    if evidence is not None:
        record.evidence_name = evidence.name[:200]
        record.evidence.save(evidence.name, evidence, save=False)
    record.save()
    audit_record(actor=by, action="training.self_study.record", obj=record,
                 after={"date": studied_on, "hours": hours, "title": record.title})
    tell(department.leaders(), subject=_("To confirm: %(name)s's self-study, %(hours)s hours") % {
        "name": person.display_name, "hours": number(hours)}, body=record.title,
        url=reverse("training:self_study_list") + "?scope=confirm", skip=person, work=record)
    return record


@transaction.atomic
def self_study_decide(*, record, by, accept, note=""):
    record = SelfStudy.objects.select_for_update(of=("self",)).select_related("department", "person").get(
        pk=record.pk)
    require(rules.can_decide_self_study(by, record), _("Only the department's leaders confirm self-study."))
    require(record.state == SelfStudy.State.PENDING, _("This self-study has been decided already."))
    note = optional_text(note, 300)
    require(accept or note, _("Please give a reason."))
    record.state = SelfStudy.State.CONFIRMED if accept else SelfStudy.State.REJECTED
    record.decided_by, record.decided_at, record.decision_note = by, timezone.now(), note
    record.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=by, action="training.self_study.decide", obj=record, before={"state": "pending"},
                 after={"state": record.state, "note": note})
    work_done(record)  # for every leader told
    subject = (_("Self-study confirmed: %(hours)s hours") if accept else _("Self-study not accepted: %(title)s")) % {
        "hours": number(record.hours), "title": record.title}
    tell([record.person], subject=subject, body=note, url=reverse("training:self_study_list"))
    return record


def count_slides(upload):
    """The slides of a .pptx, read from the file; None for other files (the person says how many)."""
    if not upload.name.lower().endswith(".pptx"):
        return None
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return sum(1 for name in archive.namelist() if SLIDE_NAME.match(name))
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)


@transaction.atomic
def slides_upload(*, person, by, month, title, upload, slides=None, today=None):
    """技术文档: the month's slides on problems and how they were solved (问题及处理方法PPT每月10张)."""
    today = today or timezone.localdate()
    require(by.pk == person.pk, _("People upload their own slides."))
    department = _department(person)
    require(upload is not None, _("Choose a file."))
    month = month.replace(day=1)
    require(month <= today.replace(day=1), _("Upload slides for this month or an earlier one."))
    counted = count_slides(upload)
    slides = counted if counted else slides
    require(slides is not None and 0 < slides <= 500, _("Say how many slides the file has."))
    deck = SlideDeck(person=person, department=department, month=month, slides=slides, file_name=upload.name[:200],
                     title=required_text(title, _("Give the slides a title."), limit=200))
    deck.file.save(upload.name, upload, save=False)
    deck.save()
    audit_record(actor=by, action="training.slides.upload", obj=deck,
                 after={"month": f"{month:%Y-%m}", "slides": slides, "file": deck.file_name})
    return deck


# Reminders (Q3, Q4, a month before the year ends) -----------------------------------------------------------------

def remind_behind_on_hours(today=None):
    """On the policy's reminder days (and any day after, until sent): everyone behind the year's pace in a department
    with a plan in force is told how far, and its leaders get the list. Once per reminder day (idempotent)."""
    today = today or timezone.localdate()
    policy = TrainingPolicy.current()
    due = [day for day in policy.reminder_dates(today.year) if day <= today]
    if not due:
        return 0
    day = due[-1]
    try:
        with transaction.atomic():
            HoursReminder.objects.create(day=day)
    except IntegrityError:
        return 0
    told = 0
    from staff.models import Department

    # The departments that run training this year (a plan in force) hold their staff to the yearly hours.
    running = Plan.objects.filter(year=today.year, state=Plan.State.APPROVED).values("department")
    for department in Department.objects.filter(is_active=True, pk__in=running).select_related("head", "deputy"):
        rows = selectors.with_people(selectors.department_ledger(department, today.year, behind_only=True,
                                                                 today=today))
        for row in rows:
            tell([row.person], subject=_("Training hours: %(total)s of %(target)s this year") % {
                "total": number(row.total), "target": number(row.target)},
                body=_("By now %(expected)s hours were due; %(remaining)s hours are still to do before the end of "
                       "the year.") % {"expected": number(row.expected), "remaining": number(row.remaining)},
                url=reverse("training:home"))
            told += 1
        if rows:
            names = "、".join(f"{row.person.display_name}（{number(row.total)}）" for row in rows[:30])
            tell(department.leaders(), subject=_("%(count)d people of %(department)s are behind on training hours") % {
                "count": len(rows), "department": department.name}, body=names,
                url=reverse("training:hours") + f"?department={department.pk}&behind=1")
    audit_record(actor=None, action="training.hours.remind", obj=policy, after={"day": day, "people": told})
    return told


# The stored yearly totals (YearHours) -----------------------------------------------------------------------------

def _store_year_hours(year, people, totals):
    YearHours.objects.bulk_create(
        [YearHours(person_id=pk, year=year, hours=sum(totals[pk].values()) if pk in totals else ZERO) for pk in people],
        update_conflicts=True, unique_fields=["person", "year"], update_fields=["hours"], batch_size=1000)


@transaction.atomic  # the row locks need a transaction: a record saved outside one (autocommit) still counts
def year_hours_recount(pairs):
    """Store again, from the records, the yearly hours of these (person id, year) pairs: three grouped queries and
    one upsert a year. Idempotent; training/signals.py calls it after each change of the records counted."""
    by_year = {}
    for person_id, year in pairs:
        by_year.setdefault(year, set()).add(person_id)
    for year, people in sorted(by_year.items()):
        people = sorted(people)
        # Lock the rows first (made at 0 when missing), in one order: two transactions changing one person's hours at
        # once (a sign-in and a confirmed self-study) then sum one after the other, the second seeing the first's
        # record, instead of the later upsert storing a sum that misses it. (SQLite writes one at a time anyway.)
        YearHours.objects.bulk_create([YearHours(person_id=pk, year=year) for pk in people], ignore_conflicts=True)
        list(YearHours.objects.select_for_update().filter(year=year, person__in=people).order_by("person")
             .values_list("pk", flat=True))
        _store_year_hours(year, people, selectors.hours_by_person(people, year))


@transaction.atomic
def year_hours_recount_all():
    """Rebuild every stored yearly total (after a bulk load that sent no signals, or to repair): each year with a
    record or a stored total, everyone with hours or a stored total. Idempotent. Returns how many it stored."""
    years = {day.year for day in Session.objects.dates("starts_at", "year")}  # in the hospital's time zone
    years |= {day.year for day in ExternalTraining.objects.credited().dates("ends_on", "year")}
    years |= {day.year for day in SelfStudy.objects.filter(state=SelfStudy.State.CONFIRMED).dates("studied_on", "year")}
    years |= set(YearHours.objects.values_list("year", flat=True).distinct())
    stored = 0
    for year in sorted(years):
        totals = selectors.hours_by_person(None, year)
        people = set(totals) | set(YearHours.objects.filter(year=year).values_list("person_id", flat=True))
        _store_year_hours(year, people, totals)
        stored += len(people)
    return stored
