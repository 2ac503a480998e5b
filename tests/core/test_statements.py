"""The accessibility statement and the privacy notice: public, in Finnish, Swedish and
English, with the operator's details from settings, linked from every page's footer."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse

from tests.factories import UserFactory
from tutori.core import statements

LANGUAGES = ["fi", "sv", "en"]
TITLES = {
    "accessibility": {
        "fi": "Saavutettavuusseloste",
        "sv": "Tillgänglighetsutlåtande",
        "en": "Accessibility statement",
    },
    "privacy": {"fi": "Tietosuojaseloste", "sv": "Dataskyddsbeskrivning", "en": "Privacy notice"},
}
OPERATOR = {
    "TUTORI_OPERATOR_NAME": "Esimerkkikunnan sivistystoimi",
    "TUTORI_OPERATOR_EMAIL": "kirjaamo@esimerkkikunta.fi",
    "TUTORI_OPERATOR_ADDRESS": "Kunnantie 1, 99999 Esimerkkikunta",
    "TUTORI_OPERATOR_PHONE": "040 123 4567",
    "TUTORI_DPO_EMAIL": "tietosuojavastaava@esimerkkikunta.fi",
    "TUTORI_ACCESSIBILITY_FEEDBACK_EMAIL": "palaute@esimerkkikunta.fi",
}


def _in(client, language: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


@pytest.mark.parametrize("kind", ["accessibility", "privacy"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_statement_has_a_template_in_each_language(kind, language):
    assert get_template(f"core/statements/{kind}_{language}.html")


@pytest.mark.parametrize("kind", ["accessibility", "privacy"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_anyone_reads_the_statements_in_their_language(
    client, db, kind, language, django_assert_max_num_queries
):
    _in(client, language)
    with django_assert_max_num_queries(2):
        response = client.get(reverse(f"core:{kind}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{TITLES[kind][language]}</h1>" in html
    assert f'lang="{language}"' in html
    assert response["Content-Language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_accessibility_statement_says_what_the_law_asks(client, db, settings, language):
    for name, value in OPERATOR.items():
        setattr(settings, name, value)
    _in(client, language)
    html = client.get(reverse("core:accessibility")).content.decode()
    # Conformance, the assessment, the feedback channel with its answer time, the authority.
    assert "WCAG 2.1" in html
    assert "2.2.1" in html  # the session time limit is a known gap
    assert "PDF" in html
    assert "Esimerkkikunnan sivistystoimi" in html
    assert 'href="mailto:palaute@esimerkkikunta.fi"' in html
    assert "14" in html
    assert "Traficom" in html
    assert "saavutettavuus@traficom.fi" in html
    assert "534 5000" in html
    assert "30.11.2026" in html or "30 November 2026" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_privacy_notice_names_the_controller_the_data_and_the_rights(
    client, db, settings, language
):
    for name, value in OPERATOR.items():
        setattr(settings, name, value)
    _in(client, language)
    html = client.get(reverse("core:privacy")).content.decode()
    for name, value in OPERATOR.items():
        if name != "TUTORI_ACCESSIBILITY_FEEDBACK_EMAIL":
            assert value in html, name
    assert "2016/679" in html
    assert "tietosuoja@om.fi" in html
    assert "566 6700" in html
    assert "6(1)(e)" in html or "6.1 e" in html or "6 artiklan 1 kohdan e" in html
    # Nothing leaves the EU/EEA; every right is listed.
    words = {
        "fi": [
            "ETA",
            "pääsy",
            "oikaisemiseen",
            "poistamiseen",
            "rajoittamiseen",
            "Vastustamis",
            "siirtää",
        ],
        "sv": [
            "EES",
            "tillgång",
            "rättelse",
            "radering",
            "begränsning",
            "invända",
            "dataportabilitet",
        ],
        "en": ["EEA", "access", "rectification", "erasure", "restriction", "object", "portability"],
    }[language]
    for word in words:
        assert word in html, word


def test_the_assessment_date_a_deployment_sets_is_shown(client, db, settings):
    settings.TUTORI_ACCESSIBILITY_ASSESSED_ON = "2027-03-15"
    assert "15.3.2027" in client.get(reverse("core:accessibility")).content.decode()
    settings.TUTORI_ACCESSIBILITY_ASSESSED_ON = "not a date"
    assert statements.assessed_on() == statements.ASSESSED_ON


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_the_statements_in_its_footer(client, db, language):
    _in(client, language)
    accessibility = reverse("core:accessibility")
    privacy = reverse("core:privacy")
    for url in (reverse("accounts:login"), reverse("core:privacy")):
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert f'href="{accessibility}"' in footer
        assert f'href="{privacy}"' in footer
        assert TITLES["accessibility"][language] in footer
        assert TITLES["privacy"][language] in footer
    client.force_login(UserFactory())
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{accessibility}"' in footer and f'href="{privacy}"' in footer


def test_the_page_for_a_server_error_links_the_statements_too():
    html = get_template("500.html").render({})
    assert 'href="/accessibility/"' in html and 'href="/privacy/"' in html
    assert reverse("core:accessibility") == "/accessibility/"
    assert reverse("core:privacy") == "/privacy/"


def test_favicon_is_linked_and_favicon_ico_answers(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'rel="icon" href="/static/tutori/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/tutori/favicon.svg"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)
