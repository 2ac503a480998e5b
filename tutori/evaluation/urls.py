from django.urls import path

app_name = "evaluation"

urlpatterns: list = []  # each part adds its own paths, grouped by view module

# Part A (pre/post): the programmes' evaluations, linking surveys, the pre/post report.
# Linking and invitations (part A): the evaluation index and choosing a programme's surveys.
from tutori.evaluation.views import link as link_views  # noqa: E402

urlpatterns += [
    path("", link_views.index, name="index"),
    path("programmes/<int:pk>/surveys/", link_views.link, name="link"),
]

# Part B (feedback, attrition): the feedback report and the attrition funnel.

# Part C (tutoring impact).

# Part D (funder report).
