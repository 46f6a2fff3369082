from django.urls import path

from analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("xuat/thong-ke.xlsx", views.export_statistics, name="export-statistics"),
    path("xuat/ho-so.xlsx", views.export_trips, name="export-trips"),
    path(
        "xuat/tong-hop/<int:agency_pk>/<int:year>.xlsx",
        views.export_year_end,
        name="export-year-end",
    ),
]
