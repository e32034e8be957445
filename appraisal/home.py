"""The home page's "waiting for me": my self-assessment or acknowledgement, and the reviews I owe."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.home import WorkItem

from .models import Scorecard

LIMIT = 30


def pending_appraisal_work(user):
    """One query: the person's open scorecards, the reviews assigned to them, and self-assessments past their
    deadline that the reviewer may now review without (未自评)."""
    if not user.is_authenticated:
        return []
    state = Scorecard.State
    today = timezone.localdate()
    scorecards = (
        Scorecard.objects.filter(closed_at__isnull=True)
        .filter(Q(user=user, state__in=[state.SELF_ASSESSMENT, state.CONFIRMATION])
                | Q(reviewer=user, state=state.REVIEW)
                | Q(reviewer=user, state=state.SELF_ASSESSMENT, self_deadline__lt=today))
        .select_related("user")
        .order_by("period", "pk")[:LIMIT]
    )
    kind = _("Appraisal")
    items = []
    for scorecard in scorecards:
        month = scorecard.period_label()
        due = scorecard.self_deadline if scorecard.state == state.SELF_ASSESSMENT and scorecard.user_id == user.pk \
            else scorecard.review_deadline if scorecard.reviewer_id == user.pk else None
        if scorecard.state == state.SELF_ASSESSMENT and scorecard.user_id != user.pk:
            title = _("%(name)s did not submit the self-assessment for %(month)s: review without it") % {
                "name": scorecard.user.display_name, "month": month}
            url = scorecard.get_absolute_url()
        elif scorecard.state == state.SELF_ASSESSMENT:
            title = _("Self-assessment for %(month)s, due %(date)s") % {
                "month": month, "date": date_format(scorecard.self_deadline, "SHORT_DATE_FORMAT")}
            url = reverse("appraisal:self_assessment", args=[scorecard.pk])
        elif scorecard.state == state.CONFIRMATION:
            title = _("Acknowledge your scorecard for %(month)s") % {"month": month}
            url = scorecard.get_absolute_url()
        else:
            title = _("Review %(name)s's scorecard for %(month)s") % {
                "name": scorecard.user.display_name, "month": month}
            url = reverse("appraisal:review", args=[scorecard.pk])
        items.append(WorkItem(title=title, url=url, kind=kind, since=scorecard.submitted_at or scorecard.created_at,
                              due=due))
    return items


def pending_feedback_ratings(user):
    """One query: the 360° ratings this person was asked for in rounds still open."""
    from .models import FeedbackRequest, FeedbackRound

    if not user.is_authenticated:
        return []
    requests = (FeedbackRequest.objects.filter(rater=user, state=FeedbackRequest.State.PENDING,
                                               round__state=FeedbackRound.State.OPEN)
                .select_related("subject", "round").order_by("round__deadline", "pk")[:LIMIT])
    kind = _("360° appraisal")
    return [WorkItem(title=_("Rate %(name)s for the %(year)d 360° appraisal, due %(date)s") % {
        "name": item.subject.display_name, "year": item.round.year,
        "date": date_format(item.round.deadline, "SHORT_DATE_FORMAT")},
        url=reverse("appraisal:feedback_answer", args=[item.pk]), kind=kind, since=item.created_at,
        due=item.round.deadline)
        for item in requests]
