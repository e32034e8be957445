import datetime

from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from staff.models import StaffProfile

from .. import hiring, rules, selectors
from ..models import Assignment, Attempt, Attendance, Exam, SelfStudy, TrainingPolicy


def _leader_panel(user, led, now):
    """Papers to mark and recent fails (one query), self-study to confirm (one query)."""
    since = now - datetime.timedelta(days=30)
    attempts = list(Attempt.objects.filter(
        Q(state=Attempt.State.MARKING) & (Q(exam__created_by=user) | Q(exam__department__in=led))
        | Q(state=Attempt.State.MARKED, passed=False, submitted_at__gte=since, person__profile__department__in=led))
        .exclude(person=user).select_related("exam", "person").order_by("-submitted_at")[:20])
    return {
        "to_mark": [attempt for attempt in attempts if attempt.state == Attempt.State.MARKING],
        "failed": [attempt for attempt in attempts if attempt.state == Attempt.State.MARKED],
        "self_study": SelfStudy.objects.filter(department__in=led, state=SelfStudy.State.PENDING)
        .exclude(person=user).select_related("person")[:10],
    }


@require_safe
def home(request):
    """My training: this year's hours against the target, exams to take, sessions ahead, surveys to answer, and
    for a new hire the induction (新进人员培训). Leaders also see what waits for them."""
    user = request.user
    now = timezone.now()
    year = timezone.localdate(now).year
    policy = TrainingPolicy.current()
    ledger = selectors.person_ledger(user, year, policy=policy)
    profile = getattr(ledger.person, "profile", None)
    if profile is not None:
        user.profile = profile  # read with the ledger: the page shell needs it too
    induction = None
    if profile is not None and profile.status == StaffProfile.Status.PROBATION:
        probation = hiring.active_probation(user)
        if probation is not None:
            induction = {"probation": probation, "assignment": Assignment.objects.filter(
                probation_id=probation.pk, exam__kind=Exam.Kind.INDUCTION).select_related("exam").first()}
    led = list(selectors.led_departments(user))
    return render(request, "training/home.html", {
        "year": year,
        "ledger": ledger if profile is not None else None,
        "assignments": selectors.open_assignments(user, now),
        "upcoming": selectors.upcoming_for(user, now),
        "surveys": selectors.surveys_due(user, now, policy),
        "induction": induction,
        "recent": Attendance.objects.filter(person=user, session__starts_at__lte=now)
        .exclude(session__state="cancelled")
        .select_related("session").order_by("-session__starts_at")[:8],
        "results": Attempt.objects.finished().filter(person=user).select_related("exam")[:8],
        "leader": _leader_panel(user, led, now) if led else None,
        "can_manage_exams": any(rules.can_manage_exams(user, department) for department in led),
    })
