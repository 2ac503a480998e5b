"""Sending a survey: its audience, personal links, sending once, reminders once, closing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, models
from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory
from tests.racing import race
from tests.surveys.factories import RecipientFactory
from tests.surveys.sending import links, ready_survey, recipients, send_now
from tutori.core.errors import ApplicationError, PermissionDeniedError
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Role
from tutori.surveys.models import Answer, Recipient, Response, Survey, token_hash
from tutori.surveys.services import distribution as services
from tutori.surveys.services.distribution import (
    BATCH,
    audience_list_parse,
    reminders_run,
    survey_audience_set,
    survey_close,
    survey_send,
    survey_send_run,
    surveys_due,
)

KOULU_A = {"rehtori@example.fi", "tutor@example.fi", "valmentaja@example.fi", "opettaja@example.fi"}


def _survey(pk: int) -> Survey:
    return Survey._default_manager.get(pk=pk)


def test_sending_gives_each_member_of_the_audience_one_personal_link(
    world, django_capture_on_commit_callbacks
):
    survey = ready_survey(world)
    assert send_now(survey, world.coordinator, django_capture_on_commit_callbacks)

    rows = recipients(survey)
    assert {r.email for r in rows} == KOULU_A
    sent = links()
    assert set(sent) == KOULU_A
    for r in rows:
        # Only the hash is stored; the token travels in the mail alone.
        assert r.token_hash == token_hash(sent[r.email])
        assert sent[r.email] not in {
            str(v) for v in Recipient._default_manager.filter(pk=r.pk).values().first().values()
        }
        assert len(sent[r.email]) >= 43
        assert r.sent_at is not None and r.send_count == 1 and r.organisation == world.school_a
    survey = _survey(survey.pk)
    assert survey.status == Survey.Status.OPEN
    assert survey.send_total == 4 and survey.send_finished_at is not None
    body = mail.outbox[0].body
    assert "Vastaa viimeistään" in body and "henkilökohtaisella linkilläsi" in body


def test_a_second_press_sends_nobody_a_second_mail_and_later_people_get_theirs(
    world, django_capture_on_commit_callbacks
):
    survey = ready_survey(world)
    send_now(survey, world.coordinator, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    send_now(_survey(survey.pk), world.coordinator, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert len(recipients(survey)) == 4

    newcomer = UserFactory(email="uusi@example.fi")
    MembershipFactory(user=newcomer, organisation=world.school_a)
    send_now(_survey(survey.pk), world.coordinator, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["uusi@example.fi"]]
    assert _survey(survey.pk).send_total == 5


def test_a_press_while_the_sending_runs_is_refused_by_the_claim(world):
    survey = ready_survey(world)
    Survey._default_manager.filter(pk=survey.pk).update(send_started_at=timezone.now())
    assert survey_send(by=world.coordinator, survey=_survey(survey.pk)) is False


def test_a_job_run_twice_inserts_and_mails_each_recipient_once(
    world, django_capture_on_commit_callbacks
):
    survey = ready_survey(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert survey_send_run(survey_id=survey.pk) == 4
        assert survey_send_run(survey_id=survey.pk) == 0
    assert len(mail.outbox) == 4


def test_the_database_refuses_a_second_recipient_with_the_same_address(world):
    from django.db import IntegrityError, transaction

    survey = ready_survey(world)
    RecipientFactory(survey=survey, email="sama@example.fi")
    with pytest.raises(IntegrityError), transaction.atomic():
        RecipientFactory(survey=survey, email="sama@example.fi")


@pytest.mark.parametrize(
    ("closes_in", "message"),
    [(None, "sulkeutumisaika"), (timedelta(hours=-1), "sulkeutumisaika")],
)
def test_sending_needs_a_closing_time_in_the_future(world, closes_in, message):
    survey = ready_survey(world)
    survey.closes_at = None if closes_in is None else timezone.now() + closes_in
    if survey.closes_at is not None:
        survey.opens_at = survey.closes_at - timedelta(days=1)
    survey.save()
    with pytest.raises(ApplicationError, match=message):
        survey_send(by=world.coordinator, survey=survey)
    assert recipients(survey) == []


def test_only_the_surveys_coordinator_sends(world):
    survey = ready_survey(world)
    for person in (world.manager, world.member, world.outsider):
        with pytest.raises(PermissionDeniedError):
            survey_send(by=person, survey=survey)


def test_roles_narrow_the_audience_and_descendants_widen_it(
    world, django_capture_on_commit_callbacks
):
    survey = ready_survey(world)
    survey_audience_set(
        by=world.coordinator,
        survey=survey,
        organisations=[world.oulu],
        include_descendants=True,
        roles=[Role.TUTOR, Role.COORDINATOR],
    )
    send_now(survey, world.coordinator, django_capture_on_commit_callbacks)
    assert {r.email for r in recipients(survey)} == {
        "tutor@example.fi",
        "koordinaattori@example.fi",
    }


def test_the_audience_is_only_organisations_the_coordinator_reaches(world):
    survey = ready_survey(world)
    with pytest.raises(PermissionDeniedError):
        survey_audience_set(
            by=world.coordinator,
            survey=survey,
            organisations=[world.school_k],
            include_descendants=True,
            roles=[],
        )


def test_an_uploaded_list_reports_every_bad_line_and_merges_repeats():
    data = (
        b"email,name,language\n"
        b"a@example.fi,Anna,fi\n"
        b"ei-osoite,Bertta,sv\n"
        b"\n"
        b"A@example.fi,,\n"
        b"c@example.fi,Cecilia,de\n"
        b",Ei osoitetta,\n"
    )
    check = audience_list_parse(filename="lista.csv", data=data)
    assert not check.ok and check.rows == []
    assert [(p.line, p.message) for p in check.problems] == [
        (3, "sähköpostiosoite ”ei-osoite” ei ole kelvollinen"),
        (6, "tuntematon kieli ”de” (sallitut: fi, sv, en)"),
        (7, "sähköposti puuttuu"),
    ]
    good = audience_list_parse(
        filename="lista.csv",
        data="sähköposti;nimi;kieli\na@example.fi;Anna;sv\nA@EXAMPLE.fi;Toinen;\n".encode(),
    )
    assert good.ok and good.merged == 1
    assert good.rows == [{"email": "a@example.fi", "name": "Anna", "language": "sv"}]


def test_an_uploaded_list_needs_an_email_column():
    check = audience_list_parse(filename="lista.csv", data=b"nimi\nAnna\n")
    assert [p.line for p in check.problems] == [1]
    assert "sähköpostisarake" in check.problems[0].message


def test_people_of_the_list_get_the_survey_in_their_language(
    world, django_capture_on_commit_callbacks
):
    survey = ready_survey(world, translations={"sv": {"title": "Enkät om kursen"}})
    survey.audience_organisations.clear()
    check = audience_list_parse(
        filename="l.csv", data=b"email,name,language\nsv@example.fi,Sven,sv\nfi@example.fi,Fia,\n"
    )
    survey_audience_set(
        by=world.coordinator,
        survey=survey,
        organisations=[],
        include_descendants=True,
        roles=[],
        list_rows=check.rows,
    )
    send_now(survey, world.coordinator, django_capture_on_commit_callbacks)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["sv@example.fi"].subject == "Enkät: Enkät om kursen"
    assert "Hej Sven!" in by_address["sv@example.fi"].body
    assert by_address["fi@example.fi"].subject == f"Kysely: {survey.title}"


def test_five_thousand_recipients_are_created_and_queued_in_bounded_queries(
    world, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    survey = ready_survey(world)
    survey.audience_organisations.clear()
    survey.audience_list = [
        {"email": f"h{n}@example.fi", "name": f"Henkilö {n}", "language": ""} for n in range(5000)
    ]
    survey.save()
    batches = -(-5000 // BATCH)
    # SQLite splits an INSERT into statements of at most 999 values (PostgreSQL: one a batch).
    fields = [f for f in Recipient._meta.concrete_fields if not f.primary_key]
    per_insert = min(BATCH, connection.ops.bulk_batch_size(fields, [Recipient()] * BATCH))
    inserts = batches * -(-BATCH // per_insert)
    with (
        django_capture_on_commit_callbacks(execute=False) as queued,
        django_assert_max_num_queries(10 + 4 * batches + inserts),
    ):
        assert survey_send_run(survey_id=survey.pk) == 5000
    # One queued mail job per batch, the mails themselves rendered by those jobs.
    assert len(queued) == batches
    assert Recipient._default_manager.filter(survey=survey).count() == 5000
    assert (
        len(
            set(
                Recipient._default_manager.filter(survey=survey).values_list(
                    "token_hash", flat=True
                )
            )
        )
        == 5000
    )


def test_sending_to_five_thousand_answers_at_once_with_one_queued_job(
    world, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    survey = ready_survey(world)
    survey.audience_list = [
        {"email": f"h{n}@example.fi", "name": "", "language": ""} for n in range(5000)
    ]
    survey.save()
    with (
        django_capture_on_commit_callbacks(execute=False) as queued,
        django_assert_max_num_queries(8),
    ):
        assert survey_send(by=world.coordinator, survey=survey)
    assert len(queued) == 1  # the job; nothing else happened in the request
    assert recipients(survey) == []


# --- Reminders ------------------------------------------------------------------------------


def _sent_days_ago(world, capture, days: int, **fields) -> Survey:  # type: ignore[no-untyped-def]
    survey = ready_survey(world, **fields)
    send_now(survey, world.coordinator, capture)
    Recipient._default_manager.filter(survey=survey).update(
        sent_at=timezone.now() - timedelta(days=days)
    )
    mail.outbox.clear()
    return _survey(survey.pk)


def test_the_button_reminds_those_who_have_not_answered_once_a_day(
    world, django_capture_on_commit_callbacks
):
    survey = _sent_days_ago(world, django_capture_on_commit_callbacks, 2)
    first_links = {r.email: r.token_hash for r in recipients(survey)}
    Recipient._default_manager.filter(survey=survey, email="opettaja@example.fi").update(
        answered=True
    )
    Recipient._default_manager.filter(survey=survey, email="tutor@example.fi").update(started=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_remind(by=world.coordinator, survey=survey)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(KOULU_A - {"opettaja@example.fi"})
    assert all(m.subject.startswith("Muistutus:") for m in mail.outbox)
    new_links = links()
    # A new link for those who had not started; the one with a draft keeps the first link.
    assert "tutor@example.fi" not in new_links
    for r in recipients(survey):
        if r.email in new_links:
            assert r.token_hash == token_hash(new_links[r.email]) != first_links[r.email]
        else:
            assert r.token_hash == first_links[r.email]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_remind(by=world.coordinator, survey=survey)
    assert mail.outbox == []  # not twice within a day


def test_nobody_invited_within_the_day_is_reminded(world, django_capture_on_commit_callbacks):
    survey = _sent_days_ago(world, django_capture_on_commit_callbacks, 0)
    assert reminders_run(survey=survey, gap=timedelta(days=1)) == 0


def test_a_reminder_switched_off_is_not_sent_to_that_person(
    world, django_capture_on_commit_callbacks
):
    world.member.notifications_off = ["surveys.reminder"]
    world.member.save()
    survey = _sent_days_ago(world, django_capture_on_commit_callbacks, 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_run(survey=survey, gap=timedelta(days=1)) == 3
    assert "opettaja@example.fi" not in {m.to[0] for m in mail.outbox}
    counts = dict(
        Recipient._default_manager.filter(survey=survey).values_list("email", "send_count")
    )
    assert counts.pop("opettaja@example.fi") == 1 and set(counts.values()) == {2}


def test_the_schedule_reminds_every_n_days_and_never_twice_in_between(
    world, django_capture_on_commit_callbacks
):
    _sent_days_ago(world, django_capture_on_commit_callbacks, 3, reminder_every_days=3)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_due(now=now)["reminded"] == 4
        assert surveys_due(now=now + timedelta(days=1))["reminded"] == 0
        assert surveys_due(now=now + timedelta(days=2, hours=23))["reminded"] == 0
        assert surveys_due(now=now + timedelta(days=3, minutes=1))["reminded"] == 4
    assert len(mail.outbox) == 8


def test_the_schedule_opens_and_closes_surveys_on_their_dates(
    world, django_capture_on_commit_callbacks
):
    now = timezone.now()
    later = ready_survey(world, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=5))
    send_now(later, world.coordinator, django_capture_on_commit_callbacks)
    assert _survey(later.pk).status == Survey.Status.DRAFT  # sent, not open yet
    assert surveys_due(now=now + timedelta(days=1, minutes=1))["opened"] == 1
    assert _survey(later.pk).status == Survey.Status.OPEN
    assert surveys_due(now=now + timedelta(days=5, minutes=1))["closed"] == 1
    assert _survey(later.pk).status == Survey.Status.CLOSED


def test_closing_by_hand_is_once_and_only_for_the_coordinator(world):
    survey = ready_survey(world, status=Survey.Status.OPEN)
    with pytest.raises(PermissionDeniedError):
        survey_close(by=world.manager, survey=survey)
    assert survey_close(by=world.coordinator, survey=survey) is True
    assert survey_close(by=world.coordinator, survey=_survey(survey.pk)) is False
    assert _survey(survey.pk).status == Survey.Status.CLOSED


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_remind_each_person_once(world):
    survey = ready_survey(world, status=Survey.Status.OPEN)
    with scopes_disabled():
        for n in range(40):
            RecipientFactory(
                survey=survey,
                sent_at=timezone.now() - timedelta(days=2),
                email=f"r{n}@example.fi",
            )
    now = timezone.now()
    results = race(
        2, lambda i: reminders_run(survey=_survey(survey.pk), gap=timedelta(days=1), now=now)
    )
    assert sorted(results) == [0, 40], results  # type: ignore[type-var]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"r{n}@example.fi" for n in range(40))


# --- Anonymity in the schema ----------------------------------------------------------------


def test_no_column_of_an_answer_leads_to_a_recipient_or_a_person():
    from django.contrib.auth import get_user_model

    for model in (Answer,):
        targets = {
            f.related_model for f in model._meta.get_fields() if f.is_relation and f.concrete
        }
        assert Recipient not in targets and get_user_model() not in targets
    # Neither an answer nor a response carries a time that could be matched to a sending.
    for model in (Answer, Response):
        assert not [
            f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)
        ]
    assert not [
        f.name
        for f in Recipient._meta.concrete_fields
        if isinstance(f, models.DateTimeField) and "answer" in f.name
    ]


def test_closing_discards_drafts_never_sent_and_keeps_the_answers(
    world, django_capture_on_commit_callbacks
):
    from tests.surveys.factories import ResponseFactory

    by_hand = ready_survey(world, status=Survey.Status.OPEN)
    on_time = ready_survey(world, status=Survey.Status.OPEN)
    for survey in (by_hand, on_time):
        ResponseFactory(survey=survey, submitted=False, resume_key=f"draft-{survey.pk}")
        ResponseFactory(survey=survey, submitted=True)
    survey_close(by=world.coordinator, survey=by_hand)
    surveys_due(now=on_time.closes_at + timedelta(minutes=1))
    for survey in (by_hand, on_time):
        assert list(
            Response._default_manager.filter(survey=survey).values_list("submitted", flat=True)
        ) == [True]
        assert _survey(survey.pk).status == Survey.Status.CLOSED


def test_an_identified_draft_is_reminded_with_a_fresh_link(
    world, django_capture_on_commit_callbacks
):
    survey = _sent_days_ago(world, django_capture_on_commit_callbacks, 2, anonymous=False)
    Recipient._default_manager.filter(survey=survey).update(started=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_run(survey=survey, gap=timedelta(days=1)) == 4
    assert set(links()) == KOULU_A


def test_a_survey_sent_to_open_later_keeps_the_anonymity_its_invitations_promised(
    world, django_capture_on_commit_callbacks
):
    from tutori.surveys.services.builder import survey_update

    now = timezone.now()
    survey = ready_survey(
        world, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=5)
    )
    send_now(survey, world.coordinator, django_capture_on_commit_callbacks)
    survey = _survey(survey.pk)
    assert survey.status == Survey.Status.DRAFT
    with pytest.raises(ApplicationError, match="nimettömyyttä"):
        survey_update(by=world.coordinator, survey=survey, title=survey.title, anonymous=False)


@pytest.mark.django_db(transaction=True)
def test_two_send_jobs_at_once_mail_each_person_once(world):
    survey = ready_survey(world)
    results = race(2, lambda i: survey_send_run(survey_id=survey.pk))
    assert sorted(results) == [0, 4], results  # type: ignore[type-var]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(KOULU_A)
    assert {r.token_hash for r in recipients(survey)} == {token_hash(t) for t in links().values()}
