"""The home page's lists are filled by the domains: each registers a provider in its AppConfig.ready().

A provider takes the signed-in user and returns a list of WorkItem, reading a bounded number of rows
with a constant number of queries.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    kind: str  # e.g. "Leave request", shown as a badge
    since: datetime | None = None
    state: str = ""
    due: datetime | date | None = None  # a deadline: shown as “还剩 2 天” or, in red, “已逾期 3 天”
    due_provisional: bool = False  # the deadline was counted on a year whose holiday notice is not loaded

    def is_overdue(self, now=None):
        if self.due is None:
            return False
        now = now or timezone.now()
        if isinstance(self.due, datetime):
            return self.due < now
        return self.due < timezone.localdate(now)

    def due_moment(self):
        """The deadline as a moment, dates at the end of their day, for ordering."""
        if isinstance(self.due, datetime) or self.due is None:
            return self.due
        return timezone.make_aware(datetime.combine(self.due, datetime.max.time()))


_pending = []
_my_requests = []


def register_pending(provider):
    """Things waiting for this person: approvals, their self-assessment, handovers."""
    _pending.append(provider)
    return provider


def register_my_requests(provider):
    """Requests this person made, with their state."""
    _my_requests.append(provider)
    return provider


def _collect(providers, user):
    """Overdue work first, the longest overdue at the top; then the rest, the oldest first."""
    now = timezone.now()
    items = [item for provider in providers for item in provider(user)]
    overdue = sorted((item for item in items if item.is_overdue(now)), key=lambda item: item.due_moment())
    others = sorted((item for item in items if not item.is_overdue(now)),
                    key=lambda item: (item.since is None, item.since))
    return overdue + others


def pending_work(user):
    return _collect(_pending, user)


def my_requests(user):
    return _collect(_my_requests, user)
