from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:trip_pk>/", views.report_edit, name="edit"),
    path("<int:trip_pk>/start/", views.report_start, name="start"),
    path("<int:trip_pk>/<str:action>/", views.report_action, name="action"),
]
