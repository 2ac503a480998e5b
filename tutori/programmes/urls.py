from django.urls import path

app_name = "programmes"

urlpatterns: list = []  # each part adds its own paths, grouped by view module

# Applications: applying, "Omat koulutukset", the coordinator's decisions, direct enrolment,
# cancelling.
from tutori.programmes.views import applications as applications_views  # noqa: E402

urlpatterns += [
    path("my/", applications_views.my, name="my"),
    path("<int:pk>/apply/", applications_views.apply, name="apply"),
    path("<int:pk>/applications/", applications_views.applications, name="applications"),
    path("<int:pk>/enrol/", applications_views.enrol, name="enrol"),
    path("applications/<int:pk>/", applications_views.application, name="application"),
    path("participants/<int:pk>/cancel/", applications_views.cancel, name="cancel"),
]
