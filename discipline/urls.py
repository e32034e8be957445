from django.urls import path

from . import views

app_name = "discipline"

urlpatterns = [
    path("", views.incident_list, name="incident_list"),
    path("new/", views.incident_create, name="incident_create"),
    path("new/preview/", views.incident_preview, name="incident_preview"),
    path("<int:pk>/", views.incident_detail, name="incident_detail"),
    path("<int:pk>/evidence/", views.evidence_download, name="evidence_download"),
    path("<int:pk>/acknowledge/", views.incident_acknowledge, name="incident_acknowledge"),
    path("<int:pk>/appeal/", views.incident_appeal, name="incident_appeal"),
    path("<int:pk>/confirm/", views.incident_confirm, name="incident_confirm"),
    path("<int:pk>/decide/", views.incident_decide, name="incident_decide"),
    path("<int:pk>/cancel/", views.incident_cancel, name="incident_cancel"),
    path("rules/", views.rules, name="rules"),
    path("statement/", views.my_statement, name="my_statement"),
    path("statement/<str:username>/<int:year>/<int:month>/", views.person_statement, name="person_statement"),
    path("statement/<str:username>/<int:year>/<int:month>/export/", views.person_statement_export,
         name="person_statement_export"),
    path("departments/", views.department_index, name="department_index"),
    path("departments/<slug:code>/<int:year>/<int:month>/", views.department_statement,
         name="department_statement"),
    path("departments/<slug:code>/<int:year>/<int:month>/export/", views.department_statement_export,
         name="department_statement_export"),
]
