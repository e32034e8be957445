import datetime

from django.shortcuts import render
from django.utils import timezone

from .. import hiring, rules, selectors
from ..models import Assignment, Attempt, Attendance, Exam, SelfStudy


def home(request):
    """My training: this year's hours against the target, exams to take, sessions ahead, surveys to answer, and
    for a new hire the induction (新进人员培训). Leaders also see what waits for them."""
    user = request.user
    now = timezone.now()
    year = now.astimezone(timezone.get_current_timezone()).year
    probation = hiring.active_probation(user)
    induction = None
    if probation is not None:
        induction = {"probation": probation, "assignment": Assignment.objects.filter(
            probation_id=probation.pk, exam__kind=Exam.Kind.INDUCTION).select_related("exam").first()}
    led = list(selectors.led_departments(user))
    leader = None
    if led:
        since = now - datetime.timedelta(days=30)
        leader = {
            "to_mark": selectors.attempts_to_mark(user)[:10],
            "self_study": SelfStudy.objects.filter(department__in=led, state=SelfStudy.State.PENDING)
            .exclude(person=user).select_related("person")[:10],
            "failed": [attempt for department in led for attempt in selectors.failed_attempts(department, since)[:10]],
        }
    return render(request, "training/home.html", {
        "year": year,
        "ledger": selectors.person_ledger(user, year) if getattr(user, "profile", None) else None,
        "assignments": selectors.open_assignments(user, now),
        "upcoming": selectors.upcoming_for(user, now),
        "surveys": selectors.surveys_due(user, now),
        "induction": induction,
        "recent": Attendance.objects.filter(person=user).exclude(session__state="cancelled")
        .select_related("session").order_by("-session__starts_at")[:8],
        "results": Attempt.objects.finished().filter(person=user).select_related("exam")[:8],
        "leader": leader,
        "can_manage_exams": any(rules.can_manage_exams(user, department) for department in led),
    })
