"""Reading training: audiences, the hours ledger, what waits for a person. Each a constant number of queries."""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import Count, DecimalField, Exists, F, Lookup, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.roles import is_hr
from staff.models import Department, StaffProfile

from . import hiring
from .models import (
    Assignment, Attempt, Attendance, AudienceKind, Exam, ExternalTraining, Requirement, SelfStudy, Session,
    TrainingPolicy, YearHours, ZERO,
)

HOURS_FIELD = DecimalField(max_digits=7, decimal_places=1)
MONEY_FIELD = DecimalField(max_digits=12, decimal_places=2)


def year_bounds(year):
    """[1 January, next 1 January) in the hospital's time zone."""
    zone = timezone.get_current_timezone()
    return datetime.datetime(year, 1, 1, tzinfo=zone), datetime.datetime(year + 1, 1, 1, tzinfo=zone)


def month_bounds(period):
    zone = timezone.get_current_timezone()
    start = datetime.datetime(period.year, period.month, 1, tzinfo=zone)
    following = (period.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start, datetime.datetime(following.year, following.month, 1, tzinfo=zone)


def external_costs(records):
    """What a set of 外派培训 costs: approved (approved, certificate handed in or hours credited) and still being
    decided (one query)."""
    State = ExternalTraining.State
    committed = Q(state__in=(State.APPROVED, State.REPORTED, State.CONFIRMED))
    deciding = Q(state=State.DRAFT)
    return records.order_by().aggregate(
        committed_count=Count("pk", filter=committed), committed_cost=Coalesce(Sum("cost", filter=committed), Value(ZERO), output_field=MONEY_FIELD),
        deciding_count=Count("pk", filter=deciding), deciding_cost=Coalesce(Sum("cost", filter=deciding), Value(ZERO), output_field=MONEY_FIELD))


def led_departments(user):
    return Department.objects.filter(Q(head=user) | Q(deputy=user))


def active_people():
    return get_user_model().objects.filter(is_active=True, profile__status__in=StaffProfile.ACTIVE_STATUSES)


# Audiences (培训对象) ---------------------------------------------------------------------------------------------

def audience(*, kind, department, posts=(), people=(), departments=()):
    """The active staff a plan item or a session is for."""
    everyone = active_people()
    if kind == AudienceKind.DEPARTMENT:
        return everyone.filter(profile__department=department)
    if kind == AudienceKind.POSTS:
        return everyone.filter(profile__department=department, profile__post__in=list(posts))
    if kind == AudienceKind.PEOPLE:
        return everyone.filter(pk__in=[person.pk for person in people])
    if kind == AudienceKind.HOSPITAL:
        return everyone.filter(profile__department__in=list(departments))
    if kind == AudienceKind.NEW_HIRES:
        waiting = hiring.probations_waiting_for_induction(department).values("profile__user_id")
        return everyone.filter(pk__in=waiting)
    return everyone.none()


def item_audience(item):
    return audience(kind=item.audience_kind, department=item.plan.department, posts=item.audience_posts.all(),
                    people=item.audience_people.all(), departments=item.audience_departments.all())


# The hours ledger (学时) ----------------------------------------------------------------------------------------

def _sum(queryset, field):
    total = queryset.values("person").annotate(total=Sum(field)).values("total")[:1]
    return Coalesce(Subquery(total, output_field=HOURS_FIELD), Value(ZERO), output_field=HOURS_FIELD)


def with_hours(people, year):
    """People annotated with the year's hours (for one person or a few: correlated subqueries)."""
    from .models import ExternalTraining

    start, end = year_bounds(year)
    attended = Attendance.objects.attended().filter(person=OuterRef("pk"), session__starts_at__gte=start,
                                                    session__starts_at__lt=end)
    external = ExternalTraining.objects.credited().filter(person=OuterRef("pk"), ends_on__year=year)
    studied = SelfStudy.objects.filter(person=OuterRef("pk"), state=SelfStudy.State.CONFIRMED, studied_on__year=year)
    return people.annotate(
        hours_internal_required=_sum(attended.filter(session__requirement=Requirement.REQUIRED), "session__hours"),
        hours_internal_elective=_sum(attended.exclude(session__requirement=Requirement.REQUIRED), "session__hours"),
        hours_external=_sum(external, "hours_credited"),
        hours_self_study=_sum(studied, "hours"),
    )


# Above this many people one pass over the whole year's records is cheaper than their ids in each query: a hospital's
# 5,000 ids cost more to build, send and parse than the year's grouped records (HR's ledger of everyone).
IDS_IN_QUERY = 500


class _AnyOf(Lookup):
    """`column = ANY(%s)` on PostgreSQL: a page's ids as one array parameter (psycopg parses a statement of more than
    50 parameters again on every call, and Django prepares each id of an IN list); an IN list elsewhere."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)", [*params, list(self.rhs)]
        return f"{column} IN ({', '.join(['%s'] * len(self.rhs))})", [*params, *self.rhs]


@functools.lru_cache(maxsize=8)
def _counted_records(year, start, end):
    """The year's counted records summed by person, as (person id, column, hours): attended sessions (the column is
    the session's requirement), credited external training ("external"), confirmed self-study ("self_study").
    Built once per year (building them cost more than running them for a page of people); callers filter them."""
    from .models import ExternalTraining

    attended = (Attendance.objects.filter(status__in=Attendance.ATTENDED, session__starts_at__gte=start,
                                          session__starts_at__lt=end)
                .exclude(session__state=Session.State.CANCELLED).order_by()  # no join for Meta.ordering
                .values("person_id", "session__requirement").annotate(total=Sum("session__hours")))
    external = (ExternalTraining.objects.credited().filter(ends_on__year=year).order_by()
                .values("person_id").annotate(column=Value("external"), total=Sum("hours_credited")))
    studied = (SelfStudy.objects.filter(state=SelfStudy.State.CONFIRMED, studied_on__year=year).order_by()
               .values("person_id").annotate(column=Value("self_study"), total=Sum("hours")))
    return (attended.values_list("person_id", "session__requirement", "total"),
            external.values_list("person_id", "column", "total"), studied.values_list("person_id", "column", "total"))


# The ledger's key of each column of _counted_records (a session's other requirements count as elective).
_COLUMNS = {Requirement.REQUIRED: "required", "external": "external", "self_study": "self_study"}


def hours_by_person(people, year):
    """{person id: {"required", "elective", "external", "self_study"}} for many people at once: one query of three
    grouped parts over the year's records (one pass each, whatever the number of people). `people`: a list of ids
    (None: everyone with hours); a long list also returns others' totals (ignore them)."""
    totals = {}
    people = None if people is None else list(people)
    if people == []:
        return totals
    chosen = _AnyOf(F("person_id"), people) if people is not None and len(people) <= IDS_IN_QUERY else Q()
    attended, external, studied = (records.filter(chosen) for records in _counted_records(year, *year_bounds(year)))
    for person_id, column, hours in attended.union(external, studied, all=True):
        person = totals.get(person_id)
        if person is None:
            person = totals[person_id] = dict.fromkeys(("required", "elective", "external", "self_study"), ZERO)
        person[_COLUMNS.get(column, "elective")] += hours or ZERO
    return totals


def _days_in(year):
    return (datetime.date(year + 1, 1, 1) - datetime.date(year, 1, 1)).days


def target_for(target, year, hired=None):
    """The year's target of one person: all of it, or pro rata from the hire date for someone who joined during the
    year (a new hire in September owes a third of the year's hours)."""
    if hired is None or hired <= datetime.date(year, 1, 1):
        return target
    if hired.year > year:
        return ZERO
    remaining = (datetime.date(year + 1, 1, 1) - hired).days
    return (target * remaining / _days_in(year)).quantize(Decimal("0.1"))


def expected_by(year, target, today=None, hired=None):
    """How many hours someone on track has by today: the target pro rata over the year (from the hire date for a
    new hire), all of it for a past year."""
    today = today or timezone.localdate()
    start = max(datetime.date(year, 1, 1), hired) if hired else datetime.date(year, 1, 1)
    end = min(today, datetime.date(year, 12, 31))
    if end < start:
        return ZERO
    return (target * ((end - start).days + 1) / _days_in(year)).quantize(Decimal("0.1"))


@dataclass
class LedgerRow:
    """One person's year against their target."""

    person: object  # None until with_people() loads the page's people
    internal_required: Decimal
    internal_elective: Decimal
    external: Decimal
    self_study: Decimal
    target: Decimal
    expected: Decimal
    pro_rata: bool = False
    person_id: int = None

    @property
    def internal(self):
        return self.internal_required + self.internal_elective

    @property
    def total(self):
        return self.internal_required + self.internal_elective + self.external + self.self_study

    @property
    def remaining(self):
        return max(ZERO, self.target - self.total)

    @property
    def shortfall(self):
        """Behind the pace of the year by this many hours (0 when on track)."""
        return max(ZERO, self.expected - self.total)

    @property
    def is_behind(self):
        return self.total < self.expected

    @property
    def is_met(self):
        return self.total >= self.target

    @property
    def percent(self):
        if not self.target:
            return 100
        return min(100, int(self.total * 100 / self.target))


def _pace(target, year, today, hired):
    """(the person's target, hours due by today, pro rata?) for a hire date (None: here before the year)."""
    return (target_for(target, year, hired), expected_by(year, target, today, hired),
            hired is not None and hired > datetime.date(year, 1, 1))


def _row(person_id, hours, pace, person=None):
    target, expected, pro_rata = pace
    return LedgerRow(person=person, person_id=person_id, internal_required=hours["required"],
                     internal_elective=hours["elective"], external=hours["external"], self_study=hours["self_study"],
                     target=target, expected=expected, pro_rata=pro_rata)


def person_ledger(person, year, today=None, policy=None):
    person = with_hours(get_user_model().objects.filter(pk=person.pk).select_related("profile"), year).get()
    hours = {"required": person.hours_internal_required, "elective": person.hours_internal_elective,
             "external": person.hours_external, "self_study": person.hours_self_study}
    profile = getattr(person, "profile", None)
    return _row(person.pk, hours, _pace((policy or TrainingPolicy.current()).annual_hours_target, year, today,
                                        profile.hire_date if profile is not None else None), person=person)


# The ledger in the order of the staff roster: department, then name (the page's default).
NAME_ORDER = ("profile__department__sort_order", "profile__department__name", "username")


def ledger_people(department, *, search="", people=None):
    """The active members a ledger lists: of a department, or `people` (default: everyone), found by `search`."""
    if people is None:
        people = active_people().filter(profile__department=department) if department is not None \
            else active_people()
    if search:
        people = people.filter(Q(name__icontains=search) | Q(username__icontains=search))
    return people


def _ledger_rows(members, hours, year, today, target=None):
    """LedgerRows of (person id, hire date, person or None) in that order."""
    target = TrainingPolicy.current().annual_hours_target if target is None else target
    today = today or timezone.localdate()
    empty = dict.fromkeys(("required", "elective", "external", "self_study"), ZERO)
    paces = {}  # thousands of people, a few hundred hire dates: each date's target and pace once
    rows = []
    for pk, hired, person in members:
        pace = paces.get(hired)
        if pace is None:
            pace = paces[hired] = _pace(target, year, today, hired)
        rows.append(_row(pk, hours.get(pk, empty), pace, person=person))
    return rows


def department_ledger(department, year, *, behind_only=False, search="", today=None, people=None, by_hours=True):
    """Every active member's LedgerRow (of a department, or of `people`), the fewest hours first (by_hours=False:
    department and name), in five queries. The rows carry ids; with_people() loads the people of the rows shown."""
    people = ledger_people(department, search=search, people=people)
    ordered = people.order_by("username") if by_hours else people.order_by(*NAME_ORDER)
    members = [(pk, hired, None) for pk, hired in ordered.values_list("pk", "profile__hire_date")]
    # The ids as a list, not a subquery: PostgreSQL planned the nested subqueries badly on fresh tables (minutes).
    rows = _ledger_rows(members, hours_by_person([pk for pk, _hired, _person in members], year), year, today)
    if behind_only:
        rows = [row for row in rows if row.is_behind]
    return sorted(rows, key=lambda row: row.total) if by_hours else rows


class Listed(NamedTuple):
    """A person as a ledger page lists them: the few columns the page shows (building whole users, profiles,
    departments and posts cost more than the rest of the page's data)."""

    pk: int
    username: str
    name: str
    hire_date: datetime.date | None
    department: str
    post: str | None

    @property
    def display_name(self):
        return self.name or self.username


def listed(people):
    """These people as Listed tuples' columns (values_list): map a page of them with Listed._make."""
    return people.values_list("pk", "username", "name", "profile__hire_date", "profile__department__name",
                              "profile__post__name")


def ledger_of(people, year, today=None, target=None):
    """The LedgerRows of these people (a page of Listed), in their order: only their hours are summed (one query over
    their ids). `target`: the policy's, when the caller has it."""
    people = list(people)
    hours = hours_by_person([person.pk for person in people], year)
    return _ledger_rows([(person.pk, person.hire_date, person) for person in people], hours, year, today, target)


def with_year_hours(people, year):
    """People with their stored hours of the year as `year_hours` (models.YearHours; none stored: 0): an indexed
    lookup each instead of summing everyone's year, for ordering and filtering a long ledger."""
    stored = YearHours.objects.filter(person=OuterRef("pk"), year=year).order_by().values("hours")[:1]  # one a year
    return people.annotate(year_hours=Coalesce(Subquery(stored), Value(ZERO), output_field=HOURS_FIELD))


# The fewest hours first, then user name (of with_year_hours people): department_ledger(by_hours=True)'s order.
HOURS_ORDER = ("year_hours", "username")


def behind_ids(people, year, today=None, target=None):
    """The ids of these people (with_year_hours, in their order) behind the year's pace (LedgerRow.is_behind): one
    query of (id, hire date, hours) of those with fewer hours than someone here all year is due (nobody is due
    more); the pace of each hire date within the year is worked out once."""
    target = TrainingPolicy.current().annual_hours_target if target is None else target
    today = today or timezone.localdate()
    first, most = datetime.date(year, 1, 1), expected_by(year, target, today)
    paces, behind = {}, []
    for pk, hired, hours in people.filter(year_hours__lt=most).values_list("pk", "profile__hire_date", "year_hours"):
        if hired is None or hired <= first:
            pace = most
        elif (pace := paces.get(hired)) is None:
            pace = paces[hired] = expected_by(year, target, today, hired)
        if hours < pace:
            behind.append(pk)
    return behind


def with_people(rows):
    """Load the people of these ledger rows (one query) and return the rows."""
    rows = list(rows)
    people = get_user_model().objects.select_related("profile__department", "profile__post").in_bulk(
        [row.person_id for row in rows])
    for row in rows:
        row.person = people[row.person_id]
    return rows


def hours_departments(user):
    """The departments whose hours this person may see: all for HR, else those they lead."""
    departments = Department.objects.filter(is_active=True)
    if is_hr(user):
        return departments
    return departments.filter(Q(head=user) | Q(deputy=user))


def person_record(person, year):
    """Everything counted for a person in a year, for their page and the training record (个人培训档案)."""
    from .models import ExternalTraining

    start, end = year_bounds(year)
    return {
        "attendance": list(Attendance.objects.filter(person=person, session__starts_at__gte=start,
                                                     session__starts_at__lt=min(end, timezone.now()))
                           .exclude(session__state=Session.State.CANCELLED)
                           .select_related("session__trainer").order_by("session__starts_at")),
        "external": list(ExternalTraining.objects.filter(person=person, ends_on__year=year)
                         .exclude(state__in=[ExternalTraining.State.DRAFT, ExternalTraining.State.WITHDRAWN])
                         .order_by("starts_on")),
        "self_study": list(SelfStudy.objects.filter(person=person, studied_on__year=year).order_by("studied_on")),
        "attempts": list(Attempt.objects.finished().filter(person=person, started_at__gte=start,
                                                           started_at__lt=end)
                         .select_related("exam").order_by("started_at")),
    }


# What waits for a person ---------------------------------------------------------------------------------------

def visible_sessions(user):
    """Sessions this person may open: their department's, those they are on the list of, organise or train, and
    every session of the departments they lead."""
    sessions = Session.objects.for_list()
    department_id = getattr(getattr(user, "profile", None), "department_id", None)
    listed = Attendance.objects.filter(person=user).values("session_id")
    return sessions.filter(Q(department_id=department_id) | Q(pk__in=listed) | Q(organiser=user) | Q(trainer=user)
                           | Q(department__in=led_departments(user)))


def upcoming_for(user, now=None, limit=10):
    now = now or timezone.now()
    return list(Session.objects.filter(attendance__person=user, state=Session.State.SCHEDULED, ends_at__gte=now)
                .select_related("organiser").order_by("starts_at")[:limit])


def open_assignments(user, now=None):
    """Exams this person still has to take or retake: open, not passed, attempts left or one under way."""
    from django.db.models import Count

    now = now or timezone.now()
    assignments = (Assignment.objects.filter(person=user, passed_at__isnull=True, exam__state=Exam.State.OPEN,
                                             exam__opens_at__lte=now)
                   .filter(Q(exam__closes_at__isnull=True) | Q(exam__closes_at__gt=now))
                   .annotate(used=Count("attempts"), busy=Count("attempts", filter=Q(attempts__state__in=[
                       Attempt.State.IN_PROGRESS, Attempt.State.MARKING])))
                   .select_related("exam").order_by("exam__opens_at"))
    return [assignment for assignment in assignments
            if assignment.busy or assignment.used < assignment.attempts_allowed()]


def surveys_due(user, now=None, policy=None):
    """Sessions this person attended whose satisfaction survey is open and not answered."""
    now = now or timezone.now()
    days = (policy or TrainingPolicy.current()).survey_days
    return list(Session.objects.filter(attendance__person=user, attendance__status__in=Attendance.ATTENDED,
                                       state__in=[Session.State.SCHEDULED, Session.State.HELD],
                                       ends_at__lte=now, ends_at__gte=now - datetime.timedelta(days=days))
                .exclude(survey_responses__person=user).order_by("-ends_at")[:10])


def attempts_to_mark(user):
    """Finished papers with short answers waiting for this person's marking (they organise the exam or lead)."""
    led = led_departments(user)
    return (Attempt.objects.filter(state=Attempt.State.MARKING)
            .filter(Q(exam__created_by=user) | Q(exam__department__in=led)).exclude(person=user)
            .select_related("exam", "person").order_by("submitted_at"))


def survey_summary(session):
    """The averages and the comments (no names) of a session's survey."""
    from django.db.models import Avg, Count

    numbers = session.survey_responses.aggregate(count=Count("pk"), overall=Avg("overall"), content=Avg("content"),
                                                 trainer=Avg("trainer"))
    for key in ("overall", "content", "trainer"):
        if numbers[key] is not None:
            numbers[key] = Decimal(str(numbers[key])).quantize(Decimal("0.1"))
    numbers["comments"] = [comment for comment in session.survey_responses.exclude(comment="")
                           .order_by("pk").values_list("comment", flat=True)]
    return numbers


def without_induction():
    """People given the induction exam (新进人员培训考核) who have not passed it: they do not carry out IT's execution
    steps yet (approvals.executors). Staff never given the exam are not held back by it."""
    induction = Assignment.objects.filter(person=OuterRef("pk"), exam__kind=Exam.Kind.INDUCTION)
    return get_user_model().objects.filter(Exists(induction)).exclude(Exists(induction.filter(passed_at__isnull=False)))
