"""What the training services share: refusals, text checks, telling people."""

from django.utils.translation import gettext as _

from core.errors import ServiceError
from notifications.services import notify

TEXT_MAX = 2000


def require(condition, message):
    if not condition:
        raise ServiceError(message)


def text(value, message, limit=TEXT_MAX):
    """Stripped text that must be there and not too long."""
    value = (value or "").strip()
    require(value, message)
    require(len(value) <= limit, _("The text is too long: at most %(max)d characters.") % {"max": limit})
    return value


def optional_text(value, limit=TEXT_MAX):
    value = (value or "").strip()
    require(len(value) <= limit, _("The text is too long: at most %(max)d characters.") % {"max": limit})
    return value


def number(value):
    """Hours and points as people write them: 20.0 → 20, 1.5 → 1.5."""
    from decimal import Decimal

    return f"{Decimal(value).normalize():f}"


def tell(people, *, subject, body="", url="", skip=None, work=None):
    """Notify each person once, never the one who acted. `work`: see notifications.services.notify()."""
    seen = set()
    for person in people:
        if person is None or person.pk in seen or (skip is not None and person.pk == skip.pk):
            continue
        seen.add(person.pk)
        notify(recipient=person, subject=subject, body=body, url=url, work=work)


def leaders_of(person):
    """The people told about someone's training: their supervisor and their department's leaders."""
    profile = getattr(person, "profile", None)
    if profile is None:
        return []
    return [p for p in (profile.supervisor, *profile.department.leaders()) if p is not None and p.pk != person.pk]
