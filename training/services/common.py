"""What the training services share: figures as people write them, telling people (refusals: core.errors)."""

from notifications.services import notify

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
