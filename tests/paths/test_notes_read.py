"""Who reads the supervision notes of a path (``paths.read_note``): their author, the person,
and the roles the organisation's note policy names — not a coach of another workshop (who
does not even find the path), not a manager or coordinator unless the policy names them;
EVERY read by someone other than the author is in the audit log, one entry per note shown."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from tests.paths.coach_setup import coached, note_on, other_workshop_coach, policy
from tutori.paths.models import SupervisionNote
from tutori.paths.selectors.notes import notes_context

pytestmark = pytest.mark.django_db

SECRET = "Ryhmässä oli riitatilanne."


def reads(user):
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(SupervisionNote),
        actor=user,
    )


def test_the_author_reads_their_notes_without_an_audit_entry(world):
    c = coached(world)
    note = note_on(c)
    context = notes_context(user=world.coach, path=c.path)
    assert context["notes"] == [note] and context["notes_hidden"] == 0
    assert context["notes_can_write"] is True
    assert not reads(world.coach).exists()


def test_the_person_reads_the_notes_written_for_them_and_each_read_is_recorded(world):
    c = coached(world)
    first, second = note_on(c), note_on(c, problems="Toinen tilanne.")
    context = notes_context(user=world.member, path=c.path)
    assert set(context["notes"]) == {first, second}
    assert context["notes_can_write"] is False
    entries = reads(world.member)
    assert sorted(int(e.object_pk) for e in entries) == sorted([first.pk, second.pk])
    assert all(SECRET not in str(e.changes) and SECRET not in e.object_repr for e in entries)
    # A second look is a second read.
    notes_context(user=world.member, path=c.path)
    assert reads(world.member).count() == 4


def test_another_coach_of_the_same_workshop_sees_the_path_but_not_the_notes(world):
    c = coached(world, coach=other_workshop_coach(world))
    note_on(c)
    context = notes_context(user=world.coach, path=c.path)
    assert context["notes"] == [] and context["notes_hidden"] == 1
    assert not reads(world.coach).exists()


@pytest.mark.parametrize("role", ["manager", "coordinator", "admin"])
def test_managers_and_coordinators_do_not_read_notes_without_a_policy(world, role):
    c = coached(world)
    note_on(c)
    user = getattr(world, role)
    context = notes_context(user=user, path=c.path)
    assert context["notes"] == [] and context["notes_hidden"] == 1
    assert not reads(user).exists()


@pytest.mark.parametrize("role", ["manager", "coordinator"])
def test_a_policy_naming_another_role_does_not_let_them_read(world, role):
    c = coached(world)
    note_on(c)
    policy(world.school_a, "coach")
    user = getattr(world, role)
    assert notes_context(user=user, path=c.path)["notes"] == []
    assert not reads(user).exists()


def test_a_manager_reads_the_notes_when_the_policy_names_managers_and_it_is_recorded(world):
    c = coached(world)
    note = note_on(c)
    policy(world.school_a, "manager")
    context = notes_context(user=world.manager, path=c.path)
    assert context["notes"] == [note]
    [entry] = reads(world.manager)
    assert (entry.object_pk, entry.actor_email) == (str(note.pk), world.manager.email)
    # Not the coordinator: the policy names managers only.
    assert notes_context(user=world.coordinator, path=c.path)["notes"] == []


def test_a_platform_admin_reads_no_notes_whatever_the_policy_names(world):
    c = coached(world)
    note_on(c)
    policy(world.school_a, "manager", "coordinator", "coach")
    assert notes_context(user=world.admin, path=c.path)["notes"] == []
    assert not reads(world.admin).exists()


def test_a_policy_of_another_organisation_names_nobody_here(world):
    c = coached(world)
    note_on(c)
    policy(world.school_b, "manager", "coordinator")
    assert notes_context(user=world.manager, path=c.path)["notes"] == []


def test_the_partial_shows_what_was_talked_about_to_readers_only(world, rf: RequestFactory):
    c = coached(world)
    note_on(c, ideas="Vertaistapaaminen kuukausittain.")
    request = rf.get("/")
    request.user = world.member
    html = render_to_string(
        "paths/partials/_path_notes.html",
        notes_context(user=world.member, path=c.path),
        request=request,
    )
    assert SECRET in html and "Vertaistapaaminen kuukausittain." in html
    request.user = world.manager
    html = render_to_string(
        "paths/partials/_path_notes.html",
        notes_context(user=world.manager, path=c.path),
        request=request,
    )
    assert SECRET not in html and "1 keskustelu on kirjattu" in html


def test_on_the_path_page_a_coach_of_another_workshop_finds_nothing(client, world):
    c = coached(world)
    note_on(c)
    client.force_login(other_workshop_coach(world))
    response = client.get(reverse("paths:path", args=[c.path.pk]))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_on_the_path_page_a_manager_sees_the_path_but_not_the_notes(client, world):
    c = coached(world)
    note_on(c)
    client.force_login(world.manager)
    response = client.get(reverse("paths:path", args=[c.path.pk]))
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert not reads(world.manager).exists()


def test_on_the_path_page_the_policy_named_manager_reads_and_is_recorded(client, world):
    c = coached(world)
    note_on(c)
    policy(world.school_a, "manager")
    client.force_login(world.manager)
    response = client.get(reverse("paths:path", args=[c.path.pk]))
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert reads(world.manager).count() == 1


def test_on_the_path_page_the_coach_reads_and_may_write(client, world):
    c = coached(world)
    note_on(c)
    client.force_login(world.coach)
    html = client.get(reverse("paths:path", args=[c.path.pk])).content.decode()
    assert SECRET in html
    assert reverse("paths:supervision_new", args=[c.path.pk]) in html
    assert not reads(world.coach).exists()


def test_reading_notes_takes_a_constant_number_of_queries(world, django_assert_num_queries):
    c = coached(world)
    for _ in range(5):
        note_on(c)
    policy(world.school_a, "manager")
    notes_context(user=world.manager, path=c.path)  # the reach and content type, cached
    with django_assert_num_queries(3):  # the notes, the policy, the audit entries
        notes_context(user=world.manager, path=c.path)


def test_on_their_own_path_page_the_person_reads_the_notes_and_it_is_recorded(client, world):
    c = coached(world)
    note_on(c)
    client.force_login(world.member)
    response = client.get(reverse("paths:mine"))
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert reads(world.member).count() == 1
