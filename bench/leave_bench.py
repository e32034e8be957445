"""Benchmark of the leave pages on a hospital of 5,000 staff and 50,000 leave requests.

    DATABASE_URL=sqlite:////tmp/leave-bench.sqlite3 python bench/leave_bench.py        (the default database)
    DATABASE_URL=postgres://xinke:xinke@127.0.0.1/leave_bench python bench/leave_bench.py
    options: --staff N --requests N --runs N --reseed

Seeds a scratch database once (bench/leave_seed.py: 50 departments of equal size), then prints, in one run, the
median time to render HR's leave list (every request), a department head's list and the department calendar
(a month of 100 people, 50 to a page), beside a bare Django view that renders a 50-row table from one joined
query — the floor on this machine. Target: each page within 2× the floor. It prints figures and asserts nothing.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/leave-bench.sqlite3")

from bench.authz_bench import install_bare_view, report  # noqa: E402 (sets up Django with the same settings)

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402

DEPARTMENTS = 50
BARE = engines["django"].from_string(
    "<table>{% for leave in leaves %}<tr><td>{{ leave.person.username }}</td><td>{{ leave.person.name }}</td>"
    "<td>{{ leave.leave_type.name }}</td><td>{{ leave.starts_on|date:'Y-m-d' }}</td>"
    "<td>{{ leave.ends_on|date:'Y-m-d' }}</td><td>{{ leave.working_days }}</td></tr>{% endfor %}</table>")


def bare_table(request):
    """The floor: one joined query, 50 rows, a plain template, through the same middleware."""
    from leave.models import LeaveRequest

    leaves = LeaveRequest.objects.select_related("person", "leave_type").order_by("-starts_on", "-pk")[:50]
    return HttpResponse(BARE.render({"leaves": leaves}, request))


def _person(username, name, department, role):
    from staff.models import StaffProfile, User

    user, created = User.objects.get_or_create(username=username, defaults={"name": name,
                                                                             "must_change_password": False})
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=role.value))
        StaffProfile.objects.create(user=user, department=department)
    return user


def seed(staff, requests, reseed):
    from bench.leave_seed import bulk_leaves, bulk_staff
    from leave.models import LeaveRequest
    from staff.models import Department
    from core.roles import Role

    if reseed and connection.vendor == "sqlite":
        connection.close()
        Path(settings.DATABASES["default"]["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    hr_department, _ = Department.objects.get_or_create(code="hr", defaults={"name": "人事科"})
    hr = _person("9911", "基准人事", hr_department, Role.HR)
    existing = LeaveRequest.objects.count()
    if existing >= requests:
        print(f"reusing the seeded database: {existing:,} leave requests")
        department = Department.objects.get(code="lb0")
        return hr, department.head, department
    started = time.perf_counter()
    first = None
    for number in range(DEPARTMENTS):
        department = Department.objects.create(code=f"lb{number}", name=f"基准科室{number}")
        head = _person(f"99{number:03d}h", f"主任{number}", department, Role.DEPARTMENT_HEAD)
        department.head = head
        department.save(update_fields=["head"])
        people = bulk_staff(department=department, count=staff // DEPARTMENTS, prefix=f"lb{number}-",
                            supervisor=head)
        bulk_leaves(people=people, count=requests // DEPARTMENTS, department=department,
                    first_day=datetime.date(2026, 1, 5))
        first = first or department
    print(f"seeded in {time.perf_counter() - started:.1f} s: {staff:,} staff, {requests:,} leave requests")
    return hr, first.head, first


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reseed", action="store_true")
    options = parser.parse_args()
    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    hr, head, department = seed(options.staff, options.requests, options.reseed)
    install_bare_view(bare_table)
    hr_client, head_client = Client(), Client()
    hr_client.force_login(hr)
    head_client.force_login(head)
    pages = [
        ("bare 50-row table (floor)", hr_client, "/bench/bare/", "<tr>"),
        ("leave list, HR (every request)", hr_client, "/leave/?scope=team", "<tr>"),
        ("leave list, a department head", head_client, "/leave/?scope=team&state=open", "<tr>"),
        ("department calendar (a month)", head_client, f"/leave/calendar/?department={department.pk}&month=2026-03",
         "<tr>"),
    ]
    report(pages, options.runs)


if __name__ == "__main__":
    main()
