"""Every list page and the home page of a 5,000-staff hospital, each interleaved with a bare Django table.

    python bench/hospital_bench.py                                   (SQLite: /tmp/hospital-bench.sqlite3)
    DATABASE_URL=postgres://xinke:xinke@127.0.0.1:5432/xinke_bench python bench/hospital_bench.py
    options: --scale 0.1 (500 staff, 5,000 leave and approval requests…)  --samples N  --warmups N  --only WORD
             --reseed (SQLite: start over)

Seeds the configured database once (bench/hospital_seed.py: 5,000 staff, 50,000 leave requests, 50,000 approval
requests, 60,000 scorecards, 24,000 incidents, a training and a duty department), then for each page alternates
one request for the page and one for the floor — a bare view that renders a 50-row table of grants from one joined
query through the same middleware — for the warm-ups and then the samples, so a drift of the machine's speed
touches both alike. Prints for each page: median and p95 of the page, median of the floor in the same run, their
ratio, the queries the page ran and the rows it showed. Target: ratio ≤ 2 and ≤ 15 queries. It prints figures and
asserts nothing (a page that does not answer 200 is reported).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/hospital-bench.sqlite3")

from bench.authz_bench import install_bare_view  # noqa: E402 (sets up Django with the same settings)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

FLOOR = "/bench/bare/"


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_get(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    return elapsed, response


def interleaved(client, url, floor_client, warmups, samples):
    """(page timings, floor timings, status, body) of `samples` A/B pairs after `warmups` pairs."""
    pages, floors, response = [], [], None
    for number in range(warmups + samples):
        page_time, response = timed_get(client, url)
        floor_time, _floor = timed_get(floor_client, FLOOR)
        if number >= warmups:
            pages.append(page_time)
            floors.append(floor_time)
        if response.status_code != 200:
            break
    return pages, floors, response


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def clients(named):
    made = {}
    for key, user in named.items():
        client = Client()
        client.force_login(user)
        made[key] = client
    return made


def page_list(named, data):
    """(label, client key, url, row marker) of every list page and the home page."""
    head_department = data["head_department"]
    pages = [
        ("home page, department head", "approver", "/", 'class="list-group-item'),
        ("home page, HR", "hr", "/", 'class="list-group-item'),
        ("home page, staff member", "member", "/", 'class="list-group-item'),
        (f"approvals inbox ({data['waiting']:,} waiting)", "approver", "/approvals/", 'id="step-'),
        ("my approval requests", "member", "/approvals/mine/", "<tr"),
        (f"grants register (IT, {data['grants']:,} in force)", "it", "/authz/grants/", 'data-testid="grant"'),
        ("grants register, filtered by system", "it", f"/authz/grants/?system={data['system']}&state=active",
         'data-testid="grant"'),
        ("account requests (IT)", "it", "/authz/", "<tr"),
        ("IT queue", "it", "/authz/it/", "<tr"),
        (f"leave list, HR ({data['leaves']:,} requests)", "hr", "/leave/?scope=team", "<tr"),
        ("leave list, HR, a department's open ones", "hr", f"/leave/?scope=team&department={head_department}",
         "<tr"),
        ("leave list, a department head", "head", "/leave/?scope=team", "<tr"),
        ("my leave", "member", "/leave/", "<tr"),
        (f"scorecards, HR ({data['scorecards']:,})", "hr", "/appraisal/", "<tr"),
        ("scorecards, a department head", "head", "/appraisal/", "<tr"),
        (f"incidents, HR ({data['incidents']:,})", "hr", "/discipline/", "<tr"),
        ("incidents, a department head", "head", "/discipline/", "<tr"),
        ("staff directory (HR)", "hr", "/staff/", "<tr"),
        ("notifications", "approver", "/notifications/", "<li"),
        ("handovers (HR)", "hr", "/offboarding/", "<tr"),
        ("working-day calendar", "hr", "/calendar/", "<td"),
        # HR sees its own department's sessions (training.rules.can_view_session), none of the wards': a head's
        ("training sessions, a department head", "head", "/training/sessions/?when=past", "<tr"),
        ("training hours (HR)", "hr", "/training/hours/", "<tr"),
        ("training hours (HR), fewest hours first", "hr", "/training/hours/?order=hours", "<tr"),
        ("training hours (HR), only those behind", "hr", "/training/hours/?behind=on", "<tr"),
        ("duty rosters (HR)", "hr", "/duty/rosters/", "<tr"),
        ("duty logs (HR)", "hr", "/duty/logs/", "<tr"),
    ]
    return pages


def facts(named):
    from appraisal.models import Scorecard
    from approvals.selectors import inbox_steps
    from authz.models import Grant, InformationSystem
    from discipline.models import Incident
    from leave.models import LeaveRequest
    from staff.models import Department, User

    member = User.objects.filter(username__startswith="h0", profile__supervisor__isnull=False).order_by("pk").first()
    head = member.profile.supervisor
    return {
        "member": member, "head": head,
        "head_department": Department.objects.get(head=head).pk,
        "waiting": inbox_steps(named["approver"]).count(),
        "grants": Grant.objects.active().count(),
        "system": InformationSystem.objects.filter(grants__isnull=False).order_by("pk").first().pk,
        "leaves": LeaveRequest.objects.count(),
        "scorecards": Scorecard.objects.count(),
        "incidents": Incident.objects.count(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 50,000 leave requests; 0.1 = 5,000")
    parser.add_argument("--samples", type=int, default=25)
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--only", default="", help="measure only pages whose label contains this")
    parser.add_argument("--reseed", action="store_true")
    options = parser.parse_args()
    from bench.hospital_seed import seed

    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}", flush=True)
    if options.reseed and connection.vendor == "sqlite":
        connection.close()
        Path(settings.DATABASES["default"]["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    scale = options.scale
    named = seed(staff=round(5000 * scale), approvals=round(50000 * scale), leave_requests=round(50000 * scale),
                 incident_count=round(24000 * scale))
    data = facts(named)
    named.update(member=data["member"], head=data["head"])
    install_bare_view()
    logged_in = clients(named)
    print(f"{data['leaves']:,} leave requests, {data['scorecards']:,} scorecards, {data['incidents']:,} incidents, "
          f"{data['grants']:,} grants in force; {options.samples} A/B pairs after {options.warmups} warm-ups each\n")
    print(f"{'page':<48} {'median':>8} {'p95':>8} {'floor':>7} {'ratio':>6} {'queries':>7} {'rows':>5}")
    worst = 0
    for label, who, url, marker in page_list(named, data):
        if options.only and options.only.lower() not in label.lower():
            continue
        client = logged_in[who]
        pages, floors, response = interleaved(client, url, client, options.warmups, options.samples)
        if response.status_code != 200:
            print(f"{label:<48} answered {response.status_code} ({url})")
            continue
        reset_queries()
        median, floor = statistics.median(pages), statistics.median(floors)
        ratio = median / floor
        worst = max(worst, ratio)
        rows = response.content.decode().count(marker)
        print(f"{label:<48} {median * 1000:6.1f}ms {percentile(pages, 0.95) * 1000:6.1f}ms "
              f"{floor * 1000:5.1f}ms {ratio:5.2f}× {queries_of(client, url):7d} {rows:5d}", flush=True)
    print(f"\nworst ratio {worst:.2f}× (target ≤ 2×)")


if __name__ == "__main__":
    main()
