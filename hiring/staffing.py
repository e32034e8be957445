"""A post's headcount (编制) in hiring: what approved headcount requests add to it, and the check on a hire beyond it.

岗位设置 gives each post its headcount (`Post.headcount`, 各1人 in 信息科). A headcount request (用人计划) records, when
it is made, how many of the people it asks for go beyond the post's headcount (`beyond_headcount`, 超编); once the
hospital office meeting approves it, those people are covered. Registering, offering or hiring a candidate who would
take the post beyond its headcount and what approved requests add is warned about, with the figures, on the page
and in the audit entry, or refused when the hiring policy says so (`HiringPolicy.over_headcount`).
"""

from django.db.models import Sum
from django.utils.translation import gettext as _

from approvals.models import ApprovalRequest
from core.errors import ServiceError
from staff.headcount import staffing_for
from staff.models import Post

from .models import Candidate, HeadcountRequest, HiringPolicy


def approved_beyond(post_ids):
    """staff.headcount's provider: {post id: people approved beyond its headcount by approved requests}."""
    rows = (HeadcountRequest.objects.filter(post_id__in=post_ids, approval__state=ApprovalRequest.State.APPROVED)
            .values("post").annotate(beyond=Sum("beyond_headcount")).order_by())
    return {row["post"]: row["beyond"] or 0 for row in rows}


def post_staffing(post):
    return staffing_for(Post.objects.with_filled().filter(pk=post.pk))[0].staffing


def beyond_for_request(*, post, number, reason):
    """How many of `number` people asked for would go beyond the post's headcount and what is approved already.

    A replacement (现职人员离职) takes over a leaver's place, so it never raises the headcount."""
    if reason == HeadcountRequest.Reason.REPLACEMENT:
        return 0
    staffing = post_staffing(post)
    return max(0, min(number, staffing.filled + number - staffing.allowed))


def offered_elsewhere(candidate):
    """Candidates told their start date for the same post (not yet in it), other than this one."""
    return (Candidate.objects.filter(posting__post_id=candidate.posting.post_id, state=Candidate.State.OFFERED)
            .exclude(pk=candidate.pk).count())


def candidate_excess(candidate):
    """(staffing, offered, message): the message says why hiring this candidate goes beyond the post's headcount,
    or is empty when it does not."""
    post = candidate.posting.post
    staffing = post_staffing(post)
    offered = offered_elsewhere(candidate)
    projected = staffing.filled + offered + (0 if candidate.state == Candidate.State.ACCEPTED else 1)
    if projected <= staffing.allowed:
        return staffing, offered, ""
    message = _(
        "%(post)s is full: %(filled)d in post and %(offered)d told their start date against a headcount of "
        "%(headcount)d (编制) and %(beyond)d approved beyond it by headcount requests (用人计划); hiring %(name)s "
        "makes %(projected)d."
    ) % {"post": post.name, "filled": staffing.filled, "offered": offered, "headcount": staffing.headcount,
         "beyond": staffing.beyond, "name": candidate.name, "projected": projected}
    return staffing, offered, message


def check_headcount(candidate, policy=None):
    """The warning for a step that would take the post beyond its headcount ("" when within it); raises
    ServiceError instead when the hiring policy refuses such hires."""
    _staffing, _offered, message = candidate_excess(candidate)
    if not message:
        return ""
    policy = policy or HiringPolicy.current()
    if policy.over_headcount == HiringPolicy.OverHeadcount.REFUSE:
        raise ServiceError(message + " " + _(
            "The hiring policy refuses hires beyond the headcount: the department's headcount request for more "
            "people must be approved first."))
    return message + " " + _("No approved headcount request covers it: check that this hire is meant.")

