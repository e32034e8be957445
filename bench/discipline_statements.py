"""How long the discipline reads and writes take with a year of incidents.

    python bench/discipline_statements.py [incidents per month]   (default 2000)

Builds a scratch SQLite database in a temporary folder (never the project's), with 信息科 of 40 people and
12 months of confirmed incidents, then prints the time of: a department's monthly statement, its Excel export,
one person's monthly_points() (what the appraisal scorecard reads), the first page of the incident list, and
recording one incident (which recalculates the repeats of its rule in its counting period).
Targets at 2,000 incidents a month (a hundred times what the department records): the statement and
monthly_points() under 0.5 s, the Excel export under 1 s, recording an incident under 0.5 s.
"""

import datetime
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = tempfile.mkdtemp(prefix="xinke-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}/bench.sqlite3"
os.environ.setdefault("DEBUG", "1")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PER_MONTH = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
PEOPLE = 40
YEAR = 2026


def timed(label, action):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = action()
        elapsed = time.perf_counter() - started
    print(f"{label:<48} {elapsed * 1000:8.1f} ms  {len(queries):4d} queries")
    return result


def build():
    from discipline.models import Incident, Rule
    from staff.models import Department, StaffProfile, User

    call_command("migrate", verbosity=0)
    it = Department.objects.create(code="it", name="信息科", kind=Department.Kind.IT)
    head = User.objects.create(username="h0001", name="科长", password="!")
    StaffProfile.objects.create(user=head, department=it)
    it.head = head
    it.save()
    people = User.objects.bulk_create([User(username=f"s{n:04d}", name=f"员工{n}", password="!")
                                       for n in range(PEOPLE)])
    StaffProfile.objects.bulk_create([StaffProfile(user=user, department=it) for user in people])
    rules = list(Rule.objects.filter(amount__isnull=False, measure="").exclude(effect=Rule.Effect.MULTIPLIER))
    rows = []
    for month in range(1, 13):
        for n in range(PER_MONTH):
            rule = rules[n % len(rules)]
            rows.append(Incident(
                person=people[n % PEOPLE], department=it, rule=rule, occurred_on=datetime.date(YEAR, month, 1 + n % 28),
                facts=f"事实{n}", recorded_by=head, state=Incident.State.ACKNOWLEDGED, amount=rule.amount,
            ))
    Incident.objects.bulk_create(rows, batch_size=5000)
    return it, head, people


def main():
    from discipline import selectors, services
    from discipline.exporters import StatementExporter
    from discipline.models import Incident

    it, head, people = timed(f"build: {PER_MONTH * 12:,} incidents", build)
    statement = timed("department statement, one month", lambda: selectors.department_statement(it, YEAR, 6))
    timed("Excel export of that statement",
          lambda: StatementExporter("信息科 2026年6月", statement.people).render())
    timed("monthly_points() of one person", lambda: selectors.monthly_points(people[0], YEAR, 6))
    timed("incident list, first page (HR)",
          lambda: list(Incident.objects.for_list()[:25]) and Incident.objects.count())
    timed("record one incident (with its repeats)", lambda: services.incident_record(
        person=people[1], rule_code="Q2", occurred_on=datetime.date(YEAR, 6, 15), facts="迟到", by=head))
    print(f"incidents in the scratch database: {Incident.objects.count():,}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
