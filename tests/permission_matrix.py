"""What every URL answers, for each role and signed out. A URL pattern missing from here fails the test.

Each entry: URL name → (arguments key, {method: expected status per role}).
Roles, in order: anon, employee, supervisor, head, hr, outsider, admin (see tests/conftest.py).
Codes: 200 shown, 302 redirected (signed out: to sign-in), 403 refused, 404 hidden, 405 wrong method.
A URL that any page's form or htmx button posts to has a POST row (tests/core/test_permission_matrix.py checks it).
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
POST_ONLY = row(302, 405, 405, 405, 405, 405, 405)
DISCIPLINE_LEADERS = row(302, 404, 200, 200, 404, 404, 404)  # head and deputy of 信息科
DISCIPLINE_INCIDENT_READERS = row(302, 200, 200, 200, 200, 404, 404)  # the person, the leaders, HR
HIRING_FOLLOWERS = row(302, 404, 200, 200, 200, 404, 404)  # HR, the head and deputy of 信息科 (and the panel)
HIRING_HR_ACTION = row(302, 404, 404, 404, 302, 404, 404)
APPRAISAL_READERS = row(302, 200, 200, 200, 200, 404, 404)  # the person, the reviewer (deputy), the head, HR
APPRAISAL_REVIEWER_ACTION = row(302, 404, 302, 302, 404, 404, 404)  # the reviewer or the head of 信息科
APPRAISAL_PERSON_ACTION = row(302, 302, 404, 404, 404, 404, 404)  # the person appraised
DISCIPLINE_LEADERS_AND_HR = row(302, 404, 200, 200, 200, 404, 404)  # head and deputy of 信息科, HR
AUTHZ_REQUEST_BEFORE_IT = row(302, 404, 404, 404, 200, 200, 404)  # HR and the applicant, not yet IT
AUTHZ_REQUEST_BEFORE_IT_ACTION = row(302, 404, 404, 404, 302, 302, 404)
AUTHZ_IT = row(302, 200, 200, 200, 404, 404, 200)  # members of 信息科 (the admin is one)
AUTHZ_IT_ACTION = row(302, 302, 302, 302, 404, 404, 302)
AUTHZ_IT_AND_HR = row(302, 200, 200, 200, 200, 404, 200)
OFFBOARDING_READERS = row(302, 200, 200, 200, 200, 404, 404)  # the person, the leaders of 信息科, HR (and the successor)
OFFBOARDING_ACTION = row(302, 302, 302, 302, 302, 404, 404)  # those who see it; the service decides
LEAVE_READERS = row(302, 200, 200, 200, 200, 404, 404)  # the person, supervisor and head of 信息科, HR
LEAVE_ACTION = row(302, 302, 302, 302, 302, 404, 404)  # those who see it; the service decides
IMPORTERS = row(302, 404, 404, 404, 200, 404, 200)  # HR (roster, posts) and admins (posts, the system catalogue)
HR_ACTION = row(302, 404, 404, 404, 302, 404, 404)
AUTHZ_REVIEW_ACTION = row(302, 302, 302, 302, 302, 404, 302)  # IT, HR and the leaders see it; the service decides
SIGNED_IN = row(302, 200, 200, 200, 200, 200, 200)
DUTY_PLANNERS_ACTION = row(302, 404, 302, 302, 404, 404, 404)  # the head and deputy of 信息科 plan its roster
DUTY_IT_ACTION = AUTHZ_IT_ACTION  # 信息科's staff and leaders; the service decides
DUTY_PERSON_AND_LEADERS = row(302, 200, 200, 200, 404, 404, 404)
DUTY_PERSON_AND_LEADERS_ACTION = row(302, 302, 302, 302, 404, 404, 404)
TRAINING_MEMBERS = row(302, 200, 200, 200, 404, 404, 200)  # the staff of 信息科 (the admin is one)
TRAINING_MEMBERS_AND_HR = row(302, 200, 200, 200, 200, 404, 200)
TRAINING_MEMBERS_ACTION = row(302, 302, 302, 302, 404, 404, 302)  # those who see it; the service decides
TRAINING_LEADERS_ACTION = row(302, 404, 302, 302, 404, 404, 404)  # the head and deputy of 信息科
TRAINING_READERS_ACTION = row(302, 302, 302, 302, 302, 404, 302)
OWNER_ONLY = row(302, 200, 404, 404, 404, 404, 404)
APPRAISAL_READERS_NOT_HR = row(302, 200, 200, 200, 404, 404, 404)  # the person and their leaders
SIGNED_IN_REDIRECTED_EVERYONE = row(302, 302, 302, 302, 302, 302, 302)
# A page that only shows something answers a POST with 405 (require_safe), before it looks at who asks or what.
SHOWN_ONLY = row(302, 405, 405, 405, 405, 405, 405)

MATRIX = {
    "home": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    # Sign-in and account pages (django-allauth)
    "account_login": (None, {"GET": SIGNED_OUT_ONLY, "POST": SIGNED_OUT_ONLY}),
    "account_logout": (None, {"GET": row(302, 200, 200, 200, 200, 200, 200), "POST": SIGNED_IN_REDIRECTED}),
    "account_inactive": (None, {"GET": row(200, 200, 200, 200, 200, 200, 200)}),
    "account_signup": (None, {
        "GET": row(200, 302, 302, 302, 302, 302, 302),
        "POST": row(200, 302, 302, 302, 302, 302, 302),
    }),
    "account_reauthenticate": (None, {"GET": EVERYONE, "POST": EVERYONE}),
    "account_email": (None, {"GET": EVERYONE, "POST": SIGNED_IN_REDIRECTED}),
    "account_email_verification_sent": (None, {"GET": row(200, 200, 200, 200, 200, 200, 200)}),
    "account_change_password": (None, {"GET": EVERYONE, "POST": EVERYONE}),
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
    "set_language": (None, {
        "GET": row(302, 302, 302, 302, 302, 302, 302),
        "POST": row(302, 302, 302, 302, 302, 302, 302),
    }),
    # People and organisation
    # Imports (数据导入): the roster is HR's; a batch is seen by those who may use its importer
    "staff:directory": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "dataimport:index": (None, {"GET": IMPORTERS, "POST": SHOWN_ONLY}),
    "dataimport:upload": ("import_roster", {"GET": HR_ONLY, "POST": HR_ONLY}),
    "dataimport:template": ("import_roster", {"GET": HR_ONLY, "POST": SHOWN_ONLY}),
    "dataimport:batch": ("import_batch", {"GET": HR_ONLY, "POST": SHOWN_ONLY}),
    "dataimport:apply": ("import_batch", {"GET": POST_ONLY, "POST": HR_ACTION}),
    "dataimport:discard": ("import_batch", {"GET": POST_ONLY, "POST": HR_ACTION}),
    "staff:department_list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "staff:post_list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "staff:post_detail": ("post", {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "staff:document_download": ("document", {"GET": OWNER_AND_HR, "POST": SHOWN_ONLY}),
    "staff:profile": ("employee_username", {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "staff:profile_edit": ("employee_username", {"GET": HR_ONLY, "POST": HR_ONLY}),
    "staff:document_upload": ("employee_username", {"GET": HR_ONLY, "POST": HR_ONLY}),
    # HR and administrators hand over initial passwords (shown once, in the answer to the POST)
    "staff:password_slips": (None, {"GET": IMPORTERS, "POST": row(302, 404, 404, 404, 302, 404, 302)}),
    "staff:initial_password": ("employee_username", {"GET": POST_ONLY, "POST": row(302, 404, 404, 404, 200, 404, 200)}),
    # Notifications
    "notifications:list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "notifications:open": ("employee_notification", {
        "GET": row(302, 405, 405, 405, 405, 405, 405),
        "POST": row(302, 302, 404, 404, 404, 404, 404),
    }),
    "notifications:mark_all_read": (None, {
        "GET": row(302, 405, 405, 405, 405, 405, 405),
        "POST": row(302, 302, 302, 302, 302, 302, 302),
    }),
    # Push settings: each person's own; the test and remove buttons need a robot of one's own (nobody has one here)
    "notifications:settings": (None, {"GET": EVERYONE, "POST": EVERYONE}),
    "notifications:push_test": (None, {"GET": POST_ONLY, "POST": row(302, 404, 404, 404, 404, 404, 404)}),
    "notifications:push_remove": (None, {"GET": POST_ONLY, "POST": row(302, 404, 404, 404, 404, 404, 404)}),
    # Approvals
    "approvals:inbox": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "approvals:my_requests": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "approvals:request_detail": ("employee_request", {
        "GET": row(302, 200, 200, 200, 404, 404, 404), "POST": SHOWN_ONLY}),
    "approvals:open_subject": ("employee_request", {"GET": row(302, 302, 302, 302, 404, 404, 404)}),
    "approvals:withdraw": ("employee_request", {
        "GET": row(302, 405, 405, 405, 405, 405, 405),
        "POST": row(302, 302, 302, 302, 404, 404, 404),
    }),
    "approvals:decide": ("employee_request_step", {
        "GET": row(302, 405, 405, 405, 405, 405, 405),
        "POST": row(302, 302, 302, 302, 404, 404, 404),
    }),
    "approvals:delegations": (None, {
        "GET": row(302, 404, 200, 200, 404, 404, 404),
        "POST": row(302, 404, 200, 200, 404, 404, 404),
    }),
    "approvals:delegation_end": ("head_delegation", {
        "GET": row(302, 405, 405, 405, 405, 405, 405),
        "POST": row(302, 404, 404, 302, 404, 404, 404),
    }),
    # Accounts and permissions (授权审批): 艾琳 (outsider) asks for 护士工作站, IT (the employee) carries it out
    "authz:request_list": (None, {"GET": EVERYONE}),
    "authz:request_new": (None, {"GET": EVERYONE, "POST": EVERYONE}),
    "authz:permission_set_options": (None, {"GET": EVERYONE}),
    # The nurse's request waits for her head: HR and she see it; IT from the moment it reaches IT's step (issue 13).
    "authz:request_detail": ("authz_account_request", {"GET": AUTHZ_REQUEST_BEFORE_IT}),
    "authz:request_edit": ("authz_account_draft", {
        "GET": row(302, 404, 404, 404, 404, 200, 404),
        "POST": row(302, 404, 404, 404, 404, 200, 404),
    }),
    "authz:request_execute": ("authz_account_request", {"GET": POST_ONLY, "POST": AUTHZ_REQUEST_BEFORE_IT_ACTION}),
    "authz:password_changed": ("authz_account_request", {"GET": POST_ONLY, "POST": AUTHZ_REQUEST_BEFORE_IT_ACTION}),
    "authz:request_consent": ("authz_account_at_it", {"GET": EVERYONE}),
    "authz:request_consent_received": ("authz_account_at_it", {"GET": POST_ONLY, "POST": SIGNED_IN_REDIRECTED}),
    "authz:submit": ("authz_account_draft_approval", {"GET": POST_ONLY, "POST": row(302, 404, 404, 404, 404, 302, 404)}),
    "authz:withdraw": ("authz_account_draft_approval", {"GET": POST_ONLY,
                                                        "POST": row(302, 404, 404, 404, 404, 302, 404)}),
    "authz:system_list": (None, {"GET": EVERYONE}),
    "authz:grant_list": (None, {"GET": EVERYONE}),
    "authz:grant_export": (None, {"GET": EVERYONE}),
    "authz:it_queue": (None, {"GET": AUTHZ_IT}),
    # 艾丽 (employee) left 信息科's systems: her head and HR signed, IT certified it; IT and HR follow it
    "authz:revocation_list": (None, {"GET": EVERYONE}),
    "authz:revocation_new": (None, {"GET": EVERYONE, "POST": EVERYONE}),
    "authz:revocation_detail": ("authz_revocation", {"GET": AUTHZ_IT_AND_HR}),
    "authz:revocation_edit": ("authz_revocation", {"GET": row(302, 302, 404, 404, 404, 404, 404)}),
    "authz:revocation_execute": ("authz_revocation", {"GET": POST_ONLY, "POST": AUTHZ_REVIEW_ACTION}),
    "authz:revocation_certificate": ("authz_revocation", {"GET": AUTHZ_IT_AND_HR}),
    "authz:change_list": (None, {"GET": AUTHZ_IT}),
    "authz:change_new": (None, {"GET": AUTHZ_IT, "POST": AUTHZ_IT}),
    "authz:change_detail": ("authz_change", {"GET": AUTHZ_IT}),
    "authz:change_edit": ("authz_change", {"GET": row(302, 302, 404, 404, 404, 404, 404)}),
    "authz:change_confirm": ("authz_change", {"GET": POST_ONLY, "POST": AUTHZ_IT_ACTION}),
    "authz:change_close": ("authz_change", {"GET": POST_ONLY, "POST": AUTHZ_IT_ACTION}),
    "authz:external_list": (None, {"GET": AUTHZ_IT}),
    "authz:external_new": (None, {"GET": AUTHZ_IT, "POST": AUTHZ_IT}),
    "authz:external_detail": ("authz_external", {"GET": AUTHZ_IT}),
    "authz:external_edit": ("authz_external", {"GET": row(302, 302, 404, 404, 404, 404, 404)}),
    "authz:external_end": ("authz_external", {"GET": POST_ONLY, "POST": AUTHZ_IT_ACTION}),
    "authz:activity_list": (None, {"GET": EVERYONE}),
    "authz:activity_new": (None, {"GET": EVERYONE, "POST": EVERYONE}),
    # 艾丽's key activity waits for her leaders: the admin (信息科 too) sees it from IT's step on (issue 13).
    "authz:activity_detail": ("authz_activity", {"GET": row(302, 200, 200, 200, 404, 404, 404)}),
    "authz:activity_edit": ("authz_activity", {"GET": row(302, 302, 404, 404, 404, 404, 404)}),
    "authz:activity_execute": ("authz_activity", {"GET": POST_ONLY, "POST": row(302, 302, 302, 302, 404, 404, 404)}),
    "authz:review_list": (None, {"GET": row(302, 200, 200, 200, 200, 404, 200)}),
    "authz:review_detail": ("authz_review", {"GET": row(302, 200, 200, 200, 200, 404, 200)}),
    "authz:review_confirm_remaining": ("authz_review", {"GET": POST_ONLY, "POST": AUTHZ_REVIEW_ACTION}),
    "authz:review_complete": ("authz_review", {"GET": POST_ONLY, "POST": AUTHZ_REVIEW_ACTION}),
    "authz:review_item_decide": ("authz_review_item", {"GET": POST_ONLY, "POST": AUTHZ_REVIEW_ACTION}),
    "authz:review_item_revoke": ("authz_review_item", {"GET": POST_ONLY, "POST": AUTHZ_REVIEW_ACTION}),
    # Audit log (auditors)
    # Discipline: the employee's incident, recorded by the head; the employee's and 信息科's statements
    "audit:log": (None, {"GET": row(302, 404, 404, 404, 404, 404, 200), "POST": SHOWN_ONLY}),
    "discipline:incident_list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "discipline:incident_create": (None, {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "discipline:incident_preview": (None, {"GET": POST_ONLY, "POST": DISCIPLINE_LEADERS}),
    "discipline:incident_detail": ("discipline_incident", {"GET": DISCIPLINE_INCIDENT_READERS, "POST": SHOWN_ONLY}),
    # the person answers; an empty appeal shows the form again
    "discipline:evidence_download": ("discipline_incident", {"GET": DISCIPLINE_INCIDENT_READERS, "POST": SHOWN_ONLY}),
    "discipline:incident_acknowledge": ("discipline_incident", {
        "GET": POST_ONLY, "POST": row(302, 302, 404, 404, 404, 404, 404)}),
    "discipline:incident_appeal": ("discipline_incident", {
        "GET": POST_ONLY, "POST": row(302, 200, 404, 404, 404, 404, 404)}),
    # the head and deputy review: confirming a confirmed incident is refused with a message (302), an empty
    # decision or cancellation shows the form again (200)
    "discipline:incident_confirm": ("discipline_incident", {
        "GET": POST_ONLY, "POST": row(302, 404, 302, 302, 404, 404, 404)}),
    "discipline:incident_decide": ("discipline_incident", {"GET": POST_ONLY, "POST": DISCIPLINE_LEADERS}),
    "discipline:incident_cancel": ("discipline_incident", {"GET": POST_ONLY, "POST": DISCIPLINE_LEADERS}),
    "discipline:rules": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "discipline:my_statement": (None, {"GET": SIGNED_IN_REDIRECTED}),
    "discipline:person_statement": ("discipline_employee_month", {
        "GET": DISCIPLINE_INCIDENT_READERS, "POST": SHOWN_ONLY}),
    "discipline:person_statement_export": ("discipline_employee_month", {
        "GET": DISCIPLINE_INCIDENT_READERS, "POST": SHOWN_ONLY}),
    "discipline:department_index": (None, {"GET": row(302, 404, 302, 302, 200, 404, 404), "POST": SHOWN_ONLY}),
    "discipline:department_statement": ("discipline_it_month", {
        "GET": row(302, 404, 200, 200, 200, 404, 404), "POST": SHOWN_ONLY}),
    "discipline:department_statement_export": ("discipline_it_month", {
        "GET": row(302, 404, 200, 200, 200, 404, 404), "POST": SHOWN_ONLY}),
    # Hiring and probation: the head's headcount request; an open IT posting whose panel is the head alone, with
    # one registered candidate; a probationer of 信息科 supervised by the deputy. HR actions answer with a redirect
    # (done, or refused with a message); everyone else gets 404.
    "hiring:posting_list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "hiring:candidate_list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "hiring:headcount_list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "hiring:probation_list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "hiring:headcount_create": (None, {
        "GET": row(302, 404, 200, 200, 404, 404, 404),
        "POST": row(302, 404, 200, 200, 404, 404, 404),
    }),
    "hiring:headcount_detail": ("hiring_headcount", {
        "GET": row(302, 404, 200, 200, 200, 404, 404), "POST": SHOWN_ONLY}),
    "hiring:headcount_edit": ("hiring_headcount", {"GET": row(302, 404, 404, 302, 404, 404, 404)}),
    "hiring:headcount_meeting": ("hiring_headcount", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:posting_detail": ("hiring_posting", {"GET": HIRING_FOLLOWERS, "POST": SHOWN_ONLY}),
    "hiring:posting_board": ("hiring_posting", {"GET": HIRING_FOLLOWERS, "POST": SHOWN_ONLY}),
    "hiring:posting_edit": ("hiring_posting", {"GET": HR_ONLY, "POST": HR_ONLY}),
    "hiring:posting_publish": ("hiring_posting", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:posting_close": ("hiring_posting", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:candidate_create": ("hiring_posting", {"GET": HR_ONLY, "POST": HR_ONLY}),
    "hiring:candidate_detail": ("hiring_candidate", {"GET": HIRING_FOLLOWERS, "POST": HIRING_FOLLOWERS}),
    "hiring:candidate_edit": ("hiring_candidate", {"GET": HR_ONLY, "POST": HR_ONLY}),
    "hiring:candidate_screen": ("hiring_candidate", {"GET": HR_ONLY, "POST": HR_ONLY}),
    "hiring:candidate_hire": ("hiring_candidate", {"GET": HIRING_HR_ACTION}),  # not offered yet: back to the page
    "hiring:attachment_upload": ("hiring_candidate", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:attachment_download": ("hiring_attachment", {
        "GET": row(302, 404, 404, 200, 200, 404, 404), "POST": SHOWN_ONLY}),
    "hiring:candidate_exam": ("hiring_candidate", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:candidate_score": ("hiring_candidate", {"GET": POST_ONLY, "POST": row(302, 404, 404, 302, 404, 404, 404)}),
    "hiring:candidate_interview": ("hiring_candidate", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:candidate_medical": ("hiring_candidate", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:candidate_background": ("hiring_candidate", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:candidate_offer": ("hiring_candidate", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:candidate_decline": ("hiring_candidate", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:candidate_reject": ("hiring_candidate", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:candidate_dismiss": ("hiring_candidate", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:onboarding_tick": ("hiring_onboarding_item", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:probation_start": (None, {"GET": HR_ONLY, "POST": HR_ONLY}),
    "hiring:probation_detail": ("hiring_probation", {"GET": HIRING_FOLLOWERS, "POST": SHOWN_ONLY}),
    "hiring:probation_assess": ("hiring_probation", {
        "GET": row(302, 404, 200, 200, 404, 404, 404),
        "POST": row(302, 404, 200, 200, 404, 404, 404),
    }),
    "hiring:probation_terminate": ("hiring_probation", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "hiring:probation_agreement": ("hiring_probation", {"GET": HIRING_FOLLOWERS, "POST": SHOWN_ONLY}),
    "hiring:probation_notice": ("hiring_probation", {"GET": HIRING_FOLLOWERS, "POST": SHOWN_ONLY}),
    "audit:verify": (None, {"GET": row(302, 405, 405, 405, 405, 405, 405), "POST": row(302, 404, 404, 404, 404, 404, 200)}),
    # Appraisal (绩效考核): the employee's scorecard is reviewed by the supervisor (deputy) or the head of 信息科
    "appraisal:list": (None, {"GET": EVERYONE}),
    "appraisal:detail": ("appraisal_scorecard_self", {"GET": APPRAISAL_READERS}),
    "appraisal:self_assessment": ("appraisal_scorecard_self", {"GET": row(302, 200, 404, 404, 404, 404, 404),
                                                               "POST": row(302, 302, 404, 404, 404, 404, 404)}),
    "appraisal:review": ("appraisal_scorecard_review", {"GET": row(302, 404, 200, 200, 404, 404, 404),
                                                        "POST": APPRAISAL_REVIEWER_ACTION}),
    "appraisal:review_return": ("appraisal_scorecard_review", {"GET": POST_ONLY, "POST": APPRAISAL_REVIEWER_ACTION}),
    "appraisal:review_without_self": ("appraisal_scorecard_self", {"GET": POST_ONLY,
                                                                   "POST": APPRAISAL_REVIEWER_ACTION}),
    "appraisal:adjustment_add": ("appraisal_scorecard_review", {"GET": POST_ONLY, "POST": APPRAISAL_REVIEWER_ACTION}),
    "appraisal:adjustment_remove": ("appraisal_reviewer_line", {"GET": POST_ONLY, "POST": APPRAISAL_REVIEWER_ACTION}),
    "appraisal:adjustment_decide": ("appraisal_discipline_line", {"GET": POST_ONLY, "POST": APPRAISAL_REVIEWER_ACTION}),
    "appraisal:discipline_refresh": ("appraisal_scorecard_review", {"GET": POST_ONLY,
                                                                    "POST": APPRAISAL_REVIEWER_ACTION}),
    "appraisal:acknowledge": ("appraisal_scorecard_confirm", {"GET": POST_ONLY, "POST": APPRAISAL_PERSON_ACTION}),
    "appraisal:dispute": ("appraisal_scorecard_confirm", {"GET": POST_ONLY, "POST": APPRAISAL_PERSON_ACTION}),
    "appraisal:reopen": ("appraisal_scorecard_locked", {"GET": POST_ONLY, "POST": row(302, 404, 404, 302, 404, 404, 404)}),
    "appraisal:sheet_xlsx": ("appraisal_scorecard_locked", {"GET": APPRAISAL_READERS}),
    "appraisal:sheet_pdf": ("appraisal_scorecard_locked", {"GET": APPRAISAL_READERS}),
    "appraisal:month": ("appraisal_month", {"GET": DISCIPLINE_LEADERS_AND_HR}),
    "appraisal:rollup": ("appraisal_month", {"GET": POST_ONLY, "POST": row(302, 404, 404, 404, 302, 404, 404)}),
    "appraisal:person_year": ("appraisal_person", {"GET": APPRAISAL_READERS}),
    "appraisal:department_year": ("appraisal_department", {"GET": DISCIPLINE_LEADERS_AND_HR}),
    "appraisal:periodic": ("appraisal_periodic", {"GET": DISCIPLINE_LEADERS_AND_HR}),
    "appraisal:periodic_xlsx": ("appraisal_periodic", {"GET": DISCIPLINE_LEADERS_AND_HR}),
    "appraisal:periodic_pdf": ("appraisal_periodic", {"GET": DISCIPLINE_LEADERS_AND_HR}),
    "appraisal:annual_grades": ("appraisal_year", {"GET": HR_ONLY}),
    "appraisal:annual_grades_xlsx": ("appraisal_year", {"GET": HR_ONLY}),
    "appraisal:attachment_add": ("appraisal_scorecard_self", {"GET": POST_ONLY,
                                                              "POST": row(302, 302, 302, 302, 302, 404, 404)}),
    "appraisal:attachment": ("appraisal_attachment", {"GET": APPRAISAL_READERS}),
    "appraisal:attachment_remove": ("appraisal_attachment", {"GET": POST_ONLY,
                                                             "POST": row(302, 302, 302, 302, 302, 404, 404)}),
    "appraisal:exports": (None, {"GET": HR_ONLY, "POST": HR_ONLY}),
    "appraisal:export_status": ("appraisal_export_job", {"GET": HR_ONLY}),
    "appraisal:export_download": ("appraisal_export_job", {"GET": HR_ONLY}),
    # 360° appraisal: the head of 信息科 runs the round, HR reads it; the supervisor (deputy) is the rater asked
    "appraisal:feedback_rounds": (None, {"GET": row(302, 404, 404, 200, 200, 404, 404)}),
    "appraisal:feedback_round_open": (None, {"GET": POST_ONLY, "POST": row(302, 404, 404, 302, 404, 404, 404)}),
    "appraisal:feedback_round": ("appraisal_feedback_round", {"GET": row(302, 404, 404, 200, 200, 404, 404)}),
    "appraisal:feedback_rater_add": ("appraisal_feedback_round", {"GET": POST_ONLY,
                                                                  "POST": row(302, 404, 404, 302, 404, 404, 404)}),
    "appraisal:feedback_rater_remove": ("appraisal_feedback_request", {
        "GET": POST_ONLY, "POST": row(302, 404, 404, 302, 404, 404, 404)}),
    "appraisal:feedback_round_close": ("appraisal_feedback_round", {"GET": POST_ONLY,
                                                                    "POST": row(302, 404, 404, 302, 404, 404, 404)}),
    "appraisal:feedback_tasks": (None, {"GET": EVERYONE}),
    "appraisal:feedback_answer": ("appraisal_feedback_answer", {"GET": row(302, 404, 200, 404, 404, 404, 404),
                                                                "POST": row(302, 404, 200, 404, 404, 404, 404)}),
    # Offboarding and transfer (离岗交接): 艾丽 leaves, a successor outside the matrix's roles takes over
    "offboarding:list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "offboarding:start": (None, {"GET": EVERYONE, "POST": EVERYONE}),
    "offboarding:detail": ("offboarding_handover", {"GET": OFFBOARDING_READERS, "POST": SHOWN_ONLY}),
    "offboarding:record_pdf": ("offboarding_handover", {"GET": OFFBOARDING_READERS, "POST": SHOWN_ONLY}),
    "offboarding:item_hand_over": ("offboarding_item", {"GET": POST_ONLY, "POST": OFFBOARDING_ACTION}),
    "offboarding:item_confirm": ("offboarding_item", {"GET": POST_ONLY, "POST": OFFBOARDING_ACTION}),
    "offboarding:item_return": ("offboarding_item", {"GET": POST_ONLY, "POST": OFFBOARDING_ACTION}),
    "offboarding:equipment_add": ("offboarding_handover", {"GET": POST_ONLY, "POST": OFFBOARDING_ACTION}),
    "offboarding:equipment_remove": ("offboarding_equipment", {"GET": POST_ONLY, "POST": OFFBOARDING_ACTION}),
    "offboarding:equipment_confirm": ("offboarding_equipment", {"GET": POST_ONLY, "POST": OFFBOARDING_ACTION}),
    "offboarding:confirm": ("offboarding_handover", {"GET": POST_ONLY, "POST": OFFBOARDING_ACTION}),
    "offboarding:passwords_changed": ("offboarding_handover", {"GET": POST_ONLY, "POST": OFFBOARDING_ACTION}),
    "offboarding:file_revocation": ("offboarding_handover", {"GET": POST_ONLY, "POST": OFFBOARDING_ACTION}),
    "offboarding:complete": ("offboarding_handover", {"GET": POST_ONLY, "POST": OFFBOARDING_ACTION}),
    "offboarding:cancel": ("offboarding_handover", {"GET": POST_ONLY, "POST": OFFBOARDING_ACTION}),
    # Leave (请假): the employee's request waits for the supervisor; the sick leave carries a document.
    "leave:list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "leave:export": (None, {"GET": DISCIPLINE_LEADERS_AND_HR, "POST": SHOWN_ONLY}),
    "leave:new": (None, {"GET": EVERYONE, "POST": EVERYONE}),
    "leave:preview": (None, {"GET": EVERYONE, "POST": EVERYONE}),
    "leave:calendar": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "leave:detail": ("leave_pending", {"GET": LEAVE_READERS, "POST": SHOWN_ONLY}),
    "leave:edit": ("leave_pending", {"GET": LEAVE_ACTION}),  # not returned: back to the page with a message
    "leave:document": ("leave_sick", {"GET": LEAVE_READERS, "POST": SHOWN_ONLY}),
    "leave:withdraw": ("leave_pending", {"GET": POST_ONLY, "POST": LEAVE_ACTION}),
    "leave:cancel": ("leave_pending", {"GET": POST_ONLY, "POST": LEAVE_ACTION}),
    "leave:return": ("leave_pending", {"GET": POST_ONLY, "POST": LEAVE_ACTION}),
    "leave:cover": ("leave_pending", {"GET": POST_ONLY, "POST": LEAVE_ACTION}),
    "leave:recount": ("leave_pending", {"GET": POST_ONLY, "POST": LEAVE_ACTION}),
    "leave:absence_list": (None, {"GET": DISCIPLINE_LEADERS_AND_HR, "POST": SHOWN_ONLY}),
    "leave:absence_new": (None, {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "leave:lateness_list": (None, {"GET": DISCIPLINE_LEADERS_AND_HR, "POST": SHOWN_ONLY}),
    "leave:lateness_new": (None, {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "leave:lateness_preview": (None, {"GET": POST_ONLY, "POST": DISCIPLINE_LEADERS}),
    "leave:lateness_detail": ("leave_lateness", {"GET": LEAVE_READERS, "POST": SHOWN_ONLY}),
    "leave:lateness_decide": ("leave_lateness", {"GET": POST_ONLY, "POST": LEAVE_ACTION}),
    "leave:lateness_confirm": ("leave_lateness", {"GET": POST_ONLY, "POST": LEAVE_ACTION}),
    "leave:lateness_cancel": ("leave_lateness", {"GET": POST_ONLY, "POST": LEAVE_ACTION}),
    "leave:balance_list": (None, {"GET": DISCIPLINE_LEADERS_AND_HR, "POST": SHOWN_ONLY}),
    "leave:balances_open": (None, {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    "leave:balance_edit": ("leave_balance", {"GET": POST_ONLY, "POST": HIRING_HR_ACTION}),
    # Duty roster (值班): 信息科's roster of yesterday's month is published (the employee was on yesterday's main
    # shift, handed it over, wrote its log), next month's is a draft; a call comes from 心内科 (the outsider's
    # department, whose visits the outsider confirms); a complaint, overtime and a finding concern the employee.
    "duty:mine": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "duty:board": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "duty:assignment": ("duty_shift", {"GET": AUTHZ_IT, "POST": SHOWN_ONLY}),
    "duty:breach_new": ("duty_shift", {"GET": POST_ONLY, "POST": DUTY_PLANNERS_ACTION}),  # leaders witness breaches
    "duty:feed": ("duty_feed", {"GET": row(200, 200, 200, 200, 200, 200, 200)}),  # the secret token signs in
    "duty:feed_create": (None, {"GET": POST_ONLY, "POST": SIGNED_IN}),
    "duty:feed_revoke": (None, {"GET": POST_ONLY, "POST": SIGNED_IN_REDIRECTED}),
    "duty:rosters": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "duty:roster_open": (None, {"GET": POST_ONLY, "POST": DUTY_PLANNERS_ACTION}),
    # published: the wards see who is on duty
    "duty:roster": ("duty_roster_month", {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "duty:cell": ("duty_cell", {"GET": DISCIPLINE_LEADERS, "POST": DUTY_PLANNERS_ACTION}),
    "duty:roster_draft": ("duty_roster_draft", {"GET": POST_ONLY, "POST": DUTY_PLANNERS_ACTION}),
    "duty:roster_publish": ("duty_roster_draft", {"GET": POST_ONLY, "POST": DUTY_PLANNERS_ACTION}),
    "duty:roster_xlsx": ("duty_roster_published", {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "duty:roster_pdf": ("duty_roster_published", {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "duty:reassign": ("duty_shift", {"GET": POST_ONLY, "POST": DUTY_PLANNERS_ACTION}),
    "duty:fairness": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),  # each sees their own department's
    "duty:rotations": (None, {"GET": DISCIPLINE_LEADERS, "POST": SHOWN_ONLY}),
    "duty:rotation_new": (None, {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "duty:rotation_edit": ("duty_rotation", {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "duty:swaps": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),  # mine, and the department's for its head
    "duty:swap_new": ("duty_shift", {"GET": OWNER_ONLY, "POST": OWNER_ONLY}),  # the person on the duty asks
    # asked by the employee of the deputy
    "duty:swap": ("duty_swap", {"GET": DUTY_PERSON_AND_LEADERS, "POST": SHOWN_ONLY}),
    "duty:swap_answer": ("duty_swap", {"GET": POST_ONLY, "POST": DUTY_PERSON_AND_LEADERS_ACTION}),
    "duty:swap_withdraw": ("duty_swap", {"GET": POST_ONLY, "POST": DUTY_PERSON_AND_LEADERS_ACTION}),
    "duty:handovers": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),  # each sees their own department's
    "duty:handover_start": ("duty_shift", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:handover": ("duty_handover", {"GET": AUTHZ_IT, "POST": SHOWN_ONLY}),
    "duty:handover_item_add": ("duty_handover", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:handover_submit": ("duty_handover", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:handover_take_over": ("duty_handover", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:handover_omission": ("duty_handover", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:handover_resolve": ("duty_handover", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:handover_pdf": ("duty_handover", {"GET": AUTHZ_IT, "POST": SHOWN_ONLY}),
    "duty:handover_item_update": ("duty_handover_item", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:handover_item_remove": ("duty_handover_item", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:handover_item_check": ("duty_handover_item", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:logs": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),  # each sees their own department's
    "duty:log": ("duty_log_shift", {"GET": AUTHZ_IT, "POST": SHOWN_ONLY}),
    "duty:log_entry": ("duty_log_shift", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:log_submit": ("duty_log_shift", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:log_sign": ("duty_log_shift", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:log_return": ("duty_log_shift", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:log_propose": ("duty_log_shift", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:log_pdf": ("duty_log_shift", {"GET": AUTHZ_IT, "POST": SHOWN_ONLY}),
    "duty:registers": (None, {"GET": AUTHZ_IT, "POST": SHOWN_ONLY}),
    "duty:register": ("duty_register", {"GET": AUTHZ_IT, "POST": AUTHZ_IT}),  # an empty entry shows the form again
    "duty:register_sign": ("duty_register_entry", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:loans": (None, {"GET": AUTHZ_IT, "POST": AUTHZ_IT}),
    "duty:loan_return": ("duty_loan", {"GET": POST_ONLY, "POST": DUTY_IT_ACTION}),
    "duty:calls": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "duty:call_new": (None, {"GET": EVERYONE, "POST": EVERYONE}),  # IT records calls; anyone files a ticket
    "duty:call_report": (None, {"GET": DISCIPLINE_LEADERS_AND_HR, "POST": SHOWN_ONLY}),
    # IT and the calling department
    "duty:call": ("duty_call", {"GET": row(302, 200, 200, 200, 404, 200, 200), "POST": SHOWN_ONLY}),
    "duty:call_respond": ("duty_call", {"GET": POST_ONLY, "POST": row(302, 302, 302, 302, 404, 302, 302)}),
    "duty:call_start": ("duty_call", {"GET": POST_ONLY, "POST": row(302, 302, 302, 302, 404, 302, 302)}),
    "duty:call_resolve": ("duty_call", {"GET": POST_ONLY, "POST": row(302, 302, 302, 302, 404, 302, 302)}),
    "duty:call_assign": ("duty_call", {"GET": POST_ONLY, "POST": row(302, 302, 302, 302, 404, 302, 302)}),
    "duty:call_cancel": ("duty_call", {"GET": POST_ONLY, "POST": row(302, 302, 302, 302, 404, 302, 302)}),
    "duty:complaints": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "duty:complaint_new": (None, {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "duty:complaint": ("duty_complaint", {"GET": DUTY_PERSON_AND_LEADERS, "POST": SHOWN_ONLY}),
    "duty:complaint_decide": ("duty_complaint", {"GET": POST_ONLY, "POST": DUTY_PERSON_AND_LEADERS_ACTION}),
    "duty:patrols": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "duty:visit_new": ("duty_area", {"GET": row(302, 200, 404, 404, 404, 404, 404),
                                     "POST": row(302, 200, 404, 404, 404, 404, 404)}),
    # the outsider confirms
    "duty:visit": ("duty_visit", {"GET": row(302, 200, 200, 200, 404, 200, 404), "POST": SHOWN_ONLY}),
    "duty:visit_confirm": ("duty_visit", {"GET": POST_ONLY, "POST": row(302, 302, 302, 302, 404, 302, 404)}),
    "duty:overtime": (None, {"GET": EVERYONE, "POST": AUTHZ_IT}),
    "duty:overtime_withdraw": ("duty_overtime", {"GET": POST_ONLY, "POST": row(302, 302, 404, 404, 404, 404, 404)}),
    "duty:findings": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "duty:finding": ("duty_finding", {"GET": DUTY_PERSON_AND_LEADERS, "POST": SHOWN_ONLY}),
    "duty:finding_dismiss": ("duty_finding", {"GET": POST_ONLY, "POST": DUTY_PERSON_AND_LEADERS_ACTION}),
    # The working-day calendar: everyone sees the holidays; HR and administrators load a year's notice.
    "workcalendar:index": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "workcalendar:year": ("calendar_year", {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "workcalendar:load": ("calendar_year", {"GET": row(302, 404, 404, 404, 200, 404, 200),
                                            "POST": row(302, 404, 404, 404, 200, 404, 200)}),
    # Training (教育培训): 信息科's approved plan and a draft; the deputy's session today for the employee; the head's
    # question bank and exam that the employee took; the employee's self-study and slides.
    "training:home": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "training:plan_list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "training:plan_new": (None, {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "training:plan_detail": ("training_plan", {"GET": TRAINING_MEMBERS_AND_HR, "POST": SHOWN_ONLY}),
    "training:plan_edit": ("training_draft", {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "training:plan_item_new": ("training_draft", {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "training:plan_discard": ("training_draft", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:plan_revise": ("training_plan", {"GET": POST_ONLY, "POST": TRAINING_READERS_ACTION}),
    "training:plan_submit": ("training_draft", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:plan_withdraw": ("training_draft", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:plan_export": ("training_plan", {"GET": TRAINING_MEMBERS_AND_HR, "POST": SHOWN_ONLY}),
    "training:plan_item_edit": ("training_item", {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "training:plan_item_remove": ("training_item", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:session_list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "training:session_new": (None, {"GET": TRAINING_MEMBERS, "POST": TRAINING_MEMBERS}),
    "training:session_detail": ("training_session", {"GET": TRAINING_MEMBERS, "POST": SHOWN_ONLY}),
    "training:session_edit": ("training_session", {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "training:session_invite": ("training_session", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:session_cancel": ("training_session", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:session_close": ("training_session", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:attendance_mark": ("training_session", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:session_screen": ("training_session", {"GET": DISCIPLINE_LEADERS, "POST": SHOWN_ONLY}),
    "training:session_code": ("training_session", {"GET": DISCIPLINE_LEADERS, "POST": SHOWN_ONLY}),
    "training:session_qr_image": ("training_session", {"GET": row(302, 404, 404, 404, 404, 404, 404)}),  # no token
    "training:session_sheet": ("training_session", {"GET": DISCIPLINE_LEADERS, "POST": SHOWN_ONLY}),
    "training:material_upload": ("training_session", {"GET": POST_ONLY, "POST": TRAINING_MEMBERS_ACTION}),
    "training:material_download": ("training_material", {"GET": TRAINING_MEMBERS, "POST": SHOWN_ONLY}),
    "training:material_remove": ("training_material", {"GET": POST_ONLY, "POST": TRAINING_MEMBERS_ACTION}),
    "training:survey": ("training_attended", {"GET": OWNER_ONLY, "POST": OWNER_ONLY}),  # only attendees answer
    "training:signin": ("training_token", {"GET": EVERYONE, "POST": SIGNED_IN_REDIRECTED_EVERYONE}),
    "training:hours": (None, {"GET": DISCIPLINE_LEADERS_AND_HR}),
    "training:hours_export": (None, {"GET": DISCIPLINE_LEADERS_AND_HR}),
    "training:person_hours": ("training_person", {"GET": APPRAISAL_READERS}),
    "training:person_record": ("training_person", {"GET": APPRAISAL_READERS}),
    "training:self_study_list": (None, {"GET": EVERYONE}),
    "training:self_study_new": (None, {"GET": EVERYONE, "POST": EVERYONE}),
    "training:self_study_decide": ("training_self_study", {"GET": POST_ONLY, "POST": LEAVE_ACTION}),
    "training:self_study_evidence": ("training_self_study", {"GET": APPRAISAL_READERS}),
    "training:slides_list": (None, {"GET": EVERYONE}),
    "training:slides_new": (None, {"GET": EVERYONE, "POST": EVERYONE}),
    "training:slides_download": ("training_deck", {"GET": TRAINING_MEMBERS}),
    # 艾丽's external training, reported: her leaders confirm the hours; the chain (no VP in the matrix) sees it too
    "training:evidence": ("training_person_month", {"GET": APPRAISAL_READERS, "POST": SHOWN_ONLY}),
    "training:external_list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "training:external_new": (None, {"GET": EVERYONE, "POST": EVERYONE}),
    "training:external_detail": ("training_external", {"GET": APPRAISAL_READERS, "POST": SHOWN_ONLY}),
    "training:external_edit": ("training_external", {"GET": LEAVE_ACTION}),  # not returned: back to its page
    "training:external_withdraw": ("training_external", {"GET": POST_ONLY, "POST": LEAVE_ACTION}),
    "training:external_report": ("training_external", {"GET": POST_ONLY, "POST": LEAVE_ACTION}),
    "training:external_confirm": ("training_external", {"GET": POST_ONLY, "POST": LEAVE_ACTION}),
    "training:external_certificate": ("training_external", {"GET": APPRAISAL_READERS, "POST": SHOWN_ONLY}),
    "training:evidence_line": ("training_proposal", {"GET": row(302, 302, 302, 302, 302, 404, 404)}),
    "training:exam_list": (None, {"GET": EVERYONE, "POST": SHOWN_ONLY}),
    "training:exam_new": (None, {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "training:exam_detail": ("training_exam", {"GET": DISCIPLINE_LEADERS, "POST": SHOWN_ONLY}),
    "training:exam_edit": ("training_exam", {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "training:exam_questions": ("training_exam", {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "training:exam_open": ("training_exam", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:exam_close": ("training_exam", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:exam_assign": ("training_exam", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:retake_grant": ("training_assignment", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:question_list": (None, {"GET": DISCIPLINE_LEADERS, "POST": SHOWN_ONLY}),
    "training:topic_new": (None, {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:question_new": (None, {"GET": TRAINING_LEADERS_ACTION}),  # no topic yet: back to the bank
    "training:question_edit": ("training_question", {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
    "training:question_retire": ("training_question", {"GET": POST_ONLY, "POST": TRAINING_LEADERS_ACTION}),
    "training:exam_take": ("training_assignment", {"GET": OWNER_ONLY, "POST": row(302, 302, 404, 404, 404, 404, 404)}),
    "training:attempt_detail": ("training_attempt", {"GET": APPRAISAL_READERS_NOT_HR, "POST": SHOWN_ONLY}),
    "training:attempt_paper": ("training_attempt_running", {"GET": OWNER_ONLY, "POST": SHOWN_ONLY}),
    "training:answer_save": ("training_attempt_running", {"GET": POST_ONLY, "POST": row(302, 404, 404, 404, 404, 404,
                                                                                        404)}),  # no question
    "training:attempt_submit": ("training_attempt_running", {"GET": POST_ONLY,
                                                             "POST": row(302, 302, 404, 404, 404, 404, 404)}),
    "training:attempt_mark": ("training_attempt", {"GET": DISCIPLINE_LEADERS, "POST": DISCIPLINE_LEADERS}),
}

# Django admin: every admin URL is guarded by the admin site itself; these stand for all of them.
ADMIN_PREFIX = "admin:"
ADMIN_SAMPLES = {
    "admin:index": (None, {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:staff_post_changelist": (None, {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:staff_post_change": ("post_pk", {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:login": (None, {"GET": row(302, 403, 403, 403, 403, 403, 302)}),
    "admin:discipline_revision_changelist": (None, {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:notifications_pushchannel_changelist": (None, {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:notifications_pushchannel_add": (None, {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:notifications_pushdelivery_changelist": (None, {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:discipline_revision_change": ("discipline_revision_object", {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:discipline_revision_diff": ("discipline_revision", {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:discipline_revision_publish": ("discipline_revision", {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
    "admin:discipline_revision_clone": ("discipline_revision", {"GET": row(302, 302, 302, 302, 302, 302, 200)}),
}
