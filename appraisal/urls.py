from django.urls import path

from . import views

app_name = "appraisal"

urlpatterns = [
    path("", views.scorecard_list, name="list"),
    path("<int:pk>/", views.scorecard_detail, name="detail"),
    path("<int:pk>/self/", views.self_assessment, name="self_assessment"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/review/return/", views.review_return, name="review_return"),
    path("<int:pk>/review/without-self/", views.review_without_self, name="review_without_self"),
    path("<int:pk>/review/lines/", views.adjustment_add, name="adjustment_add"),
    path("<int:pk>/review/lines/<int:line_pk>/remove/", views.adjustment_remove, name="adjustment_remove"),
    path("<int:pk>/review/lines/<int:line_pk>/decide/", views.adjustment_decide, name="adjustment_decide"),
    path("<int:pk>/review/discipline/", views.discipline_refresh, name="discipline_refresh"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/dispute/", views.dispute, name="dispute"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/sheet.xlsx", views.sheet_xlsx, name="sheet_xlsx"),
    path("<int:pk>/sheet.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("months/<int:year>/<int:month>/", views.month_overview, name="month"),
    path("months/<int:year>/<int:month>/rollup/", views.rollup, name="rollup"),
    path("people/<str:username>/<int:year>/", views.person_year, name="person_year"),
    path("departments/<slug:code>/<int:year>/", views.department_year, name="department_year"),
    path("exports/", views.exports, name="exports"),
    path("exports/<int:pk>/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("feedback/", views.feedback_rounds, name="feedback_rounds"),
    path("feedback/open/", views.feedback_round_open, name="feedback_round_open"),
    path("feedback/<int:pk>/", views.feedback_round, name="feedback_round"),
    path("feedback/<int:pk>/raters/", views.feedback_rater_add, name="feedback_rater_add"),
    path("feedback/<int:pk>/raters/<int:request_pk>/remove/", views.feedback_rater_remove, name="feedback_rater_remove"),
    path("feedback/<int:pk>/close/", views.feedback_round_close, name="feedback_round_close"),
    path("feedback/ratings/", views.feedback_tasks, name="feedback_tasks"),
    path("feedback/ratings/<int:pk>/", views.feedback_answer, name="feedback_answer"),
]
