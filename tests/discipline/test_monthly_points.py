"""monthly_points(): what the appraisal scorecard reads — confirmed deductions and bonuses, and fines in yuan."""

import dataclasses
from decimal import Decimal

from django.utils import translation

from discipline import services
from discipline.models import Incident
from discipline.selectors import MonthlyPoints, PointLine, monthly_points

from .conftest import day


def test_the_months_points_and_fines(org, record):
    with translation.override("en"):
        first = record("Q2", day(11, 3))
        second = record("Q2", day(11, 12))
        overtime = record("Q13", day(11, 14), measured_value=3)
        record("F3", day(11, 5), measured_value=40, breaks_hospital_rules=True)  # 100 yuan
        record("F10", day(11, 6))  # 50 yuan
        record("R19", day(11, 7))  # the month's bonus: not points, not a fine
        record("Q2", day(10, 30))  # October
        record("Q2", day(11, 4), person=org.supervisor)  # someone else

        points = monthly_points(org.employee, 2026, 11)

    assert points == MonthlyPoints(
        deductions=[
            PointLine(first.pk, day(11, 3), "Q2", first.rule.text, Decimal("3"), "Time 1: 3 points"),
            PointLine(second.pk, day(11, 12), "Q2", second.rule.text, Decimal("6"),
                      "Time 2, doubling on each repeat: 3 × 2 = 6 points"),
        ],
        bonuses=[PointLine(overtime.pk, day(11, 14), "Q13", overtime.rule.text, Decimal("2"),
                           "3 hours measured (rule: at least 2 hours); 2 points added")],
        fines_yuan=Decimal("150"),
    )
    assert dataclasses.is_dataclass(points) and type(points).__dataclass_params__.frozen is True
    assert PointLine.__dataclass_params__.frozen is True


def test_proposed_and_cancelled_incidents_do_not_count_and_reduced_ones_count_reduced(org, record):
    services.incident_propose(person=org.employee, rule_code="F4b", occurred_on=day(11, 20), facts="请假半天",
                              source=Incident.Source.LEAVE)
    cancelled = record("Q3", day(11, 2))
    services.incident_cancel(incident=cancelled, by=org.head, reason="误记")
    reduced = record("Q1", day(11, 9))
    services.incident_appeal(incident=reduced, by=org.employee, reason="理由")
    services.incident_reduce(incident=reduced, by=org.head, reason="酌情减半", amount=Decimal("1.5"))
    appealed = record("F10", day(11, 10))
    services.incident_appeal(incident=appealed, by=org.employee, reason="理由")

    points = monthly_points(org.employee, 2026, 11)

    assert [(line.rule_code, line.points) for line in points.deductions] == [("Q1", Decimal("1.5"))]
    assert points.bonuses == []
    assert points.fines_yuan == Decimal("50")  # an appeal not yet decided still counts


def test_a_month_without_incidents(org):
    assert monthly_points(org.employee, 2026, 11) == MonthlyPoints(deductions=[], bonuses=[], fines_yuan=Decimal("0"))
