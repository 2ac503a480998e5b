"""The scope engine (tutori.access) and the base visibility rules, as a specification."""

from __future__ import annotations

import pytest
import rules

from tests.factories import MembershipFactory, OrganisationFactory
from tutori.access import engine
from tutori.core.scoping import ScopeError, forget
from tutori.orgs.models import Membership, Organisation
from tutori.orgs.selectors import role_in


def names(qs):  # type: ignore[no-untyped-def]
    return sorted(o.name for o in qs)


def test_coordinator_reaches_their_municipality_and_its_schools(world):
    assert names(Organisation.objects.visible_to(world.coordinator)) == [
        "Koulu A",
        "Koulu B",
        "Oulu",
    ]


def test_manager_reaches_their_school_and_its_descendants_only(world):
    unit = OrganisationFactory(name="Koulu A:n erityisluokat", parent=world.school_a)
    assert names(Organisation.objects.visible_to(world.manager)) == [
        "Koulu A",
        unit.name,
    ]


@pytest.mark.parametrize("role", ["tutor", "coach", "member"])
def test_others_reach_only_the_organisations_of_their_own_memberships(world, role):
    OrganisationFactory(name="Alaluokka", parent=world.school_a)
    assert names(Organisation.objects.visible_to(world.by_role(role))) == ["Koulu A"]


def test_admin_reaches_everything(world):
    assert Organisation.objects.visible_to(world.admin).count() == 5


def test_a_person_without_memberships_reaches_nothing(world):
    assert Organisation.objects.visible_to(world.nobody).count() == 0


def test_ended_membership_gives_no_reach(world):
    membership = Membership._default_manager.get(user=world.member)
    membership.active_to = membership.active_from
    membership.save()
    forget(world.member)
    assert Organisation.objects.visible_to(world.member).count() == 0


def test_inactive_organisation_gives_no_reach(world):
    world.school_a.is_active = False
    world.school_a.save()
    assert Organisation.objects.visible_to(world.member).count() == 0


def test_coordinator_of_another_municipality_sees_none_of_oulus_people(world):
    visible = Membership.objects.visible_to(world.outsider)
    assert {m.organisation.name for m in visible} == {"Kemi"}


def test_member_sees_only_their_own_memberships(world):
    visible = list(Membership.objects.visible_to(world.member))
    assert [m.user for m in visible] == [world.member]


def test_manager_sees_the_people_of_their_school_but_not_of_the_sibling_school(world):
    MembershipFactory(organisation=world.school_b)
    orgs = {m.organisation.name for m in Membership.objects.visible_to(world.manager)}
    assert orgs == {"Koulu A"}


def test_people_scope_includes_self_and_overseen_people(world):
    from tutori.accounts.models import User

    assert set(User.objects.visible_to(world.member)) == {world.member}
    seen = set(User.objects.visible_to(world.coordinator))
    assert {world.manager, world.tutor, world.member, world.coordinator} <= seen
    assert world.outsider not in seen


def test_role_in_inherits_a_coordinators_reach_but_not_a_members(world):
    assert role_in(user=world.coordinator, organisation=world.school_a) == "coordinator"
    assert role_in(user=world.member, organisation=world.school_b) is None
    assert role_in(user=world.outsider, organisation=world.school_a) is None


def test_coordinator_role_wins_over_manager_role_in_overlap(world):
    MembershipFactory(user=world.manager, organisation=world.oulu, coordinator=True)
    forget(world.manager)
    assert role_in(user=world.manager, organisation=world.school_a) == "coordinator"


def test_permissions_follow_roles(world):
    a = world.school_a
    assert world.coordinator.has_perm("orgs.manage_people", a)
    assert world.manager.has_perm("orgs.view_people", a)
    assert not world.manager.has_perm("orgs.manage_people", a)
    assert not world.tutor.has_perm("orgs.view_people", a)
    assert world.tutor.has_perm("orgs.view_organisation", a)
    assert not world.outsider.has_perm("orgs.view_organisation", a)
    assert world.admin.has_perm("orgs.manage_organisations")
    assert not world.coordinator.has_perm("orgs.manage_organisations")


def test_networks_are_visible_to_those_who_reach_one_of_their_organisations(world):
    from tutori.orgs.models import Network

    assert list(Network.objects.visible_to(world.member)) == [world.network]
    assert list(Network.objects.visible_to(world.nobody)) == []


def test_a_query_that_forgets_its_scope_fails_loudly(world):
    with pytest.raises(ScopeError):
        list(Membership.objects.all())
    with pytest.raises(ScopeError):
        Organisation.objects.filter(name="Oulu").exists()
    with pytest.raises(ScopeError):
        Membership.objects.count()


def test_scope_is_read_once_per_user_object(world, django_assert_num_queries):
    forget(world.coordinator)
    with django_assert_num_queries(1):  # the memberships and the organisations below
        assert rules.has_perm("orgs.manage_people", world.coordinator, world.oulu)
        assert rules.has_perm("orgs.view_people", world.coordinator, world.school_a)
        assert engine.reach(world.coordinator).ids() == sorted(
            [world.oulu.pk, world.school_a.pk, world.school_b.pk]
        )
        assert engine.reach(world.coordinator).ids(frozenset({"manager"})) == []


def test_a_members_reach_needs_one_query(world, django_assert_num_queries):
    forget(world.member)
    with django_assert_num_queries(1):
        assert engine.reach(world.member).ids() == [world.school_a.pk]
        assert engine.reach(world.member).upward_ids() == {world.oulu.pk, world.school_a.pk}


def test_an_ended_or_future_membership_and_an_inactive_organisation_give_no_reach(world):
    from datetime import timedelta

    from django.utils import timezone

    future = MembershipFactory(
        user=world.nobody,
        organisation=world.school_b,
        active_from=timezone.localdate() + timedelta(days=1),
    )
    assert engine.reach(world.nobody).ids() == []
    forget(world.nobody)
    Membership._default_manager.filter(pk=future.pk).update(active_from=timezone.localdate())
    assert engine.reach(world.nobody).ids() == [world.school_b.pk]
