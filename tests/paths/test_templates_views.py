"""The path templates' pages (part A): the list (search, archived, paging, only one's own
organisations' templates, few queries), a template's page (steps with their windows in words,
versions with how many follow each), the step editor (milestones the user may name, earlier
steps, keeping what was typed), the refusal to delete a template in use, the note policy."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.paths.factories import PathTemplateFactory
from tests.paths.templates_setup import LONG, SHORT, TRAINING, WILLING, follow, parik, versions
from tutori.core import registry as r
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import Anchor, NotePolicy, PathStep
from tutori.paths.selectors.templates import Milestones, window_words
from tutori.paths.services import templates as services
from tutori.paths.services.templates import StepData

pytestmark = pytest.mark.django_db

TRAININGS = r.MilestoneSource(
    "programmes.completed",
    "Koulutus suoritettu",
    lambda user: [("999999", "Parik-vertaisohjaajakoulutus (11.1.2027)")],
    lambda item, person_id: None,
)
SURVEYS = r.MilestoneSource(
    "surveys.answered",
    "Kysely vastattu",
    lambda user: [("41", "Halukkuuskartoitus")],
    lambda item, person_id: None,
)


@pytest.fixture
def sources(monkeypatch):
    """Two milestone sources with one choice each (the real ones read other apps' rows)."""
    found = {s.key: s for s in (TRAININGS, SURVEYS)}
    monkeypatch.setattr(r, "milestone_sources", lambda: list(found.values()))
    monkeypatch.setattr(r, "milestone_source", lambda key: found.get(key))


def text(response) -> str:
    return response.content.decode()


# --- The window in words --------------------------------------------------------------------


def test_a_window_reads_in_words(world, sources):
    p = parik(world.oulu)
    labels = Milestones(
        groups=[],
        labels={"programmes.completed:999999": "Koulutus suoritettu: Parik-koulutus"},
    )
    assert window_words(p.step(SHORT), labels) == (
        "7–14 päivää koulutuksen suorittamisesta (Parik-koulutus)"
    )
    assert window_words(p.step(WILLING)) == "heti polulle liittämisestä"
    assert window_words(p.step(TRAINING)) == "0–90 päivää polulle liittämisestä"
    assert window_words(p.step(LONG)) == ("21–28 päivää vaiheen ”Lyhyt työnohjaus” valmistumisesta")
    one = PathStep(title="X", anchor=Anchor.START, due_after_days=1, due_within_days=1)
    assert window_words(one) == "1 päivä polulle liittämisestä"


# --- The list -------------------------------------------------------------------------------


def test_the_list_shows_only_the_templates_of_ones_own_organisations(client, world):
    parik(world.oulu, name="Oulun polku")
    parik(world.kemi, name="Kemin polku")
    client.force_login(world.coordinator)
    page = text(client.get(reverse("paths:templates")))
    assert "Oulun polku" in page
    assert "Kemin polku" not in page
    client.force_login(world.outsider)
    page = text(client.get(reverse("paths:templates")))
    assert "Kemin polku" in page
    assert "Oulun polku" not in page


def test_the_list_searches_and_hides_archived_templates_unless_asked(client, world):
    parik(world.oulu, name="Vertaisohjaajan polku")
    PathTemplateFactory(organisation=world.school_a, name="Mentorin polku")
    PathTemplateFactory(
        organisation=world.oulu, name="Vanha polku", archived_at="2026-01-01T00:00Z"
    )
    client.force_login(world.coordinator)
    url = reverse("paths:templates")
    page = text(client.get(url))
    assert "Vertaisohjaajan polku" in page and "Mentorin polku" in page
    assert "Vanha polku" not in page
    page = text(client.get(url, {"q": "mentori"}))
    assert "Mentorin polku" in page and "Vertaisohjaajan polku" not in page
    page = text(client.get(url, {"archived": "archived"}))
    assert "Vanha polku" in page and "Mentorin polku" not in page
    partial = client.get(url, {"q": "koulu A"}, headers={"HX-Request": "true"})
    assert "<h1>" not in text(partial) and "Mentorin polku" in text(partial)


def test_an_odd_filter_is_no_error(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("paths:templates"), {"archived": "x" * 300, "page": "999"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_asks_few_queries(client, world, django_assert_max_num_queries, count):
    for n in range(count):
        PathTemplateFactory(organisation=world.oulu, name=f"Polku {n}")
    client.force_login(world.coordinator)
    client.get(reverse("paths:templates"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("paths:templates")).status_code == 200


# --- A template's page ----------------------------------------------------------------------


def test_the_page_shows_steps_windows_and_versions_with_their_followers(
    client, world, sources, django_assert_max_num_queries
):
    p = parik(world.oulu)
    follow(p.version)
    follow(p.version)
    client.force_login(world.coordinator)
    url = reverse("paths:template", args=[p.template.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        page = text(client.get(url))
    assert "7–14 päivää koulutuksen suorittamisesta (Parik-vertaisohjaajakoulutus (11.1.2027))" in (
        page
    )
    assert "Tätä versiota seuraa 2 henkilöä" in page
    # In use: no delete link; the people on it and its report are a click away.
    assert reverse("paths:template_delete", args=[p.template.pk]) not in page
    assert reverse("paths:report", args=[p.template.pk]) in client.get(url).content.decode()


def test_an_edit_on_a_followed_version_says_a_new_version_was_made(client, world, sources):
    p = parik(world.oulu)
    follow(p.version)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("paths:template_step_move", args=[p.step(LONG).pk]),
        {"direction": "up"},
        follow=True,
    )
    assert "muutos tehtiin uuteen versioon 2" in text(response)
    assert [v.number for v in versions(p.template)] == [1, 2]
    old = reverse("paths:template_version", args=[p.version.pk])
    assert old in text(response)
    assert client.get(old).status_code == 200


def test_deleting_a_template_in_use_is_refused_with_a_message(client, world):
    p = parik(world.oulu)
    follow(p.version)
    client.force_login(world.coordinator)
    response = client.post(reverse("paths:template_delete", args=[p.template.pk]), follow=True)
    assert "Polkupohjaa ei voi poistaa, koska sillä on tai on ollut henkilöitä (1)" in text(
        response
    )


# --- The step editor ------------------------------------------------------------------------


def test_the_editor_offers_the_users_milestones_and_only_earlier_steps(client, world, sources):
    p = parik(world.oulu)
    client.force_login(world.coordinator)
    page = text(client.get(reverse("paths:template_step_edit", args=[p.step(SHORT).pk])))
    assert 'value="programmes.completed:999999" selected' in page
    assert "Halukkuuskartoitus" in page
    anchor_select = page.split('name="anchor_step"')[1].split("</select>")[0]
    assert WILLING in anchor_select and TRAINING in anchor_select
    assert LONG not in anchor_select


def test_a_step_with_bad_input_keeps_what_was_typed(client, world, sources):
    p = parik(world.oulu)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("paths:template_step_new", args=[p.template.pk]),
        {
            "title": "Palautekeskustelu",
            "kind": "feedback",
            "responsible": "coach",
            "anchor": "milestone",
            "due_after_days": "14",
            "due_within_days": "7",
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert 'value="Palautekeskustelu"' in page
    assert "Valitse tapahtuma, josta ajoitus lasketaan." in page
    assert "Viimeinen päivä ei voi olla ennen ensimmäistä" in page


def test_a_new_step_counted_from_a_survey_and_completed_by_it(client, world, sources):
    p = parik(world.oulu)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("paths:template_step_new", args=[p.template.pk]),
        {
            "title": "Palautekysely",
            "kind": "survey",
            "responsible": "person",
            "anchor": "step",
            "anchor_step": p.step(LONG).pk,
            "due_after_days": "0",
            "due_within_days": "14",
            "completed_by": "surveys.answered:41",
            "depends_on": [p.step(LONG).pk],
        },
    )
    assert response.status_code == 302
    step = PathStep.objects.get(version=p.version, title="Palautekysely")
    assert (step.anchor_step, step.completed_by) == (p.step(LONG), "surveys.answered:41")
    page = text(client.get(response["Location"]))
    assert "Valmistuu itsestään: Kysely vastattu: Halukkuuskartoitus" in page


def test_a_choice_the_user_could_not_make_is_kept(client, world, sources):
    p = parik(world.oulu)
    PathStep.objects.filter(pk=p.step(SHORT).pk).update(milestone="programmes.completed:5")
    client.force_login(world.coordinator)
    page = text(client.get(reverse("paths:template_step_edit", args=[p.step(SHORT).pk])))
    assert 'value="programmes.completed:5" selected' in page


# --- The note policy ------------------------------------------------------------------------


def test_the_note_policy_page_shows_and_saves_the_roles(client, world):
    client.force_login(world.coordinator)
    url = reverse("paths:note_policy")
    page = text(client.get(url, {"org": world.school_a.pk}))
    assert "Koulu A" in page
    response = client.post(url, {"org": world.school_a.pk, "roles": ["manager", "coach"]})
    assert response.status_code == 302
    with scopes_disabled():
        assert NotePolicy.objects.get(organisation=world.school_a).roles == ["coach", "manager"]
    page = text(client.get(url, {"org": world.school_a.pk}))
    assert 'value="manager" id="id_roles_1" checked' in page
    assert 'value="coordinator" id="id_roles_0">' in page


def test_the_note_policy_of_an_organisation_out_of_reach_is_not_found(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("paths:note_policy"), {"org": world.kemi.pk})
    assert response.status_code == 404


def test_the_list_counts_the_people_on_each_path_now_and_its_latest_version(client, world):
    p = parik(world.oulu)
    follow(p.version)
    follow(p.version)
    services.step_add(
        by=world.coordinator, template=p.template, data=StepData(title="Palaute", kind="task")
    )
    client.force_login(world.coordinator)
    page = text(client.get(reverse("paths:templates")))
    row = page.split("Vertaisohjaajan polku")[1].split("</tr>")[0]
    assert '<td data-label="Versio">2</td>' in row
    assert '<td data-label="Polulla nyt">2</td>' in row


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "7–14 days from completing the training (Parik)"),
        ("sv", "7–14 dagar från att utbildningen slutförts (Parik)"),
    ],
)
def test_a_window_reads_in_the_users_language(world, sources, language, expected):
    labels = Milestones(
        groups=[], labels={"programmes.completed:999999": "Koulutus suoritettu: Parik"}
    )
    with translation.override(language):
        assert window_words(parik(world.oulu).step(SHORT), labels) == expected


def test_the_menu_leads_coordinators_to_the_templates(client, world):
    url = reverse("paths:templates")
    client.force_login(world.coordinator)
    assert f'href="{url}"' in text(client.get(reverse("dashboard:dashboard")))
    client.force_login(world.member)
    assert f'href="{url}"' not in text(client.get(reverse("dashboard:dashboard")))
