from django.urls import path

app_name = "surveys"

urlpatterns: list = []  # each part adds its own paths, grouped by view module

# Results: the response rate, the results page and its export.
from tutori.surveys.views import results as results_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/results/", results_views.results, name="results"),
    path("<int:pk>/results/rate/", results_views.rate, name="results_rate"),
    path("<int:pk>/results.<str:fmt>", results_views.export, name="results_export"),
]

# School tutoring plans from a needs survey.
from tutori.surveys.views import plan as plan_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/plan/", plan_views.plans, name="plans"),
    path("<int:pk>/plan/<int:school_id>/", plan_views.plan, name="plan"),
]
