"""URLs of taking part: joining, the participant's page, ideas, votes (W2)."""

from django.urls import path

from tutori.workshops.views import take_part

urlpatterns: list = [
    path("join/", take_part.join, name="join"),
    path("join/<str:code>/", take_part.join_code, name="join_code"),
    path("<int:pk>/take-part/", take_part.take_part, name="take_part"),
    path("take-part/questions/<int:pk>/live/", take_part.live, name="take_part_live"),
    path("take-part/questions/<int:pk>/ideas/", take_part.idea_post, name="idea_post"),
    path("take-part/ideas/<int:pk>/delete/", take_part.idea_delete, name="idea_delete"),
    path("take-part/themes/<int:pk>/vote/", take_part.vote_cast, name="vote_cast"),
    path("take-part/themes/<int:pk>/take-back/", take_part.vote_take_back, name="vote_take_back"),
]
