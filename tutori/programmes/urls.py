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

# The plan: the list, a programme's page and details, its sessions, timetable and materials.
from tutori.programmes.views import materials as materials_views  # noqa: E402
from tutori.programmes.views import programmes as programmes_views  # noqa: E402
from tutori.programmes.views import sessions as sessions_views  # noqa: E402

urlpatterns += [
    path("", programmes_views.programme_list, name="list"),
    path("new/", programmes_views.programme_new, name="new"),
    path("<int:pk>/", programmes_views.programme_detail, name="detail"),
    path("<int:pk>/edit/", programmes_views.programme_edit, name="edit"),
    path("<int:pk>/publish/", programmes_views.programme_publish, name="publish"),
    path("<int:pk>/unpublish/", programmes_views.programme_unpublish, name="unpublish"),
    path("<int:pk>/finish/", programmes_views.programme_finish, name="finish"),
    path("<int:pk>/cancel/", programmes_views.programme_cancel, name="programme_cancel"),
    path("<int:pk>/copy/", programmes_views.programme_copy, name="copy"),
    path("<int:pk>/timetable/", sessions_views.timetable, name="timetable"),
    path("<int:pk>/sessions/new/", sessions_views.session_new, name="session_new"),
    path("sessions/<int:pk>/edit/", sessions_views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", sessions_views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/delete/", sessions_views.session_delete, name="session_delete"),
    path("<int:pk>/materials/new/", materials_views.material_new, name="material_new"),
    path("materials/<int:pk>/delete/", materials_views.material_delete, name="material_delete"),
    path("materials/<int:pk>/", materials_views.material_download, name="material_download"),
]
