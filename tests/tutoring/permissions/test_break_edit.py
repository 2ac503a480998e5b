"""Who may change or remove a school break: the coordinators of its organisation (and
above)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.writes import assert_refused, assert_sent_to_login, post_as, post_changing_nothing
from tutori.tutoring.models import SchoolBreak

URL_NAMES = ["tutoring:break_edit", "tutoring:break_delete"]


def _create(organisation) -> SchoolBreak:  # type: ignore[no-untyped-def]
    first = timezone.localdate() + timedelta(days=30)
    return SchoolBreak._default_manager.create(
        organisation=organisation,
        name="Syysloma",
        starts_on=first,
        ends_on=first + timedelta(days=4),
    )


@pytest.fixture
def break_oulu(world) -> SchoolBreak:  # type: ignore[no-untyped-def]
    return _create(world.oulu)


@pytest.fixture
def break_kemi(world) -> SchoolBreak:  # type: ignore[no-untyped-def]
    return _create(world.kemi)


def edit_body(school_break: SchoolBreak) -> dict[str, str]:
    return {
        "name": "Syysloma (vk 42)",
        "starts_on": school_break.starts_on.isoformat(),
        "ends_on": (school_break.ends_on + timedelta(days=1)).isoformat(),
    }


def edit_url(school_break: SchoolBreak) -> str:
    return reverse("tutoring:break_edit", args=[school_break.pk])


def delete_url(school_break: SchoolBreak) -> str:
    return reverse("tutoring:break_delete", args=[school_break.pk])


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_changes_oulus_break(client, world, break_oulu, role):
    response = post_as(client, world, role, edit_url(break_oulu), edit_body(break_oulu))
    assert response.status_code == 302
    changed = SchoolBreak._default_manager.get(pk=break_oulu.pk)
    assert changed.name == "Syysloma (vk 42)"
    assert (changed.ends_on - changed.starts_on).days == 5


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_oulus_coordinator_removes_oulus_break(client, world, break_oulu, role):
    response = post_as(client, world, role, delete_url(break_oulu))
    assert response.status_code == 302
    assert not SchoolBreak._default_manager.filter(pk=break_oulu.pk).exists()


@pytest.mark.parametrize("role", ["tutor", "member", "coach", "manager"])
def test_people_of_oulu_see_the_break_but_may_not_change_it(client, world, break_oulu, role):
    response = post_changing_nothing(
        client, world, role, edit_url(break_oulu), edit_body(break_oulu)
    )
    assert_refused(response, 403)
    assert_refused(post_changing_nothing(client, world, role, delete_url(break_oulu)), 403)


@pytest.mark.parametrize("role", ["outsider", "nobody"])
def test_people_outside_oulu_do_not_find_the_break(client, world, break_oulu, role):
    response = post_changing_nothing(
        client, world, role, edit_url(break_oulu), edit_body(break_oulu)
    )
    assert_refused(response, 404)
    assert_refused(post_changing_nothing(client, world, role, delete_url(break_oulu)), 404)


def test_oulus_coordinator_does_not_find_kemis_break(client, world, break_kemi):
    response = post_changing_nothing(
        client, world, "coordinator", edit_url(break_kemi), edit_body(break_kemi)
    )
    assert_refused(response, 404)
    assert_refused(post_changing_nothing(client, world, "coordinator", delete_url(break_kemi)), 404)


def test_anonymous_is_sent_to_log_in(client, world, break_oulu):
    response = post_changing_nothing(
        client, world, "anonymous", edit_url(break_oulu), edit_body(break_oulu)
    )
    assert_sent_to_login(response)
    assert_sent_to_login(post_changing_nothing(client, world, "anonymous", delete_url(break_oulu)))
