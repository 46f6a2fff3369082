from django.urls import path

from passports import lifecycle_views, views

app_name = "passports"
urlpatterns = [
    path("", views.passport_list, name="list"),
    path("theo-doi/", views.dashboard, name="dashboard"),
    path("dang-ky/", views.passport_edit, name="create"),
    path("<int:pk>/", views.passport_detail, name="detail"),
    path("<int:pk>/sua/", views.passport_edit, name="edit"),
    path("<int:pk>/bien-ban/<int:event_id>/", views.receipt, name="receipt"),
    path("<int:pk>/bao-mat/ghi-nhan/", lifecycle_views.loss_record, name="loss_record"),
    path("<int:pk>/bao-mat/thong-bao/", lifecycle_views.loss_notice, name="loss_notice"),
    path(
        "<int:pk>/ban-giao/<int:event_id>/",
        lifecycle_views.transfer_handover,
        name="transfer_handover",
    ),
    path("<int:pk>/huy-gia-tri/", lifecycle_views.invalidation_record, name="invalidation"),
    path("can-bo/<int:pk>/dieu-chuyen/", lifecycle_views.official_transfer, name="transfer"),
    path("can-bo/<int:pk>/nghi-cong-tac/", lifecycle_views.official_leave, name="leave"),
    path("<int:pk>/<str:action>/", views.passport_action, name="action"),
]
