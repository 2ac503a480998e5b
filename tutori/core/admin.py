"""The Django admin is for platform administrators only, not for every staff account."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _superusers_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]
admin.site.site_header = _("Tutorin ylläpito")
admin.site.site_title = "Tutori"
