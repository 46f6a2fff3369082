from django.urls import path

from exports import views

app_name = "exports"
urlpatterns = [
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/tai-ve/", views.download, name="download"),
    path("<int:pk>/yeu-cau-lai/", views.ask_again, name="ask-again"),
]
