"""Reading training: audiences, the hours ledger, what waits for a person. Each a constant number of queries."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import permissions
from staff.models import Department, StaffProfile

from . import hiring
from .models import (
    Assignment, Attempt, Attendance, AudienceKind, Exam, Requirement, SelfStudy, Session, TrainingPolicy, ZERO,
)

HOURS_FIELD = DecimalField(max_digits=7, decimal_places=1)


def year_bounds(year):
    """[1 January, next 1 January) in the hospital's time zone."""
    zone = timezone.get_current_timezone()
    return datetime.datetime(year, 1, 1, tzinfo=zone), datetime.datetime(year + 1, 1, 1, tzinfo=zone)


def month_bounds(period):
    zone = timezone.get_current_timezone()
    start = datetime.datetime(period.year, period.month, 1, tzinfo=zone)
    following = (period.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start, datetime.datetime(following.year, following.month, 1, tzinfo=zone)


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
    """People annotated with the year's hours: internal (required/elective), external, self-study and the total."""
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
    ).annotate(hours_total=F("hours_internal_required") + F("hours_internal_elective") + F("hours_external")
               + F("hours_self_study"))


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

    person: object
    internal_required: Decimal
    internal_elective: Decimal
    external: Decimal
    self_study: Decimal
    total: Decimal
    target: Decimal
    expected: Decimal
    pro_rata: bool = False

    @property
    def internal(self):
        return self.internal_required + self.internal_elective

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


def _hired(person):
    profile = getattr(person, "profile", None)
    return profile.hire_date if profile is not None else None


def ledger_rows(people, year, today=None, policy=None):
    """LedgerRow for people annotated by with_hours (their profile loaded)."""
    target = (policy or TrainingPolicy.current()).annual_hours_target
    rows = []
    for person in people:
        hired = _hired(person)
        rows.append(LedgerRow(
            person=person, internal_required=person.hours_internal_required,
            internal_elective=person.hours_internal_elective, external=person.hours_external,
            self_study=person.hours_self_study, total=person.hours_total,
            target=target_for(target, year, hired), expected=expected_by(year, target, today, hired),
            pro_rata=hired is not None and hired > datetime.date(year, 1, 1)))
    return rows


def person_ledger(person, year, today=None, policy=None):
    people = with_hours(get_user_model().objects.filter(pk=person.pk).select_related("profile"), year)
    return ledger_rows(people, year, today, policy)[0]


def department_ledger(department, year, *, behind_only=False, search="", today=None):
    """The department's active staff with their hours, the fewest hours first."""
    people = active_people().filter(profile__department=department) if department is not None else active_people()
    if search:
        people = people.filter(Q(name__icontains=search) | Q(username__icontains=search))
    people = with_hours(people.select_related("profile__department", "profile__post"), year)
    if behind_only:
        # Each person's pace depends on their hire date: one light query of (id, hours, hire date), then the ids.
        target = TrainingPolicy.current().annual_hours_target
        behind = [pk for pk, total, hired in people.values_list("pk", "hours_total", "profile__hire_date")
                  if total < expected_by(year, target, today, hired)]
        people = people.filter(pk__in=behind)
    return people.order_by("hours_total", "username")


def hours_departments(user):
    """The departments whose hours this person may see: all for HR, else those they lead."""
    departments = Department.objects.filter(is_active=True)
    if permissions.is_hr(user):
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
