"""Resident identity card numbers (居民身份证号码, GB 11643-1999)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
PATTERN = re.compile(r"^\d{17}[\dX]$")


def check_char(first17):
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def birth_date(number):
    """The birth date encoded in a valid number, or None."""
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except (ValueError, TypeError):
        return None


def validate_id_number(value):
    number = (value or "").strip().upper()
    if not PATTERN.match(number):
        raise ValidationError(_("An ID number has 17 digits followed by a digit or X."), code="format")
    born = birth_date(number)
    if born is None or born > datetime.date.today() or born.year < 1900:
        raise ValidationError(_("The birth date inside this ID number is not a real date."), code="birth_date")
    if check_char(number[:17]) != number[17]:
        raise ValidationError(_("The check digit of this ID number is wrong; please check for a typo."), code="checksum")


def mask_id_number(number):
    """Keep the region's first 3 and the last 4 characters: 110***********123X."""
    if not number:
        return ""
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_phone(phone):
    """138****5678 for mobile numbers; short numbers keep only their last two digits."""
    if not phone:
        return ""
    if len(phone) >= 7:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * (len(phone) - 2) + phone[-2:]
