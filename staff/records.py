"""A person's records in the other domains, linked from their profile page (记录管理).

Each domain registers its link in its AppConfig.ready(): `register_record_link(label, url=fn(viewer, profile, today),
show=fn(viewer, profile), order=n)`; staff imports none of them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class RecordLink:
    label: str
    url: Callable
    show: Callable
    order: int = 0


_links = []


def register_record_link(label, *, url, show, order=0):
    _links.append(RecordLink(label, url, show, order))


def links_for(viewer, profile):
    """[(label, address)] of the records this viewer may open, in order."""
    today = timezone.localdate()
    return [(link.label, link.url(viewer, profile, today))
            for link in sorted(_links, key=lambda link: link.order) if link.show(viewer, profile)]
