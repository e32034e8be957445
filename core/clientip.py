"""The address of the person's computer, behind the hospital's reverse proxy (settings.TRUSTED_PROXIES).

A proxy appends the address it received the request from to X-Forwarded-For; everything to the left of what the
trusted proxies appended was written by the client and proves nothing. So the chain is read from the nearest hop
outwards (REMOTE_ADDR, then the header from the right): with a number of proxies, the address that many hops
out; with the proxies' addresses, the first hop that is not one of them. Sign-in limits (through the account
adapter), the list of sessions and the audit log all use this one answer.
"""

import ipaddress

from django.conf import settings


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR") or ""
    trusted = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not trusted or not forwarded:
        return remote
    hops = [remote, *reversed(forwarded.split(","))]  # nearest first
    if isinstance(trusted, int):
        candidate = _address(hops[min(trusted, len(hops) - 1)])
        return str(candidate) if candidate is not None else remote
    client = remote
    for hop in hops:
        address = _address(hop)
        if address is None:
            break  # not written by a trusted proxy: the last good hop is as far as we can see
        client = str(address)
        if not any(address in network for network in trusted):
            break
    return client
