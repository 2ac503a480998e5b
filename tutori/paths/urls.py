from django.urls import path

app_name = "paths"

urlpatterns: list = []  # each part adds its own paths, grouped by view module

# People on paths (part B): putting people on a path, the coach, stopping, the list of paths,
# a path's page, one's own path and reflections.
from tutori.paths.views import people as people_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/", people_views.path_detail, name="path"),
]

# Reminders, reports, data (part D): the path reports per template and organisation.
from tutori.paths.views import reports as reports_views  # noqa: E402

urlpatterns += [
    path("reports/", reports_views.reports, name="reports"),
    path("reports/<int:pk>/", reports_views.report, name="report"),
]
