from django.urls import path

from passports import views

app_name = "passports"
urlpatterns = [
    path("", views.passport_list, name="list"),
    path("theo-doi/", views.dashboard, name="dashboard"),
    path("dang-ky/", views.passport_edit, name="create"),
    path("<int:pk>/", views.passport_detail, name="detail"),
    path("<int:pk>/sua/", views.passport_edit, name="edit"),
    path("<int:pk>/bien-ban/<int:event_id>/", views.receipt, name="receipt"),
    path("<int:pk>/<str:action>/", views.passport_action, name="action"),
]
