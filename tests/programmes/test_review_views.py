"""The pages of the review part's fixes: the programme's cancel form with a reason, the
coordinator's and trainers' goals page, a refused application's status, the "back to a
draft" button and a session's renamed theme."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.programmes.factories import ParticipantFactory, ProgrammeFactory, SessionFactory
from tutori.core.scoping import scopes_disabled
from tutori.programmes.models import Participant, Programme, Session

pytestmark = pytest.mark.django_db


def test_the_cancel_page_asks_for_a_reason_and_mails_it(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    p = ProgrammeFactory(
        organisation=world.oulu,
        published=True,
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
    )
    SessionFactory(programme=p, date=today + dt.timedelta(days=3))
    ParticipantFactory(programme=p, person=world.member, organisation=world.school_a)
    client.force_login(world.coordinator)
    url = reverse("programmes:programme_cancel", args=[p.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    too_long = client.post(url, {"reason": "x" * 301})
    assert too_long.status_code == 400 and "x" * 301 in too_long.content.decode()
    with scopes_disabled():
        assert Programme.objects.get(pk=p.pk).status == Programme.Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Kouluttaja jäi pois"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Programme.objects.get(pk=p.pk).status == Programme.Status.CANCELLED
    (mail,) = mailoutbox
    assert mail.to == [world.member.email] and "Kouluttaja jäi pois" in mail.body


def test_the_coordinator_records_a_participants_goals_which_the_participant_sees_and_edits(
    client, world, django_assert_max_num_queries
):
    from auditlog.models import LogEntry

    from tests.programmes.participation_setup import course

    c = course(world)
    client.force_login(world.coordinator)
    detail = client.get(reverse("programmes:detail", args=[c.programme.pk])).content.decode()
    url = reverse("programmes:participant_goals", args=[c.member.pk])
    assert url in detail
    participant_page = client.get(reverse("programmes:participant", args=[c.member.pk]))
    assert url in participant_page.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    too_long = client.post(url, {"goals": "y" * 10001})
    assert too_long.status_code == 400 and "y" * 10001 in too_long.content.decode()
    response = client.post(url, {"goals": "Oppia ohjaamaan asiakasta."})
    assert response.status_code == 302
    with scopes_disabled():
        member = Participant.objects.get(pk=c.member.pk)
    assert member.goals == "Oppia ohjaamaan asiakasta."
    entry = LogEntry.objects.get_for_object(member).latest("pk")
    assert entry.actor == world.coordinator and "goals" in entry.changes_dict
    # The participant sees it on their own page and may still change it.
    client.force_login(world.member)
    me = reverse("programmes:me", args=[c.programme.pk])
    assert "Oppia ohjaamaan asiakasta." in client.get(me).content.decode()
    data = {"action": "goals", "goals": "Oma muotoilu.", "case_description": "Asiakas A"}
    assert client.post(me, data).status_code == 302
    with scopes_disabled():
        assert Participant.objects.get(pk=c.member.pk).goals == "Oma muotoilu."


def test_a_refused_application_answers_400_and_keeps_what_was_typed(client, world):
    from tests.programmes.applications_setup import applicant, open_programme

    programme = open_programme(world)
    url = reverse("programmes:apply", args=[programme.pk])
    client.force_login(world.member)
    # Already applied (in another tab): the service refuses.
    applicant(programme, world.member, world.school_a)
    response = client.post(url, {"motivation": "Toinen yritys.", "answer_0": "Opettaja"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Toinen yritys." in page and "Opettaja" in page
    # The window closed between showing the form and sending it.
    Participant._default_manager.all().delete()
    Programme._default_manager.filter(pk=programme.pk).update(
        applications_close_on=timezone.localdate() - dt.timedelta(days=1)
    )
    response = client.post(url, {"motivation": "Myöhässä.", "answer_0": "Opettaja"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Myöhässä." in page and "Haku" in page
    assert not Participant._default_manager.exists()


def test_back_to_a_draft_is_offered_only_while_the_service_would_do_it(client, world):
    from tutori.programmes.selectors.programmes import may_return_to_draft
    from tutori.programmes.services import programmes as services
    from tutori.programmes.services.programmes import PlanError

    p = ProgrammeFactory(organisation=world.oulu, published=True)
    SessionFactory(programme=p)
    client.force_login(world.coordinator)
    detail = reverse("programmes:detail", args=[p.pk])
    unpublish = reverse("programmes:unpublish", args=[p.pk])
    assert may_return_to_draft(p)
    assert unpublish in client.get(detail).content.decode()
    ParticipantFactory(
        programme=p, person=world.member, organisation=world.school_a, status="declined"
    )
    assert not may_return_to_draft(p)
    assert unpublish not in client.get(detail).content.decode()
    with pytest.raises(PlanError):
        services.programme_unpublish(by=world.coordinator, programme=p)
    # A draft is not offered it either (the service says the state is already a draft).
    draft = ProgrammeFactory(organisation=world.oulu)
    assert not may_return_to_draft(draft)
    page = client.get(reverse("programmes:detail", args=[draft.pk])).content.decode()
    assert reverse("programmes:unpublish", args=[draft.pk]) not in page
    with pytest.raises(PlanError):
        services.programme_unpublish(by=world.coordinator, programme=draft)


def test_editing_a_session_keeps_a_theme_the_programme_has_renamed_since(client, world):
    p = ProgrammeFactory(organisation=world.oulu, themes=["Asiakkaan ohjaus"])
    s = SessionFactory(programme=p, theme="Asiakkaan ohjaus", date=dt.date(2027, 2, 1))
    Programme._default_manager.filter(pk=p.pk).update(themes=["Ohjaus ja tuki"])
    client.force_login(world.coordinator)
    url = reverse("programmes:session_edit", args=[s.pk])
    page = client.get(url).content.decode()
    assert "Asiakkaan ohjaus (ei enää koulutuksen teemoissa)" in page
    assert '<option value="Asiakkaan ohjaus" selected>' in page
    data = {
        "kind": "meeting",
        "title": "Uusi otsikko",
        "date": "2027-02-01",
        "starts_at": "12:00",
        "ends_at": "16:00",
        "theme": "Asiakkaan ohjaus",
    }
    assert client.post(url, data).status_code == 302
    with scopes_disabled():
        saved = Session.objects.get(pk=s.pk)
    assert saved.theme == "Asiakkaan ohjaus" and saved.title == "Uusi otsikko"
    # Another theme the programme never had is still refused; a new session has no old one.
    assert client.post(url, {**data, "theme": "Keksitty"}).status_code == 400
    new = client.get(reverse("programmes:session_new", args=[p.pk])).content.decode()
    assert "Asiakkaan ohjaus" not in new


def test_a_copy_warns_of_sessions_shifted_onto_a_weekend_or_a_public_holiday(client, world):
    p = ProgrammeFactory(organisation=world.oulu, starts_on=dt.date(2027, 1, 11))
    for day in (11, 12, 13, 16):  # Mon, Tue, Wed and a Saturday meeting
        SessionFactory(programme=p, date=dt.date(2027, 1, day))
    client.force_login(world.coordinator)
    url = reverse("programmes:copy", args=[p.pk])
    # Starting on Saturday 4.12.2027: Mon → Sat, Tue → Sun, Wed → Mon 6.12 (Independence
    # Day); the Saturday meeting lands on a Thursday.
    response = client.post(url, {"name": "WIRE 5", "starts_on": "2027-12-04"}, follow=True)
    page = response.content.decode()
    assert "Siirretyistä tapaamisista osuu viikonloppuun tai arkipyhään" in page
    assert "la 4.12.2027, su 5.12.2027, ma 6.12.2027 (Itsenäisyyspäivä)" in page
    assert "9.12.2027" not in page.split("arkipyhään")[1].split("Tarkista")[0]
    # A copy a whole number of weeks later, onto no holiday, warns of nothing (the Saturday
    # meeting was on a Saturday before too).
    response = client.post(url, {"name": "WIRE 6", "starts_on": "2028-01-10"}, follow=True)
    assert "arkipyhään" not in response.content.decode()
