"""Part A: the invitations job sends the pre survey when the programme starts (to those
holding a place) and the post and feedback surveys when it ends (enrolled or completed, not
those who left), once; a survey sent by hand, closed, or of a draft programme is left alone."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from tests.evaluation.link_setup import fresh, link_all, linkable, survey_fresh
from tests.factories import OrganisationFactory
from tutori.core.scoping import scopes_disabled
from tutori.core.tasks import periodic_jobs
from tutori.evaluation.services.invite import OPEN_FOR, invitations_due
from tutori.programmes.models import Participant, Programme
from tutori.surveys.models import Question, Recipient, Survey

HOLDING = (Participant.Status.ENROLLED, Participant.Status.COMPLETED)


def _day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _run(capture, **kwargs):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return invitations_due(**kwargs)


def _recipients(survey: Survey) -> set[str]:
    with scopes_disabled():
        return set(Recipient.objects.filter(survey=survey).values_list("email", flat=True))


def test_the_job_is_declared():
    assert "evaluation.invitations" in {job.name for job in periodic_jobs()}


def test_nothing_goes_before_the_programme_starts(world, django_capture_on_commit_callbacks):
    setup = linkable(world, starts_on=_day(1), ends_on=_day(30))
    link_all(setup, world.coordinator)
    assert _run(django_capture_on_commit_callbacks) == {"pre": 0, "post": 0, "feedback": 0}
    assert not mail.outbox


def test_the_pre_survey_goes_to_the_cohort_when_the_programme_starts(
    world, django_capture_on_commit_callbacks
):
    setup = linkable(world, starts_on=_day(0), ends_on=_day(30))
    evaluation = link_all(setup, world.coordinator)
    # The coordinator's own audience choice is replaced by the programme's cohort.
    setup.pre.audience_organisations.set([world.school_b])
    assert _run(django_capture_on_commit_callbacks) == {"pre": 1, "post": 0, "feedback": 0}
    assert _recipients(setup.pre) == setup.emails(*HOLDING)
    assert {m.to[0] for m in mail.outbox} == setup.emails(*HOLDING)
    pre = survey_fresh(setup.pre)
    assert pre.status == Survey.Status.OPEN
    assert not pre.audience_organisations.exists()
    # Without a closing time of its own, the survey closes OPEN_FOR after the invitation.
    assert pre.closes_at is not None
    assert abs(pre.closes_at - (timezone.now() + OPEN_FOR)) < dt.timedelta(minutes=5)
    assert fresh(evaluation).pre_sent_at is not None
    # Once: a second run sends nothing.
    mail.outbox.clear()
    assert _run(django_capture_on_commit_callbacks) == {"pre": 0, "post": 0, "feedback": 0}
    assert not mail.outbox


def test_post_and_feedback_go_at_the_end_to_those_still_in(
    world, django_capture_on_commit_callbacks
):
    setup = linkable(world, starts_on=_day(-60), ends_on=_day(0))
    closes = timezone.now() + dt.timedelta(days=21)
    with scopes_disabled():
        Survey.objects.filter(pk=setup.feedback.pk).update(closes_at=closes)
    evaluation = link_all(setup, world.coordinator)
    with scopes_disabled():
        evaluation.__class__.objects.filter(pk=evaluation.pk).update(
            pre_sent_at=timezone.now() - dt.timedelta(days=60)
        )
    assert _run(django_capture_on_commit_callbacks) == {"pre": 0, "post": 1, "feedback": 1}
    wanted = setup.emails(*HOLDING)
    assert _recipients(setup.post) == _recipients(setup.feedback) == wanted
    assert setup.emails(Participant.Status.LEFT).isdisjoint(_recipients(setup.post))
    assert len(mail.outbox) == 2 * len(wanted)
    # A closing time of its own is kept.
    assert survey_fresh(setup.feedback).closes_at == closes
    got = fresh(evaluation)
    assert got.post_sent_at is not None and got.feedback_sent_at is not None


def test_a_survey_sent_by_hand_is_left_alone(world, django_capture_on_commit_callbacks):
    setup = linkable(world, starts_on=_day(-1), ends_on=_day(30))
    evaluation = link_all(setup, world.coordinator)
    sent_at = timezone.now() - dt.timedelta(days=2)
    with scopes_disabled():
        Survey.objects.filter(pk=setup.pre.pk).update(
            send_started_at=sent_at, send_finished_at=sent_at, status=Survey.Status.OPEN
        )
    assert _run(django_capture_on_commit_callbacks)["pre"] == 0
    assert not mail.outbox and not _recipients(setup.pre)
    assert fresh(evaluation).pre_sent_at is None


def test_closed_surveys_draft_programmes_and_long_past_days_are_left_alone(
    world, django_capture_on_commit_callbacks
):
    closed = linkable(world, starts_on=_day(-1))
    link_all(closed, world.coordinator)
    with scopes_disabled():
        Survey.objects.filter(pk=closed.pre.pk).update(status=Survey.Status.CLOSED)
    draft = linkable(world, starts_on=_day(-1), status=Programme.Status.DRAFT)
    link_all(draft, world.coordinator)
    old = linkable(world, starts_on=_day(-200), ends_on=_day(-100))
    link_all(old, world.coordinator)
    assert _run(django_capture_on_commit_callbacks) == {"pre": 0, "post": 0, "feedback": 0}
    assert not mail.outbox


def test_a_survey_without_questions_waits(world, django_capture_on_commit_callbacks):
    setup = linkable(world, starts_on=_day(0))
    evaluation = link_all(setup, world.coordinator)
    with scopes_disabled():
        Question.objects.filter(survey=setup.pre).delete()
    assert _run(django_capture_on_commit_callbacks)["pre"] == 0
    assert fresh(evaluation).pre_sent_at is None


def test_today_is_helsinkis_day(world, django_capture_on_commit_callbacks):
    """At 23.30 UTC on the day before, it is already the programme's first day in Helsinki."""
    start = dt.date(2027, 3, 1)
    setup = linkable(world, starts_on=start, ends_on=dt.date(2027, 4, 1))
    link_all(setup, world.coordinator)
    before = dt.datetime(2027, 2, 28, 21, 30, tzinfo=dt.UTC)  # 23.30 in Helsinki
    assert _run(django_capture_on_commit_callbacks, now=before)["pre"] == 0
    after = dt.datetime(2027, 2, 28, 22, 30, tzinfo=dt.UTC)  # 0.30 on 1 March
    assert _run(django_capture_on_commit_callbacks, now=after)["pre"] == 1


def test_other_organisations_programmes_are_sent_too(world, django_capture_on_commit_callbacks):
    """The job acts for every organisation (no user's scope)."""
    setup = linkable(world, starts_on=_day(0))
    link_all(setup, world.coordinator)
    OrganisationFactory(name="Muu")
    assert _run(django_capture_on_commit_callbacks)["pre"] == 1


def test_someone_enrolled_after_the_start_gets_the_pre_survey_once(
    world, django_capture_on_commit_callbacks
):
    from tests.factories import MembershipFactory, UserFactory
    from tests.programmes.factories import ParticipantFactory
    from tutori.evaluation.services.invite import invitations_send, late_pre_invitations

    setup = linkable(world, starts_on=_day(-3), ends_on=_day(30))
    link_all(setup, world.coordinator)
    assert _run(django_capture_on_commit_callbacks)["pre"] == 1
    first = _recipients(setup.pre)
    # Nobody new: nothing is sent again.
    with django_capture_on_commit_callbacks(execute=True):
        assert late_pre_invitations() == 0
    mail.outbox.clear()

    late = UserFactory(email="myohassa@example.fi")
    MembershipFactory(user=late, organisation=world.school_a)
    applicant = UserFactory(email="hakija@example.fi")
    for person, status in ((late, Participant.Status.ENROLLED), (applicant, "applied")):
        ParticipantFactory(
            programme=setup.programme, person=person, organisation=world.school_a, status=status
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_send.call()["late"] == 1
    assert _recipients(setup.pre) == first | {"myohassa@example.fi"}
    assert [m.to for m in mail.outbox] == [["myohassa@example.fi"]]
    # Once: the newcomer was reached.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert late_pre_invitations() == 0
    assert not mail.outbox


def test_no_late_pre_survey_once_it_closed_or_the_programme_ended(
    world, django_capture_on_commit_callbacks
):
    from tests.factories import MembershipFactory, UserFactory
    from tests.programmes.factories import ParticipantFactory
    from tutori.evaluation.services.invite import late_pre_invitations

    setup = linkable(world, starts_on=_day(-3), ends_on=_day(30))
    link_all(setup, world.coordinator)
    assert _run(django_capture_on_commit_callbacks)["pre"] == 1
    late = UserFactory(email="myohassa@example.fi")
    MembershipFactory(user=late, organisation=world.school_a)
    ParticipantFactory(programme=setup.programme, person=late, organisation=world.school_a)
    mail.outbox.clear()
    with scopes_disabled():
        Survey.objects.filter(pk=setup.pre.pk).update(status=Survey.Status.CLOSED)
    assert late_pre_invitations() == 0
    with scopes_disabled():
        Survey.objects.filter(pk=setup.pre.pk).update(status=Survey.Status.OPEN)
        Programme.objects.filter(pk=setup.programme.pk).update(ends_on=_day(-1))
    assert late_pre_invitations() == 0
    assert not mail.outbox
