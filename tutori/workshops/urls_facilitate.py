"""URLs of the facilitator's pages (W1): the list, a workshop's details, running it (open,
phases, close, the join code) and grouping a question's ideas into themes."""

from django.urls import path

from tutori.workshops.views import facilitate as views

urlpatterns: list = [
    path("", views.workshop_list, name="list"),
    path("new/", views.workshop_new, name="new"),
    path("<int:pk>/run/", views.workshop_detail, name="workshop"),
    path("<int:pk>/edit/", views.workshop_edit, name="edit"),
    path("<int:pk>/open/", views.workshop_open, name="open"),
    path("<int:pk>/close/", views.workshop_close, name="close"),
    path("<int:pk>/phase/", views.workshop_phase, name="phase"),
    path("<int:pk>/code/", views.workshop_code, name="code"),
    path("questions/<int:pk>/phase/", views.question_phase, name="question_phase"),
    path("questions/<int:pk>/grouping/", views.question_grouping, name="grouping"),
    path("questions/<int:pk>/themes/new/", views.theme_new, name="theme_new"),
    path("questions/<int:pk>/themes/merge/", views.themes_merge, name="themes_merge"),
    path("themes/<int:pk>/rename/", views.theme_rename, name="theme_rename"),
    path("themes/<int:pk>/delete/", views.theme_delete, name="theme_delete"),
    path("ideas/<int:pk>/move/", views.idea_move, name="idea_move"),
]
