"""Patrols of the responsibility areas (包片区 / 责任区域): a weekly visit recorded on a phone, confirmed in the app
by the department's head or head nurse (签名确认); a week without a confirmed visit is proposed as F15."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import require, required_text
from audit.services import audit_record
from notifications.services import notify, notify_each, work_done

from .. import rules
from ..models import DutyPolicy, Finding, PatrolArea, PatrolVisit
from . import findings

LOOKBACK_WEEKS = 8


def week_start(day):
    return day - datetime.timedelta(days=day.weekday())


def _confirmers(area, department):
    people = {leader for leader in department.leaders()}
    people |= set(area.confirmers.all())
    return [person for person in people if person.pk != area.person_id]


@transaction.atomic
def visit_record(*, area, by, department, visited_at, work, problems=""):
    require(rules.can_record_visit(by, area), _("Only the person responsible for the area records its visits."))
    require(area.is_active, _("This area is no longer patrolled."))
    require(area.departments.filter(pk=department.pk).exists(),
            _("%(department)s is not part of %(area)s.") % {"department": department.name, "area": area.name})
    now = timezone.now()
    require(visited_at <= now, _("The time is in the future."))
    require(now - visited_at <= datetime.timedelta(days=7), _("A visit is recorded within a week."))
    visit = PatrolVisit.objects.create(area=area, department=department, person=by, visited_at=visited_at,
                                       work=required_text(work, _("Say what was checked and done.")),
                                       problems=(problems or "").strip()[:2000])
    audit_record(actor=by, action="dutyroster.patrol.visit", obj=visit, after={
        "area": area.name, "department": department.name, "at": visited_at})
    notify_each(_confirmers(area, department), subject=_("Please confirm the IT visit to %(department)s") % {
        "department": department.name}, body=f"{by.display_name} · {visit.work[:200]}",
        url=visit.get_absolute_url(), work=visit)
    return visit


@transaction.atomic
def visit_confirm(*, visit, by, confirmed, note=""):
    """签名确认: the department's head or head nurse confirms the visit (or says it did not happen as recorded)."""
    visit = PatrolVisit.objects.select_for_update(of=("self",)).select_related("area", "department", "person").get(
        pk=visit.pk)
    require(rules.can_confirm_visit(by, visit),
            _("Only the visited department's head or head nurse confirms a visit, never the visitor."))
    require(visit.state == PatrolVisit.State.RECORDED, _("This visit was already answered."))
    note = (note or "").strip()[:300]
    if not confirmed:
        require(note, _("Say why the visit is not confirmed."))
    before = {"state": visit.state}
    visit.state = PatrolVisit.State.CONFIRMED if confirmed else PatrolVisit.State.REJECTED
    visit.confirmed_by, visit.confirmed_at, visit.confirm_note = by, timezone.now(), note
    visit.save(update_fields=["state", "confirmed_by", "confirmed_at", "confirm_note"])
    audit_record(actor=by, action="dutyroster.patrol.confirm", obj=visit, before=before,
                 after={"state": visit.state, "note": note})
    work_done(visit)  # for the department's other confirmers too
    notify(recipient=visit.person, subject=_("%(department)s %(answer)s your visit") % {
        "department": visit.department.name,
        "answer": _("confirmed") if confirmed else _("did not confirm")}, body=note, url=visit.get_absolute_url())
    return visit


def propose_missed_weeks(today=None):
    """For each area, each finished week without enough confirmed visits, once the confirmation grace is over:
    proposed as F15 against the area's person (idempotent)."""
    today = today or timezone.localdate()
    policy = DutyPolicy.current()
    last_closed = week_start(today - datetime.timedelta(days=policy.patrol_grace_days)) - datetime.timedelta(days=7)
    proposed = 0
    for area in PatrolArea.objects.filter(is_active=True).select_related("person__profile"):
        first = max(week_start(area.starts_on), last_closed - datetime.timedelta(weeks=LOOKBACK_WEEKS - 1))
        if area.starts_on > first:
            first += datetime.timedelta(days=7)  # a week the area began in the middle of is not counted
        if first > last_closed:
            continue
        start = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
        end = timezone.make_aware(datetime.datetime.combine(last_closed + datetime.timedelta(days=7), datetime.time()))
        visits = {}
        for moment in area.visits.filter(state=PatrolVisit.State.CONFIRMED, visited_at__gte=start,
                                         visited_at__lt=end).values_list("visited_at", flat=True):
            monday = week_start(timezone.localtime(moment).date())
            visits[monday] = visits.get(monday, 0) + 1
        known = set(area.findings.filter(kind=Finding.Kind.PATROL_MISSED).values_list("key", flat=True))
        monday = first
        while monday <= last_closed:
            if visits.get(monday, 0) < area.visits_per_week and f"patrol:{area.pk}:{monday:%Y-%m-%d}" not in known:
                sunday = monday + datetime.timedelta(days=6)
                findings.finding_record(
                    key=f"patrol:{area.pk}:{monday:%Y-%m-%d}", kind=Finding.Kind.PATROL_MISSED, person=area.person,
                    occurred_on=sunday, rule_code=policy.patrol_missed_rule, patrol_area=area,
                    facts=_("%(area)s: %(done)d of %(wanted)d confirmed visits in the week %(from)s – %(to)s "
                            "(责任区域人员每周下科室巡查，有记录、签字).") % {
                        "area": area.name, "done": visits.get(monday, 0), "wanted": area.visits_per_week,
                        "from": f"{monday:%m-%d}", "to": f"{sunday:%m-%d}"})
                proposed += 1
            monday += datetime.timedelta(days=7)
    return proposed
