from django.urls import path

app_name = "paths"

urlpatterns: list = []  # each part adds its own paths, grouped by view module

# Path templates (part A): the coordinator's templates, their steps and versions, and the
# organisation's note policy.
from tutori.paths.views import templates as template_views  # noqa: E402

urlpatterns += [
    path("templates/", template_views.template_list, name="templates"),
    path("templates/new/", template_views.template_new, name="template_new"),
    path("templates/<int:pk>/", template_views.template_detail, name="template"),
    path("templates/<int:pk>/edit/", template_views.template_edit, name="template_edit"),
    path("templates/<int:pk>/archive/", template_views.template_archive, name="template_archive"),
    path("templates/<int:pk>/delete/", template_views.template_delete, name="template_delete"),
    path("templates/<int:pk>/copy/", template_views.template_copy, name="template_copy"),
    path("templates/<int:pk>/steps/new/", template_views.step_new, name="template_step_new"),
    path("templates/steps/<int:pk>/edit/", template_views.step_edit, name="template_step_edit"),
    path(
        "templates/steps/<int:pk>/remove/",
        template_views.step_remove,
        name="template_step_remove",
    ),
    path("templates/steps/<int:pk>/move/", template_views.step_move, name="template_step_move"),
    path("templates/versions/<int:pk>/", template_views.version_detail, name="template_version"),
    path("note-policy/", template_views.note_policy, name="note_policy"),
]

# The coach (part C): "Valmennettavat", marking a step done, moving a step's window, recording
# a supervision conversation.
from tutori.paths.views import coach as coach_views  # noqa: E402
from tutori.paths.views import notes as notes_views  # noqa: E402

urlpatterns += [
    path("coach/", coach_views.dashboard, name="coach"),
    path("steps/<int:pk>/done/", coach_views.step_done, name="step_done"),
    path("steps/<int:pk>/reschedule/", coach_views.step_reschedule, name="step_reschedule"),
    path("<int:pk>/supervision/", notes_views.supervision_new, name="supervision_new"),
    path("notes/<int:pk>/edit/", notes_views.supervision_edit, name="note_edit"),
]

# People on paths (part B): putting people on a path, the coach, stopping, the list of paths,
# a path's page, one's own path and reflections.
from tutori.paths.views import people as people_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/", people_views.path_detail, name="path"),
    path("people/", people_views.path_list, name="people"),
    path("mine/", people_views.mine, name="mine"),
    path("templates/<int:pk>/put-on/", people_views.put_on, name="put_on"),
    path("<int:pk>/coach/", people_views.coach_assign, name="coach_assign"),
    path("<int:pk>/stop/", people_views.stop, name="stop"),
    path("<int:pk>/reflections/new/", people_views.reflection_new, name="reflection_new"),
]

# Reminders, reports, data (part D): the path reports per template and organisation.
from tutori.paths.views import reports as reports_views  # noqa: E402

urlpatterns += [
    path("reports/", reports_views.reports, name="reports"),
    path("reports/<int:pk>/", reports_views.report, name="report"),
]
