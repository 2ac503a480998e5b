"""The admin's index names the login lockout, the history of changes and the task queue in
the admin's language, not in the English those apps ship with."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from tests.factories import UserFactory

ENGLISH = [
    "Axes",
    "Audit log",
    "Tasks Database Backend",
    "Access attempts",
    "Access logs",
    "Access failures",
    "Log entries",
    "Task Results",
]
EXPECTED = {
    "fi": ["Kirjautumisen lukitukset", "Muutoshistoria", "Taustatehtävät", "Kirjautumiset"],
    "sv": ["Inloggningsspärrar", "Ändringshistorik", "Bakgrundsuppgifter", "Inloggningar"],
}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_admin_index_shows_no_english_names_of_third_party_apps(client, db, language):
    client.force_login(UserFactory(admin=True, preferred_language=language))
    html = client.get(reverse("admin:index")).content.decode()
    for english in ENGLISH:
        assert english not in html, english
    for name in EXPECTED[language]:
        assert name in html, name


def test_only_the_shown_names_change_not_the_models_declared_options():
    """Migrations compare the declared options: those apps' migrations never see a change."""
    from tutori.core.admin import ADMIN_NAMES

    for label, (_app_name, models) in ADMIN_NAMES.items():
        for model_name in models:
            meta = apps.get_model(label, model_name)._meta
            declared = meta.original_attrs.get("verbose_name")
            assert declared is None or str(declared) != str(meta.verbose_name), model_name
