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

# The pre/post report (part P): a programme's self-assessment before and after.
from tutori.evaluation.views import prepost as prepost_views  # noqa: E402

urlpatterns += [
    path("programmes/<int:pk>/prepost/", prepost_views.prepost, name="prepost"),
    path(
        "programmes/<int:pk>/prepost.<str:fmt>",
        prepost_views.prepost_export,
        name="prepost_export",
    ),
]

# Part B (feedback, attrition): the feedback report and the attrition funnel.
from tutori.evaluation.views import attrition as attrition_views  # noqa: E402
from tutori.evaluation.views import feedback as feedback_views  # noqa: E402

urlpatterns += [
    path("programmes/<int:pk>/feedback/", feedback_views.feedback, name="feedback"),
    path(
        "programmes/<int:pk>/feedback.<str:fmt>",
        feedback_views.feedback_export,
        name="feedback_export",
    ),
    path("programmes/<int:pk>/attrition/", attrition_views.attrition, name="attrition"),
    path(
        "programmes/<int:pk>/attrition.<str:fmt>",
        attrition_views.attrition_export,
        name="attrition_export",
    ),
]

# Part C (tutoring impact).
from tutori.evaluation.views import impact as impact_views  # noqa: E402

urlpatterns += [
    path("tutoring/", impact_views.impact, name="impact"),
    path("tutoring.<str:fmt>", impact_views.impact, name="impact_export"),
]

# Part D (funder report): a programme's, or an area's over a period, as a page, PDF and XLSX.
from tutori.evaluation.views import funder as funder_views  # noqa: E402

urlpatterns += [
    path("funder/", funder_views.funder, name="funder"),
    path("funder.<str:fmt>", funder_views.funder_export, name="funder_export"),
]
