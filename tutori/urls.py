"""Root URLs: each app under its own prefix."""

from django.contrib import admin
from django.urls import include, path

from tutori.orgs import views as orgs_views

urlpatterns = [
    path("", include("tutori.dashboard.urls")),
    path("", include("tutori.core.urls")),
    # Invitation links mailed before invitations moved to orgs/ keep working.
    path("accounts/invitation/<str:token>/", orgs_views.invitation, name="invitation_legacy"),
    path("accounts/", include("tutori.accounts.urls")),
    path("orgs/", include("tutori.orgs.urls")),
    path("tutoring/", include("tutori.tutoring.urls")),
    path("surveys/", include("tutori.surveys.urls")),
    path("programmes/", include("tutori.programmes.urls")),
    path("paths/", include("tutori.paths.urls")),
    path("workshops/", include("tutori.workshops.urls")),
    path("evaluation/", include("tutori.evaluation.urls")),
    path("admin/", admin.site.urls),
]
