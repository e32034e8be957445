"""Reading the duty roster: the month grid with its conflicts, fairness figures, who is on duty. Each reads a constant
number of queries, whatever the number of people or days."""

import bisect
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workdays import UnknownCalendarYear, workday_flags
from hiring.models import Probation
from leave.selectors import WEEKDAY_INITIALS, away_days
from staff.models import Department, StaffProfile

from . import rules
from .models import (Assignment, AssignmentChange, BreachKind, DutyType, Roster, TeamLeader, month_days,
                     next_month)


# People -----------------------------------------------------------------------------------------------------------

def department_people(department):
    """The department's staff who can be on duty: active, in the order of their employee numbers."""
    User = get_user_model()
    return (User.objects.filter(profile__department=department, is_active=True,
                                profile__status__in=StaffProfile.ACTIVE_STATUSES)
            .select_related("profile__post").order_by("username"))


def duty_departments(user):
    """The departments whose rosters this person may plan: the ones they lead."""
    return Department.objects.filter(Q(head=user) | Q(deputy=user), is_active=True)


def roster_departments(user):
    """Where a person's duty lives: their own department first, then the ones they lead."""
    own = getattr(getattr(user, "profile", None), "department_id", None)
    return Department.objects.filter(Q(pk=own) | Q(head=user) | Q(deputy=user), is_active=True)


def team_leader_departments(user):
    return set(TeamLeader.objects.filter(person=user).values_list("department_id", flat=True))


# Conflicts --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    kind: str  # "leave", "leave_pending", "probation", "induction", "post", "rest", "overlap", "inactive"
    message: str
    hard: bool = True  # hard: refused on edit, blocks publication; soft: shown as a warning
    url: str = ""


def probation_gates(person_ids):
    """{person_id: Probation} of people on an active probation (one query)."""
    return {probation.profile.user_id: probation for probation in Probation.objects.filter(
        profile__user_id__in=person_ids, state=Probation.State.ACTIVE).select_related("profile")}


class ConflictChecker:
    """Finds every conflict of a set of assignments (drafted, stored or proposed) in a constant number of queries.

    Context is read once for the people and dates concerned: leave, probations, posts and the neighbouring duties
    (for the rest after a 24-hour duty and overlaps).
    """

    def __init__(self, person_ids, first, last, exclude_ids=(), people=None, exclude_roster=None):
        self.person_ids = set(person_ids)
        self.first, self.last = first, last
        self.away = away_days(list(self.person_ids), first, last)
        self.probations = probation_gates(list(self.person_ids))
        if people is None:  # the people (with profile and post) when the caller has not read them already
            User = get_user_model()
            people = User.objects.filter(pk__in=self.person_ids).select_related("profile__post")
        self.people = {user.pk: user for user in people}
        # Neighbours: every stored duty of these people from two days before to one day after.
        window_start = timezone.make_aware(datetime.datetime.combine(first - datetime.timedelta(days=2),
                                                                     datetime.time()))
        window_end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=2),
                                                                   datetime.time()))
        self.neighbours = defaultdict(list)  # person → their duties, sorted by start when read (see _near)
        self._sorted, self._starts = set(), {}
        self._longest = datetime.timedelta(hours=24)  # the longest duty and rest seen: how far a conflict reaches
        stored = (Assignment.objects.filter(person_id__in=self.person_ids).overlapping(window_start, window_end)
                  .exclude(pk__in=list(exclude_ids)).select_related("duty_type"))
        if exclude_roster is not None:  # the caller adds that roster's duties itself (the month grid)
            stored = stored.exclude(roster=exclude_roster)
        for assignment in stored:
            self.add(assignment)
        self._posts = defaultdict(set)
        for type_id, post_id in DutyType.posts.through.objects.values_list("dutytype_id", "post_id"):
            self._posts[type_id].add(post_id)

    def add(self, assignment):
        """Count an assignment (not stored yet) as a neighbour of the others."""
        self.neighbours[assignment.person_id].append(assignment)
        self._sorted.discard(assignment.person_id)
        reach = assignment.ends_at - assignment.starts_at + datetime.timedelta(
            hours=assignment.duty_type.rest_hours_after)
        self._longest = max(self._longest, reach)

    def _near(self, assignment):
        """The person's duties that can overlap this one or fall within a rest before or after it (a bisect of the
        sorted starts, so a month of 50 people stays cheap)."""
        person_id = assignment.person_id
        duties = self.neighbours.get(person_id, [])
        if person_id not in self._sorted:
            duties.sort(key=lambda other: other.starts_at)
            self._starts[person_id] = [other.starts_at for other in duties]
            self._sorted.add(person_id)
        starts = self._starts[person_id]
        low = bisect.bisect_left(starts, assignment.starts_at - self._longest)
        high = bisect.bisect_right(starts, assignment.ends_at + self._longest)
        return duties[low:high]

    def conflicts(self, assignment):
        found = []
        person = self.people.get(assignment.person_id)
        duty_type = assignment.duty_type
        if person is None or not person.is_active or getattr(person, "profile", None) is None \
                or person.profile.status not in StaffProfile.ACTIVE_STATUSES:
            found.append(Conflict("inactive", _("Not an active member of staff.")))
        away = self.away.get((assignment.person_id, assignment.day))
        if away is not None:
            if away.approved:
                found.append(Conflict("leave", _("On approved leave (%(period)s).") % {"period": away.period},
                                      url=away.url))
            else:
                found.append(Conflict("leave_pending", _("Leave waiting for approval (%(period)s).") % {
                    "period": away.period}, hard=False, url=away.url))
        probation = self.probations.get(assignment.person_id)
        if probation is not None and not duty_type.allows_probation:
            found.append(Conflict("probation", _("On probation until %(date)s: %(duty)s is not taken during "
                                                 "probation.") % {"date": probation.ends_on, "duty": duty_type.name}))
        elif probation is not None and duty_type.requires_induction and (
                probation.induction_passed_on is None or probation.induction_passed_on > assignment.day):
            found.append(Conflict("induction", _("Has not passed the induction exam (岗前培训考核) yet.")))
        allowed = self._posts.get(duty_type.pk)
        if allowed and person is not None and getattr(person, "profile", None) is not None \
                and person.profile.post_id not in allowed:
            found.append(Conflict("post", _("%(post)s may not take %(duty)s.") % {
                "post": person.profile.post.name if person.profile.post_id else _("No post"),
                "duty": duty_type.name}))
        for other in self._near(assignment):
            if other is assignment or (other.pk is not None and other.pk == assignment.pk):
                continue
            if other.starts_at < assignment.ends_at and assignment.starts_at < other.ends_at:
                found.append(Conflict("overlap", _("Overlaps %(duty)s on %(date)s.") % {
                    "duty": other.duty_type.name, "date": f"{other.day:%m-%d}"}))
                continue
            earlier, later = (other, assignment) if other.ends_at <= assignment.starts_at else (assignment, other)
            rest = datetime.timedelta(hours=earlier.duty_type.rest_hours_after)
            if rest and later.starts_at < earlier.ends_at + rest:
                found.append(Conflict("rest", _("Within %(hours)d hours of rest after %(duty)s on %(date)s.") % {
                    "hours": earlier.duty_type.rest_hours_after, "duty": earlier.duty_type.name,
                    "date": f"{earlier.day:%m-%d}"}))
        return found


# The month grid ---------------------------------------------------------------------------------------------------

@dataclass
class GridDay:
    date: datetime.date
    is_workday: bool | None

    @property
    def is_rest_day(self):
        return self.is_workday is False

    @property
    def is_today(self):
        return self.date == timezone.localdate()

    @property
    def weekday_initial(self):
        return WEEKDAY_INITIALS[self.date.weekday()]


@dataclass
class GridCell:
    day: GridDay
    person: object
    entries: list = field(default_factory=list)  # [(assignment, [Conflict])]
    away: object = None
    changed: bool = False

    @property
    def has_conflict(self):
        return any(conflict.hard for _a, conflicts in self.entries for conflict in conflicts)

    # Ready for the template: a month of 50 people is 1,500 cells, so the cell's markup reads plain values.
    @property
    def dom_id(self):
        return f"cell-{self.person.pk}-{self.day.date:%Y%m%d}"

    @property
    def iso(self):
        return self.day.date.isoformat()

    @property
    def chips(self):
        """[(duty type, has a hard conflict, tooltip)] of the cell's duties."""
        return [(assignment.duty_type, any(conflict.hard for conflict in conflicts),
                 " · ".join([assignment.duty_type.name, *(conflict.message for conflict in conflicts)]))
                for assignment, conflicts in self.entries]

    @property
    def has_warning(self):
        return any(not conflict.hard for _a, conflicts in self.entries for conflict in conflicts)


@dataclass
class GridRow:
    person: object
    cells: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # duty type id → number

    @property
    def total(self):
        return sum(self.counts.values())


@dataclass
class Grid:
    roster: Roster
    days: list
    rows: list
    duty_types: list
    coverage: list  # [(duty_type, [(day, count, short)])]
    conflicts: list  # [(assignment, Conflict)] hard ones, in date order
    warnings: list
    unknown_year: int | None = None

    @property
    def conflict_count(self):
        return len(self.conflicts)


def grid_days(first):
    days = month_days(first)
    try:
        flags = workday_flags(days[0], days[-1])
        unknown = None
    except UnknownCalendarYear as error:
        flags, unknown = {}, error.year
    return [GridDay(day, flags.get(day)) for day in days], unknown


def roster_grid(roster, people=None, changes=None):
    """The people × days grid of a roster with each cell's duties and conflicts. A constant number of queries.

    `changes`: the roster's AssignmentChange rows when the caller has read them (the page lists them too)."""
    days, unknown = grid_days(roster.month)
    first, last = days[0].date, days[-1].date
    # The duty types and the people are read once and attached: 1,500 duties would otherwise build 1,500 copies.
    types = {duty_type.pk: duty_type for duty_type in DutyType.objects.all()}
    assignments = list(roster.assignments.defer("created_at", "updated_at", "reminded_at").order_by("day", "pk"))
    if people is None:
        people = list(department_people(roster.department))
        listed = {person.pk for person in people}
        # Someone on this roster who has since left the department still shows, with the conflict.
        missing = {a.person_id for a in assignments} - listed
        if missing:
            User = get_user_model()
            people += list(User.objects.filter(pk__in=missing).select_related("profile__post").order_by("username"))
    by_pk = {person.pk: person for person in people}
    for assignment in assignments:
        assignment.duty_type = types[assignment.duty_type_id]
        assignment.person = by_pk[assignment.person_id]
    assignments.sort(key=lambda a: (a.day, a.duty_type.sort_order, a.pk))
    person_ids = list(by_pk)
    checker = ConflictChecker(person_ids, first, last, exclude_roster=roster, people=people)
    for assignment in assignments:
        checker.add(assignment)
    if changes is None:
        changed = set(AssignmentChange.objects.filter(roster=roster).values_list("assignment_id", flat=True))
    else:
        changed = {change.assignment_id for change in changes}
    cells = {}
    rows = []
    for person in people:
        row = GridRow(person)
        for day in days:
            cell = GridCell(day, person, away=checker.away.get((person.pk, day.date)))
            cells[(person.pk, day.date)] = cell
            row.cells.append(cell)
        rows.append(row)
    by_row = {row.person.pk: row for row in rows}
    conflicts, warnings = [], []
    coverage_counts = Counter()
    used_types = {}
    for assignment in assignments:
        found = checker.conflicts(assignment)
        cell = cells.get((assignment.person_id, assignment.day))
        if cell is not None:
            cell.entries.append((assignment, found))
            cell.changed = cell.changed or assignment.pk in changed
            by_row[assignment.person_id].counts[assignment.duty_type_id] += 1
        coverage_counts[(assignment.duty_type_id, assignment.day)] += 1
        used_types[assignment.duty_type_id] = assignment.duty_type
        conflicts += [(assignment, conflict) for conflict in found if conflict.hard]
        warnings += [(assignment, conflict) for conflict in found if not conflict.hard]
    duty_types = sorted(used_types.values(), key=lambda t: (t.sort_order, t.name))
    return Grid(roster, days, rows, duty_types, _coverage(days, duty_types, coverage_counts), conflicts, warnings,
                unknown)


def _coverage(days, duty_types, counts):
    """[(duty type, [(day, count, short)])]: the grid's footer, one row per duty type on the roster."""
    return [(duty_type, [(day, counts[(duty_type.pk, day.date)], _short(duty_type, day, counts[(duty_type.pk, day.date)]))
                         for day in days]) for duty_type in duty_types]


def grid_coverage(roster):
    """The grid's footer again (after an htmx edit): the month's count per duty type and day. Three queries."""
    days, _unknown = grid_days(roster.month)
    counts = Counter({(type_id, day): number for type_id, day, number in roster.assignments.order_by()
                      .values("duty_type_id", "day").annotate(number=Count("pk"))
                      .values_list("duty_type_id", "day", "number")})
    used = {type_id for type_id, _day in counts}
    duty_types = list(DutyType.objects.filter(pk__in=used).order_by("sort_order", "name"))
    return _coverage(days, duty_types, counts)


def row_totals(roster, people):
    """{person id: the person's duties this month} (the grid's Total column) for a few people, after an edit."""
    ids = {person.pk for person in people}
    found = dict(roster.assignments.filter(person_id__in=ids).order_by().values("person_id")
                 .annotate(number=Count("pk")).values_list("person_id", "number"))
    return [(person_id, found.get(person_id, 0)) for person_id in sorted(ids)]


def _short(duty_type, day, count):
    """Fewer people than the type needs that day; day shifts are not expected on weekends and holidays."""
    if duty_type.category in (DutyType.Category.DAY, DutyType.Category.DAY_AUX) and day.is_rest_day:
        return False
    return count < duty_type.people_per_day


def cell_entries(roster, person, day):
    """One cell again (after an htmx edit): the person's duties that day with their conflicts."""
    assignments = list(roster.assignments.filter(day=day).select_related("duty_type"))
    checker = ConflictChecker([person.pk], day, day, exclude_ids=[a.pk for a in assignments])
    for assignment in assignments:
        checker.add(assignment)
    mine = [a for a in assignments if a.person_id == person.pk]
    changed = set(AssignmentChange.objects.filter(assignment__in=mine).values_list("assignment_id", flat=True))
    grid_day = GridDay(day, _workday_or_none(day))
    cell = GridCell(grid_day, person, away=checker.away.get((person.pk, day)))
    for assignment in mine:
        cell.entries.append((assignment, checker.conflicts(assignment)))
        cell.changed = cell.changed or assignment.pk in changed
    return cell


def _workday_or_none(day):
    try:
        return workday_flags(day, day)[day]
    except UnknownCalendarYear:
        return None


def eligible_people(roster, duty_type, day, exclude=()):
    """Who could take this duty on this day without a hard conflict (for the head's “give to” choice): a queryset
    of the department's people, in order."""
    people = [person for person in department_people(roster.department) if person.pk not in exclude]
    checker = ConflictChecker([person.pk for person in people], day, day)
    free = []
    for person in people:
        candidate = Assignment(roster=roster, duty_type=duty_type, person=person, day=day)
        candidate.set_times()
        if not any(conflict.hard for conflict in checker.conflicts(candidate)):
            free.append(person.pk)
    return department_people(roster.department).filter(pk__in=free)


# Fairness (公平性) ------------------------------------------------------------------------------------------------

FAIRNESS_COLUMNS = ("total", "general", "main", "day", "on_call", "night", "rest_day", "hours")


@dataclass
class FairnessRow:
    person: object
    month: Counter = field(default_factory=Counter)
    year: Counter = field(default_factory=Counter)

    @property
    def periods(self):
        return [self.month, self.year]


def _count(counter, duty_type, day, flags):
    counter["total"] += 1
    category = duty_type.category
    if category == DutyType.Category.GENERAL:
        counter["general"] += 1
    elif category == DutyType.Category.MAIN:
        counter["main"] += 1
    elif category in (DutyType.Category.DAY, DutyType.Category.DAY_AUX):
        counter["day"] += 1
    else:
        counter["on_call"] += 1
    if duty_type.is_night():
        counter["night"] += 1
    if flags.get(day) is False:
        counter["rest_day"] += 1
    counter["hours"] += duty_type.hours()


def fairness(department, month_first):
    """Per person: the month's and the year's duties by kind — general, main, day, on-call, night, on rest days
    (weekends and public holidays from the working-day calendar) and hours. Published rosters only for the year;
    the month counts its roster as it stands (draft or published). Three queries."""
    year_first = month_first.replace(month=1)
    year_end = datetime.date(month_first.year, 12, 31)
    try:
        flags = workday_flags(year_first, year_end)
    except UnknownCalendarYear:
        flags = {}
    types = {duty_type.pk: duty_type for duty_type in DutyType.objects.all()}
    people = list(department_people(department))
    rows = {person.pk: FairnessRow(person) for person in people}
    month_end = next_month(month_first)
    rows_seen = (Assignment.objects.filter(roster__department=department, day__gte=year_first, day__lte=year_end)
                 .filter(Q(roster__state=Roster.State.PUBLISHED) | Q(day__gte=month_first, day__lt=month_end))
                 .values_list("person_id", "duty_type_id", "day"))
    for person_id, type_id, day in rows_seen:
        row = rows.get(person_id)
        if row is None:
            continue
        duty_type = types[type_id]
        _count(row.year, duty_type, day, flags)
        if month_first <= day < month_end:
            _count(row.month, duty_type, day, flags)
    result = list(rows.values())
    for row in result:
        row.month["hours"] = Decimal(row.month["hours"]).quantize(Decimal("0.1"))
        row.year["hours"] = Decimal(row.year["hours"]).quantize(Decimal("0.1"))
    return result, not flags


# Who is on duty -----------------------------------------------------------------------------------------------------

def on_duty(moment=None):
    """The published duties running at a moment (the duty board, the fault call form)."""
    moment = moment or timezone.now()
    return list(Assignment.objects.published().filter(starts_at__lte=moment, ends_at__gt=moment)
                .select_related("duty_type", "person__profile", "roster__department")
                .order_by("roster__department__sort_order", "duty_type__sort_order", "person__username"))


def phone_duty(moment, department=None):
    """The person answering the duty phone at a moment (值主班 first), or None."""
    duties = [a for a in on_duty(moment) if a.duty_type.answers_phone
              and (department is None or a.roster.department_id == department.pk)]
    duties.sort(key=lambda a: (a.duty_type.category != DutyType.Category.MAIN, a.duty_type.sort_order))
    return duties[0] if duties else None


def my_duties(user, days_ahead=62, now=None):
    """The person's published duties still to come or running (the phone page)."""
    now = now or timezone.now()
    return list(Assignment.objects.published().filter(person=user, ends_at__gt=now,
                                                      starts_at__lt=now + datetime.timedelta(days=days_ahead))
                .select_related("duty_type", "roster__department", "log", "handover").order_by("starts_at"))


def breach_kinds_for(user, assignment):
    """The active breach kinds that apply to this duty and that the user may record against its person."""
    if user.pk == assignment.person_id:
        return []
    kinds = [kind for kind in BreachKind.objects.filter(is_active=True).prefetch_related("duty_types")
             if not kind.duty_types.all() or assignment.duty_type in kind.duty_types.all()]
    if rules.can_record_breaches(user, assignment):
        return kinds
    if any(kind.recorder == BreachKind.Recorder.MAIN_SHIFT for kind in kinds) and rules.on_main_shift(user, assignment):
        return [kind for kind in kinds if kind.recorder == BreachKind.Recorder.MAIN_SHIFT]
    return []


def breaches_seen_by(user, shift, kinds=None):
    """The breaches recorded on a duty, for its page and its log's PDF: the person on duty, the leaders and team
    leaders and whoever may record one there (`kinds`: breach_kinds_for, when the caller has them) see them; the rest
    of the department reads the duty's log but not what was held against a colleague (None)."""
    if kinds is None:
        kinds = breach_kinds_for(user, shift) if shift.roster.is_published() and shift.has_started() else []
    if not (kinds or user.pk == shift.person_id or rules.can_record_breaches(user, shift)):
        return None
    return shift.breaches.select_related("kind", "recorded_by", "finding")


def incident_evidence(incident):
    """(label, url) of the duty record behind a proposed incident: its finding's page, which links the call, the
    handover, the log, the patrol or the overtime (discipline's incident page shows it)."""
    from .models import Finding

    finding = Finding.objects.filter(incident=incident).select_related("breach__kind").first()
    if finding is None:
        return None
    return f"{finding.title()}（{finding.occurred_on:%Y-%m-%d}）", finding.get_absolute_url()


def scorecard_lines(user, period):
    """The month's findings with points, for the scorecard (appraisal's line-source registry): late responses,
    faults left unattended, major outages, shifts without a signed log. One query; a dismissed finding is not
    proposed (and leaves the scorecard at the next proposal)."""
    from appraisal.evidence import ProposedLine

    from .models import Finding

    findings = (Finding.objects.in_month(period).standing().filter(person=user, points__isnull=False)
                .select_related("breach__kind").order_by("occurred_on", "pk"))
    return [ProposedLine(kind="deduction", evidence_id=finding.pk, date=finding.occurred_on,
                         fact=finding.title(), basis=finding.facts, points=finding.points)
            for finding in findings]


def finding_url(finding_id):
    return reverse("duty:finding", args=[finding_id])
