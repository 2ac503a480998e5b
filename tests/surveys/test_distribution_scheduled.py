"""Sending a survey on the platform's behalf (``survey_send_scheduled``, used by evaluation's
invitations): the audience becomes the cohorts' people alone, a closing time is given when
the survey has none, and a survey already sent, closed or without questions is left alone."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from tests.programmes.factories import ParticipantFactory, ProgrammeFactory
from tests.surveys.sending import ready_survey
from tests.writes import nothing_changes
from tutori.core.scoping import scopes_disabled
from tutori.surveys.models import Question, Recipient, Survey
from tutori.surveys.services.distribution import survey_send_scheduled

OPEN_FOR = timedelta(days=14)


def _fresh(survey: Survey) -> Survey:
    return Survey._default_manager.get(pk=survey.pk)


def _cohort(world):  # type: ignore[no-untyped-def]
    programme = ProgrammeFactory(organisation=world.oulu, published=True)
    ParticipantFactory(programme=programme, person=world.member, organisation=world.school_a)
    return f"programmes:{programme.pk}"


def test_the_cohort_alone_gets_the_survey(world, django_capture_on_commit_callbacks):
    survey = ready_survey(world, closes_at=None)  # audience: Koulu A's four people
    cohort = _cohort(world)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert survey_send_scheduled(
            survey_id=survey.pk, cohorts=[cohort], open_for=OPEN_FOR, now=now
        )
    with scopes_disabled():
        assert set(Recipient.objects.filter(survey=survey).values_list("email", flat=True)) == {
            world.member.email
        }
    assert [m.to for m in mail.outbox] == [[world.member.email]]
    got = _fresh(survey)
    assert got.closes_at == now + OPEN_FOR and got.status == Survey.Status.OPEN
    assert not got.audience_organisations.exists()


def test_a_closing_time_of_its_own_is_kept(world, django_capture_on_commit_callbacks):
    closes = timezone.now() + timedelta(days=30)
    survey = ready_survey(world, closes_at=closes)
    with django_capture_on_commit_callbacks(execute=True):
        assert survey_send_scheduled(
            survey_id=survey.pk, cohorts=[_cohort(world)], open_for=OPEN_FOR
        )
    assert _fresh(survey).closes_at == closes


def test_sent_closed_or_empty_surveys_are_left_alone(world):
    cohort = _cohort(world)
    sent = ready_survey(world, send_started_at=timezone.now())
    closed = ready_survey(world, status=Survey.Status.CLOSED)
    empty = ready_survey(world)
    with scopes_disabled():
        Question.objects.filter(survey=empty).delete()
    for survey in (sent, closed, empty):
        with nothing_changes():
            assert not survey_send_scheduled(
                survey_id=survey.pk, cohorts=[cohort], open_for=OPEN_FOR
            )
    with nothing_changes():
        assert not survey_send_scheduled(survey_id=2**40, cohorts=[cohort], open_for=OPEN_FOR)
