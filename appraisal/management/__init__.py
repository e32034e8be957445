from django.core.management.base import CommandError


def month_argument(text):
    """A command's YYYY-MM argument as the first day of that month."""
    from appraisal.models import parse_month

    try:
        return parse_month(text)
    except ValueError:
        raise CommandError("Give the month as YYYY-MM, e.g. 2026-10.") from None
