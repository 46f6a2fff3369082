from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("so-dang-ky/", views.register, name="register"),
    path("so-dang-ky/excel/", views.register_export, name="register-export"),
    path("kiem-tra/", views.verify, name="verify"),
    path("<int:pk>/tai-ve/", views.download, name="download"),
]
