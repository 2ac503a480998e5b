"""URLs of results, exports, the archive, follow-up work (W3)."""

from django.urls import path

from tutori.workshops.views import results

urlpatterns: list = [
    path("results/", results.archive, name="archive"),
    path("<int:pk>/results/", results.results, name="results"),
    path("<int:pk>/results/present/", results.present, name="results_present"),
    path("<int:pk>/results.<str:fmt>", results.export, name="results_export"),
    path("themes/<int:pk>/follow-up/", results.follow_up, name="follow_up"),
    path("tasks/<int:pk>/done/", results.task_done, name="task_done"),
]
