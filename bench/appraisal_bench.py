#!/usr/bin/env python
"""Appraisal at hospital size: 5,000 scorecards of one month. Prints seconds and peak memory for the rollup,
the Excel workbook and the PDF score sheets, and the scorecard list against a bare Django 50-row table.

    python bench/appraisal_bench.py [--people 5000] [--runs 5] [--only excel]
    python bench/appraisal_bench.py --database-url postgres://xinke:xinke@127.0.0.1:5432/xinke_appraisal_bench

Targets (issue 16): rollup < 3 s, Excel < 6 s, 5,000 PDF sheets < 30 s, peak memory < 300 MB, the list within
2× the bare table. Each step prints its wall time and its CPU time: on a machine shared with other work the wall
time is that machine's, the CPU time is the export's (the database server's own CPU is not in it). By default it
builds its own SQLite database in a temporary folder; with --database-url (PostgreSQL) it creates that database,
dropping an earlier one of the same name, and drops it at the end (the role needs CREATEDB). Each step runs in a
forked child, so "peak" is that step's own maximum resident memory. The folder is removed at the end.
"""

import argparse
import datetime
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="appraisal-bench-"))


def _database_url():
    """--database-url, read before Django is set up (settings read DATABASE_URL once)."""
    for n, arg in enumerate(sys.argv):
        if arg == "--database-url" and n + 1 < len(sys.argv):
            return sys.argv[n + 1]
        if arg.startswith("--database-url="):
            return arg.split("=", 1)[1]
    return f"sqlite:///{WORK / 'bench.sqlite3'}"


os.environ["DATABASE_URL"] = _database_url()
os.environ["XINKE_TESTING"] = "1"  # tasks in-process, a local cache, no secret key needed
os.environ["PROTECTED_MEDIA_ROOT"] = str(WORK / "uploads")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

PERIOD = datetime.date(2026, 10, 1)
POSTS = ["system_admin", "security_admin", "database_admin", "network_admin"]
TARGETS = {"rollup": 3, "excel": 6, "pdf": 30}
PEAK_MB = 300


def build(people):
    """Departments, people with posts and supervisors, the month's scorecards, confirmed, with some lines."""
    from appraisal import services
    from appraisal.models import Adjustment, Scorecard
    from staff.models import Department, Post, StaffProfile, User

    call_command("migrate", verbosity=0)
    departments = Department.objects.bulk_create([
        Department(code=f"d{n}", name=f"科室{n:03d}", kind=Department.Kind.IT, sort_order=n) for n in range(50)])
    posts = {post.code: post for post in Post.objects.filter(code__in=POSTS)}
    heads = User.objects.bulk_create([User(username=f"h{n:04d}", name=f"主任{n}") for n in range(50)])
    for department, head in zip(departments, heads):
        department.head = head
    Department.objects.bulk_update(departments, ["head"])
    users = User.objects.bulk_create([User(username=f"{n:05d}", name=f"员工{n}") for n in range(people)])
    StaffProfile.objects.bulk_create([
        StaffProfile(user=user, department=departments[n % 50], post=posts[POSTS[n % 4]], supervisor=heads[n % 50],
                     id_number="", status=StaffProfile.Status.REGULAR)
        for n, user in enumerate(users)], batch_size=1000)
    started = time.perf_counter()
    created = services.scorecards_create_for_month(period=PERIOD)
    opened = time.perf_counter() - started
    with connection.cursor() as cursor:  # scores between 80% and 100% of each item's points
        cursor.execute("""
            UPDATE appraisal_scoreline SET
              self_score = (SELECT ROUND(max_points * (0.90 + (appraisal_scoreline.id % 3) * 0.05), 1)
                            FROM appraisal_templateitem WHERE id = item_id),
              reviewer_score = (SELECT ROUND(max_points * (0.80 + (appraisal_scoreline.id % 5) * 0.05), 1)
                                FROM appraisal_templateitem WHERE id = item_id)""")
    Scorecard.objects.update(state=Scorecard.State.LOCKED, summary_gains="完成本月巡检与值班。",
                             reviewer_opinion="工作认真负责。")
    Adjustment.objects.bulk_create([
        Adjustment(scorecard_id=pk, kind=Adjustment.Kind.BONUS if pk % 2 else Adjustment.Kind.DEDUCTION,
                   fact="周末加班" if pk % 2 else "被临床投诉1次", basis="院领导临时安排", points=2)
        for pk in Scorecard.objects.values_list("pk", flat=True)[::10]], batch_size=1000)
    return created, opened


def _child(step, pipe):
    started, cpu = time.perf_counter(), time.process_time()
    result = step()
    pipe.send((time.perf_counter() - started, time.process_time() - cpu,
               resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, result))
    pipe.close()


def measured(step):
    """(seconds, CPU seconds, peak resident MB, result) of step() run in a forked child."""
    connections.close_all()
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("fork").Process(target=_child, args=(step, child))
    process.start()
    outcome = parent.recv()
    process.join()
    return outcome


def rollup():
    from appraisal.services import month_rollup

    return month_rollup(period=PERIOD).completed


def export(fmt):
    def run():
        from appraisal.exporters import exporter_for

        path = WORK / f"month.{fmt}"
        with path.open("wb") as out:
            exporter_for(fmt, period=PERIOD).write(out)
        return path.stat().st_size

    return run


def list_against_bare(rounds=30):
    """Median time of HR's scorecard list (50 rows, the whole page) and of a bare 50-row table through the same
    middleware, sign-in and base-less template engine."""
    import types

    from django.http import HttpResponse
    from django.template import engines
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import path

    from appraisal.models import Scorecard
    from staff.models import User
    from core.roles import Role

    table = engines["django"].from_string(
        "<table>{% for sc in rows %}<tr><td>{{ sc.period }}</td><td>{{ sc.user.name }}</td><td>{{ sc.department }}"
        "</td><td>{{ sc.template.post }}</td><td>{{ sc.reviewer.name }}</td><td>{{ sc.get_state_display }}</td>"
        "<td>{{ sc.result_final }}</td><td>{{ sc.result_grade }}</td><td>{{ sc.result_rank }}</td></tr>"
        "{% endfor %}</table>")

    def bare(request):
        rows = Scorecard.objects.select_related("user", "department", "template__post", "reviewer").order_by(
            "-period", "department__sort_order", "user__username")[:50]
        return HttpResponse(table.render({"rows": rows}, request))

    from config import urls

    urlconf = types.ModuleType("bench_urls")
    urlconf.urlpatterns = [path("bench/bare/", bare), *urls.urlpatterns]
    sys.modules["bench_urls"] = urlconf
    hr = User.objects.create_user("9999", password="x", name="人事", must_change_password=False)
    from django.contrib.auth.models import Group

    hr.groups.add(Group.objects.get(name=Role.HR.value))
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(hr)
        timings = {}
        for name, url in (("list", "/appraisal/"), ("bare", "/bench/bare/")):
            client.get(url)
            samples = []
            for _ in range(rounds):
                started = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - started)
                assert response.status_code == 200, (url, response.status_code)
            timings[name] = statistics.median(samples)
    return timings


def postgres_database(create):
    """Create (after dropping a leftover of an earlier run) or drop the --database-url PostgreSQL database."""
    import psycopg

    database = settings.DATABASES["default"]
    name = database["NAME"]
    with psycopg.connect(dbname="postgres", user=database["USER"], password=database["PASSWORD"],
                         host=database["HOST"] or None, port=database["PORT"] or None, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            server.execute(f'CREATE DATABASE "{name}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=1, help="run each export this many times (every run must pass)")
    parser.add_argument("--database-url", help="a PostgreSQL database to create, use and drop (default: SQLite)")
    parser.add_argument("--only", choices=["rollup", "excel", "pdf"], action="append",
                        help="only these steps (repeatable); the list is then skipped too")
    options = parser.parse_args()
    people = options.people
    engine = settings.DATABASES["default"]["ENGINE"]
    postgres = "postgresql" in engine
    where = f"PostgreSQL database {settings.DATABASES['default']['NAME']}" if postgres else f"SQLite in {WORK}"
    print(f"Appraisal benchmark: {people} scorecards of {PERIOD:%Y-%m}, {where}")
    if postgres:
        postgres_database(create=True)
    try:
        run(options)
    finally:
        connections.close_all()
        if postgres:
            postgres_database(create=False)


def run(options):
    people = options.people
    started = time.perf_counter()
    created, opened = build(people)
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as a database that has lived a while has
    print(f"  setup: {created} scorecards ({created * 26:,}+ score lines) in {time.perf_counter() - started:.1f} s;"
          f" opening the month (creating them) took {opened:.2f} s")
    results = {}
    steps = [("rollup", rollup), ("excel", export("xlsx")), ("pdf", export("pdf"))]
    steps = [(name, step) for name, step in steps if not options.only or name in options.only] * options.runs
    for name, step in steps:
        seconds, cpu, peak, result = measured(step)
        results[name] = (seconds, peak)
        detail = f"{result} confirmed" if name == "rollup" else f"{result / 1024 / 1024:.1f} MB file"
        verdict = "ok" if seconds < TARGETS[name] and peak < PEAK_MB else "OVER TARGET"
        print(f"  {name:7} {seconds:7.2f} s (CPU {cpu:6.2f} s)   peak {peak:6.0f} MB   ({detail}; target < "
              f"{TARGETS[name]} s, < {PEAK_MB} MB: {verdict})", flush=True)
    if not options.only:
        connections.close_all()
        timings = list_against_bare()
        ratio = timings["list"] / timings["bare"]
        print(f"  list    {timings['list'] * 1000:7.1f} ms (HR, 50 rows, whole page)  bare 50-row table "
              f"{timings['bare'] * 1000:.1f} ms  ratio {ratio:.2f} (target ≤ 2: {'ok' if ratio <= 2 else 'OVER TARGET'})")
    print(f"  database engine: {settings.DATABASES['default']['ENGINE']}; load average "
          f"{' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    try:
        main()
    finally:
        connections.close_all()
        shutil.rmtree(WORK, ignore_errors=True)
