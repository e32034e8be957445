"""Strict readers for settings taken from the environment (after healthchecks' envbool)."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def envbool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(TRUE | FALSE)}, not {value!r}")


def envint(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envstr(name, default=""):
    return os.environ.get(name, default)


def envlist(name, default):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_trusted_proxies(value):
    """TRUSTED_PROXIES: a number of proxy hops, or a comma-separated list of proxy addresses and networks."""
    value = value.strip()
    if not value:
        return 0
    if value.isdigit():
        return int(value)
    try:
        return [ipaddress.ip_network(item.strip(), strict=False) for item in value.split(",") if item.strip()]
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must be a number of proxies or a list of addresses, not {value!r}") from None
