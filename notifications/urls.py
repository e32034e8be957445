from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/read/", views.notification_open, name="open"),
    path("read-all/", views.notification_mark_all_read, name="mark_all_read"),
    path("settings/", views.push_settings, name="settings"),
    path("settings/test/", views.push_test, name="push_test"),
    path("settings/remove/", views.push_remove, name="push_remove"),
]
