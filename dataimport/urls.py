from django.urls import path

from . import views

app_name = "dataimport"

urlpatterns = [
    path("", views.index, name="index"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("batches/<int:pk>/apply/", views.apply, name="apply"),
    path("batches/<int:pk>/discard/", views.discard, name="discard"),
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/template.xlsx", views.template, name="template"),
]
