"""The room's QR code for signing in (签到): a short-lived signed link, drawn by segno.

The token names the session and its current sign-in key, and carries the time it was made; it is accepted for the
policy's `qr_valid_seconds`. Closing or cancelling a session changes the key, so every code shown before stops
working. The room's screen fetches a fresh code every minute.
"""

import io

import segno
from django.core import signing

SALT = "training.signin"


class InvalidToken(Exception):
    """The link is altered, expired or for a closed session."""


def make_token(session):
    return signing.dumps({"s": session.pk, "k": session.signin_key}, salt=SALT)


def read_token(token, max_age):
    """(session id, sign-in key) from a token, or InvalidToken."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise InvalidToken("expired") from None
    except signing.BadSignature:
        raise InvalidToken("bad") from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not isinstance(data.get("k"), str):
        raise InvalidToken("bad")
    return data["s"], data["k"]


def qr_svg(text):
    """An SVG QR code of the text (error correction M or better, dark on white)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False,
                                     title="QR", dark="#000", light="#fff")
    return buffer.getvalue()
