from django.urls import path

from registry import views

app_name = "registry"
urlpatterns = [
    path("", views.index, name="index"),
    path("ghi-nhan-chuyen-di/", views.record_past_trip, name="record-past-trip"),
    path("lan-nhap/<int:pk>/", views.job_detail, name="job"),
    path("lan-nhap/<int:pk>/xac-nhan/", views.job_confirm, name="job-confirm"),
    path("<slug:slug>/", views.upload, name="upload"),
    path("<slug:slug>/mau.xlsx", views.template, name="template"),
]
