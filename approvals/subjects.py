"""The approval-subject contract: how a domain object goes through the engine.

A subject is the domain side of one approval request (a leave request, an account request, a headcount
request…). Its model inherits `ApprovalSubject`; its app registers, per request-type code, the hooks the
engine calls — in its `AppConfig.ready()`:

    from approvals.subjects import register_subject
    register_subject("leave.request", context=services.leave_chain_facts, check=services.leave_check_step,
                     finished=services.leave_finished)

- `context(subject) -> ChainFacts`: the facts the chain's rules read (which department owns what is asked
  for, critical, hospital-wide, how many working days). Read when the request is submitted.
- `check(subject, *, step, by)`: before a step is approved; raise core.errors.ServiceError to refuse.
- `finished(subject, *, outcome, by)`: once, when the request ends: `outcome` is the request's final state
  (ApprovalRequest.State.APPROVED, REJECTED or WITHDRAWN). The domain's own state, when it keeps one, is
  synchronised here and nowhere else.

On the model: `approval_title()` names the request in the inbox; `approval_facts()` gives the (label, value) pairs
the approver reads on the approval page (the dates and reason of a leave, the cost of a course…).

Each hook is optional (no facts, no refusal, nothing to do); the registration is not: the engine refuses a
request type whose code no app registered. The domain puts the subject before the engine with
`approvals.services.submit_for_approval()` (create, attach, audit, submit; and again after a return).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import ApprovalRequest


class ApprovalSubject(models.Model):
    """What every subject shares: its approval request in the engine (null until first attached)."""

    REQUEST_TYPE = ""  # the approvals.RequestType code; a subclass sets it or overrides request_type_code()

    approval = models.OneToOneField(ApprovalRequest, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("approval request"))

    class Meta:
        abstract = True

    def request_type_code(self):
        return self.REQUEST_TYPE

    def approval_title(self):
        """The request's title in the inbox (stored: written in the policy's own words)."""
        return str(self)

    def approval_facts(self):
        """What the approver reads on the approval page before deciding: (label, value) pairs, in order."""
        return []

    def approval_state(self):
        """The engine's state of the subject's request; "draft" before one is attached."""
        return self.approval.state if self.approval_id else ApprovalRequest.State.DRAFT

    def is_editable(self):
        """The content is frozen once submitted: editable only while the approval is a draft or returned."""
        return self.approval_id is None or self.approval.is_editable()

    def get_absolute_url(self):
        raise NotImplementedError("An approval subject has a page of its own.")


@dataclass(frozen=True)
class ChainFacts:
    """What the chain's rules read about one request (ChainRule.Condition and ChainRule.Approver)."""

    owner_department: object = None  # its leaders approve a "system owner" step (权限审批部门)
    critical: bool = False  # "only when critical" steps apply
    hospital_wide: bool = False  # "only when hospital-wide" steps apply; late steps escalate to the VP
    working_days: Decimal | None = None  # "longer than N working days" steps compare with it


NO_FACTS = ChainFacts()


def _no_facts(subject):
    return NO_FACTS


def _no_check(subject, *, step, by):
    return None


def _nothing(subject, *, outcome, by):
    return None


@dataclass(frozen=True)
class SubjectHooks:
    code: str
    context: Callable = _no_facts
    check: Callable = _no_check
    finished: Callable = _nothing


_hooks = {}


def register_subject(code, *, context=None, check=None, finished=None):
    """Register the hooks of a request type's subject (once per code, from the domain's AppConfig.ready())."""
    hooks = SubjectHooks(code=code, context=context or _no_facts, check=check or _no_check,
                         finished=finished or _nothing)
    if code in _hooks and _hooks[code] != hooks:
        raise ImproperlyConfigured(f"The request type {code!r} already has hooks.")
    _hooks[code] = hooks
    return hooks


def unregister_subject(code):
    """For tests that register a request type of their own."""
    _hooks.pop(code, None)


def facts_of(subject):
    """The subject's approval_facts(); none for a model that is not an ApprovalSubject (the engine takes any model)."""
    facts = getattr(subject, "approval_facts", None)
    return facts() if facts else []


def hooks_for(code):
    try:
        return _hooks[code]
    except KeyError:
        raise ImproperlyConfigured(
            f"No app registered the approval hooks of the request type {code!r} (approvals.subjects.register_subject)."
        ) from None


def registered_codes():
    return sorted(_hooks)
