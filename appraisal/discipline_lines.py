"""The discipline domain as a source of scorecard lines: the month's confirmed incidents (registered in apps.py)."""

from django.urls import reverse

from discipline.selectors import monthly_points

from .evidence import ProposedLine


def propose(user, period):
    points = monthly_points(user, period.year, period.month)
    return [
        ProposedLine(kind=kind, evidence_id=line.incident_id, date=line.date, fact=line.text, basis=line.explanation,
                     points=line.points, rule_code=line.rule_code)
        for kind, lines in (("deduction", points.deductions), ("bonus", points.bonuses))
        for line in lines
    ]


def incident_url(incident_id):
    return reverse("discipline:incident_detail", args=[incident_id])


def fines_yuan(user, period):
    """The month's fines in yuan (shown beside the review; not part of the score)."""
    return monthly_points(user, period.year, period.month).fines_yuan
