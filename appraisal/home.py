"""The home page's "waiting for me": my self-assessment or acknowledgement, and the reviews I owe."""

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.home import WorkItem

from .models import Scorecard

LIMIT = 30


def pending_appraisal_work(user):
    """One query: the person's open scorecards and the reviews assigned to them."""
    if not user.is_authenticated:
        return []
    state = Scorecard.State
    scorecards = (
        Scorecard.objects.filter(closed_at__isnull=True)
        .filter(Q(user=user, state__in=[state.SELF_ASSESSMENT, state.CONFIRMATION])
                | Q(reviewer=user, state=state.REVIEW))
        .select_related("user")
        .order_by("period", "pk")[:LIMIT]
    )
    kind = _("Appraisal")
    items = []
    for scorecard in scorecards:
        month = scorecard.period_label()
        if scorecard.state == state.SELF_ASSESSMENT:
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
        items.append(WorkItem(title=title, url=url, kind=kind, since=scorecard.submitted_at or scorecard.created_at))
    return items
