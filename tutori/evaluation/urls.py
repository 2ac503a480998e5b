from django.urls import path  # noqa: F401  (the parts add their paths below)

app_name = "evaluation"

urlpatterns: list = []  # each part adds its own paths, grouped by view module

# Part A (pre/post): the programmes' evaluations, linking surveys, the pre/post report.

# Part B (feedback, attrition): the feedback report and the attrition funnel.

# Part C (tutoring impact).

# Part D (funder report).
