"""Root URLs: each app under its own prefix."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tutori.core.urls")),
    path("accounts/", include("tutori.accounts.urls")),
    path("orgs/", include("tutori.orgs.urls")),
    path("tutoring/", include("tutori.tutoring.urls")),
    path("admin/", admin.site.urls),
]
