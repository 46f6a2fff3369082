from django.urls import path

from authority import substitution_views as views

app_name = "authority"
urlpatterns = [
    path("", views.substitution_list, name="substitutions"),
    path("<int:pk>/huy/", views.substitution_revoke_view, name="substitution-revoke"),
]
