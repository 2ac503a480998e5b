from django.urls import path

from tutori.core import views
from tutori.dashboard import views as dashboard_views

# The URL names stay in the "core" namespace: they are the site's front door.
app_name = "core"
urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("health/", views.health, name="health"),
]
