"""Benchmark of the authorization pages on a hospital of 5,000 staff and 50,000 requests.

    DATABASE_URL=sqlite:////tmp/authz-bench.sqlite3 python bench/authz_bench.py        (the default database)
    DATABASE_URL=postgres://xinke:xinke@127.0.0.1/authz_bench python bench/authz_bench.py
    options: --staff N --requests N --runs N --reseed

Seeds a scratch database once (bench/authz_seed.py; --reseed starts over on SQLite), then prints, in one run,
the median time to render the approvals inbox (an approver with 10,000 steps waiting) and the grants register
(IT, who sees all 40,000 grants), beside a bare Django view that renders a 50-row table from one joined query —
the floor on this machine — and the time to verify the whole audit hash chain. Target: each page within 2× the
floor. It prints figures and asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/authz-bench.sqlite3")
os.environ.setdefault("XINKE_TESTING", "1")  # no SECRET_KEY needed, e-mail kept in memory
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path  # noqa: E402

from bench.bare import bare_table  # noqa: E402


def install_bare_view(view=None):
    """Serve `view` (the floor) at /bench/bare/ beside the project's URLs."""
    urls = types.ModuleType("bench_urls")
    urls.urlpatterns = [path("bench/bare/", view or bare_table, name="bench_bare"), path("", include("config.urls"))]
    sys.modules["bench_urls"] = urls
    settings.ROOT_URLCONF = "bench_urls"


def people():
    """The approver (head of a department, 10,000 steps waiting) and IT (sees every grant)."""
    from staff.models import Department, StaffProfile, User
    from core.roles import Role
    from django.contrib.auth.models import Group

    it, _ = Department.objects.get_or_create(code="it", defaults={"name": "信息科", "kind": Department.Kind.IT})
    ward, _ = Department.objects.get_or_create(code="bench-ward", defaults={"name": "基准病区"})
    made = {}
    for username, name, department, role in (("9901", "基准主任", ward, Role.DEPARTMENT_HEAD),
                                             ("9902", "基准工程师", it, Role.STAFF)):
        user, created = User.objects.get_or_create(username=username, defaults={"name": name,
                                                                                 "must_change_password": False})
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name=role.value))
            StaffProfile.objects.create(user=user, department=department)
        made[username] = user
    ward.head = made["9901"]
    ward.save(update_fields=["head"])
    return made["9901"], made["9902"]


def seed(staff, requests, reseed):
    from authz.models import AccountRequest

    if reseed and connection.vendor == "sqlite":
        connection.close()
        Path(settings.DATABASES["default"]["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    approver, it = people()
    existing = AccountRequest.objects.count()
    if existing >= requests:
        print(f"reusing the seeded database: {existing:,} requests")
        return approver, it
    from bench.authz_seed import bulk_hospital

    started = time.perf_counter()
    counts = bulk_hospital(staff=staff, requests=requests, approver=approver, executor=it, prefix="h",
                           waiting_share=0.2)
    print(f"seeded in {time.perf_counter() - started:.1f} s: "
          + ", ".join(f"{value:,} {name}" for name, value in counts.items()))
    return approver, it


def measure(client, url, row_marker, runs):
    for _warm_up in range(2):
        assert client.get(url).status_code == 200, url
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(timings), len(queries), response.content.decode().count(row_marker)


def report(pages, runs):
    """Render each (label, client, url, row marker) page and print its median time against the first, the floor."""
    results = [(label, *measure(client, url, marker, runs)) for label, client, url, marker in pages]
    floor = results[0][1]
    print(f"\nmedian of {runs} renders")
    for label, median, queries, rows in results:
        print(f"  {label:<42} {median * 1000:8.1f} ms  {median / floor:4.1f}× floor  {queries:3d} queries  "
              f"{rows} rows")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reseed", action="store_true")
    options = parser.parse_args()
    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    approver, it = seed(options.staff, options.requests, options.reseed)
    install_bare_view()

    from approvals.selectors import inbox_steps
    from audit.services import verify_chain
    from authz.models import Grant

    head, engineer = Client(), Client()
    head.force_login(approver)
    engineer.force_login(it)
    pages = [
        ("bare 50-row table (floor)", engineer, "/bench/bare/", "<tr>"),
        (f"approvals inbox ({inbox_steps(approver).count():,} waiting)", head, "/approvals/", 'id="step-'),
        (f"grants register ({Grant.objects.active().count():,} in force)", engineer, "/authz/grants/",
         'data-testid="grant"'),
    ]
    report(pages, options.runs)
    started = time.perf_counter()
    checked, broken = verify_chain()
    elapsed = time.perf_counter() - started
    state = "intact" if broken is None else f"broken at {broken}"
    print(f"\naudit chain: {checked:,} entries verified in {elapsed:.2f} s ({state})")


if __name__ == "__main__":
    main()
