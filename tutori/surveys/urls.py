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

# Distribution: audience, sending, reminders, closing; answering by the personal link.
from tutori.surveys.views import distribution as distribution_views  # noqa: E402
from tutori.surveys.views import respond as respond_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/send/", distribution_views.distribution, name="distribution"),
    path("<int:pk>/send/audience/", distribution_views.audience, name="audience"),
    path("<int:pk>/send/start/", distribution_views.send, name="send"),
    path("<int:pk>/send/progress/", distribution_views.send_progress, name="send_progress"),
    path("<int:pk>/send/remind/", distribution_views.remind, name="remind"),
    path("<int:pk>/send/close/", distribution_views.close, name="close"),
    path("<int:pk>/recipients/", distribution_views.recipients, name="recipients"),
    path("answer/<str:token>/", respond_views.respond, name="respond"),
    path("mine/", respond_views.mine, name="mine"),
    path("<int:pk>/answer/", respond_views.answer, name="answer"),
    path("<int:pk>/answer/link/", respond_views.answer_link, name="answer_link"),
]

# The builder: lists, a survey's page, its details, sections and questions, preview, copies.
from tutori.surveys.views import builder as builder_views  # noqa: E402

urlpatterns += [
    path("", builder_views.survey_list, name="list"),
    path("new/", builder_views.survey_new, name="new"),
    path("instruments/", builder_views.instrument_list, name="instruments"),
    path("<int:pk>/", builder_views.survey_detail, name="detail"),
    path("<int:pk>/edit/", builder_views.survey_edit, name="edit"),
    path("<int:pk>/delete/", builder_views.survey_delete, name="delete"),
    path("<int:pk>/preview/", builder_views.survey_preview, name="preview"),
    path("<int:pk>/copy/", builder_views.survey_copy, name="copy"),
    path("<int:pk>/save-instrument/", builder_views.survey_save_instrument, name="save_instrument"),
    path("<int:pk>/use/", builder_views.survey_from_instrument, name="from_instrument"),
    path("<int:pk>/sections/new/", builder_views.section_new, name="section_new"),
    path("sections/<int:pk>/edit/", builder_views.section_edit, name="section_edit"),
    path("sections/<int:pk>/delete/", builder_views.section_delete, name="section_delete"),
    path("sections/<int:pk>/move/", builder_views.section_move, name="section_move"),
    path("<int:pk>/questions/new/", builder_views.question_new, name="question_new"),
    path("<int:pk>/questions/order/", builder_views.questions_reorder, name="questions_reorder"),
    path("questions/<int:pk>/edit/", builder_views.question_edit, name="question_edit"),
    path("questions/<int:pk>/delete/", builder_views.question_delete, name="question_delete"),
    path("questions/<int:pk>/move/", builder_views.question_move, name="question_move"),
]
