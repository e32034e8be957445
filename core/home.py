"""The home page's lists are filled by the domains: each registers a provider in its AppConfig.ready().

A provider takes the signed-in user and returns a list of WorkItem, reading a bounded number of rows
with a constant number of queries.

Twenty-odd providers cost some forty queries, so the page keeps each person's lists in the cache (`sections`) under
the data's version: any saved or deleted row, anywhere, gives the data a new version, so the next visit asks the
providers again; a version is also kept at most HOME_CACHE_SECONDS (a deadline that comes near while nothing is
written, a bulk UPDATE that sends no signal). Opening the page again without a change costs two cache reads.
"""

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.utils import timezone, translation

HOME_CACHE_SECONDS = 60
VERSION_KEY = "home:data-version"
# Rows written by merely using the site (the session on each request) are not the lists' data.
IGNORED_APPS = {"sessions"}
_local = threading.local()
logger = logging.getLogger(__name__)


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
_news = []


def register_pending(provider):
    """Things waiting for this person: approvals, their self-assessment, handovers."""
    _pending.append(provider)
    return provider


def register_my_requests(provider):
    """Requests this person made, with their state."""
    _my_requests.append(provider)
    return provider


def register_news(provider):
    """The latest news for this person, newest first (the notifications app registers it)."""
    _news.append(provider)
    return provider


def news(user):
    return [item for provider in _news for item in provider(user)]


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


def sections(user):
    """{"pending", "my_requests", "news"} for this person, from the cache while the data has not changed."""
    _local.bumped = False  # a write after this page gives the data a new version at once
    try:
        version = cache.get(VERSION_KEY) or new_data_version()
        signature = hash(tuple(id(provider) for provider in (*_pending, *_my_requests, *_news)))
        key = (f"home:{user.pk}:{version}:{translation.get_language()}:{timezone.localdate().isoformat()}:"
               f"{signature}")
        lists = cache.get(key) if version else None
    except Exception:  # the cache unreachable: the page is drawn from the database, as before
        logger.warning("home page cache unavailable", exc_info=True)
        version = lists = None
    if lists is None:
        lists = {"pending": pending_work(user), "my_requests": my_requests(user), "news": news(user)}
        if version:
            try:
                cache.set(key, lists, HOME_CACHE_SECONDS)
            except Exception:
                logger.warning("home page cache unavailable", exc_info=True)
    return lists


def new_data_version():
    """A fresh version (a unique value, not a counter: two writers never end on the same one), or None when the
    cache cannot be written (its table not migrated yet, the cache server down): nothing is kept then."""
    version = uuid.uuid4().hex
    try:
        cache.set(VERSION_KEY, version, None)
    except Exception as error:  # e.g. while the first migrate runs, before core makes the cache table
        logger.info("home page cache not written: %s", error)
        return None
    return version


def _after_commit():
    _local.bumped = False
    new_data_version()


def _cache_in_database():
    return isinstance(caches["default"], DatabaseCache)


def data_changed(sender, **kwargs):
    """post_save, post_delete and m2m_changed of every model: the data gets a new version after the commit (other
    requests see the rows and the version together), and, with a cache outside the database, at once for this
    thread's own reads inside the transaction (tests never commit), once until it next draws a home page: a bulk
    import saving thousands of rows changes it twice. A database cache is not written inside the transaction: the
    version's row would be locked until the commit and every writing transaction would queue behind it."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in IGNORED_APPS:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        new_data_version()
        return
    if not getattr(_local, "bumped", False) and not _cache_in_database():
        _local.bumped = True
        new_data_version()
    if not any(callback is _after_commit for _savepoints, callback, _robust in connection.run_on_commit):
        transaction.on_commit(_after_commit)
