from django.urls import path

from tutori.core import export_views, statements, views

app_name = "core"
urlpatterns = [
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accessibility/", statements.accessibility, name="accessibility"),
    path("privacy/", statements.privacy, name="privacy"),
    path("exports/", export_views.export_list, name="exports"),
    path("exports/<int:pk>/", export_views.export_detail, name="export"),
    path("exports/<int:pk>/download/", export_views.export_download, name="export_download"),
]
