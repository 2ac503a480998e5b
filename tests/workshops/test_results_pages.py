"""The results pages (W3): who opens what (the matrix rows), what each reader sees, the
projector view, the archive's search and paging, and that no page of an anonymous workshop
names anyone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.authz import ROLES
from tests.workshops.authz_results import ROWS
from tests.workshops.results_setup import NAMES, RANKED, UNGROUPED, puimala
from tutori.workshops.models import Workshop


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_get_status(client, world, name, role):
    row = ROWS[name]
    user = world.by_role(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name, kwargs=row.kwargs(world)))
    assert response.status_code == row.status_for(role), (name, role)


def _page(client, user, made):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("workshops:results", args=[made.workshop.pk]))
    assert response.status_code == 200
    return _main(response.content.decode())


def _main(html: str) -> str:
    """The page's own content (the header names the signed-in person, the menu has words)."""
    return html[html.index("<main") : html.index("</main>")]


def _in_order(text: str, names: list[str]) -> bool:
    places = [text.find(name) for name in names]
    return all(p >= 0 for p in places) and places == sorted(places)


def test_the_facilitator_sees_the_ranked_themes_the_live_tally_and_follow_up_links(client, world):
    made = puimala(world)
    html = _page(client, world.coordinator, made)
    assert _in_order(html, RANKED)
    assert UNGROUPED in html
    assert "Kunnan yhteinen tutoraika" in html  # the question still in voting
    assert "Välitilanne" in html
    follow_up = reverse("workshops:follow_up", args=[made.themes["Nimikkotutor"].pk])
    assert follow_up in html
    # No follow-up of a question that has no result yet.
    assert reverse("workshops:follow_up", args=[made.voting.themes.get().pk]) not in html
    for fmt in ("pdf", "docx", "md"):
        assert reverse("workshops:results_export", args=[made.workshop.pk, fmt]) in html


def test_a_participant_sees_only_the_questions_in_their_results_phase(client, world):
    made = puimala(world)
    html = _page(client, world.member, made)
    assert _in_order(html, RANKED)
    assert "Kunnan yhteinen tutoraika" not in html
    assert "Tämän kysymyksen tulokset näkyvät, kun ohjaaja avaa ne." in html
    assert "Tee jatkotyö" not in html
    assert reverse("workshops:results_export", args=[made.workshop.pk, "pdf"]) not in html


@pytest.mark.parametrize("anonymous", [True, False])
def test_no_results_page_names_anyone(client, world, anonymous):
    made = puimala(world, anonymous=anonymous)
    for user in (world.coordinator, world.member):
        html = _page(client, user, made)
        for name in NAMES:
            assert name not in html, (user, name)
    client.force_login(world.coordinator)
    present = client.get(reverse("workshops:results_present", args=[made.workshop.pk]))
    for name in NAMES:
        assert name not in _main(present.content.decode())


def test_the_projector_shows_one_question_at_a_time(client, world):
    made = puimala(world)
    client.force_login(world.coordinator)
    url = reverse("workshops:results_present", args=[made.workshop.pk])
    first = _main(client.get(url).content.decode())
    assert made.question.text in first and made.voting.text not in first
    assert _in_order(first, RANKED)
    assert 'href="?q=2"' in first and "?q=0" not in first
    second = _main(client.get(url, {"q": "2"}).content.decode())
    assert made.voting.text in second and 'href="?q=1"' in second
    for odd in ("99", "-3", "x", "9" * 40):
        assert client.get(url, {"q": odd}).status_code == 200


def test_the_archive_lists_closed_workshops_of_the_readers_organisations(client, world):
    puimala(world, organisation=world.school_a, title="Koulun puimala")
    puimala(world, organisation=world.kemi, title="Kemin puimala")
    puimala(world, organisation=world.school_a, title="Kesken", status=Workshop.Status.OPEN)
    url = reverse("workshops:archive")
    client.force_login(world.manager)
    html = client.get(url).content.decode()
    assert "Koulun puimala" in html
    assert "Kemin puimala" not in html and "Kesken" not in html
    client.force_login(world.outsider)
    html = client.get(url).content.decode()
    assert "Kemin puimala" in html and "Koulun puimala" not in html


def test_the_archive_searches_and_pages(client, world, django_assert_max_num_queries):
    for n in range(30):
        puimala(world, title=f"Puimala {n:02d}")
    puimala(world, title="Kevään työpaja")
    client.force_login(world.coordinator)
    url = reverse("workshops:archive")
    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()
    assert "31 työpajaa" in html and "Sivu 1 / 2" in html
    html = client.get(url, {"q": "kevään"}).content.decode()
    assert "1 työpaja" in html and "Kevään työpaja" in html
    html = client.get(url, {"q": "ei löydy mitään"}).content.decode()
    assert "Haulla ei löytynyt työpajoja." in html
    partial = client.get(url, {"q": "Puimala 0"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<h1>" not in partial.content.decode()
    assert client.get(url, {"q": "\x00", "page": "x"}).status_code == 200


def test_the_results_page_reads_in_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    small = puimala(world)
    big = puimala(world, title="Iso")
    for n in range(20):
        big.question.themes.create(name=f"Teema {n}", position=20 + n)
    client.force_login(world.coordinator)
    for made in (small, big):
        with django_assert_max_num_queries(14):
            client.get(reverse("workshops:results", args=[made.workshop.pk]))
