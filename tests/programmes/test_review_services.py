"""Gaps a review of the programmes found (the review part): cancelling a whole programme
tells its people, a coordinator or trainer records a participant's goals, the "back to a
draft" choice is offered only when it works, a session keeps a renamed theme."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from tests.factories import UserFactory
from tests.programmes.factories import ParticipantFactory, ProgrammeFactory, SessionFactory
from tutori.core.scoping import scopes_disabled
from tutori.programmes.models import Participant, Session
from tutori.programmes.services import programmes as services

pytestmark = pytest.mark.django_db
S = Participant.Status


def _coming_programme(world):
    today = timezone.localdate()
    p = ProgrammeFactory(
        organisation=world.oulu,
        published=True,
        starts_on=today - dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=60),
        name="WIRE 4",
    )
    p.trainers.set([world.tutor])
    return p


def test_cancelling_a_programme_mails_each_of_its_people_once_in_their_language(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    p = _coming_programme(world)
    past = SessionFactory(programme=p, date=today - dt.timedelta(days=7))
    coming = SessionFactory(programme=p, date=today + dt.timedelta(days=7), title="Aloitus")
    later = SessionFactory(programme=p, date=today + dt.timedelta(days=14))
    cancelled_before = SessionFactory(
        programme=p, date=today + dt.timedelta(days=21), cancelled_at=timezone.now()
    )
    guest = UserFactory(display_name="Vieras Kouluttaja", email="vieras@example.fi")
    later.trainers.set([guest, world.tutor])
    world.member.preferred_language = "sv"
    world.member.save(update_fields=["preferred_language"])
    world.manager.preferred_language = "en"
    # Switching the kind off does not stop it: a cancelled programme is always told.
    world.manager.notifications_off = [services.PROGRAMME_CANCELLED]
    world.manager.save(update_fields=["preferred_language", "notifications_off"])
    told = {
        world.member: S.ENROLLED,
        world.coach: S.WAITLISTED,
        world.manager: S.APPLIED,
    }
    for person, status in told.items():
        ParticipantFactory(programme=p, person=person, organisation=world.school_a, status=status)
    gone = [UserFactory() for _ in range(3)]
    for person, status in zip(gone, [S.LEFT, S.DECLINED, S.WITHDRAWN], strict=True):
        ParticipantFactory(programme=p, person=person, organisation=world.school_a, status=status)

    with django_capture_on_commit_callbacks(execute=True):
        services.programme_cancel(by=world.coordinator, programme=p, reason="Liian vähän hakijoita")

    by_address = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == len(by_address) == 5
    assert set(by_address) == {
        world.member.email,
        world.coach.email,
        world.manager.email,
        world.tutor.email,
        guest.email,
    }
    assert by_address[world.coach.email].subject == "Koulutus peruttu: WIRE 4"
    assert by_address[world.member.email].subject == "Utbildningen inställd: WIRE 4"
    assert by_address[world.manager.email].subject == "Programme cancelled: WIRE 4"
    for person, language in ((world.member, "sv"), (world.manager, "en")):
        with translation.override(language):
            organiser = translation.gettext("Järjestäjä")
        assert organiser != "Järjestäjä"
        assert f"{organiser}: Oulu" in by_address[person.email].body
    body = by_address[world.coach.email].body
    assert "Liian vähän hakijoita" in body and "Aloitus" in body
    # One cancelling calendar entry per coming session (not the past one, not the one
    # cancelled before).
    attachments = by_address[world.coach.email].attachments
    assert len(attachments) == 2
    uids = [f"programme-session-{s.pk}" for s in (coming, later)]
    for (_name, text, mime), uid in zip(attachments, uids, strict=True):
        assert mime == "text/calendar"
        assert "METHOD:CANCEL" in text and "STATUS:CANCELLED" in text and uid in text
    assert all(
        f"programme-session-{s.pk}" not in str(attachments) for s in (past, cancelled_before)
    )
    with scopes_disabled():
        assert Session.objects.get(pk=coming.pk).cancel_reason == "Liian vähän hakijoita"


def test_a_cancelled_programme_without_people_mails_only_its_trainers_and_steering_group(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    p = _coming_programme(world)
    p.steering_group.set([world.manager, world.tutor])  # the trainer is told once
    with django_capture_on_commit_callbacks(execute=True):
        services.programme_cancel(by=world.coordinator, programme=p)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.tutor.email, world.manager.email])
    assert mailoutbox[0].attachments == []


def test_a_cancelled_draft_tells_nobody(world, mailoutbox, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    p = ProgrammeFactory(organisation=world.oulu, starts_on=today, ends_on=today)
    p.trainers.set([world.tutor])
    p.steering_group.set([world.manager])
    SessionFactory(programme=p, date=today + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        services.programme_cancel(by=world.coordinator, programme=p)
    assert mailoutbox == []
    with scopes_disabled():
        assert not Session.objects.filter(programme=p, cancelled_at__isnull=True).exists()


def test_a_cancelled_coming_session_sends_a_cancelling_calendar_entry(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    p = _coming_programme(world)
    s = SessionFactory(programme=p, date=timezone.localdate() + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(by=world.coordinator, session=s)
    (mail,) = mailoutbox
    (_name, text, _mime) = mail.attachments[0]
    assert "METHOD:CANCEL" in text and f"programme-session-{s.pk}" in text
