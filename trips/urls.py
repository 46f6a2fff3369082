from django.urls import path

from trips import chain_views, copy_views, policy_views, review_views, views

app_name = "trips"
urlpatterns = [
    path("", views.trip_list, name="list"),
    path("tao-moi/", views.trip_edit, name="create"),
    path("kiem-tra/", views.trip_check, name="check"),
    path("tham-dinh/", review_views.review_queue, name="queue"),
    path("cho-toi-xu-ly/", chain_views.chain_inbox, name="chain-inbox"),
    path("can-bo/", views.officials_search, name="officials"),
    path("co-quan/", views.agencies_search, name="agencies"),
    path("lich-vang-mat/", review_views.absence_calendar, name="calendar"),
    path("quy-dinh/", policy_views.policy_page, name="policy"),
    path("<int:pk>/", views.trip_detail, name="detail"),
    path("<int:pk>/sua/", views.trip_edit, name="edit"),
    path("<int:pk>/tai-lieu/", views.document_upload, name="document-upload"),
    path("<int:pk>/tai-lieu/<int:document_id>/", views.document_download, name="document"),
    # The approval chain's steps that take more than a reason (issue 13).
    path(
        "<int:pk>/tham-dinh/dong-y/",
        chain_views.appraise,
        {"opinion": "approve"},
        name="appraise-approve",
    ),
    path(
        "<int:pk>/tham-dinh/khong-dong-y/",
        chain_views.appraise,
        {"opinion": "reject"},
        name="appraise-reject",
    ),
    path("<int:pk>/y-kien-btv/", chain_views.party_opinion, name="party-opinion"),
    path("<int:pk>/sao-chep/", copy_views.trip_copy, name="copy"),  # before the generic action
    path("<int:pk>/<str:action>/", views.trip_action, name="action"),
]
