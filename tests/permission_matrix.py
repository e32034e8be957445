"""What every URL answers, for each role and signed out. A URL pattern missing from here fails the test.

Each entry: URL name → (arguments key, {method: expected status per role}).
Roles, in order: anon, employee, supervisor, head, hr, outsider, admin (see tests/conftest.py).
Codes: 200 shown, 302 redirected (signed out: to sign-in), 403 refused, 404 hidden, 405 wrong method.
Later issues add their URLs here.
"""

ROLES = ("anon", "employee", "supervisor", "head", "hr", "outsider", "admin")


def row(*codes):
    assert len(codes) == len(ROLES)
    return dict(zip(ROLES, codes))


EVERYONE = row(302, 200, 200, 200, 200, 200, 200)
SIGNED_IN_REDIRECTED = row(302, 302, 302, 302, 302, 302, 302)
SIGNED_OUT_ONLY = row(200, 302, 302, 302, 302, 302, 302)
HR_ONLY = row(302, 404, 404, 404, 200, 404, 404)
OWNER_AND_HR = row(302, 200, 404, 404, 200, 404, 404)

MATRIX = {
    "home": (None, {"GET": EVERYONE}),
    # Sign-in and account pages (django-allauth)
    "account_login": (None, {"GET": SIGNED_OUT_ONLY}),
    "account_logout": (None, {"GET": row(302, 200, 200, 200, 200, 200, 200)}),
    "account_inactive": (None, {"GET": row(200, 200, 200, 200, 200, 200, 200)}),
    "account_signup": (None, {"GET": row(200, 302, 302, 302, 302, 302, 302), "POST": row(200, 302, 302, 302, 302, 302, 302)}),
    "account_reauthenticate": (None, {"GET": EVERYONE}),
    "account_email": (None, {"GET": EVERYONE}),
    "account_email_verification_sent": (None, {"GET": row(200, 200, 200, 200, 200, 200, 200)}),
    "account_change_password": (None, {"GET": EVERYONE}),
    "account_set_password": (None, {"GET": SIGNED_IN_REDIRECTED}),
    "account_reset_password": (None, {"GET": row(200, 200, 200, 200, 200, 200, 200)}),
    "account_confirm_login_code": (None, {"GET": SIGNED_IN_REDIRECTED}),
    "account_confirm_email": ("email_key", {"GET": row(200, 200, 200, 200, 200, 200, 200)}),
    "account_reset_password_from_key_done": (None, {"GET": row(200, 200, 200, 200, 200, 200, 200)}),
    "account_reset_password_from_key": ("reset_key", {"GET": row(200, 200, 200, 200, 200, 200, 200)}),
    "account_reset_password_done": (None, {"GET": row(200, 200, 200, 200, 200, 200, 200)}),
    "mfa_index": (None, {"GET": EVERYONE}),
    "mfa_authenticate": (None, {"GET": SIGNED_IN_REDIRECTED}),
    "mfa_reauthenticate": (None, {"GET": SIGNED_IN_REDIRECTED}),  # nobody here has a second factor yet
    "mfa_activate_totp": (None, {"GET": SIGNED_IN_REDIRECTED}),  # asks to re-enter the password first
    "mfa_deactivate_totp": (None, {"GET": row(302, 404, 404, 404, 404, 404, 404)}),
    "mfa_view_recovery_codes": (None, {"GET": row(302, 404, 404, 404, 404, 404, 404)}),
    "mfa_generate_recovery_codes": (None, {"GET": SIGNED_IN_REDIRECTED}),
    "mfa_download_recovery_codes": (None, {"GET": row(302, 404, 404, 404, 404, 404, 404)}),
    "usersessions_list": (None, {"GET": EVERYONE}),
    "set_language": (None, {"GET": row(302, 302, 302, 302, 302, 302, 302), "POST": row(302, 302, 302, 302, 302, 302, 302)}),
    # People and organisation
    "staff:directory": (None, {"GET": EVERYONE}),
    "staff:department_list": (None, {"GET": EVERYONE}),
    "staff:post_list": (None, {"GET": EVERYONE}),
    "staff:post_detail": ("post", {"GET": EVERYONE}),
    "staff:document_download": ("document", {"GET": OWNER_AND_HR}),
    "staff:profile": ("employee_username", {"GET": EVERYONE}),
    "staff:profile_edit": ("employee_username", {"GET": HR_ONLY}),
    "staff:document_upload": ("employee_username", {"GET": HR_ONLY}),
    # Notifications
    "notifications:list": (None, {"GET": EVERYONE}),
    "notifications:open": ("employee_notification", {
        "GET": row(302, 405, 405, 405, 405, 405, 405),
        "POST": row(302, 302, 404, 404, 404, 404, 404),
    }),
    "notifications:mark_all_read": (None, {
        "GET": row(302, 405, 405, 405, 405, 405, 405),
        "POST": row(302, 302, 302, 302, 302, 302, 302),
    }),
    # Approvals
    "approvals:inbox": (None, {"GET": EVERYONE}),
    "approvals:my_requests": (None, {"GET": EVERYONE}),
    "approvals:request_detail": ("employee_request", {"GET": row(302, 200, 200, 200, 404, 404, 404)}),
    "approvals:withdraw": ("employee_request", {
        "GET": row(302, 405, 405, 405, 405, 405, 405),
        "POST": row(302, 302, 302, 302, 404, 404, 404),
    }),
    "approvals:decide": ("employee_request_step", {
        "GET": row(302, 405, 405, 405, 405, 405, 405),
        "POST": row(302, 302, 302, 302, 404, 404, 404),
    }),
    "approvals:delegations": (None, {"GET": row(302, 404, 200, 200, 404, 404, 404)}),
    "approvals:delegation_end": ("head_delegation", {
        "GET": row(302, 405, 405, 405, 405, 405, 405),
        "POST": row(302, 404, 404, 302, 404, 404, 404),
    }),
    # Audit log (auditors)
    "audit:log": (None, {"GET": row(302, 404, 404, 404, 404, 404, 200)}),
    "audit:verify": (None, {"GET": row(302, 405, 405, 405, 405, 405, 405), "POST": row(302, 404, 404, 404, 404, 404, 200)}),
}

# Django admin: every admin URL is guarded by the admin site itself; these stand for all of them.
ADMIN_PREFIX = "admin:"
ADMIN_SAMPLES = {
    "admin:index": (None, {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:staff_post_changelist": (None, {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:staff_post_change": ("post_pk", {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:login": (None, {"GET": row(302, 403, 403, 403, 403, 403, 302)}),
}
