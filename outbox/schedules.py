"""Beat schedules live in django-celery-beat's tables so admins can change them in Django admin.

They are created once with these defaults; an admin's later edits are kept.
"""

DEFAULT_SCHEDULES = [
    # (name, task, every N seconds)
    ("outbox: publish waiting work", "outbox.tasks.flush", 60),
    ("notifications: send robot pushes that waited (rate, retries)", "notifications.tasks.push_due", 30),
    ("approvals: remind and escalate overdue steps", "approvals.tasks.deadlines", 15 * 60),
    ("authz: end outside technicians' access at the end of its window", "authz.tasks.expire_external_access", 5 * 60),
    ("authz: open the quarter's access reviews, remind late reviewers", "authz.tasks.open_access_reviews", 60 * 60),
    ("authz: remind new account holders to change the initial password", "authz.tasks.remind_password_change", 30 * 60),
    ("hiring: remind HR of start dates to notify (3-day notice)", "hiring.tasks.notice_reminders", 60 * 60),
    ("hiring: remind of probations ending or overdue", "hiring.tasks.probation_reminders", 60 * 60),
    # Idempotent: catches a completed departure or transfer whose date came while the worker was down.
    ("offboarding: apply departures and transfers whose date has come", "offboarding.tasks.apply_due_handovers",
     60 * 60),
    ("leave: remind leaders of leave ended without a recorded return", "leave.tasks.remind_overdue_returns", 60 * 60),
    ("appraisal: mark exports interrupted by a restart as failed", "appraisal.tasks.fail_stalled_exports", 15 * 60),
    ("training: give new hires the induction exam", "training.tasks.assign_induction_exams", 60 * 60),
    ("training: hand in exam papers past their time limit", "training.tasks.expire_overdue_attempts", 5 * 60),
    ("training: remind the people on a session's list the day before", "training.tasks.remind_upcoming_sessions",
     60 * 60),
    # The task itself waits for the reminder hour of the duty policy (Django admin) and reminds each duty once.
    ("duty: remind of tomorrow's duty", "dutyroster.tasks.remind_tomorrow", 30 * 60),
    ("duty: propose handovers and take-overs missing after the grace period", "dutyroster.tasks.propose_missing_handovers",
     10 * 60),
    ("duty: find fault calls that missed their targets", "dutyroster.tasks.check_open_calls", 5 * 60),
]

# (name, task, crontab fields): work due at a time of day or on a day of the month, in the app's time zone.
DEFAULT_CRONTABS = [
    # Sign-in of a departing person ends on the departure date (离岗人员不得再使用其工号密码).
    ("offboarding: disable sign-in and move profiles on the handover date", "offboarding.tasks.apply_due_handovers",
     {"minute": "1", "hour": "0"}),
    ("leave: open the year's annual leave balances (carry-over)", "leave.tasks.open_leave_year",
     {"minute": "10", "hour": "0", "day_of_month": "1", "month_of_year": "1"}),
    ("appraisal: create the month's scorecards on the 1st", "appraisal.tasks.create_month_scorecards",
     {"minute": "5", "hour": "0", "day_of_month": "1"}),
    ("appraisal: remind of self-assessments due and reviews overdue", "appraisal.tasks.send_reminders",
     {"minute": "30", "hour": "8"}),
    # Daily; the task itself reads the review deadline day from the appraisal policy (Django admin).
    ("appraisal: roll up the months whose review deadline has passed", "appraisal.tasks.rollup_due_months",
     {"minute": "15", "hour": "1"}),
    ("duty: propose patrol weeks without a confirmed visit", "dutyroster.tasks.propose_missed_patrols",
     {"minute": "20", "hour": "2"}),
    # The State Council's notice for next year usually comes out in November; reminded until it is loaded.
    ("workcalendar: remind HR and admins to load next year's holiday notice",
     "workcalendar.tasks.remind_to_load_next_year",
     {"minute": "0", "hour": "9", "day_of_week": "1", "month_of_year": "11,12"}),
    # Daily; the task reads the reminder days (1 Jul, 1 Oct, 1 Dec) from the training policy and sends each once.
    ("training: remind people behind on training hours", "training.tasks.remind_behind_on_hours",
     {"minute": "0", "hour": "9"}),
]


def ensure_schedules():
    from django.conf import settings
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    for name, task, seconds in DEFAULT_SCHEDULES:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        interval, _ = IntervalSchedule.objects.get_or_create(every=seconds, period=IntervalSchedule.SECONDS)
        PeriodicTask.objects.create(name=name, task=task, interval=interval)
    for name, task, fields in DEFAULT_CRONTABS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(**{
            "minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*",
            "timezone": settings.TIME_ZONE, **fields})
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab)


def ensure_schedules_after_migrate(**kwargs):
    ensure_schedules()
