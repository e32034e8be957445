"""Rosters: drafted from rotations, edited cell by cell by the head, published; afterwards changed only by the head
with a reason (or through an approved swap), every change audited and told to the people concerned."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import require, required_text
from audit.services import audit_record
from notifications.services import notify

from .. import rules
from ..models import Assignment, AssignmentChange, Roster, Rotation, RotationMember, month_start, next_month
from ..rotation import day_flags, planned_days
from ..selectors import ConflictChecker

State = Roster.State
CONFLICTS_SHOWN = 5


@dataclass(frozen=True)
class Draft:
    duties: int
    conflicts: int
    unknown_year: int | None = None


def assignment_snapshot(assignment):
    return {"day": assignment.day, "duty": assignment.duty_type.code, "person": assignment.person.username}


def _lock(roster):
    return Roster.objects.select_for_update(of=("self",)).select_related("department").get(pk=roster.pk)


def _require_planner(by, department):
    require(rules.can_plan_roster(by, department),
            _("Only the head or deputy head of %(department)s plans its duty roster.") % {
                "department": department.name})


def _conflict_text(conflicts):
    lines = [_("%(date)s %(name)s %(duty)s: %(why)s") % {
        "date": f"{assignment.day:%m-%d}", "name": assignment.person.display_name, "duty": assignment.duty_type.name,
        "why": c.message} for assignment, c in conflicts[:CONFLICTS_SHOWN]]
    more = len(conflicts) - CONFLICTS_SHOWN
    if more > 0:
        lines.append(_("and %(count)d more.") % {"count": more})
    return " ".join(lines)


def _has_records(assignment):
    """A duty that was handed over, logged or found against is history: it can no longer be moved or removed."""
    return (hasattr(assignment, "handover") or hasattr(assignment, "log")
            or assignment.findings.exists())


# Opening and drafting ---------------------------------------------------------------------------------------------

@transaction.atomic
def roster_open(*, department, month, by):
    """The department's roster for a month, created as a draft the first time (idempotent)."""
    _require_planner(by, department)
    roster, created = Roster.objects.get_or_create(department=department, month=month_start(month),
                                                   defaults={"created_by": by})
    if created:
        audit_record(actor=by, action="dutyroster.roster.open", obj=roster, after={"month": roster.month})
    return roster


@transaction.atomic
def roster_draft(*, roster, by, rotations=None):
    """Fill a draft from the department's active rotations (or the ones given), replacing those duty types' cells.

    A person with a conflict is skipped for the next one in the rotation's order (see _place); only conflicts
    nobody eligible could avoid are drafted, flagged on the grid for the head to fix before publishing.
    A year whose holidays are not known yet is drafted with Monday to Friday as working days (Draft.unknown_year).
    """
    roster = _lock(roster)
    _require_planner(by, roster.department)
    require(roster.state == State.DRAFT, _("The roster is published: change it cell by cell with a reason."))
    chosen = Rotation.objects.filter(department=roster.department, is_active=True).select_related("duty_type")
    if rotations is not None:
        chosen = chosen.filter(pk__in=[rotation.pk for rotation in rotations])
    chosen = list(chosen)
    require(chosen, _("There is no active rotation for %(department)s: set one up first.") % {
        "department": roster.department.name})
    days = roster.days()
    members = {}
    for member in RotationMember.objects.filter(rotation__in=chosen).select_related("person").order_by("order", "pk"):
        members.setdefault(member.rotation_id, []).append(member.person)
    flags, unknown_year = {}, None
    if any(rotation.days != Rotation.Days.ALL for rotation in chosen):
        flags, unknown_year = day_flags(min(rotation.anchor_on for rotation in chosen), days[-1])
    plans = [(rotation, planned_days(rotation, days[0], days[-1], members.get(rotation.pk, []), flags))
             for rotation in chosen]
    replaced_types = {rotation.duty_type_id for rotation in chosen}
    old = list(roster.assignments.filter(duty_type_id__in=replaced_types).select_related("duty_type"))
    kept = [a for a in old if _has_records(a)]
    require(not kept, _("Some of these duties already have records (a log or a handover): %(duties)s.") % {
        "duties": ", ".join(str(a) for a in kept[:CONFLICTS_SHOWN])})
    roster.assignments.filter(pk__in=[a.pk for a in old]).delete()
    everyone = {person.pk for people in members.values() for person in people}
    checker = ConflictChecker(everyone or {0}, days[0], days[-1])
    created = _place(roster, plans, members, checker)
    Assignment.objects.bulk_create(created)
    checker = ConflictChecker({a.person_id for a in created} or {0}, days[0], days[-1])
    conflicts = sum(1 for a in created for c in checker.conflicts(a) if c.hard)
    audit_record(actor=by, action="dutyroster.roster.draft", obj=roster, before={"duties": len(old)}, after={
        "rotations": [rotation.name for rotation in chosen], "duties": len(created), "conflicts": conflicts,
        "provisional_year": unknown_year})
    return Draft(len(created), conflicts, unknown_year)


def _place(roster, plans, members, checker):
    """The drafted duties, day by day across the rotations, each checked against what is placed already (the same
    ConflictChecker as the grid). A person the checker refuses (another duty that overlaps, approved leave, rest
    after a 24-hour duty, probation, post) is skipped for the next eligible person in the rotation's order, and the
    skipped person takes that person's next turn: the month's turns stay as many per person. When nobody is
    eligible the planned person stays and the conflict is listed as before; warnings (pending leave) do not skip."""
    queues = [(rotation, [list(people) for _day, people in planned], [day for day, _people in planned])
              for rotation, planned in plans]
    by_day = sorted((day, index, slot) for index, (_rotation, _people, planned_days_) in enumerate(queues)
                    for slot, day in enumerate(planned_days_))
    created = []
    for day, index, slot in by_day:
        rotation, turns, _days = queues[index]
        order = members.get(rotation.pk, [])
        people = turns[slot]
        for position, planned in enumerate(list(people)):
            if any(a.pk is None and a.day == day and a.duty_type_id == rotation.duty_type_id
                   for a in checker.neighbours.get(planned.pk, [])):
                continue  # two rotations of one duty type name the same person that day
            chosen = _eligible(roster, rotation, day, planned, checker)
            if chosen is None:
                start = order.index(planned) if planned in order else 0
                for step in range(1, len(order)):
                    other = order[(start + step) % len(order)]
                    if other in people:
                        continue
                    chosen = _eligible(roster, rotation, day, other, checker)
                    if chosen is not None:
                        people[position] = other
                        _give_next_turn(turns, slot, other, planned)
                        break
            if chosen is None:  # nobody can take it: drafted with its conflict for the head to solve
                chosen = _duty(roster, rotation, day, planned)
            checker.add(chosen)
            created.append(chosen)
    return created


def _duty(roster, rotation, day, person):
    assignment = Assignment(roster=roster, duty_type=rotation.duty_type, person=person, day=day, rotation=rotation)
    assignment.set_times()
    return assignment


def _eligible(roster, rotation, day, person, checker):
    """The duty for this person, or None when the checker finds a hard conflict."""
    assignment = _duty(roster, rotation, day, person)
    return None if any(c.hard for c in checker.conflicts(assignment)) else assignment


def _give_next_turn(turns, slot, substitute, skipped):
    """The substitute's next turn in the month goes to the person skipped (who comes back next)."""
    for later in turns[slot + 1:]:
        if substitute in later and skipped not in later:
            later[later.index(substitute)] = skipped
            return


# Editing cells ----------------------------------------------------------------------------------------------------

def _tell(person, subject, assignment, body=""):
    notify(recipient=person, subject=subject, body=body or str(assignment), url=assignment.get_absolute_url())


def _record_change(roster, assignment, kind, before, after, reason, by, swap=None):
    return AssignmentChange.objects.create(roster=roster, assignment=assignment, kind=kind, day=assignment.day,
                                           duty_type=assignment.duty_type, person_before=before, person_after=after,
                                           reason=reason, by=by, swap=swap)


def _refuse_conflicts(checker, assignment):
    hard = [c for c in checker.conflicts(assignment) if c.hard]
    require(not hard, _("%(name)s cannot take %(duty)s on %(date)s: %(why)s") % {
        "name": assignment.person.display_name, "duty": assignment.duty_type.name,
        "date": f"{assignment.day:%Y-%m-%d}", "why": " ".join(c.message for c in hard)})


@transaction.atomic
def cell_set(*, roster, person, day, duty_types, by, reason=""):
    """Make a person's duties on a day exactly `duty_types`. Conflicts are refused. Once the roster is published a
    reason is required, the change is kept on the roster and the person is told."""
    roster = _lock(roster)
    _require_planner(by, roster.department)
    require(roster.month <= day < next_month(roster.month), _("The date is not in this roster's month."))
    published = roster.is_published()
    if published:
        reason = required_text(reason, _("The roster is published: give the reason for the change."))
    wanted = {duty_type.pk: duty_type for duty_type in duty_types}
    current = {a.duty_type_id: a for a in roster.assignments.filter(person=person, day=day).select_related(
        "duty_type", "person")}
    removed = [a for type_id, a in current.items() if type_id not in wanted]
    added = [duty_type for type_id, duty_type in wanted.items() if type_id not in current]
    require(removed or added, _("Nothing changed."))
    for assignment in removed:
        require(not _has_records(assignment), _("%(duty)s already has a log or a handover and stays on the "
                                                "roster.") % {"duty": assignment})
    if added:
        require(rules.member_of(person, roster.department),
                _("%(name)s is not on the staff of %(department)s.") % {
                    "name": person.display_name, "department": roster.department.name})
        require(all(duty_type.is_active for duty_type in added), _("This duty type is no longer in use."))
    checker = ConflictChecker([person.pk], day, day, exclude_ids=[a.pk for a in removed])
    new = []
    for duty_type in added:
        assignment = Assignment(roster=roster, duty_type=duty_type, person=person, day=day)
        assignment.set_times()
        _refuse_conflicts(checker, assignment)
        checker.add(assignment)
        new.append(assignment)
    for assignment in removed:
        audit_record(actor=by, action="dutyroster.assignment.remove", obj=roster,
                     before=assignment_snapshot(assignment), after={"reason": reason})
        if published:
            _record_change(roster, assignment, AssignmentChange.Kind.REMOVED, person, None, reason, by)
            _tell(person, _("Duty cancelled: %(duty)s") % {"duty": assignment}, assignment, reason)
        assignment.delete()
    for assignment in new:
        assignment.save()
        audit_record(actor=by, action="dutyroster.assignment.add", obj=roster, after={
            **assignment_snapshot(assignment), "reason": reason})
        if published:
            _record_change(roster, assignment, AssignmentChange.Kind.ADDED, None, person, reason, by)
            _tell(person, _("New duty: %(duty)s") % {"duty": assignment}, assignment, reason)
    return new, removed


@transaction.atomic
def assignment_reassign(*, assignment, person, by, reason=""):
    """The head gives a duty to someone else (fixing a conflict, or a change after publication with a reason)."""
    roster = _lock(assignment.roster)
    assignment = Assignment.objects.select_for_update(of=("self",)).select_related("duty_type", "person").get(
        pk=assignment.pk)
    _require_planner(by, roster.department)
    require(person.pk != assignment.person_id, _("%(name)s already has this duty.") % {
        "name": person.display_name})
    require(rules.member_of(person, roster.department), _("%(name)s is not on the staff of %(department)s.") % {
        "name": person.display_name, "department": roster.department.name})
    require(not _has_records(assignment), _("%(duty)s already has a log or a handover and stays with %(name)s.") % {
        "duty": assignment, "name": assignment.person.display_name})
    published = roster.is_published()
    if published:
        reason = required_text(reason, _("The roster is published: give the reason for the change."))
    require(not Assignment.objects.filter(duty_type=assignment.duty_type, day=assignment.day, person=person).exists(),
            _("%(name)s already has %(duty)s that day.") % {"name": person.display_name,
                                                            "duty": assignment.duty_type.name})
    before = assignment_snapshot(assignment)
    previous = assignment.person
    candidate = Assignment(roster=roster, duty_type=assignment.duty_type, person=person, day=assignment.day,
                           starts_at=assignment.starts_at, ends_at=assignment.ends_at)
    checker = ConflictChecker([person.pk], assignment.day, assignment.day, exclude_ids=[assignment.pk])
    _refuse_conflicts(checker, candidate)
    assignment.person = person
    assignment.sequence += 1
    assignment.reminded_at = None
    assignment.save(update_fields=["person", "sequence", "reminded_at", "updated_at"])
    audit_record(actor=by, action="dutyroster.assignment.reassign", obj=roster, before=before,
                 after={**assignment_snapshot(assignment), "reason": reason})
    if published:
        _record_change(roster, assignment, AssignmentChange.Kind.REASSIGNED, previous, person, reason, by)
        _tell(previous, _("Duty given to %(name)s: %(duty)s") % {"name": person.display_name, "duty": assignment},
              assignment, reason)
        _tell(person, _("New duty: %(duty)s") % {"duty": assignment}, assignment, reason)
    return assignment


# Publishing -------------------------------------------------------------------------------------------------------

@transaction.atomic
def roster_publish(*, roster, by):
    """Publish a draft once no hard conflict is left; everyone on it is told their duties."""
    roster = _lock(roster)
    _require_planner(by, roster.department)
    require(roster.state == State.DRAFT, _("The roster is already published."))
    assignments = list(roster.assignments.select_related("duty_type", "person").order_by("day", "pk"))
    require(assignments, _("The roster is empty: draft it from the rotations or fill in the cells first."))
    days = roster.days()
    checker = ConflictChecker({a.person_id for a in assignments}, days[0], days[-1],
                              exclude_ids=[a.pk for a in assignments])
    for assignment in assignments:
        checker.add(assignment)
    conflicts = [(a, c) for a in assignments for c in checker.conflicts(a) if c.hard]
    require(not conflicts, _("Fix these conflicts before publishing: %(list)s") % {
        "list": _conflict_text(conflicts)})
    roster.state, roster.published_at, roster.published_by = State.PUBLISHED, timezone.now(), by
    roster.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    audit_record(actor=by, action="dutyroster.roster.publish", obj=roster, before={"state": State.DRAFT},
                 after={"state": roster.state, "duties": len(assignments)})
    mine = {}
    for assignment in assignments:
        mine.setdefault(assignment.person, []).append(assignment)
    for person, duties in mine.items():
        lines = "\n".join(f"{a.day:%m-%d} {a.duty_type.name} {a.duty_type.hours_text()}" for a in duties)
        notify(recipient=person, subject=_("Duty roster %(month)s published: %(count)d duties for you") % {
            "month": f"{roster.month:%Y-%m}", "count": len(duties)}, body=lines, url=roster.get_absolute_url())
    return roster


# Rotations --------------------------------------------------------------------------------------------------------

@transaction.atomic
def rotation_save(*, rotation, members, by):
    """Save a rotation and its ordered members (a list of people, first turn first)."""
    _require_planner(by, rotation.department)
    require(members, _("A rotation needs at least one person."))
    require(len({person.pk for person in members}) == len(members), _("A person appears twice in the rotation."))
    outsiders = [person.display_name for person in members if not rules.member_of(person, rotation.department)]
    require(not outsiders, _("Not on the staff of %(department)s: %(names)s.") % {
        "department": rotation.department.name, "names": ", ".join(outsiders)})
    require(rotation.duty_type.is_active, _("This duty type is no longer in use."))
    if rotation.frequency == Rotation.Frequency.WEEKLY:
        require(rotation.weekday_numbers() or not rotation.weekdays.strip(),
                _("Give the weekdays as numbers from 0 (Monday) to 6 (Sunday), separated by commas."))
    created = rotation.pk is None
    before = {} if created else {
        "members": list(rotation.members.order_by("order").values_list("person__username", flat=True))}
    if created:
        rotation.created_by = by
    rotation.save()
    rotation.members.all().delete()
    RotationMember.objects.bulk_create([RotationMember(rotation=rotation, person=person, order=number)
                                        for number, person in enumerate(members, start=1)])
    audit_record(actor=by, action="dutyroster.rotation.save", obj=rotation, before=before, after={
        "duty": rotation.duty_type.code, "frequency": rotation.frequency, "interval": rotation.interval,
        "weekdays": rotation.weekdays, "days_per_turn": rotation.days_per_turn, "days": rotation.days,
        "anchor_on": rotation.anchor_on, "members": [person.username for person in members]})
    return rotation
