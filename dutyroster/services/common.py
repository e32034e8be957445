"""Small checks the duty services share."""

from django.utils.translation import gettext as _

from core.errors import ServiceError

TEXT_MAX = 2000


def require(condition, message):
    if not condition:
        raise ServiceError(message)


def text(value, message, limit=TEXT_MAX):
    """Stripped, non-empty text of at most `limit` characters, or a refusal with `message`."""
    value = (value or "").strip()
    require(value, message)
    require(len(value) <= limit, _("The text is too long: at most %(max)d characters.") % {"max": limit})
    return value
