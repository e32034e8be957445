from django.urls import path

from . import views

app_name = "leave"

urlpatterns = [
    path("", views.leave_list, name="list"),
    path("export/", views.leave_export, name="export"),
    path("new/", views.leave_new, name="new"),
    path("preview/", views.leave_preview, name="preview"),
    path("<int:pk>/", views.leave_detail, name="detail"),
    path("<int:pk>/edit/", views.leave_edit, name="edit"),
    path("<int:pk>/withdraw/", views.leave_withdraw, name="withdraw"),
    path("<int:pk>/cancel/", views.leave_cancel, name="cancel"),
    path("<int:pk>/return/", views.leave_return, name="return"),
    path("<int:pk>/cover/", views.leave_cover, name="cover"),
    path("<int:pk>/recount/", views.leave_recount, name="recount"),
    path("<int:pk>/document/", views.leave_document, name="document"),
    path("calendar/", views.leave_calendar, name="calendar"),
    path("absences/", views.absence_list, name="absence_list"),
    path("absences/new/", views.absence_new, name="absence_new"),
    path("lateness/", views.lateness_list, name="lateness_list"),
    path("lateness/new/", views.lateness_new, name="lateness_new"),
    path("lateness/preview/", views.lateness_preview, name="lateness_preview"),
    path("lateness/<int:pk>/", views.lateness_detail, name="lateness_detail"),
    path("lateness/<int:pk>/decide/", views.lateness_decide, name="lateness_decide"),
    path("lateness/<int:pk>/confirm/", views.lateness_confirm, name="lateness_confirm"),
    path("lateness/<int:pk>/cancel/", views.lateness_cancel, name="lateness_cancel"),
    path("balances/", views.balance_list, name="balance_list"),
    path("balances/open/", views.balances_open, name="balances_open"),
    path("balances/<int:pk>/", views.balance_edit, name="balance_edit"),
]
