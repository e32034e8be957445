"""Refusals: a service checks with require()/required_text() and raises ServiceError; the view shows its message."""

from django.utils.translation import gettext as _

TEXT_MAX = 2000  # the longest reason, note or description a service takes unless it names its own limit


class ServiceError(Exception):
    """A refused action: the message is translated and shown to the person as it is."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


def require(condition, message):
    """Refuse with `message` (already translated) unless `condition` holds."""
    if not condition:
        raise ServiceError(message)


def required_text(value, message, limit=TEXT_MAX):
    """Stripped text that must be there (`message` says what is missing) and at most `limit` characters."""
    value = (value or "").strip()
    require(value, message)
    return optional_text(value, limit)


def optional_text(value, limit=TEXT_MAX):
    """Stripped text, possibly empty, at most `limit` characters."""
    value = (value or "").strip()
    require(len(value) <= limit, _("The text is too long: at most %(max)d characters.") % {"max": limit})
    return value
