from django.urls import path

from . import views

app_name = "authz"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("new/", views.request_new, name="request_new"),
    path("new/permission-sets/", views.permission_set_options, name="permission_set_options"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("requests/<int:pk>/execute/", views.request_execute, name="request_execute"),
    path("requests/<int:pk>/password-changed/", views.password_changed, name="password_changed"),
    path("approvals/<int:approval_pk>/submit/", views.submit, name="submit"),
    path("approvals/<int:approval_pk>/withdraw/", views.withdraw, name="withdraw"),
    path("systems/", views.system_list, name="system_list"),
    path("grants/", views.grant_list, name="grant_list"),
    path("grants/export/", views.grant_export, name="grant_export"),
    path("it/", views.it_queue, name="it_queue"),
    path("revocations/", views.revocation_list, name="revocation_list"),
    path("revocations/new/", views.revocation_new, name="revocation_new"),
    path("revocations/<int:pk>/", views.revocation_detail, name="revocation_detail"),
    path("revocations/<int:pk>/edit/", views.revocation_edit, name="revocation_edit"),
    path("revocations/<int:pk>/execute/", views.revocation_execute, name="revocation_execute"),
    path("revocations/<int:pk>/certificate/", views.revocation_certificate, name="revocation_certificate"),
    path("changes/", views.change_list, name="change_list"),
    path("changes/new/", views.change_new, name="change_new"),
    path("changes/<int:pk>/", views.change_detail, name="change_detail"),
    path("changes/<int:pk>/edit/", views.change_edit, name="change_edit"),
    path("changes/<int:pk>/confirm/", views.change_confirm, name="change_confirm"),
    path("changes/<int:pk>/close/", views.change_close, name="change_close"),
    path("external/", views.external_list, name="external_list"),
    path("external/new/", views.external_new, name="external_new"),
    path("external/<int:pk>/", views.external_detail, name="external_detail"),
    path("external/<int:pk>/edit/", views.external_edit, name="external_edit"),
    path("external/<int:pk>/end/", views.external_end, name="external_end"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/confirm-remaining/", views.review_confirm_remaining, name="review_confirm_remaining"),
    path("reviews/<int:pk>/complete/", views.review_complete, name="review_complete"),
    path("reviews/lines/<int:pk>/decide/", views.review_item_decide, name="review_item_decide"),
    path("reviews/lines/<int:pk>/revoke/", views.review_item_revoke, name="review_item_revoke"),
]
