from django.urls import path  # noqa: F401  (each part adds its own paths)

app_name = "paths"

urlpatterns: list = []  # each part adds its own paths, grouped by view module
