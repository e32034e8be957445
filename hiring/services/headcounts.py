"""Headcount requests (用人计划): the department asks, 人事科 reviews, the hospital office meeting approves
(院办公会议批准, recorded by 人事科 with the meeting's date); an approved request opens a posting."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalRequest
from approvals.services import Decision, can_act, step_decide, submit_for_approval
from audit.services import audit_record
from core.errors import ServiceError

from ..models import HeadcountRequest, HiringPolicy, Posting
from ..staffing import beyond_for_request
from .common import hr_people, is_final_step, local_today, tell
from .postings import posting_snapshot


HEADCOUNT_REQUEST_TYPE = HeadcountRequest.REQUEST_TYPE


def _headcount_snapshot(headcount):
    return {"post": headcount.post.code, "number": headcount.number, "beyond_headcount": headcount.beyond_headcount,
            "reason": headcount.reason,
            "meeting_date": headcount.meeting_date, "meeting_reference": headcount.meeting_reference}


def _check_headcount(*, by, department, post, number):
    if not department.is_led_by(by):
        raise ServiceError(_("Only the head or deputy head of %(department)s can request people for it.") % {
            "department": department.name})
    if post.department_id and post.department_id != department.pk:
        raise ServiceError(_("The post %(post)s belongs to another department.") % {"post": post.name})
    if not number or number < 1:
        raise ServiceError(_("Ask for at least one person."))


@transaction.atomic
def headcount_create(*, by, department, post, number, reason, justification, job_description):
    """The department asks for people (使用部门申请): the request goes to 人事科 at once."""
    _check_headcount(by=by, department=department, post=post, number=number)
    headcount = HeadcountRequest.objects.create(
        department=department, post=post, number=number, reason=reason,
        beyond_headcount=beyond_for_request(post=post, number=number, reason=reason), justification=justification.strip(),
        job_description=job_description.strip(), requested_by=by,
    )
    submit_for_approval(subject=headcount, by=by, action="staff.headcount.create",  # tells 人事科
                        after=_headcount_snapshot(headcount), department=department)
    return headcount


@transaction.atomic
def headcount_update(*, headcount, by, post, number, reason, justification, job_description):
    """The applicant corrects a request that was returned and submits it again."""
    headcount = HeadcountRequest.objects.select_for_update().get(pk=headcount.pk)
    if headcount.requested_by_id != by.pk:
        raise ServiceError(_("Only the person who made this request can change it."))
    if headcount.approval_state() != ApprovalRequest.State.RETURNED:
        raise ServiceError(_("Only a request returned for changes can be edited."))
    _check_headcount(by=by, department=headcount.department, post=post, number=number)
    before = _headcount_snapshot(headcount)
    headcount.post, headcount.number, headcount.reason = post, number, reason
    headcount.beyond_headcount = beyond_for_request(post=post, number=number, reason=reason)
    headcount.justification, headcount.job_description = justification.strip(), job_description.strip()
    headcount.save()
    submit_for_approval(subject=headcount, by=by, action="staff.headcount.update", before=before,
                        after=_headcount_snapshot(headcount))
    return headcount


def headcount_check_approval(headcount, *, step, by):
    """The engine's `check` hook: the final step needs the meeting's date."""
    if is_final_step(step) and headcount.meeting_date is None:
        raise ServiceError(_(
            "The hospital office meeting approves headcount requests: record the date of its meeting on the "
            "request first (院办公会议批准)."
        ))


@transaction.atomic
def headcount_record_meeting(*, headcount, by, meeting_date, meeting_reference, decision, comment=""):
    """HR records the hospital office meeting's decision, with its date, at the chain's last step."""
    headcount = HeadcountRequest.objects.select_for_update().get(pk=headcount.pk)
    approval = headcount.approval
    step = approval.current_step() if headcount.approval_state() == ApprovalRequest.State.PENDING else None
    if step is None or not is_final_step(step):
        raise ServiceError(_("This request is not waiting for the hospital office meeting's decision."))
    if not can_act(step, by):
        raise ServiceError(_("This step is not yours to decide."))
    if decision not in (Decision.APPROVE, Decision.REJECT):
        raise ServiceError(_("The meeting either approves or rejects the request."))
    if meeting_date is None:
        raise ServiceError(_("Enter the date of the meeting."))
    if meeting_date > local_today():
        raise ServiceError(_("The meeting date cannot be in the future."))
    if approval.submitted_at and meeting_date < timezone.localtime(approval.submitted_at).date():
        raise ServiceError(_("The meeting date is before the request was submitted."))
    before = _headcount_snapshot(headcount)
    headcount.meeting_date = meeting_date
    headcount.meeting_reference = (meeting_reference or "").strip()
    headcount.save(update_fields=["meeting_date", "meeting_reference"])
    audit_record(actor=by, action="staff.headcount.meeting", obj=headcount, before=before,
                 after={**_headcount_snapshot(headcount), "decision": decision})
    step_decide(step=step, by=by, decision=decision, comment=comment)
    headcount.refresh_from_db()
    return headcount


def headcount_finalised(headcount, *, outcome, by):
    """The engine's `finished` hook: an approved request opens a posting with the policy's requirements."""
    if outcome != ApprovalRequest.State.APPROVED or Posting.objects.filter(headcount_request=headcount).exists():
        return None
    policy = HiringPolicy.current()
    posting = Posting.objects.create(
        headcount_request=headcount, department=headcount.department, post=headcount.post,
        title=_("%(post)s (%(department)s)") % {"post": headcount.post.name, "department": headcount.department.name},
        number=headcount.number, description=headcount.job_description, min_education=policy.min_education,
        min_age=policy.min_age, max_age=policy.max_age, exam_pass_mark=policy.exam_pass_mark,
        interview_pass_mark=policy.interview_pass_mark,
    )
    audit_record(actor=by, action="staff.posting.create", obj=posting, after=posting_snapshot(posting))
    tell([*hr_people(), headcount.requested_by], by=by,
          subject=_("Approved: a posting for %(post)s is ready to publish") % {"post": headcount.post.name},
          body=_("The hospital office meeting approved %(number)d × %(post)s. 人事科 sets the requirements and "
                 "publishes the posting.") % {"number": headcount.number, "post": headcount.post.name},
          url=posting.get_absolute_url())
    return posting
