from django.urls import path

from . import views

app_name = "workcalendar"

urlpatterns = [
    path("", views.calendar_index, name="index"),
    path("<int:year>/", views.calendar_year, name="year"),
    path("<int:year>/load/", views.calendar_load, name="load"),
]
