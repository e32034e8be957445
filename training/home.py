"""The home page's lists: exams to take, surveys to answer, and for leaders what waits for them. Each a constant
number of queries."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.home import WorkItem

from . import selectors
from .models import ExternalTraining, SelfStudy

LIMIT = 20


def exams_to_take(user):
    """Exams open for this person, with the induction exam's consequence said plainly (one query)."""
    items = []
    for assignment in selectors.open_assignments(user)[:LIMIT]:
        exam = assignment.exam
        if assignment.busy:
            title = _("Exam in progress or being marked: %(exam)s") % {"exam": exam.title}
        elif assignment.used:
            title = _("Retake the exam: %(exam)s") % {"exam": exam.title}
        elif exam.kind == exam.Kind.INDUCTION:
            title = _("Take the induction exam: %(exam)s (system accounts can be requested once passed)") % {
                "exam": exam.title}
        else:
            title = _("Take the exam: %(exam)s") % {"exam": exam.title}
        items.append(WorkItem(title=title, url=reverse("training:exam_take", args=[assignment.pk]),
                              kind=_("Training"), since=assignment.assigned_at, state=exam.get_kind_display()))
    return items


def surveys_to_answer(user):
    return [WorkItem(title=_("Rate the session: %(title)s") % {"title": session.title},
                     url=reverse("training:survey", args=[session.pk]), kind=_("Training"), since=session.ends_at,
                     state=_("Satisfaction survey"))
            for session in selectors.surveys_due(user)]


def certificates_to_hand_in(user):
    """外派培训 approved and begun: the person hands in the certificate and what was learnt (one query)."""
    today = timezone.localdate()
    return [WorkItem(title=_("Hand in the certificate: %(title)s") % {"title": record.title},
                     url=record.get_absolute_url(), kind=_("Training"), since=record.updated_at,
                     state=_("Approved, certificate not handed in"))
            for record in ExternalTraining.objects.filter(person=user, state=ExternalTraining.State.APPROVED,
                                                          starts_on__lte=today).order_by("ends_on")[:LIMIT]]


def work_for_leaders(user):
    """Papers to mark, self-study and external training to confirm (three queries; nothing for those who lead
    nothing)."""
    led = selectors.led_departments(user)
    items = [WorkItem(title=_("Mark %(name)s's paper: %(exam)s") % {"name": attempt.person.display_name,
                                                                   "exam": attempt.exam.title},
                      url=reverse("training:attempt_mark", args=[attempt.pk]), kind=_("Training"),
                      since=attempt.submitted_at, state=attempt.get_state_display())
             for attempt in selectors.attempts_to_mark(user)[:LIMIT]]
    pending = (SelfStudy.objects.filter(department__in=led, state=SelfStudy.State.PENDING).exclude(person=user)
               .aggregate(count=Count("pk"), since=Min("created_at")))
    if pending["count"]:
        items.append(WorkItem(title=_("Confirm self-study: %(count)d waiting") % {"count": pending["count"]},
                              url=reverse("training:self_study_list") + "?scope=confirm", kind=_("Training"),
                              since=pending["since"], state=_("Waiting for confirmation")))
    for record in (ExternalTraining.objects.filter(department__in=led, state=ExternalTraining.State.REPORTED)
                   .exclude(person=user).select_related("person")[:LIMIT]):
        items.append(WorkItem(title=_("Confirm %(name)s's external training: %(title)s") % {
            "name": record.person.display_name, "title": record.title}, url=record.get_absolute_url(),
            kind=_("Training"), since=record.reported_at, state=_("Waiting for confirmation")))
    return items
