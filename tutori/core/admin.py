"""The Django admin is for platform administrators only, not for every staff account."""

from django.apps import apps
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _superusers_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]
admin.site.site_header = _("Tutorin ylläpito")
admin.site.site_title = "Tutori"


# The admin's index lists the apps that Tutori uses for the login lockout (django-axes), the
# history of changes (django-auditlog) and the task queue (django-tasks-db) under their English
# names: those apps ship no Finnish or Swedish. Their names and their models' names are
# Tutori's texts here. Only the names shown are changed (``_meta``, not the models' declared
# options), so no migration of those apps ever sees a difference.
ADMIN_NAMES = {
    "axes": (
        _("Kirjautumisen lukitukset"),
        {
            "AccessAttempt": (_("kirjautumisen lukitus"), _("kirjautumisen lukitukset")),
            "AccessLog": (_("kirjautuminen"), _("kirjautumiset")),
            "AccessFailureLog": (
                _("epäonnistunut kirjautuminen"),
                _("epäonnistuneet kirjautumiset"),
            ),
            "AccessAttemptExpiration": (
                _("lukituksen päättyminen"),
                _("lukitusten päättymiset"),
            ),
        },
    ),
    "auditlog": (
        _("Muutoshistoria"),
        {"LogEntry": (_("muutosmerkintä"), _("muutosmerkinnät"))},
    ),
    "django_tasks_database": (
        _("Taustatehtävät"),
        {"DBTaskResult": (_("taustatehtävä"), _("taustatehtävät"))},
    ),
}


def _name_third_party_apps() -> None:
    for label, (app_name, models) in ADMIN_NAMES.items():
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        config.verbose_name = app_name
        for model_name, (singular, plural) in models.items():
            try:
                meta = config.get_model(model_name)._meta
            except LookupError:
                continue
            meta.verbose_name = singular
            meta.verbose_name_plural = plural


_name_third_party_apps()
