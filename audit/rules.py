"""Who may read the audit log."""


def can_view_audit_log(user):
    return user.has_perm("audit.view_auditentry")
