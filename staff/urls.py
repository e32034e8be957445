from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("departments/", views.department_list, name="department_list"),
    path("initial-passwords/", views.password_slips, name="password_slips"),
    path("posts/", views.post_list, name="post_list"),
    path("posts/<slug:code>/", views.post_detail, name="post_detail"),
    path("documents/<int:document_id>/", views.document_download, name="document_download"),
    path("<str:username>/", views.profile, name="profile"),
    path("<str:username>/edit/", views.profile_edit, name="profile_edit"),
    path("<str:username>/initial-password/", views.initial_password, name="initial_password"),
    path("<str:username>/documents/new/", views.document_upload, name="document_upload"),
]
