"""A workshop shared with a network (issue 17: "organisation or network"): the facilitator
chooses one of the networks the workshop's organisation is in, the pages and files name it,
and once closed its result is in the archive of the coordinators and managers of the
network's member organisations too — still naming nobody."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, UserFactory
from tests.workshops.results_setup import NAMES, RANKED, puimala
from tests.workshops.workshop_setup import make_workshop
from tutori.core.errors import ApplicationError
from tutori.core.scoping import forget, scopes_disabled
from tutori.workshops import permissions
from tutori.workshops.models import Workshop
from tutori.workshops.services import workshops as services

pytestmark = pytest.mark.django_db

REFUSED = "ei kuulu verkostoon"


def _body(organisation, **changes):  # type: ignore[no-untyped-def]
    return {
        "organisation": organisation.pk,
        "title": "Verkoston Puimala",
        "held_on": "2026-11-20",
        "questions": "Mitä koulutuksessa pitäisi olla?",
        "votes_per_participant": "3",
        "votes_per_theme": "1",
        "anonymous": "on",
        **changes,
    }


def _rovaniemi():  # type: ignore[no-untyped-def]
    """A municipality in a network of its own, with a coordinator."""
    rovaniemi = OrganisationFactory(name="Rovaniemi", municipality=True)
    network = NetworkFactory(name="Lapin verkosto", organisations=[rovaniemi])
    coordinator = UserFactory(display_name="Rauni Rovaniemeltä", email="rauni@example.fi")
    MembershipFactory(user=coordinator, organisation=rovaniemi, coordinator=True)
    return rovaniemi, network, coordinator


# --- Services ---------------------------------------------------------------------------------


def test_a_workshop_is_shared_with_a_network_its_organisation_is_in(world):
    workshop = make_workshop(world, opened=False, network=world.network)
    assert workshop.network == world.network
    changed = services.workshop_update(by=world.coordinator, workshop=workshop, network=None)
    assert changed.network is None


def test_a_network_the_organisation_is_not_in_is_refused_with_a_clear_message(world):
    _rovaniemi_org, lapland, _person = _rovaniemi()
    with pytest.raises(services.NetworkError) as refused:
        make_workshop(world, opened=False, network=lapland)
    assert "Oulu ei kuulu verkostoon Lapin verkosto" in str(refused.value.message)
    # A school below a member is not itself a member.
    with pytest.raises(services.NetworkError):
        make_workshop(world, opened=False, organisation=world.school_a, network=world.network)
    workshop = make_workshop(world, opened=False)
    with pytest.raises(ApplicationError, match=REFUSED):
        services.workshop_update(by=world.coordinator, workshop=workshop, network=lapland)
    with scopes_disabled():
        assert Workshop.objects.get(pk=workshop.pk).network_id is None


# --- The form ---------------------------------------------------------------------------------


def test_the_form_offers_the_networks_of_the_organisations(client, world):
    _rovaniemi()
    client.force_login(world.coordinator)
    page = client.get(reverse("workshops:new")).content.decode()
    assert "Pohjoinen verkosto" in page
    assert "Lapin verkosto" not in page


def test_a_new_workshop_shared_with_a_network_from_the_form(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("workshops:new"), _body(world.oulu, network=world.network.pk))
    assert response.status_code == 302
    with scopes_disabled():
        assert Workshop.objects.get().network == world.network


def test_the_form_refuses_a_network_the_organisation_is_not_in_and_keeps_the_input(client, world):
    client.force_login(world.coordinator)
    # Koulu A is offered (Oulu's coordinator reaches it) and so is Oulu's network, but the
    # school is not one of the network's members.
    response = client.post(
        reverse("workshops:new"), _body(world.school_a, network=world.network.pk)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Koulu A ei kuulu verkostoon Pohjoinen verkosto" in page
    assert 'value="Verkoston Puimala"' in page
    assert "Mitä koulutuksessa pitäisi olla?" in page
    with scopes_disabled():
        assert not Workshop.objects.exists()


def test_the_form_refuses_a_network_it_did_not_offer(client, world):
    _rovaniemi_org, lapland, _person = _rovaniemi()
    client.force_login(world.coordinator)
    response = client.post(reverse("workshops:new"), _body(world.oulu, network=lapland.pk))
    assert response.status_code == 400
    with scopes_disabled():
        assert not Workshop.objects.exists()


def test_editing_shares_and_unshares(client, world):
    workshop = make_workshop(world, opened=False)
    client.force_login(world.coordinator)
    url = reverse("workshops:edit", args=[workshop.pk])
    body = _body(world.oulu, network=world.network.pk)
    del body["organisation"]
    assert client.post(url, body).status_code == 302
    with scopes_disabled():
        assert Workshop.objects.get(pk=workshop.pk).network == world.network
    page = client.get(reverse("workshops:workshop", args=[workshop.pk])).content.decode()
    assert "Pohjoinen verkosto" in page
    body["network"] = ""
    assert client.post(url, body).status_code == 302
    with scopes_disabled():
        assert Workshop.objects.get(pk=workshop.pk).network is None


# --- The archive ------------------------------------------------------------------------------


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_a_coordinator_of_a_member_in_another_municipality_reads_the_shared_result(client, world):
    made = puimala(world, network=world.network)
    client.force_login(world.outsider)  # Kemi's coordinator: Kemi is in the network
    archive = _main(client.get(reverse("workshops:archive")).content.decode())
    assert "Puimala 1" in archive and "Pohjoinen verkosto" in archive
    page = client.get(reverse("workshops:results", args=[made.workshop.pk]))
    assert page.status_code == 200
    html = _main(page.content.decode())
    assert "Pohjoinen verkosto" in html
    assert RANKED[0] in html
    # Nobody is named, and only the questions in their results phase are shown.
    assert not any(name in html for name in NAMES)
    assert "Välitilanne" not in html
    exported = client.get(reverse("workshops:results_export", args=[made.workshop.pk, "md"]))
    assert exported.status_code == 200
    text = exported.content.decode()
    assert "Pohjoinen verkosto" in text and RANKED[0] in text
    assert not any(name in text for name in NAMES)
    # Reading is all: no follow-up work, no facilitator's page.
    theme = made.themes[RANKED[0]]
    assert client.get(reverse("workshops:follow_up", args=[theme.pk])).status_code == 403
    assert client.get(reverse("workshops:workshop", args=[made.workshop.pk])).status_code == 403


def test_a_manager_of_a_member_reads_it_too(client, world):
    made = puimala(world, organisation=world.kemi, network=world.network)
    # Oulu's coordinator reaches Oulu, a member; so does a manager of Kemi, another member.
    assert permissions.can_read_archive(world.coordinator, made.workshop)
    manager = UserFactory(display_name="Kerttu Kemistä", email="kerttu@example.fi")
    MembershipFactory(user=manager, organisation=world.kemi, manager=True)
    client.force_login(manager)
    assert "Puimala 1" in _main(client.get(reverse("workshops:archive")).content.decode())


def test_nobody_outside_the_network_reads_it(client, world):
    made = puimala(world, network=world.network)
    _rovaniemi_org, _lapland, stranger = _rovaniemi()
    kemi_tutor = UserFactory(display_name="Kemin Tutor", email="kemintutor@example.fi")
    MembershipFactory(user=kemi_tutor, organisation=world.kemi, tutor=True)
    for user in (stranger, kemi_tutor):
        client.force_login(user)
        archive = _main(client.get(reverse("workshops:archive")).content.decode())
        assert "Puimala 1" not in archive
        response = client.get(reverse("workshops:results", args=[made.workshop.pk]))
        assert response.status_code == 404
        export = reverse("workshops:results_export", args=[made.workshop.pk, "md"])
        assert client.get(export).status_code == 404


def test_an_unshared_or_still_open_workshop_stays_its_organisations(client, world):
    unshared = puimala(world, title="Oulun oma")
    running = puimala(
        world, title="Vielä käynnissä", status=Workshop.Status.OPEN, network=world.network
    )
    client.force_login(world.outsider)
    archive = _main(client.get(reverse("workshops:archive")).content.decode())
    assert "Oulun oma" not in archive and "Vielä käynnissä" not in archive
    for made in (unshared, running):
        response = client.get(reverse("workshops:results", args=[made.workshop.pk]))
        assert response.status_code == 404


def test_leaving_the_network_ends_the_sharing(world):
    made = puimala(world, network=world.network)
    assert permissions.can_read_archive(world.outsider, made.workshop)
    world.network.organisations.remove(world.kemi)
    forget(world.outsider)
    assert not permissions.can_read_archive(world.outsider, made.workshop)
    assert not Workshop.objects.visible_to(world.outsider).filter(pk=made.workshop.pk)


def test_the_archive_takes_the_same_queries_with_shared_workshops(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.outsider)
    puimala(world, network=world.network)
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("workshops:archive"))
    for i in range(5):
        puimala(world, title=f"Paja {i}", network=world.network)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("workshops:archive"))
