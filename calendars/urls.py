from django.urls import path

from calendars import views

app_name = "calendars"
urlpatterns = [
    path("", views.feed_list, name="list"),
    path("<int:pk>/thu-hoi/", views.feed_revoke, name="revoke"),
    path("<str:token>.ics", views.feed, name="feed"),
]
