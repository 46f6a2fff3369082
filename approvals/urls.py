"""The approval chain's pages, under the requests' prefix (ho-so/): included before
trips.urls, whose generic `<pk>/<action>/` would otherwise take `y-kien-btv/`."""

from django.urls import path

from approvals import chain_views

app_name = "approvals"
urlpatterns = [
    path("cho-toi-xu-ly/", chain_views.chain_inbox, name="chain-inbox"),
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
]
