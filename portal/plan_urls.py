from django.urls import path

from portal import plan_new_views as new_views
from portal import plan_views as views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("lap-moi/", new_views.plan_new, name="new"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/sua/", views.plan_edit, name="edit"),
    path("<int:pk>/<str:action>/", views.plan_action, name="action"),
]
