"""Bulk rows of a whole hospital for the page benchmark (bench/hospital_bench.py) and the export benchmark:
5,000 staff in 200 departments, each department with a head who supervises it, 50,000 account requests with their
approval requests and steps (10,000 waiting for one approver), the grants they gave, 50,000 leave requests,
a year of monthly scorecards (60,000, every score entered and locked), 24,000 discipline incidents, a year of
training (12 sessions a department: 60,000 attendance rows, and a self-study record each), and a training and
duty-roster department. Written with bulk_create and set-wise UPDATEs, so it takes minutes, not hours.

Not a demo: the rows are plausible but uniform. The real flows are exercised by the services' tests.
"""

import datetime
import time

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Mod

from .authz_seed import BATCH, bulk_hospital
from .leave_seed import bulk_leaves

# The last month of the scorecard year: the month the export benchmark writes out.
LAST_MONTH = datetime.date(2026, 11, 1)
POSTS = ["system_admin", "security_admin", "database_admin", "network_admin"]
BENCH_PREFIX = "h"  # usernames h000000…, departments hd0…


def months_back(last, count):
    """`count` first days of months, the oldest first, ending with `last`."""
    months, month = [], last
    for _n in range(count):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _user(username, name, department, role):
    from staff.models import StaffProfile, User

    user, created = User.objects.get_or_create(username=username, defaults={"name": name,
                                                                             "must_change_password": False})
    if created:
        user.set_password("bench-password-1")  # the load benchmark signs in through the real form
        user.save()
        user.groups.add(Group.objects.get(name=role.value))
        StaffProfile.objects.create(user=user, department=department)
    return user


def people():
    """The named people the benchmark signs in as (created once; the bulk rows come after)."""
    from core.roles import Role
    from staff.models import Department

    it, _ = Department.objects.get_or_create(code="it", defaults={"name": "信息科", "kind": Department.Kind.IT})
    ward, _ = Department.objects.get_or_create(code="bench-ward", defaults={"name": "基准病区"})
    hr_department, _ = Department.objects.get_or_create(code="hr", defaults={"name": "人事科"})
    approver = _user("9901", "基准主任", ward, Role.DEPARTMENT_HEAD)
    engineer = _user("9902", "基准工程师", it, Role.STAFF)
    hr = _user("9911", "基准人事", hr_department, Role.HR)
    if ward.head_id != approver.pk:
        ward.head = approver
        ward.save(update_fields=["head"])
    return {"approver": approver, "it": engineer, "hr": hr}


@transaction.atomic
def heads_and_posts(prefix=BENCH_PREFIX):
    """Each bulk department gets its first member as head and supervisor of the others; every bulk member gets one
    of the four IT posts that have a scorecard template, in turn."""
    from core.roles import Role
    from staff.models import Department, Post, StaffProfile, User

    departments = list(Department.objects.filter(code__startswith=f"{prefix}d", head__isnull=True).order_by("pk"))
    first = {}
    for user_id, department_id in (StaffProfile.objects.filter(department__in=departments)
                                   .order_by("user_id").values_list("user_id", "department_id")):
        first.setdefault(department_id, user_id)
    for department in departments:
        department.head_id = first.get(department.pk)
    Department.objects.bulk_update(departments, ["head"], batch_size=BATCH)
    group = Group.objects.get(name=Role.DEPARTMENT_HEAD.value)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user_id, group_id=group.pk) for user_id in first.values()],
        ignore_conflicts=True)
    bulk = StaffProfile.objects.filter(department__code__startswith=f"{prefix}d")
    # One UPDATE per department would be 200 queries; a correlated subquery does it in one.
    bulk.exclude(user_id__in=list(first.values())).update(
        supervisor_id=Subquery(Department.objects.filter(pk=OuterRef("department_id")).values("head_id")[:1]))
    posts = list(Post.objects.filter(code__in=POSTS).order_by("code"))
    for number, post in enumerate(posts):
        bulk.annotate(turn=Mod("user_id", len(posts))).filter(turn=number).update(post=post)
    return len(departments)


def leaves(count, prefix=BENCH_PREFIX):
    """`count` leave requests over the bulk departments' members, a year's worth from January."""
    from staff.models import Department, User

    departments = list(Department.objects.filter(code__startswith=f"{prefix}d").order_by("pk"))
    per_department = count // len(departments)
    made = 0
    for department in departments:
        members = list(User.objects.filter(profile__department=department).order_by("pk"))
        made += bulk_leaves(people=members, count=per_department, department=department,
                            first_day=datetime.date(2026, 1, 5))
    return made


def scorecards(months):
    """Every month's scorecards through the service that opens a month, then every score entered (80–100 % of each
    item's points) and the cards locked, with a bonus or deduction line on one card in ten."""
    from appraisal import services
    from appraisal.models import Adjustment, Scorecard

    made = 0
    for period in months:
        made += services.scorecards_create_for_month(period=period)
    with connection.cursor() as cursor:
        cursor.execute("""
            UPDATE appraisal_scoreline SET
              self_score = (SELECT ROUND(max_points * (0.90 + (appraisal_scoreline.id % 3) * 0.05), 1)
                            FROM appraisal_templateitem WHERE id = item_id),
              reviewer_score = (SELECT ROUND(max_points * (0.80 + (appraisal_scoreline.id % 5) * 0.05), 1)
                                FROM appraisal_templateitem WHERE id = item_id)
            WHERE self_score IS NULL""")
    Scorecard.objects.filter(period__in=months).update(
        state=Scorecard.State.LOCKED, summary_gains="完成本月巡检与值班。", reviewer_opinion="工作认真负责。")
    Adjustment.objects.bulk_create([
        Adjustment(scorecard_id=pk, kind=Adjustment.Kind.BONUS if pk % 2 else Adjustment.Kind.DEDUCTION,
                   fact="周末加班" if pk % 2 else "被临床投诉1次", basis="院领导临时安排", points=2)
        for pk in Scorecard.objects.filter(period__in=months).values_list("pk", flat=True)[::10]], batch_size=BATCH)
    return made


def training(sessions_per_department, prefix=BENCH_PREFIX):
    """A year of training in every bulk department (its head organises; most members attend each session), and a
    self-study day of each member: the hours ledger's records. Returns the attendance rows written."""
    from staff.models import Department, User

    from .training_seed import bulk_hours_outside, bulk_sessions

    made = 0
    for department in Department.objects.filter(code__startswith=f"{prefix}d").select_related("head").order_by("pk"):
        members = list(User.objects.filter(profile__department=department).order_by("pk"))
        bulk_sessions(department=department, organiser=department.head, people=members,
                      count=sessions_per_department)
        bulk_hours_outside(department=department, people=members, count=len(members))
        made += sessions_per_department * len(members)
    return made


@transaction.atomic
def incidents(count, recorder, prefix=BENCH_PREFIX):
    """`count` incidents over the bulk members and 2026, of the rules with a fixed amount, in every state."""
    from discipline.models import Incident, Rule
    from staff.models import StaffProfile

    members = list(StaffProfile.objects.filter(department__code__startswith=f"{prefix}d")
                   .order_by("user_id").values_list("user_id", "department_id"))
    rules = list(Rule.objects.filter(amount__isnull=False, measure="").exclude(effect=Rule.Effect.MULTIPLIER))
    states = [Incident.State.ACKNOWLEDGED, Incident.State.CONFIRMED, Incident.State.PROPOSED,
              Incident.State.ACKNOWLEDGED]
    rows = []
    for n in range(count):
        user_id, department_id = members[(n * 7) % len(members)]
        rule = rules[n % len(rules)]
        rows.append(Incident(person_id=user_id, department_id=department_id, rule=rule,
                             occurred_on=datetime.date(2026, 1 + n % 11, 1 + n % 28), facts=f"事实{n}",
                             recorded_by=recorder, state=states[n % len(states)], amount=rule.amount))
    Incident.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def seed(*, staff=5000, approvals=50000, leave_requests=50000, scorecard_months=12, incident_count=24000,
         training_sessions=12):
    """The whole hospital, once: a database that already holds it is reused. Returns the named people."""
    from appraisal.models import Scorecard
    from authz.models import AccountRequest
    from discipline.models import Incident
    from leave.models import LeaveRequest
    from staff.models import Department, User
    from training.models import Attendance

    named = people()
    steps = []

    def step(label, done, action):
        """Run `action` unless `done()` says an earlier run did (a seed cut short goes on where it stopped)."""
        if done():
            return
        started = time.perf_counter()
        result = action()
        print(f"  seeded {label}: {result} ({time.perf_counter() - started:.0f} s)", flush=True)
        steps.append(label)

    bulk = User.objects.filter(username__startswith=BENCH_PREFIX)
    step("staff, account requests, approvals, grants", lambda: AccountRequest.objects.filter(
        applicant__in=bulk).exists(), lambda: bulk_hospital(
        staff=staff, requests=approvals, approver=named["approver"], executor=named["it"], prefix=BENCH_PREFIX,
        waiting_share=0.2))
    step("department heads and posts", lambda: not Department.objects.filter(
        code__startswith=f"{BENCH_PREFIX}d", head__isnull=True).exists(), heads_and_posts)
    step("leave requests", lambda: LeaveRequest.objects.filter(person__in=bulk).exists(),
         lambda: leaves(leave_requests))
    months = months_back(LAST_MONTH, scorecard_months)
    step("scorecards", lambda: Scorecard.objects.filter(period=months[-1]).exists(), lambda: scorecards(months))
    step("incidents", lambda: Incident.objects.filter(person__in=bulk).exists(),
         lambda: incidents(incident_count, named["hr"]))
    step("training records", lambda: Attendance.objects.filter(person__in=bulk).exists(),
         lambda: training(training_sessions))
    if not steps:
        print("reusing the seeded database")
    with connection.cursor() as cursor:  # fresh statistics, as after a night's autovacuum (a reused database may
        cursor.execute("ANALYZE")        # have been migrated since: a new table without statistics is planned blind)
    return named
