"""Putting people on a path (part B): one by one from a person search, or a whole group
another app offers (a programme's participants, the people who gave an answer in a survey),
in one action with a summary; the person and the coach hear of it by mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory
from tests.paths.factories import PathTemplateFactory, PathVersionFactory
from tests.paths.people_setup import WILLING, on_path, paths_of, template_of
from tests.programmes.factories import ParticipantFactory, ProgrammeFactory
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.scoping import scopes_disabled
from tutori.paths.models import PersonPath, PersonStep
from tutori.paths.services import people as services
from tutori.programmes.models import Participant, Programme


@pytest.fixture
def commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """``with commit():`` runs the block's on-commit work (the queued mail) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def put_on_url(template):
    return reverse("paths:put_on", args=[template.pk])


def test_the_coordinator_finds_a_person_and_puts_them_on_with_a_coach(
    client, world, mailoutbox, commit
):
    template = template_of(world.oulu)
    client.force_login(world.coordinator)
    found = client.get(put_on_url(template), {"q": "Olli"})
    assert found.status_code == 200
    assert "Olli Opettaja" in found.content.decode()
    with commit():
        response = client.post(
            put_on_url(template) + "?q=Olli",
            {"person": world.member.pk, "coach": world.coach.pk},
            follow=True,
        )
    assert "Polulle liitettiin 1 henkilö: Olli Opettaja." in response.content.decode()
    [path] = paths_of(world.member)
    assert path.organisation == world.school_a
    assert path.coach == world.coach
    assert path.created_by == world.coordinator
    assert path.started_on == timezone.localdate()
    with scopes_disabled():
        willing = PersonStep.objects.get(path=path, step__title=WILLING)
    assert willing.due_from == willing.due_to == timezone.localdate()
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert "Sinut on liitetty polulle: Vertaisohjaajan polku" in subjects[world.member.email]
    assert "Uusia valmennettavia polulla" in subjects[world.coach.email]
    assert reverse("paths:mine") in next(m for m in mailoutbox if m.to == [world.member.email]).body


def test_a_person_already_on_the_path_is_told_not_put_on_again(client, world):
    template = template_of(world.oulu)
    on_path(world, template)
    client.force_login(world.coordinator)
    found = client.get(put_on_url(template), {"q": "Olli"}).content.decode()
    assert "jo tällä polulla" in found
    response = client.post(put_on_url(template), {"person": world.member.pk}, follow=True)
    assert "1 henkilö oli jo tällä polulla: Olli Opettaja." in response.content.decode()
    assert len(paths_of(world.member)) == 1


def test_a_stopped_path_does_not_keep_one_from_a_new_one(world):
    template = template_of(world.oulu)
    first = on_path(world, template)
    services.path_stop(path=first, reason="Muutti pois", by=world.coordinator)
    result = services.put_on(template=template, person_ids=[world.member.pk], by=world.coordinator)
    assert result.put_on == [world.member]
    assert [p.status for p in paths_of(world.member)] == ["stopped", "active"]


def test_stopping_a_path_tells_the_person_and_the_coach_without_the_reason(
    world, mailoutbox, commit
):
    path = on_path(world)
    mailoutbox.clear()
    with commit():
        services.path_stop(path=path, reason="Muutti toiselle paikkakunnalle", by=world.coordinator)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.member.email, world.coach.email])
    for mail in mailoutbox:
        assert mail.subject.startswith("Polku keskeytetty")
        assert "toiselle paikkakunnalle" not in mail.body


def test_a_programmes_participants_are_put_on_in_one_action_with_a_summary(
    client, world, mailoutbox, commit
):
    template = template_of(world.oulu)
    programme = ProgrammeFactory(organisation=world.oulu, status=Programme.Status.FINISHED)
    trained = [UserFactory(display_name=f"Vertainen {n}") for n in range(3)]
    for person in trained:
        MembershipFactory(user=person, organisation=world.school_a)
        ParticipantFactory(programme=programme, person=person, status=Participant.Status.COMPLETED)
    stranger = UserFactory(display_name="Kemin Kalle")
    MembershipFactory(user=stranger, organisation=world.school_k)
    ParticipantFactory(programme=programme, person=stranger)
    on_path(world, template, person=trained[0])
    client.force_login(world.coordinator)
    page = client.get(put_on_url(template)).content.decode()
    assert f'value="programmes:{programme.pk}"' in page
    with commit():
        response = client.post(
            put_on_url(template),
            {"cohort": f"programmes:{programme.pk}", "coach": world.coach.pk},
            follow=True,
        )
    text = response.content.decode()
    assert "Polulle liitettiin 2 henkilöä: Vertainen 1, Vertainen 2." in text
    assert "1 henkilö oli jo tällä polulla: Vertainen 0." in text
    assert "Kemin Kalle" in text and "ei ole polun organisaation jäsen" in text
    assert [(p.organisation, p.coach) for p in paths_of(trained[1])] == [
        (world.school_a, world.coach)
    ]
    assert paths_of(stranger) == []
    to_coach = [m for m in mailoutbox if m.to == [world.coach.email]]
    assert len(to_coach) == 1
    assert "Vertainen 1" in to_coach[0].body and "Vertainen 2" in to_coach[0].body


def test_a_group_not_offered_to_the_coordinator_is_a_form_error(client, world):
    template = template_of(world.oulu)
    programme = ProgrammeFactory(organisation=world.kemi, status=Programme.Status.PUBLISHED)
    ParticipantFactory(programme=programme, person=world.member)
    client.force_login(world.coordinator)
    response = client.post(put_on_url(template), {"cohort": f"programmes:{programme.pk}"})
    assert response.status_code == 400
    assert paths_of(world.member) == []


def test_a_coach_of_another_place_is_refused(world):
    template = template_of(world.oulu)
    kemi_coach = UserFactory()
    MembershipFactory(user=kemi_coach, organisation=world.school_k, coach=True)
    with pytest.raises(ApplicationError, match="ei ole valmentaja"):
        services.put_on(
            template=template,
            person_ids=[world.member.pk],
            by=world.coordinator,
            coach=kemi_coach,
        )
    assert paths_of(world.member) == []


def test_an_archived_template_or_one_without_steps_takes_nobody(world):
    template = template_of(world.oulu)
    type(template).internal_objects.filter(pk=template.pk).update(archived_at=timezone.now())
    template.refresh_from_db()
    with pytest.raises(ApplicationError, match="Arkistoidulle"):
        services.put_on(template=template, person_ids=[world.member.pk], by=world.coordinator)
    empty = PathVersionFactory(template=PathTemplateFactory(organisation=world.oulu)).template
    with pytest.raises(ApplicationError, match="ei ole vielä vaiheita"):
        services.put_on(template=empty, person_ids=[world.member.pk], by=world.coordinator)


def test_only_a_coordinator_of_the_templates_organisation_puts_people_on(world):
    template = template_of(world.oulu)
    for user in (world.outsider, world.manager, world.coach):
        with pytest.raises(PermissionDeniedError):
            services.put_on(template=template, person_ids=[world.member.pk], by=user)
    assert paths_of(world.member) == []


def test_the_search_finds_only_people_of_the_templates_organisation(client, world):
    template = template_of(world.oulu)
    kemi_teacher = UserFactory(display_name="Olli Kemiläinen")
    MembershipFactory(user=kemi_teacher, organisation=world.school_k)
    client.force_login(world.coordinator)
    page = client.get(put_on_url(template), {"q": "Olli"}).content.decode()
    assert "Olli Opettaja" in page and "Olli Kemiläinen" not in page
    response = client.post(put_on_url(template), {"person": kemi_teacher.pk})
    assert response.status_code == 404
    assert paths_of(kemi_teacher) == []


def test_the_page_asks_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    template = template_of(world.oulu)
    for n in range(5):
        person = UserFactory(display_name=f"Olli {n}")
        MembershipFactory(user=person, organisation=world.school_a)
    on_path(world, template)
    client.force_login(world.coordinator)
    client.get(put_on_url(template), {"q": "Olli"})
    with django_assert_max_num_queries(14):
        response = client.get(put_on_url(template), {"q": "Olli"})
    assert response.status_code == 200


def test_the_started_on_date_is_today_in_helsinki(world, settings):
    template = template_of(world.oulu)
    result = services.put_on(template=template, person_ids=[world.member.pk], by=world.coordinator)
    [person] = result.put_on
    assert paths_of(person)[0].started_on == timezone.localdate()
    assert isinstance(paths_of(person)[0].started_on, dt.date)
    assert paths_of(person)[0].status == PersonPath.Status.ACTIVE


def test_people_outside_the_coachs_organisation_are_put_on_without_the_coach(
    world, mailoutbox, commit
):
    template = template_of(world.oulu)
    b_teacher = UserFactory(display_name="Bertta Opettaja")
    MembershipFactory(user=b_teacher, organisation=world.school_b)
    with commit():
        result = services.put_on(
            template=template,
            person_ids=[b_teacher.pk, world.member.pk],
            by=world.coordinator,
            coach=world.coach,
        )
    assert result.put_on == [b_teacher, world.member]
    assert result.without_coach == [b_teacher]
    assert paths_of(b_teacher)[0].coach is None
    assert paths_of(world.member)[0].coach == world.coach
    [to_coach] = [m for m in mailoutbox if m.to == [world.coach.email]]
    assert "Olli Opettaja" in to_coach.body and "Bertta" not in to_coach.body


def test_an_archived_templates_page_says_it_takes_nobody(client, world):
    template = template_of(world.oulu)
    type(template).internal_objects.filter(pk=template.pk).update(archived_at=timezone.now())
    client.force_login(world.coordinator)
    text = client.get(put_on_url(template), {"q": "Olli"}).content.decode()
    assert "Polku on arkistoitu" in text and "Liitä polulle" not in text
