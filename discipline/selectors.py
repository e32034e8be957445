"""Reading discipline data: the month's points for the appraisal scorecard, monthly statements, visible incidents.

monthly_points() is the interface the appraisal domain uses; it reads confirmed incidents only (not proposed,
not cancelled), with the amount after any appeal.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from core.roles import is_hr
from staff.models import Department, StaffProfile

from .models import Incident, Rule, Schedule
from .numbers import plain

ZERO = Decimal("0")


@dataclass(frozen=True)
class PointLine:
    """One incident's quality points; points are positive in both deductions and bonuses."""

    incident_id: int
    date: datetime.date
    rule_code: str
    text: str
    points: Decimal
    explanation: str


@dataclass(frozen=True)
class MonthlyPoints:
    deductions: list[PointLine]
    bonuses: list[PointLine]
    fines_yuan: Decimal


def monthly_points(user, year, month):
    """The month's quality-point deductions and bonuses and the fines in yuan of one person."""
    incidents = (
        Incident.objects.counting().in_month(year, month).filter(person=user)
        .filter(rule__effect__in=[Rule.Effect.DEDUCTION, Rule.Effect.BONUS, Rule.Effect.FINE])
        .select_related("rule__revision").order_by("occurred_on", "pk")
    )
    deductions, bonuses, fines = [], [], ZERO
    for incident in incidents:
        if incident.rule.effect == Rule.Effect.FINE:
            fines += incident.final_amount()
            continue
        line = PointLine(incident.pk, incident.occurred_on, incident.rule.code, incident.rule.text,
                         incident.final_amount(), incident.explanation())
        (bonuses if incident.rule.effect == Rule.Effect.BONUS else deductions).append(line)
    return MonthlyPoints(deductions=deductions, bonuses=bonuses, fines_yuan=fines)


# Statements --------------------------------------------------------------------------------------------------------

@dataclass
class Totals:
    """What a month's confirmed incidents add up to, for one person or a department."""

    fines_yuan: Decimal = ZERO
    compensation_yuan: Decimal = ZERO
    points_lost: Decimal = ZERO
    points_gained: Decimal = ZERO
    absence_days: Decimal = ZERO
    month_bonus_forfeited: int = 0
    records: int = 0
    incidents: int = 0
    under_appeal: int = 0
    by_category: Counter = field(default_factory=Counter)

    FIELD_BY_EFFECT = {
        Rule.Effect.FINE: "fines_yuan",
        Rule.Effect.COMPENSATION: "compensation_yuan",
        Rule.Effect.DEDUCTION: "points_lost",
        Rule.Effect.BONUS: "points_gained",
        Rule.Effect.ABSENCE: "absence_days",
    }

    def add(self, incident):
        effect = incident.rule.effect
        if effect in self.FIELD_BY_EFFECT:
            name = self.FIELD_BY_EFFECT[effect]
            setattr(self, name, getattr(self, name) + (incident.final_amount() or ZERO))
        elif effect == Rule.Effect.MONTH_BONUS:
            self.month_bonus_forfeited += 1
        else:
            self.records += 1
        self.incidents += 1
        self.under_appeal += incident.state == Incident.State.APPEALED
        self.by_category[incident.rule.category] += 1

    @property
    def net_points(self):
        return self.points_gained - self.points_lost

    def tiles(self):
        """(label, value, test id) for the statement's summary cards."""
        return [
            (_("Fines"), f"{plain(self.fines_yuan)} {_('yuan')}", "fines"),
            (_("Points lost"), plain(self.points_lost), "points-lost"),
            (_("Points gained"), plain(self.points_gained), "points-gained"),
            (_("Compensation"), f"{plain(self.compensation_yuan)} {_('yuan')}", "compensation"),
            (_("Absence"), f"{plain(self.absence_days)} {_('days')}", "absence"),
            (_("Month's bonus forfeited (times)"), str(self.month_bonus_forfeited), "month-bonus"),
        ]

    def categories(self):
        """(label, count) in the order of the categories, only those with incidents."""
        return [(label, self.by_category[value]) for value, label in Rule.Category.choices if self.by_category[value]]


@dataclass
class PersonMonth:
    person: object
    incidents: list
    totals: Totals


@dataclass
class DepartmentMonth:
    department: Department
    year: int
    month: int
    people: list[PersonMonth]
    totals: Totals
    waiting: int  # proposals not yet confirmed: they do not count yet


# Days of absence come from the attendance records of another domain (leave registers a provider in its
# AppConfig.ready(); discipline does not import it): provider(person_ids, first_day, last_day) → {person_id: days}.
_absence_days_providers = []


def register_absence_days(provider):
    _absence_days_providers.append(provider)
    return provider


def _absence_days(person_ids, year, month):
    first = datetime.date(year, month, 1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    days = Counter()
    for provider in _absence_days_providers:
        days.update(provider(person_ids, first, last))
    return days


# Other domains' records behind a month's lines (the leave behind 请假扣罚, the lateness behind F2/Q2/F5) are shown on
# the person's monthly statement: a domain registers provider(person, year, month) → HTML ("" for nothing) in its
# AppConfig.ready(); discipline imports none of them.
_statement_sections = []


def register_statement_section(provider):
    _statement_sections.append(provider)
    return provider


def statement_sections(person, year, month):
    return [html for provider in _statement_sections if (html := provider(person, year, month))]


def _month_incidents(year, month):
    return Incident.objects.counting().in_month(year, month).select_related(
        "person", "rule__revision__schedule").order_by("occurred_on", "pk")


def person_statement(person, year, month):
    incidents = list(_month_incidents(year, month).filter(person=person))
    totals = Totals()
    for incident in incidents:
        totals.add(incident)
    totals.absence_days += _absence_days([person.pk], year, month).get(person.pk, ZERO)
    return PersonMonth(person=person, incidents=incidents, totals=totals)


def department_statement(department, year, month):
    """Everyone of the department (and anyone with an incident there that month), with their totals."""
    incidents = list(_month_incidents(year, month).filter(department=department))
    members = StaffProfile.objects.filter(department=department, status__in=StaffProfile.ACTIVE_STATUSES).select_related(
        "user")
    people = {profile.user_id: PersonMonth(profile.user, [], Totals()) for profile in members}
    totals = Totals()
    for incident in incidents:
        row = people.setdefault(incident.person_id, PersonMonth(incident.person, [], Totals()))
        row.incidents.append(incident)
        row.totals.add(incident)
        totals.add(incident)
    for person_id, days in _absence_days(list(people), year, month).items():
        if person_id in people:
            people[person_id].totals.absence_days += days
            totals.absence_days += days
    waiting = Incident.objects.in_month(year, month).filter(department=department,
                                                             state=Incident.State.PROPOSED).count()
    ordered = sorted(people.values(), key=lambda row: row.person.username)
    return DepartmentMonth(department, year, month, ordered, totals, waiting)


# Who sees which incidents ----------------------------------------------------------------------------------------

def led_departments(user):
    return Department.objects.filter(Q(head=user) | Q(deputy=user))


def visible_incidents(user):
    """HR sees every incident; heads and deputies their departments'; everyone their own."""
    incidents = Incident.objects.for_list()
    if is_hr(user):
        return incidents
    return incidents.filter(Q(person=user) | Q(department__in=led_departments(user).values("pk")))


def incidents_between(person_id, first_day, last_day):
    """A person's incidents dated first_day..last_day, oldest first, every state (hiring's probation page)."""
    return Incident.objects.for_list().filter(person_id=person_id, occurred_on__range=(first_day, last_day)).order_by(
        "occurred_on", "pk")


def statement_departments(user):
    """The departments covered by a schedule whose statements this person may open."""
    departments = Department.objects if is_hr(user) else led_departments(user)
    return departments.filter(is_active=True, kind__in=Schedule.objects.values("department_kind"))
