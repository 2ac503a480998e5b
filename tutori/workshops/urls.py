"""The workshops' URLs: each part's module, in one namespace."""

from tutori.workshops import urls_facilitate, urls_results, urls_take_part

app_name = "workshops"

urlpatterns: list = [
    *urls_facilitate.urlpatterns,
    *urls_take_part.urlpatterns,
    *urls_results.urlpatterns,
]
