from django.urls import path

from authority import views

app_name = "authority"
urlpatterns = [
    path("", views.authority_list, name="authorities"),
    path("them/", views.authority_edit, name="authority-create"),
    path("<int:pk>/", views.authority_edit, name="authority-edit"),
    path("co-quan/", views.body_list, name="bodies"),
    path("co-quan/them/", views.body_edit, name="body-create"),
    path("co-quan/<int:pk>/", views.body_edit, name="body-edit"),
    path("chuc-vu/", views.position_list, name="positions"),
    path("chuc-vu/them/", views.position_edit, name="position-create"),
    path("chuc-vu/<int:pk>/", views.position_edit, name="position-edit"),
    path("chuc-vu/<int:pk>/xoa/", views.position_delete, name="position-delete"),
    path("nguoi-giu-chuc-vu/", views.holders_search, name="holders"),
]
