"""The home page's "waiting for me" items of hiring and probation (registered in HiringConfig.ready())."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.home import WorkItem
from core.roles import is_hr

from .access import led_department_ids
from .models import Candidate, HiringPolicy, InterviewScore, Posting, Probation, ProbationAssessment

LIMIT = 10


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time())) if day else None


def pending_hiring(user):
    """HR: start dates to notify, postings to publish, hires to complete. Panel: interviews to score.
    Leaders: probations to assess. A fixed handful of queries, whatever the numbers."""
    items = []
    kind = _("Hiring")
    if is_hr(user):
        for candidate in Candidate.objects.filter(state__in=Candidate.AWAITING_NOTICE_STATES).order_by(
                "notice_due_on", "pk")[:LIMIT]:
            items.append(WorkItem(
                title=_("Notify the start date: %(name)s (by %(date)s)") % {
                    "name": candidate.name, "date": candidate.notice_due_on},
                url=candidate.get_absolute_url(), kind=kind, since=_at(candidate.interview_passed_on),
                state=candidate.get_state_display(), due=candidate.notice_due_on,
                due_provisional=candidate.notice_due_provisional()))
        for candidate in Candidate.objects.filter(state=Candidate.State.OFFERED,
                                                  start_date__lte=timezone.localdate()).order_by("start_date")[:LIMIT]:
            items.append(WorkItem(title=_("Complete the hire: %(name)s") % {"name": candidate.name},
                                  url=candidate.get_absolute_url(), kind=kind, since=candidate.offered_at))
        for posting in Posting.objects.filter(state=Posting.State.DRAFT).order_by("pk")[:LIMIT]:
            items.append(WorkItem(title=_("Publish the posting: %(title)s") % {"title": posting.title},
                                  url=posting.get_absolute_url(), kind=kind, since=posting.created_at))
    scored = InterviewScore.objects.filter(candidate=OuterRef("pk"), member=user)
    to_score = Candidate.objects.filter(state=Candidate.State.EXAMINED, posting__panel=user).exclude(
        Exists(scored)).order_by("exam_date", "pk")[:LIMIT]
    for candidate in to_score:
        items.append(WorkItem(title=_("Score the interview: %(name)s") % {"name": candidate.name},
                              url=candidate.get_absolute_url(), kind=kind, since=_at(candidate.exam_date)))
    departments = led_department_ids(user)
    if departments:
        window = timezone.localdate() + datetime.timedelta(days=HiringPolicy.current().probation_reminder_days)
        open_assessment = ProbationAssessment.objects.filter(
            probation=OuterRef("pk"), approval__state__in=["draft", "pending", "returned"])
        due = Probation.objects.active().filter(profile__department_id__in=departments, ends_on__lte=window).exclude(
            profile__user=user).exclude(Exists(open_assessment)).select_related("profile__user").order_by("ends_on")
        for probation in due[:LIMIT]:
            items.append(WorkItem(
                title=_("Assess the probation of %(name)s (ends %(date)s)") % {
                    "name": probation.profile.user.display_name, "date": probation.ends_on},
                url=probation.get_absolute_url(), kind=kind, due=probation.ends_on))
    return items


AUDIT_LABELS = {
    "staff.headcount.create": gettext_lazy("requested people"),
    "staff.headcount.update": gettext_lazy("changed the headcount request"),
    "staff.headcount.meeting": gettext_lazy("recorded the hospital office meeting"),
    "staff.posting.create": gettext_lazy("opened the posting"),
    "staff.posting.update": gettext_lazy("changed the posting"),
    "staff.posting.publish": gettext_lazy("published the posting"),
    "staff.posting.close": gettext_lazy("closed the posting"),
    "staff.candidate.register": gettext_lazy("registered the candidate"),
    "staff.candidate.update": gettext_lazy("corrected the candidate's details"),
    "staff.candidate.attachment": gettext_lazy("stored a file"),
    "staff.candidate.screen": gettext_lazy("passed screening"),
    "staff.candidate.ineligible": gettext_lazy("found not eligible"),
    "staff.candidate.exam": gettext_lazy("passed the written exam"),
    "staff.candidate.exam_failed": gettext_lazy("failed the written exam"),
    "staff.candidate.interview_score": gettext_lazy("scored the interview"),
    "staff.candidate.interview": gettext_lazy("passed the interview"),
    "staff.candidate.interview_failed": gettext_lazy("failed the interview"),
    "staff.candidate.medical": gettext_lazy("passed the medical check"),
    "staff.candidate.medical_failed": gettext_lazy("failed the medical check"),
    "staff.candidate.background": gettext_lazy("passed the background check"),
    "staff.candidate.background_failed": gettext_lazy("failed the background check"),
    "staff.candidate.offer": gettext_lazy("notified the start date"),
    "staff.candidate.onboarding": gettext_lazy("onboarding checklist"),
    "staff.candidate.hire": gettext_lazy("hired"),
    "staff.candidate.decline": gettext_lazy("declined the offer"),
    "staff.candidate.reject": gettext_lazy("closed the application"),
    "staff.candidate.dismiss": gettext_lazy("dismissed: information untrue"),
    "staff.candidate.notice_reminder": gettext_lazy("reminded 人事科 of the start-date notice"),
    "staff.probation.start": gettext_lazy("probation started"),
    "staff.probation.assess": gettext_lazy("assessed the probation"),
    "staff.probation.convert": gettext_lazy("converted to regular staff"),
    "staff.probation.extend": gettext_lazy("extended the probation"),
    "staff.probation.terminate": gettext_lazy("ended the probation"),
    "staff.probation.induction": gettext_lazy("induction training passed"),
    "staff.probation.end_reminder": gettext_lazy("reminded: probation ending"),
    "staff.probation.overdue_reminder": gettext_lazy("reminded: probation overdue"),
}


def register():
    """Called from HiringConfig.ready(): the home page provider and the audit log's action names."""
    from audit.labels import register as register_labels
    from core.home import register_pending
    from core.workdays import register_dependent

    from authz import gates

    from .services.probations import induction_passed

    register_pending(pending_hiring)
    register_labels(AUDIT_LABELS, app="hiring")  # under their former "staff." names
    register_dependent(name="hiring", task="hiring.tasks.recount_notice_deadlines")

    # 新进人员须进行相关业务知识培训及考核，考核通过后方可上机操作: no account for a probationer before the exam.
    # The training domain records the result with services.probations.probation_record_induction().
    if "induction" in gates.NEW_ACCOUNT.names():
        gates.NEW_ACCOUNT.replace("induction", induction_passed)
