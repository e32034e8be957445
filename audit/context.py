"""Where the current request came from, for the audit log ("from where"), without passing requests into services."""

from contextvars import ContextVar

from core.clientip import client_ip as request_client_ip

_client_ip = ContextVar("audit_client_ip", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(request_client_ip(request) or None)
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)


def client_ip():
    return _client_ip.get()
