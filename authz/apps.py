"""Information-system account and permission approvals (授权审批), the grants register and revocation."""

from django.apps import AppConfig


class AuthzConfig(AppConfig):
    name = "authz"
