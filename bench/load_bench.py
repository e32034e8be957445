"""Load: N signed-in users without think time against gunicorn on 127.0.0.1, each page's latency beside the bare
table's under the same load.

    python bench/hospital_bench.py --only NOTHING          (seed the hospital once, if not yet)
    python bench/load_bench.py                              (SQLite: /tmp/hospital-bench.sqlite3)
    DATABASE_URL=postgres://xinke:xinke@127.0.0.1:5432/xinke_bench python bench/load_bench.py
    options: --users 20 --seconds 60 --max-requests 20000 --workers 3 --worker-class gthread --threads 4 --port 8097

Collects the static files and starts gunicorn (bench/load_wsgi.py: the project as deployed, DEBUG off, plus the bare 50-row table at
/bench/bare/), signs each user in through the real sign-in form (CSRF token, employee number, password), then every
user requests pages of a mix (inbox, leave lists, grants, scorecards, calendar, home, the bare table) one after the
other until --seconds or --max-requests, whichever comes first. Prints the throughput and, per page, p50/p95/p99
and the ratio of its p95 to the bare table's p95 (target ≤ 2). Only 127.0.0.1; gunicorn is stopped at the end.
The clients run in this process: on two cores they take CPU from the server, so compare ratios, not absolutes.
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/hospital-bench.sqlite3")
PASSWORD = "bench-password-1"  # bench/hospital_seed.py gives the named people this password
HOST = "127.0.0.1"
# (label, path, who may open it: "all" or a role key of the users below)
MIX = [
    ("home page", "/", "all"),
    ("approvals inbox", "/approvals/", "approver"),
    ("my leave", "/leave/", "all"),
    ("leave list, team", "/leave/?scope=team", "hr"),
    ("grants register", "/authz/grants/", "it"),
    ("scorecards", "/appraisal/", "all"),
    ("working-day calendar", "/calendar/", "all"),
    ("notifications", "/notifications/", "all"),
    ("bare 50-row table", "/bench/bare/", "all"),
]


KEYS = {"SECRET_KEY": secrets.token_urlsafe(40), "AUDIT_KEY": secrets.token_urlsafe(40)}


def server_env(database_url):
    env = dict(os.environ, DATABASE_URL=database_url, DEBUG="0", ALLOWED_HOSTS=HOST,
               SECRET_KEY=os.environ.get("SECRET_KEY", KEYS["SECRET_KEY"]),
               AUDIT_KEY=os.environ.get("AUDIT_KEY", KEYS["AUDIT_KEY"]),
               SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", XINKE_REQUIRE_MFA="0", SECURE_HSTS_SECONDS="0")
    env.pop("XINKE_TESTING", None)
    return env


def prepare_users(count, database_url):
    """The named people (approver, IT, HR) and bulk staff members with the bench password, as (username, role)."""
    os.environ.update(server_env(database_url))
    os.environ.pop("XINKE_TESTING", None)  # the server's password hashers, not the tests' fast one
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    from staff.models import User

    named = [("9901", "approver"), ("9902", "it"), ("9911", "hr")]
    missing = [username for username, _role in named if not User.objects.filter(username=username).exists()]
    if missing:
        sys.exit(f"no seeded hospital in {database_url}: run bench/hospital_bench.py --only NOTHING first")
    members = list(User.objects.filter(username__startswith="h0", is_active=True).order_by("pk")
                   .values_list("username", flat=True)[:max(0, count - len(named))])
    hashed = make_password(PASSWORD)
    User.objects.filter(username__in=members + [username for username, _role in named]).update(
        password=hashed, must_change_password=False)
    people = (named + [(username, "member") for username in members])[:count]
    return [(username, role) for username, role in people]


def wait_for(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not listen on {HOST}:{port} within {seconds} s")


class User:
    def __init__(self, base, username, role):
        self.base, self.username, self.role = base, username, role
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        request = urllib.request.Request(self.base + path, headers={"Accept-Language": "zh-hans"})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read(), response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, error.read(), self.base + path

    def sign_in(self):
        """Through the real form: the CSRF token from the page, then the employee number and password."""
        _status, body, _url = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": self.username,
                                       "password": PASSWORD}).encode()
        request = urllib.request.Request(self.base + "/accounts/login/", data=data,
                                         headers={"Referer": self.base + "/accounts/login/"})
        with self.opener.open(request, timeout=60) as response:
            if "/accounts/login/" in response.geturl():
                raise SystemExit(f"{self.username} could not sign in")

    def pages(self):
        return [(label, path) for label, path, who in MIX if who in ("all", self.role)]


def run_user(user, deadline, budget, results, lock):
    pages = user.pages()
    turn = 0
    while time.monotonic() < deadline:
        with lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        label, path = pages[turn % len(pages)]
        turn += 1
        started = time.perf_counter()
        status, _body, _url = user.get(path)
        elapsed = time.perf_counter() - started
        with lock:
            results.append((label, elapsed, status))


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(results, seconds):
    print(f"\n{len(results):,} responses in {seconds:.1f} s: {len(results) / seconds:.1f} responses/s, "
          f"{sum(1 for _l, _e, status in results if status != 200)} not 200")
    by_page = {}
    for label, elapsed, status in results:
        by_page.setdefault(label, []).append((elapsed, status))
    bare = [elapsed for elapsed, _status in by_page.get("bare 50-row table", [])]
    bare_p95 = percentile(bare, 0.95) if bare else None
    print(f"{'page':<24} {'n':>6} {'errors':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'p95/bare':>9}")
    for label, _path, _who in MIX:
        samples = by_page.get(label)
        if not samples:
            continue
        times = [elapsed for elapsed, _status in samples]
        errors = sum(1 for _elapsed, status in samples if status != 200)
        ratio = f"{percentile(times, 0.95) / bare_p95:8.2f}×" if bare_p95 else "        -"
        print(f"{label:<24} {len(times):6d} {errors:6d} {statistics.median(times) * 1000:6.0f}ms "
              f"{percentile(times, 0.95) * 1000:6.0f}ms {percentile(times, 0.99) * 1000:6.0f}ms {ratio}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--worker-class", default="gthread", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8097)
    options = parser.parse_args()
    database_url = os.environ["DATABASE_URL"]
    env = server_env(database_url)
    people = prepare_users(options.users, database_url)
    command = [str(ROOT / ".venv/bin/gunicorn"), "bench.load_wsgi:application", "--bind", f"{HOST}:{options.port}",
               "--workers", str(options.workers), "--worker-class", options.worker_class,
               "--threads", str(options.threads), "--log-level", "warning", "--chdir", str(ROOT)]
    print(f"database {database_url}; gunicorn {options.workers} × {options.worker_class}"
          f"{f' ({options.threads} threads)' if options.worker_class == 'gthread' else ''}; {len(people)} users, "
          f"{options.seconds:.0f} s or {options.max_requests:,} requests", flush=True)
    # Deployed static files (a manifest of hashed names), as the deploy step makes them.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=ROOT,
                   check=True)
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        wait_for(options.port)
        base = f"http://{HOST}:{options.port}"
        users = [User(base, username, role) for username, role in people]
        for user in users:
            user.sign_in()
        for user in users:  # one warm-up round each (templates, connections)
            for _label, path in user.pages():
                user.get(path)
        results, lock, budget = [], threading.Lock(), [options.max_requests]
        started = time.monotonic()
        threads = [threading.Thread(target=run_user, args=(user, started + options.seconds, budget, results, lock))
                   for user in users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report(results, time.monotonic() - started)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
