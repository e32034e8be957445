"""Information-system account and permission approvals (授权审批), the grants register and revocation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthzConfig(AppConfig):
    name = "authz"
    verbose_name = _("Accounts and permissions (授权审批)")

    def ready(self):
        from approvals.subjects import register_subject
        from audit.labels import register
        from core.home import register_pending

        from . import home, nav, policy, services
        from .models import AccountRequest, ExternalAccess, PrivilegedChange, Revocation

        for code in AccountRequest.REQUEST_TYPES.values():
            register_subject(code, context=services.chain_facts, check=services.refuse_generic_execution,
                             finished=services.account_request_finished)
        register_subject(Revocation.REQUEST_TYPE, check=services.refuse_generic_execution)
        register_subject(PrivilegedChange.REQUEST_TYPE, context=services.chain_facts)
        register_subject(ExternalAccess.REQUEST_TYPE, context=services.chain_facts,
                         finished=services.external_access_finished)
        for code in policy.KEY_ACTIVITY_REQUEST_TYPES:  # 六: each kind of key activity has its request type
            register_subject(code, context=services.chain_facts, check=services.refuse_generic_execution)
        nav.register()
        register_pending(home.pending_work)
        from dataimport.registry import register as register_importer

        from .imports import CatalogueImporter

        register_importer(CatalogueImporter())
        labels = {}
        for model in ("accountrequest", "revocation", "privilegedchange", "externalaccess", "keyactivity"):
            labels[f"authz.{model}.create"] = _("filled in the request")
            labels[f"authz.{model}.update"] = _("changed the request")
        register({
            **labels,
            "authz.accountrequest.execute": _("IT carried out the request"),
            "authz.accountrequest.consent_received": _("IT received the signed consent form"),
            "authz.keyactivity.execute": _("IT carried out the key activity"),
            "authz.accountrequest.password_changed": _("confirmed changing the initial password"),
            "authz.accountrequest.password_reminder": _("reminded to change the initial password"),
            "authz.grant.register": _("recorded in the grants register"),
            "authz.grant.revoke": _("grant revoked"),
            "authz.revocation.execute": _("revoked every grant and issued the certificate"),
            "authz.privilegedchange.confirm": _("confirmed being present (two-person rule)"),
            "authz.privilegedchange.close": _("recorded the result and closed the change"),
            "authz.externalaccess.expire": _("access expired"),
            "authz.externalaccess.end": _("access ended early"),
            "authz.accessreview.open": _("access review opened"),
            "authz.accessreview.decide": _("review decision"),
            "authz.accessreview.confirm_remaining": _("kept every remaining access"),
            "authz.accessreview.complete": _("review completed"),
            "authz.system.import": _("system imported into the catalogue"),
            "authz.permissionset.import": _("permission set imported into the catalogue"),
        })
