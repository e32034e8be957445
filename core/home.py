"""The home page's lists are filled by the domains: each registers a provider in its AppConfig.ready().

A provider takes the signed-in user and returns a list of WorkItem, reading a bounded number of rows
with a constant number of queries.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    kind: str  # e.g. "Leave request", shown as a badge
    since: datetime | None = None
    state: str = ""


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
    items = [item for provider in providers for item in provider(user)]
    return sorted(items, key=lambda item: (item.since is None, item.since), reverse=False)


def pending_work(user):
    return _collect(_pending, user)


def my_requests(user):
    return _collect(_my_requests, user)
