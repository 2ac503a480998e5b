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

# Completion: confirming completions, certificates and their public verification, leaving,
# a manager's page of their people's progress, the follow-up meeting's invitation.
from tutori.programmes.views import completion as completion_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/completion/", completion_views.completion, name="completion"),
    path("participants/<int:pk>/certificate.pdf", completion_views.certificate, name="certificate"),
    path("participants/<int:pk>/leave/", completion_views.leave, name="leave"),
    path("certificates/<str:code>/", completion_views.verify, name="verify"),
    path("people/", completion_views.people, name="people"),
    path("sessions/<int:pk>/invite/", completion_views.follow_up_invite, name="follow_up_invite"),
]

# Participation: the info letter, assignments, the participant's own page, returning and
# reviewing assignments, attendance per session, a trainer's view of one participant.
from tutori.programmes.views import participation as participation_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/info-letter/", participation_views.info_letter, name="info_letter"),
    path(
        "<int:pk>/info-letter/send/",
        participation_views.info_letter_send,
        name="info_letter_send",
    ),
    path("<int:pk>/assignments/new/", participation_views.assignment_new, name="assignment_new"),
    path("assignments/<int:pk>/edit/", participation_views.assignment_edit, name="assignment_edit"),
    path(
        "assignments/<int:pk>/delete/",
        participation_views.assignment_delete,
        name="assignment_delete",
    ),
    path("assignments/<int:pk>/submit/", participation_views.submit, name="submit"),
    path("<int:pk>/me/", participation_views.me, name="me"),
    path("participants/<int:pk>/", participation_views.participant, name="participant"),
    path(
        "participants/<int:pk>/goals/",
        participation_views.participant_goals,
        name="participant_goals",
    ),
    path("submissions/<int:pk>/", participation_views.submission, name="submission"),
    path("submissions/<int:pk>/file/", participation_views.submission_file, name="submission_file"),
    path("sessions/<int:pk>/attendance/", participation_views.attendance, name="attendance"),
]
