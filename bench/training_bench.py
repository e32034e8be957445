"""Benchmark of the training pages on a department of 1,000 staff with a year of sessions (100 sessions × 1,000 on
each sheet: 100,000 attendance rows), self-study and slides.

    DATABASE_URL=sqlite:////tmp/training-bench.sqlite3 python bench/training_bench.py        (the default database)
    DATABASE_URL=postgres://xinke:xinke@127.0.0.1/training_bench python bench/training_bench.py
    options: --staff N --sessions N --runs N --reseed

Seeds a scratch database once (bench/training_seed.py), then prints the median time to render the department's
hours ledger (50 people a page, every person's year summed from the attendance), only those behind, the session
list and one session's sheet (1,000 rows), beside a bare Django view that renders a 50-row table from one joined
query — the floor on this machine. Target: each page within 2× the floor. It prints figures and asserts nothing.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/training-bench.sqlite3")

from bench.authz_bench import install_bare_view, report  # noqa: E402 (sets up Django with the same settings)
from bench.leave_bench import _person  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402

BARE = engines["django"].from_string(
    "<table>{% for row in rows %}<tr><td>{{ row.person.username }}</td><td>{{ row.person.name }}</td>"
    "<td>{{ row.session.title }}</td><td>{{ row.session.starts_at|date:'Y-m-d' }}</td><td>{{ row.status }}</td>"
    "</tr>{% endfor %}</table>")


def bare_table(request):
    """The floor: one joined query, 50 rows, a plain template, through the same middleware."""
    from training.models import Attendance

    rows = Attendance.objects.select_related("person", "session").order_by("-pk")[:50]
    return HttpResponse(BARE.render({"rows": rows}, request))


def seed(staff, sessions, reseed):
    from bench.leave_seed import bulk_staff
    from bench.training_seed import bulk_hours_outside, bulk_sessions
    from staff.models import Department
    from staff.roles import Role
    from training.models import Session

    if reseed and connection.vendor == "sqlite":
        connection.close()
        Path(settings.DATABASES["default"]["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    department, _ = Department.objects.get_or_create(code="tb", defaults={"name": "基准信息科",
                                                                          "kind": Department.Kind.IT})
    head = _person("9951h", "基准科长", department, Role.DEPARTMENT_HEAD)
    if department.head_id is None:
        department.head = head
        department.save(update_fields=["head"])
    existing = Session.objects.filter(department=department).count()
    if existing >= sessions:
        print(f"reusing the seeded database: {existing:,} sessions")
        return head, Session.objects.filter(department=department).first()
    started = time.perf_counter()
    people = bulk_staff(department=department, count=staff, prefix="tb-", supervisor=head)
    made = bulk_sessions(department=department, organiser=head, people=people, count=sessions)
    bulk_hours_outside(department=department, people=people, count=staff)
    print(f"seeded in {time.perf_counter() - started:.1f} s: {staff:,} staff, {sessions:,} sessions, "
          f"{staff * sessions:,} attendance rows")
    return head, made[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reseed", action="store_true")
    options = parser.parse_args()
    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    head, session = seed(options.staff, options.sessions, options.reseed)
    install_bare_view(bare_table)
    client = Client()
    client.force_login(head)
    pages = [
        ("bare 50-row table (floor)", client, "/bench/bare/", "<tr"),
        ("hours ledger (50 of 1,000 people)", client, "/training/hours/?year=2026", "<tr"),
        ("hours ledger, only those behind", client, "/training/hours/?year=2026&behind=on", "<tr"),
        ("session list (past)", client, "/training/sessions/?when=past", "<tr"),
        ("one session's sheet (1,000 rows)", client, f"/training/sessions/{session.pk}/", "<tr"),
    ]
    report(pages, options.runs)


if __name__ == "__main__":
    main()
