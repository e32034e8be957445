"""Numbers as people write them: 20, 0.5, 1,000.5 — never 20.00 or 2E+1."""

from decimal import Decimal

CENT = Decimal("0.01")


def plain(value):
    """A Decimal (or int) without trailing zeros or exponent: 20.00 → "20", 0.50 → "0.5"."""
    if value is None:
        return ""
    text = format(Decimal(value).quantize(CENT), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def money(value):
    """Rounded to the cent, as stored."""
    return Decimal(value).quantize(CENT)
