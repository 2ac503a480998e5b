from django.urls import path

from tutori.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/people/", views.people, name="people"),
    path("<int:pk>/people/invite/", views.invite, name="invite"),
    path("<int:pk>/invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
    path("memberships/<int:pk>/invite/", views.membership_invite, name="membership_invite"),
    path("memberships/<int:pk>/role/", views.membership_role, name="membership_role"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("networks/<int:pk>/", views.network_detail, name="network"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
urlpatterns += [
    path("import/", views.roster_upload, name="import"),
    path("import/<int:pk>/", views.roster_preview, name="import_preview"),
]
