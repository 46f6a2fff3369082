from django.urls import path

from trips import copy_views, policy_views, review_views, views

app_name = "trips"
urlpatterns = [
    path("", views.trip_list, name="list"),
    path("tao-moi/", views.trip_edit, name="create"),
    path("kiem-tra/", views.trip_check, name="check"),
    path("tham-dinh/", review_views.review_queue, name="queue"),
    path("can-bo/", views.officials_search, name="officials"),
    path("co-quan/", views.agencies_search, name="agencies"),
    path("lich-vang-mat/", review_views.absence_calendar, name="calendar"),
    path("quy-dinh/", policy_views.policy_page, name="policy"),
    path("<int:pk>/", views.trip_detail, name="detail"),
    path("<int:pk>/sua/", views.trip_edit, name="edit"),
    path("<int:pk>/tai-lieu/", views.document_upload, name="document-upload"),
    path("<int:pk>/tai-lieu/<int:document_id>/", views.document_download, name="document"),
    path("<int:pk>/sao-chep/", copy_views.trip_copy, name="copy"),  # before the generic action
    path("<int:pk>/<str:action>/", views.trip_action, name="action"),
]
