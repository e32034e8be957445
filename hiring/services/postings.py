"""Postings (招聘): the requirements, the interview panel, publishing and closing."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ServiceError

from ..models import Candidate, HiringPolicy, Posting
from .common import local_today, require_hr, tell


def posting_snapshot(posting):
    return {
        "state": posting.state, "title": posting.title, "number": posting.number,
        "min_education": posting.min_education, "min_age": posting.min_age, "max_age": posting.max_age,
        "exam_pass_mark": posting.exam_pass_mark, "interview_pass_mark": posting.interview_pass_mark,
        "published_where": posting.published_where, "published_on": posting.published_on,
        "closes_on": posting.closes_on,
    }


def check_posting_requirements(*, min_age, max_age, exam_pass_mark, interview_pass_mark, published_on=None,
                               closes_on=None, policy=None):
    """The messages for requirements that break the policy (shared with the posting form)."""
    policy = policy or HiringPolicy.current()
    problems = []
    if min_age is not None and min_age < policy.legal_min_age:
        problems.append(_("Nobody younger than %(age)d may be hired (年龄未满%(age)d周岁不得录用).") % {
            "age": policy.legal_min_age})
    if min_age is not None and max_age is not None and min_age > max_age:
        problems.append(_("The maximum age is below the minimum age."))
    for mark in (exam_pass_mark, interview_pass_mark):
        if mark is not None and not 0 <= mark <= policy.score_max:
            problems.append(_("A pass mark is between 0 and %(max)d.") % {"max": policy.score_max})
            break
    if published_on and closes_on and closes_on < published_on:
        problems.append(_("Registration cannot close before the posting is published."))
    return problems


@transaction.atomic
def posting_update(*, posting, by, data, panel):
    """HR sets the posting's requirements, where it is published, its closing date and its panel."""
    require_hr(by)
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if posting.state == Posting.State.CLOSED:
        raise ServiceError(_("This posting is closed."))
    problems = check_posting_requirements(**{key: data.get(key) for key in (
        "min_age", "max_age", "exam_pass_mark", "interview_pass_mark", "published_on", "closes_on")})
    if problems:
        raise ServiceError(" ".join(problems))
    taken = posting.candidates.filter(state__in=[Candidate.State.OFFERED, Candidate.State.ACCEPTED]).count()
    if data.get("number") is not None and data["number"] < max(taken, 1):
        raise ServiceError(_("%(count)d candidates are already offered or hired: the posting needs at least that many "
                             "openings.") % {"count": taken})
    before = posting_snapshot(posting)
    before["panel"] = sorted(posting.panel.values_list("username", flat=True))
    for name, value in data.items():
        setattr(posting, name, value)
    posting.save()
    posting.panel.set(panel)
    after = posting_snapshot(posting)
    after["panel"] = sorted(user.username for user in panel)
    audit_record(actor=by, action="staff.posting.update", obj=posting, before=before, after=after)
    added = [user for user in panel if user.username not in before["panel"]]
    tell(added, by=by, subject=_("You are on the interview panel for %(posting)s") % {"posting": posting.title},
          url=posting.get_absolute_url())
    return posting


@transaction.atomic
def posting_publish(*, posting, by):
    require_hr(by)
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if posting.state != Posting.State.DRAFT:
        raise ServiceError(_("Only a posting that is not yet published can be published."))
    today = local_today()
    if not posting.published_where.strip():
        raise ServiceError(_("Say where the posting is published (hospital website, talent market, media…)."))
    if posting.closes_on is None or posting.closes_on < today:
        raise ServiceError(_("Set a registration closing date that is today or later."))
    before = posting_snapshot(posting)
    posting.state = Posting.State.OPEN
    posting.published_on = posting.published_on or today
    posting.save(update_fields=["state", "published_on"])
    audit_record(actor=by, action="staff.posting.publish", obj=posting, before=before, after=posting_snapshot(posting))
    tell([*posting.department.leaders(), *posting.panel.all()], by=by,
          subject=_("Published: %(posting)s") % {"posting": posting.title},
          body=_("Registration closes on %(date)s.") % {"date": posting.closes_on}, url=posting.get_absolute_url())
    return posting


@transaction.atomic
def posting_close(*, posting, by, note=""):
    require_hr(by)
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if posting.state == Posting.State.CLOSED:
        raise ServiceError(_("This posting is already closed."))
    still_open = posting.candidates.filter(state__in=Candidate.OPEN_STATES).count()
    if still_open:
        raise ServiceError(_("%(count)d candidates are still in the pipeline: finish or reject them first.") % {
            "count": still_open})
    before = posting_snapshot(posting)
    posting.state = Posting.State.CLOSED
    posting.closed_at = timezone.now()
    posting.close_note = (note or "").strip()[:200]
    posting.save(update_fields=["state", "closed_at", "close_note"])
    audit_record(actor=by, action="staff.posting.close", obj=posting, before=before,
                 after={**posting_snapshot(posting), "note": posting.close_note})
    hired = posting.candidates.filter(state=Candidate.State.ACCEPTED).count()
    tell([*posting.department.leaders(), posting.headcount_request.requested_by], by=by,
          subject=_("Closed: %(posting)s") % {"posting": posting.title},
          body=_("%(hired)d of %(number)d openings were filled.") % {"hired": hired, "number": posting.number},
          url=posting.get_absolute_url())
    return posting
