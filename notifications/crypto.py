"""Robot webhooks and signing secrets, encrypted at rest with Fernet (the `cryptography` package).

settings.PUSH_CHANNEL_KEYS: Fernet keys, the first encrypts, every one decrypts (to rotate: put a new key first,
run `manage.py rotate_push_secrets`, then drop the old one). Empty: one key derived from SECRET_KEY, so changing
SECRET_KEY then makes the stored secrets unreadable (docs/deploy.md).
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class UnreadableSecret(Exception):
    """Stored with a key that is no longer configured."""


def derived_key(secret_key):
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"xinke push channels").derive(
        secret_key.encode())
    return base64.urlsafe_b64encode(key)


def _fernet():
    keys = list(getattr(settings, "PUSH_CHANNEL_KEYS", None) or [derived_key(settings.SECRET_KEY)])
    return MultiFernet([Fernet(key) for key in keys])


def key_problems():
    """Why the configured keys cannot be used (for the system check); empty when they can."""
    try:
        _fernet()
    except (ValueError, TypeError) as error:
        return [str(error)]
    return []


def encrypt(text):
    return _fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token):
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise UnreadableSecret() from None


def rotate(token):
    """The same secret encrypted with the first key."""
    if not token:
        return ""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken:
        raise UnreadableSecret() from None
