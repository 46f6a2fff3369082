from django.urls import path

from authority import substitution_views, views

app_name = "authority"
urlpatterns = [
    path("tham-quyen/", views.authority_list, name="authorities"),
    path("tham-quyen/them/", views.authority_edit, name="authority-create"),
    path("tham-quyen/<int:pk>/", views.authority_edit, name="authority-edit"),
    path("tham-quyen/co-quan/", views.body_list, name="bodies"),
    path("tham-quyen/co-quan/them/", views.body_edit, name="body-create"),
    path("tham-quyen/co-quan/<int:pk>/", views.body_edit, name="body-edit"),
    path("tham-quyen/chuc-vu/", views.position_list, name="positions"),
    path("tham-quyen/chuc-vu/them/", views.position_edit, name="position-create"),
    path("tham-quyen/chuc-vu/<int:pk>/", views.position_edit, name="position-edit"),
    path("tham-quyen/chuc-vu/<int:pk>/xoa/", views.position_delete, name="position-delete"),
    path("tham-quyen/nguoi-giu-chuc-vu/", views.holders_search, name="holders"),
    # The substitutions (who stands in for whom) keep their address from accounts.
    path("uy-quyen/", substitution_views.substitution_list, name="substitutions"),
    path(
        "uy-quyen/<int:pk>/huy/",
        substitution_views.substitution_revoke_view,
        name="substitution-revoke",
    ),
]
