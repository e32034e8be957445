from django.urls import path

from . import views

app_name = "offboarding"

urlpatterns = [
    path("", views.handover_list, name="list"),
    path("new/", views.handover_start, name="start"),
    path("<int:pk>/", views.handover_detail, name="detail"),
    path("<int:pk>/items/<int:item_pk>/hand-over/", views.item_hand_over, name="item_hand_over"),
    path("<int:pk>/items/<int:item_pk>/confirm/", views.item_confirm, name="item_confirm"),
    path("<int:pk>/items/<int:item_pk>/return/", views.item_return, name="item_return"),
    path("<int:pk>/equipment/", views.equipment_add, name="equipment_add"),
    path("<int:pk>/equipment/<int:line_pk>/remove/", views.equipment_remove, name="equipment_remove"),
    path("<int:pk>/equipment/<int:line_pk>/confirm/", views.equipment_confirm, name="equipment_confirm"),
    path("<int:pk>/confirm/", views.handover_confirm, name="confirm"),
    path("<int:pk>/passwords-changed/", views.passwords_changed, name="passwords_changed"),
    path("<int:pk>/revocation/", views.file_revocation, name="file_revocation"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/record.pdf", views.record_pdf, name="record_pdf"),
]
