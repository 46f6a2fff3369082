from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.substitution_list, name="substitutions"),
    path("<int:pk>/huy/", views.substitution_revoke_view, name="substitution-revoke"),
]
