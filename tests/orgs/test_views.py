"""Organisation pages: tree, people list (search, paging, htmx), role changes, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Invitation, Membership


def test_tree_shows_the_coordinators_municipality_and_not_others(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("orgs:tree")).content.decode()
    assert "Koulu A" in html and "Koulu B" in html
    assert "Koulu K" not in html
    assert "Pohjoinen verkosto" in html


def test_network_page_lists_all_members_but_links_only_reachable_ones(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("orgs:network", args=[world.network.pk])).content.decode()
    assert "Kemi" in html
    assert reverse("orgs:detail", args=[world.kemi.pk]) not in html
    assert reverse("orgs:detail", args=[world.oulu.pk]) in html


def test_people_search_matches_name_or_email(client, world):
    client.force_login(world.coordinator)
    url = reverse("orgs:people", args=[world.school_a.pk])
    html = client.get(url, {"q": "tiina"}).content.decode()
    assert "Tiina Tutor" in html and "Olli Opettaja" not in html
    html = client.get(url, {"q": "opettaja@"}).content.decode()
    assert "Olli Opettaja" in html and "Tiina Tutor" not in html


def test_htmx_search_answers_with_the_results_fragment_only(client, world):
    client.force_login(world.coordinator)
    response = client.get(
        reverse("orgs:people", args=[world.school_a.pk]), {"q": "olli"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Olli Opettaja" in html


def test_people_list_pages_by_25(client, world):
    for i in range(30):
        MembershipFactory(organisation=world.school_b, user__display_name=f"Zeta {i:02d}")
    client.force_login(world.coordinator)
    url = reverse("orgs:people", args=[world.school_b.pk])
    first = client.get(url).content.decode()
    assert first.count("<td>Zeta ") == 25
    assert "Sivu 1 / 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count("<td>Zeta ") == 5


def test_ended_memberships_show_under_ended_only(client, world):
    membership = Membership._default_manager.get(user=world.member)
    client.force_login(world.coordinator)
    response = client.post(reverse("orgs:membership_end", args=[membership.pk]), follow=True)
    assert "Jäsenyys päätetty: Olli Opettaja" in response.content.decode()
    url = reverse("orgs:people", args=[world.school_a.pk])
    assert "Olli Opettaja" not in client.get(url).content.decode()
    assert "Olli Opettaja" in client.get(url, {"status": "ended"}).content.decode()


def test_ending_asks_first(client, world):
    membership = Membership._default_manager.get(user=world.member)
    client.force_login(world.coordinator)
    html = client.get(reverse("orgs:membership_end", args=[membership.pk])).content.decode()
    assert "Haluatko varmasti" in html
    membership.refresh_from_db()
    assert membership.active_to is None


def test_role_change_through_the_page(client, world):
    membership = Membership._default_manager.get(user=world.member)
    client.force_login(world.coordinator)
    response = client.post(reverse("orgs:membership_role", args=[membership.pk]), {"role": "tutor"})
    assert response.status_code == 302
    with scopes_disabled():
        roles = set(
            Membership.objects.active().filter(user=world.member).values_list("role", flat=True)
        )
    assert roles == {"tutor"}


def test_role_change_with_a_bogus_role_changes_nothing(client, world):
    membership = Membership._default_manager.get(user=world.member)
    client.force_login(world.coordinator)
    response = client.post(reverse("orgs:membership_role", args=[membership.pk]), {"role": "admin"})
    assert response.status_code == 200
    assert Membership._default_manager.filter(user=world.member).count() == 1


@pytest.mark.parametrize("rows", [1, 60])
def test_people_list_makes_a_constant_number_of_queries(
    client, world, rows, django_assert_max_num_queries
):
    for number in range(rows):
        MembershipFactory(organisation=world.school_b)
        Invitation._default_manager.create(
            user=UserFactory(),
            organisation=world.school_b,
            role="member",
            display_name=f"Kutsuttu {number}",
            membership_on_accept=True,
            token_hash=f"{number:064d}",
            expires_at=timezone.now() + timedelta(days=1),
        )
    client.force_login(world.coordinator)
    # The memberships (count and page), the invitations of the people on the page, and the
    # waiting invitations (their first 50, and their count when there are more).
    with django_assert_max_num_queries(13):
        response = client.get(reverse("orgs:people", args=[world.oulu.pk]), {"sub": "on"})
    assert response.status_code == 200
    assert "Kutsuttu 0" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 40])
def test_tree_and_dashboard_make_a_constant_number_of_queries(
    client, world, extra, django_assert_max_num_queries
):
    from tests.factories import OrganisationFactory

    for i in range(extra):
        OrganisationFactory(name=f"Yksikkö {i}", parent=world.school_a)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("orgs:tree")).status_code == 200
    # Each app's panels read in a constant number of queries: 15 before programmes, whose
    # plan, training and applications panels add six at most for a coordinator; paths' coach
    # and own-path panels one each; workshops' facilitated, joined and tasks panels one each
    # and the networks their visibility shares with, one.
    with django_assert_max_num_queries(27):
        assert client.get(reverse("dashboard:dashboard")).status_code == 200


def test_dashboard_shows_each_roles_work(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "koordinaattori" in html and "Henkilöt" in html
    client.force_login(world.member)
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "jäsen" in html and "Kutsu henkilö" not in html
