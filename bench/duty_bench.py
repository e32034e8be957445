"""Benchmark of the duty roster's month grid: 50 people × 31 days, every day filled.

    DATABASE_URL=sqlite:////tmp/duty-bench.sqlite3 python bench/duty_bench.py        (the default database)
    DATABASE_URL=postgres://xinke:xinke@127.0.0.1/duty_bench python bench/duty_bench.py
    options: --people N --runs N --reseed

Seeds a scratch database once (a department of N people, two published months with every day filled, ten leave
requests of five of them and many rest conflicts, so the conflict check has work), then prints the median time
to render the head's month grid (every cell with its duties, conflicts, leave and changes) and the published grid
for a member of staff, beside a bare Django view that renders the same people × days table from one joined query
through the same middleware — the floor. Target: the grid within 2× the floor. It prints figures and asserts
nothing.
"""

import argparse
import datetime
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/duty-bench.sqlite3")

from bench.authz_bench import install_bare_view, report  # noqa: E402 (sets up Django with the same settings)

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402

MONTH = datetime.date(2026, 11, 1)
BARE = engines["django"].from_string(
    "<table>{% for person, cells in rows %}<tr><td>{{ person.name }}</td>{% for cell in cells %}"
    "<td>{% for a in cell %}<span>{{ a.duty_type.short }}</span>{% endfor %}</td>{% endfor %}</tr>{% endfor %}"
    "</table>")


def bare_table(request):
    """The floor: the same people × days from one joined query, a plain template, through the same middleware."""
    from dutyroster.models import Assignment

    days = [MONTH + datetime.timedelta(days=n) for n in range(30)]
    people, cells = {}, {}
    for assignment in (Assignment.objects.filter(roster__department__code="dbench", roster__month=MONTH)
                       .select_related("person", "duty_type").order_by("person__username", "day")):
        people.setdefault(assignment.person_id, assignment.person)
        cells.setdefault((assignment.person_id, assignment.day), []).append(assignment)
    rows = [(person, [cells.get((pk, day), []) for day in days]) for pk, person in people.items()]
    return HttpResponse(BARE.render({"rows": rows}, request))


def _user(username, name, department, role, post=None):
    from staff.models import StaffProfile, User

    user, created = User.objects.get_or_create(username=username, defaults={"name": name,
                                                                             "must_change_password": False})
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=role.value))
        StaffProfile.objects.create(user=user, department=department, post=post)
    return user


def seed(count, reseed):
    from bench.leave_seed import bulk_leaves
    from dutyroster.models import Assignment, DutyType, Roster
    from staff.models import Department, Post
    from staff.roles import Role

    if reseed and connection.vendor == "sqlite":
        connection.close()
        Path(settings.DATABASES["default"]["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    department, _ = Department.objects.get_or_create(code="dbench", defaults={"name": "基准信息科",
                                                                               "kind": Department.Kind.IT})
    head = _user("dbench-h", "基准主任", department, Role.DEPARTMENT_HEAD)
    department.head = head
    department.save(update_fields=["head"])
    roster = Roster.objects.filter(department=department, month=MONTH).first()
    if roster is not None and roster.assignments.exists():
        print(f"reusing the seeded database: {roster.assignments.count():,} duties in the month")
        return head, department
    post = Post.objects.filter(code="system_admin").first()
    people = [_user(f"dbench{n:03d}", f"值班员{n:03d}", department, Role.STAFF, post) for n in range(count)]
    types = [DutyType.objects.get(code=code) for code in ("main", "day", "day_aux")]
    rows = []
    for first in (MONTH - datetime.timedelta(days=31), MONTH):
        first = first.replace(day=1)
        roster, _ = Roster.objects.get_or_create(department=department, month=first,
                                                 defaults={"state": Roster.State.PUBLISHED})
        day = first
        while day.month == first.month:
            for index, person in enumerate(people):
                duty_type = types[(index + day.day) % 3]
                assignment = Assignment(roster=roster, person=person, day=day, duty_type=duty_type)
                assignment.set_times()
                rows.append(assignment)
            day += datetime.timedelta(days=1)
    Assignment.objects.bulk_create(rows, batch_size=2000)
    bulk_leaves(people=people[:5], count=10, department=department, first_day=MONTH)
    print(f"seeded: {len(people)} people, {len(rows):,} duties over two months")
    return head, department


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reseed", action="store_true")
    options = parser.parse_args()
    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    head, department = seed(options.people, options.reseed)
    install_bare_view(bare_table)
    from staff.models import User

    planner, member = Client(), Client()
    planner.force_login(head)
    member.force_login(User.objects.get(username="dbench000"))
    url = f"/duty/rosters/{department.code}/{MONTH:%Y-%m}/"
    report([
        ("bare people × days table (floor)", planner, "/bench/bare/", "<span>"),
        (f"month grid, the head ({options.people} people)", planner, url, 'class="duty-chip duty-'),
        ("month grid, a member of staff", member, url, 'class="duty-chip duty-'),
    ], options.runs)


if __name__ == "__main__":
    main()
