from django.urls import path

from tutori.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="root"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
