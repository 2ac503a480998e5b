"""A path's page, the coordinator's list of paths, "Oma polkuni" with reflections, choosing
the coach and stopping a path (part B)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory
from tests.paths.factories import PathStepFactory, PathTemplateFactory, PathVersionFactory
from tests.paths.people_setup import LONG, SHORT, TRAINING, WILLING, fresh, on_path, template_of
from tutori.core.errors import ApplicationError
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import PersonStep, Reflection
from tutori.paths.services import people as services
from tutori.paths.services import schedule


@pytest.fixture
def commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page_of(client, user, path):
    client.force_login(user)
    response = client.get(reverse("paths:path", args=[path.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- The path's page --------------------------------------------------------------------------


def test_the_page_shows_the_steps_in_order_with_their_state_and_who_is_responsible(client, world):
    path = on_path(world, days_ago=10)
    text = page_of(client, world.coordinator, path)
    positions = [text.index(title) for title in (WILLING, TRAINING, SHORT, LONG)]
    assert positions == sorted(positions)
    assert "myöhässä" in text  # willingness was due on the first day
    assert "avoinna nyt" in text  # the short supervision is in its window
    assert "odottaa tapahtumaa" in text  # the long one waits for the short one
    assert "henkilö itse" in text and "valmentaja" in text
    assert "Osallistu neljään koulutuskertaan." in text
    assert "Olli Opettaja" in text and "Ville Valmentaja" in text


def test_a_window_shows_its_weekdays_as_a_finn_writes_them(client, world):
    version = PathVersionFactory(template=PathTemplateFactory(organisation=world.oulu))
    PathStepFactory(version=version, position=1, title="Viikonloppu", due_within_days=1)
    started = schedule.path_start(
        version=version,
        person=world.member,
        organisation_id=world.school_a.pk,
        started_on=dt.date(2027, 3, 13),
    )
    text = page_of(client, world.member, started.path)
    assert "la 13.3.–su 14.3.2027" in text


def test_a_done_step_shows_its_date(client, world):
    path = on_path(world)
    with scopes_disabled():
        willing = PersonStep.objects.get(path=path, step__title=WILLING)
    schedule.step_done(person_step=willing, by=world.coach, on=dt.date(2027, 3, 15))
    assert "ma 15.3.2027" in page_of(client, world.coach, path)


def test_the_coach_and_coordinator_get_the_step_actions_others_do_not(client, world):
    path = on_path(world)
    done_link = reverse("paths:step_done", args=[path.steps.first().pk]).rsplit("/", 3)[0]
    for user in (world.coach, world.coordinator):
        assert done_link in page_of(client, user, path)
    for user in (world.member, world.manager):
        assert "Merkitse tehdyksi" not in page_of(client, user, path)
    assert reverse("paths:stop", args=[path.pk]) in page_of(client, world.coordinator, path)
    assert reverse("paths:stop", args=[path.pk]) not in page_of(client, world.coach, path)


def test_reflections_are_read_by_the_person_and_the_coach_only(client, world):
    path = on_path(world)
    services.reflection_add(path=path, text="Opin kuuntelemaan.", by=world.member)
    assert "Opin kuuntelemaan." in page_of(client, world.member, path)
    assert "Opin kuuntelemaan." in page_of(client, world.coach, path)
    assert "Opin kuuntelemaan." not in page_of(client, world.coordinator, path)
    assert "Opin kuuntelemaan." not in page_of(client, world.manager, path)


def test_the_page_asks_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    path = on_path(world)
    for n in range(3):
        services.reflection_add(path=path, text=f"Pohdinta {n}", by=world.member)
    client.force_login(world.coach)
    client.get(reverse("paths:path", args=[path.pk]))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("paths:path", args=[path.pk]))
    assert response.status_code == 200


# --- The coordinator's list ----------------------------------------------------------------------


def list_of(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("paths:people"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_the_paths_of_the_coordinators_organisations(client, world):
    on_path(world)
    kemi_teacher = UserFactory(display_name="Kaarina Kemiläinen")
    MembershipFactory(user=kemi_teacher, organisation=world.school_k)
    on_path(
        world, template_of(world.kemi), person=kemi_teacher, coach=None, organisation=world.school_k
    )
    text = list_of(client, world.coordinator)
    assert "Olli Opettaja" in text and "Kaarina" not in text
    assert "1/4" not in text and "0/4" in text
    assert "Kaarina" in list_of(client, world.outsider)


def test_the_list_is_filtered(client, world):
    template = template_of(world.oulu)
    late = on_path(world, template, days_ago=10)
    other = UserFactory(display_name="Bertta Uusi")
    MembershipFactory(user=other, organisation=world.school_b)
    fine = on_path(
        world,
        template_of(world.oulu, "Toinen polku"),
        person=other,
        coach=None,
        organisation=world.school_b,
        days_ago=0,
    )
    assert "Bertta" not in list_of(client, world.coordinator, overdue="on")
    assert "Olli" in list_of(client, world.coordinator, overdue="on")
    assert "Olli" not in list_of(client, world.coordinator, template=fine.template_id)
    assert "Olli" in list_of(client, world.coordinator, coach=world.coach.pk)
    assert "Bertta" not in list_of(client, world.coordinator, coach=world.coach.pk)
    assert "Olli" not in list_of(client, world.coordinator, q="Bertta")
    services.path_stop(path=late, reason="Muutti", by=world.coordinator)
    assert "Olli" in list_of(client, world.coordinator, status="stopped")
    assert "Olli" not in list_of(client, world.coordinator, status="active")
    # An odd filter value is no error: the list is shown unfiltered.
    assert "Bertta" in list_of(client, world.coordinator, coach="x", template="9" * 30)


def test_the_list_pages_and_asks_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    template = template_of(world.oulu)
    for n in range(30):
        person = UserFactory(display_name=f"Henkilö {n:02}")
        MembershipFactory(user=person, organisation=world.school_a)
        on_path(world, template, person=person)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("paths:people"))
    text = response.content.decode()
    assert "30 polkua" in text and "Henkilö 24" in text and "Henkilö 25" not in text
    assert "Henkilö 25" in client.get(reverse("paths:people"), {"page": 2}).content.decode()


def test_the_list_answers_htmx_with_the_results_only(client, world):
    on_path(world)
    client.force_login(world.coordinator)
    response = client.get(reverse("paths:people"), {"q": "Olli"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode() and "Olli Opettaja" in response.content.decode()


# --- Oma polkuni ---------------------------------------------------------------------------------


def test_oma_polkuni_shows_ones_steps_and_reflections(client, world):
    path = on_path(world)
    services.reflection_add(path=path, text="Ryhmä oli innostunut.", by=world.member)
    client.force_login(world.member)
    text = client.get(reverse("paths:mine")).content.decode()
    assert "Vertaisohjaajan polku" in text and SHORT in text
    assert "Ryhmä oli innostunut." in text
    assert "Seuraavaksi" in text
    assert reverse("paths:reflection_new", args=[path.pk]) in text


def test_oma_polkuni_without_a_path_says_so(client, world):
    client.force_login(world.tutor)
    text = client.get(reverse("paths:mine")).content.decode()
    assert "Et ole vielä millään polulla." in text


def test_a_reflection_keeps_what_was_typed_on_an_error(client, world):
    path = on_path(world)
    client.force_login(world.member)
    response = client.post(reverse("paths:reflection_new", args=[path.pk]), {"text": "x" * 10001})
    assert response.status_code == 400
    assert "x" * 100 in response.content.decode()
    with scopes_disabled():
        assert not Reflection.objects.exists()


# --- The coach, stopping ----------------------------------------------------------------------


def test_the_coordinator_changes_the_coach_who_hears_of_it(client, world, mailoutbox, commit):
    path = on_path(world, coach=None)
    client.force_login(world.coordinator)
    page = client.get(reverse("paths:coach_assign", args=[path.pk])).content.decode()
    assert "Ville Valmentaja" in page
    with commit():
        response = client.post(
            reverse("paths:coach_assign", args=[path.pk]), {"coach": world.coach.pk}
        )
    assert response.status_code == 302
    assert fresh(path).coach == world.coach
    [mail] = [m for m in mailoutbox if m.to == [world.coach.email]]
    assert "Olli Opettaja" in mail.body
    assert reverse("paths:path", args=[path.pk]) in mail.body


def test_a_coach_of_another_school_is_not_offered_nor_taken(client, world):
    path = on_path(world, coach=None)
    b_coach = UserFactory(display_name="Bertta B-valmentaja")
    MembershipFactory(user=b_coach, organisation=world.school_b, coach=True)
    client.force_login(world.coordinator)
    assert (
        "Bertta" not in client.get(reverse("paths:coach_assign", args=[path.pk])).content.decode()
    )
    response = client.post(reverse("paths:coach_assign", args=[path.pk]), {"coach": b_coach.pk})
    assert response.status_code == 400
    assert fresh(path).coach is None
    with pytest.raises(ApplicationError):
        services.coach_assign(path=path, coach=b_coach, by=world.coordinator)


def test_a_coach_above_the_school_may_coach(world):
    path = on_path(world, coach=None)
    city_coach = UserFactory()
    MembershipFactory(user=city_coach, organisation=world.oulu, coach=True)
    services.coach_assign(path=path, coach=city_coach, by=world.coordinator)
    assert fresh(path).coach == city_coach


def test_stopping_needs_a_reason_and_keeps_it(client, world):
    path = on_path(world)
    client.force_login(world.coordinator)
    url = reverse("paths:stop", args=[path.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert fresh(path).status == "active"
    response = client.post(url, {"reason": "Siirtyi opiskelemaan"}, follow=True)
    assert "Polku on keskeytetty." in response.content.decode()
    assert "Siirtyi opiskelemaan" in response.content.decode()
    assert fresh(path).stopped_on is not None
    again = client.post(url, {"reason": "Toinen kerta"})
    assert again.status_code == 400
    assert "Polku ei ole enää käynnissä." in again.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_oma_polkuni_reads_the_steps_and_reflections_of_all_paths_at_once(
    client, world, count, django_assert_max_num_queries
):
    for n in range(count):
        path = on_path(world, template_of(world.oulu, f"Polku {n}"))
        services.reflection_add(path=path, text=f"Pohdinta {n}", by=world.member)
    client.force_login(world.member)
    client.get(reverse("paths:mine"))
    # The page's own reads are constant; the notes' section reads each path's notes: one
    # query a path (a person has a path or two).
    with django_assert_max_num_queries(7 + count):
        response = client.get(reverse("paths:mine"))
    assert response.content.decode().count("Pohdinta ") == count
