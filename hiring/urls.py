from django.urls import path

from . import views

app_name = "hiring"

urlpatterns = [
    path("", views.posting_list, name="posting_list"),
    path("headcount/", views.headcount_list, name="headcount_list"),
    path("headcount/new/", views.headcount_create, name="headcount_create"),
    path("headcount/<int:pk>/", views.headcount_detail, name="headcount_detail"),
    path("headcount/<int:pk>/edit/", views.headcount_edit, name="headcount_edit"),
    path("headcount/<int:pk>/meeting/", views.headcount_meeting, name="headcount_meeting"),
    path("postings/<int:pk>/", views.posting_detail, name="posting_detail"),
    path("postings/<int:pk>/board/", views.posting_board, name="posting_board"),
    path("postings/<int:pk>/edit/", views.posting_edit, name="posting_edit"),
    path("postings/<int:pk>/publish/", views.posting_publish, name="posting_publish"),
    path("postings/<int:pk>/close/", views.posting_close, name="posting_close"),
    path("postings/<int:pk>/candidates/new/", views.candidate_create, name="candidate_create"),
    path("candidates/", views.candidate_list, name="candidate_list"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("candidates/<int:pk>/edit/", views.candidate_edit, name="candidate_edit"),
    path("candidates/<int:pk>/attachments/new/", views.attachment_upload, name="attachment_upload"),
    path("candidates/<int:pk>/screen/", views.candidate_screen, name="candidate_screen"),
    path("candidates/<int:pk>/exam/", views.candidate_exam, name="candidate_exam"),
    path("candidates/<int:pk>/score/", views.candidate_score, name="candidate_score"),
    path("candidates/<int:pk>/interview/", views.candidate_interview, name="candidate_interview"),
    path("candidates/<int:pk>/medical/", views.candidate_medical, name="candidate_medical"),
    path("candidates/<int:pk>/background/", views.candidate_background, name="candidate_background"),
    path("candidates/<int:pk>/offer/", views.candidate_offer, name="candidate_offer"),
    path("candidates/<int:pk>/hire/", views.candidate_hire, name="candidate_hire"),
    path("candidates/<int:pk>/decline/", views.candidate_decline, name="candidate_decline"),
    path("candidates/<int:pk>/reject/", views.candidate_reject, name="candidate_reject"),
    path("candidates/<int:pk>/dismiss/", views.candidate_dismiss, name="candidate_dismiss"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("onboarding/<int:pk>/", views.onboarding_tick, name="onboarding_tick"),
    path("probations/", views.probation_list, name="probation_list"),
    path("probations/new/", views.probation_start, name="probation_start"),
    path("probations/<int:pk>/", views.probation_detail, name="probation_detail"),
    path("probations/<int:pk>/assess/", views.probation_assess, name="probation_assess"),
    path("probations/<int:pk>/terminate/", views.probation_terminate, name="probation_terminate"),
    path("probations/<int:pk>/agreement.pdf", views.probation_agreement, name="probation_agreement"),
    path("probations/<int:pk>/notice.pdf", views.probation_notice, name="probation_notice"),
]
