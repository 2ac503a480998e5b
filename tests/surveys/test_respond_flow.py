"""Answering by a personal link: drafts, submitting once, clear pages for every dead end,
bad input refused with a message and nothing saved, and anonymity kept in the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.racing import race
from tests.surveys.factories import QuestionFactory, SurveyFactory
from tests.surveys.permissions.distribution_setup import TOKEN, sent
from tutori.surveys.models import Answer, Choice, Question, Recipient, Response, Survey, resume_key
from tutori.surveys.services.respond import response_save

URL = reverse("surveys:respond", args=[TOKEN])


def _responses(survey: Survey) -> list[Response]:
    return list(Response._default_manager.filter(survey=survey))


def _recipient(pk: int) -> Recipient:
    return Recipient._default_manager.get(pk=pk)


def _with_questions(survey: Survey) -> dict[str, Question]:
    return {
        "scale": QuestionFactory(survey=survey, key="scale", likert=True, text="Osaan"),
        "way": QuestionFactory(survey=survey, key="way", single=True, choices=["lähi", "etä"]),
        "free": QuestionFactory(survey=survey, key="free", text="Terveiset"),
    }


def test_the_link_opens_the_questions_without_login_and_is_not_cached(client, world):
    survey, _r = sent(world)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert survey.title in html and 'name="q-grade"' in html
    assert "Tallenna ja jatka myöhemmin" in html and "Lähetä vastaukset" in html
    assert response["Cache-Control"] == "private, no-store"


def test_a_draft_skips_required_questions_and_comes_back(client, world):
    survey, recipient = sent(world)
    questions = _with_questions(survey)
    response = client.post(URL, {"q-free": "Kesken", "q-scale": "4", "action": "draft"})
    assert response.status_code == 302
    [draft] = _responses(survey)
    assert not draft.submitted and draft.resume_key == resume_key(TOKEN)
    assert draft.person_id is None and draft.recipient_id is None
    assert _recipient(recipient.pk).started and not _recipient(recipient.pk).answered
    page = client.get(URL).content.decode()
    assert "Kesken" in page and "Jatkat tallentamaasi vastausta" in page
    # Saved again: the same draft, its answers replaced.
    client.post(URL, {"q-free": "Vielä kesken", "action": "draft"})
    [again] = _responses(survey)
    assert again.pk == draft.pk
    assert list(Answer._default_manager.filter(response=again).values_list("text", flat=True)) == [
        "Vielä kesken"
    ]
    assert questions["free"].pk


def test_submitting_checks_required_answers_then_saves_once(client, world):
    survey, recipient = sent(world)
    _with_questions(survey)
    client.post(URL, {"q-free": "Kesken", "action": "draft"})
    refused = client.post(URL, {"q-free": "Valmis", "action": "submit"})
    assert refused.status_code == 400
    assert "Vastaa tähän kysymykseen." in refused.content.decode()
    assert "Valmis" in refused.content.decode()  # what was typed is kept
    [draft] = _responses(survey)
    assert not draft.submitted

    done = client.post(URL, {"q-grade": "9", "q-free": "Valmis", "action": "submit"})
    assert done.status_code == 200 and "Kiitos vastauksestasi" in done.content.decode()
    [answer] = _responses(survey)
    assert answer.pk == draft.pk and answer.submitted
    # Anonymous: no person, no recipient, no resume key; the day only; the unit and role.
    assert (answer.person_id, answer.recipient_id, answer.resume_key) == (None, None, None)
    assert answer.submitted_on == timezone.localdate()
    assert (answer.organisation_id, answer.role) == (world.school_a.pk, "member")
    assert _recipient(recipient.pk).answered

    used = client.get(URL)
    assert "on jo vastattu" in used.content.decode()
    again = client.post(URL, {"q-grade": "4", "action": "submit"})
    assert "on jo vastattu" in again.content.decode()
    assert len(_responses(survey)) == 1
    assert list(
        Answer._default_manager.filter(response=answer, question__key="grade").values_list(
            "number", flat=True
        )
    ) == [9]


def test_an_identified_answer_names_the_person_and_the_recipient(client, world):
    survey, recipient = sent(world, anonymous=False)
    client.post(URL, {"q-grade": "7", "action": "submit"})
    [answer] = _responses(survey)
    assert answer.person == world.member and answer.recipient_id == recipient.pk
    assert answer.resume_key is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"q-grade": "11"}, "Arvosana on kokonaisluku väliltä 4–10."),
        ({"q-grade": "9", "q-free": "x" * 100_000}, "Vastaus on liian pitkä"),
        ({"q-grade": "9", "q-way": "OTHER"}, "Valitse jokin annetuista vaihtoehdoista."),
        ({"q-grade": "9", "q-scale": "6"}, "Valitse jokin annetuista vaihtoehdoista."),
    ],
)
@pytest.mark.parametrize("action", ["submit", "draft"])
def test_bad_answers_get_a_message_and_nothing_is_saved(client, world, body, message, action):
    survey, recipient = sent(world)
    _with_questions(survey)
    if body.get("q-way") == "OTHER":
        # A choice of another question of the same survey.
        other = QuestionFactory(survey=survey, key="other", single=True, choices=["muu"])
        body = {**body, "q-way": str(Choice._default_manager.get(question=other).pk)}
    response = client.post(URL, {**body, "action": action})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _responses(survey) == []
    assert not _recipient(recipient.pk).answered and not _recipient(recipient.pk).started


def test_a_closed_survey_says_so_and_takes_nothing(client, world):
    survey, _r = sent(world, status=Survey.Status.CLOSED)
    response = client.get(URL)
    assert response.status_code == 410
    assert "Kysely on sulkeutunut" in response.content.decode()
    assert client.post(URL, {"q-grade": "9", "action": "submit"}).status_code == 410
    assert _responses(survey) == []


def test_a_link_past_the_closing_time_has_expired(client, world):
    survey, _r = sent(world)
    Survey._default_manager.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(URL)
    assert response.status_code == 410 and "sulkeutunut" in response.content.decode()


def test_a_survey_not_yet_open_says_when_it_opens(client, world):
    survey, _r = sent(world, status=Survey.Status.DRAFT)
    Survey._default_manager.filter(pk=survey.pk).update(opens_at=timezone.now() + timedelta(days=1))
    response = client.get(URL)
    assert response.status_code == 200
    assert "ei ole vielä avoinna" in response.content.decode()
    assert client.post(URL, {"q-grade": "9", "action": "submit"}).status_code == 200
    assert _responses(survey) == []


@pytest.mark.parametrize(
    "token", ["x", TOKEN[:-1] + "Y", "a" * 300, "ääää-not-base64-ääää-ääää-ääää", "%00" * 30]
)
def test_a_tampered_or_unknown_link_is_a_404_page_in_finnish(client, world, token):
    sent(world)
    response = client.get(f"/surveys/answer/{token}/")
    assert response.status_code == 404
    assert "Tällä linkillä ei löydy kyselyä" in response.content.decode()


def test_an_instrument_cannot_be_answered_by_a_link(client, world):
    from tests.surveys.factories import RecipientFactory
    from tutori.surveys.models import token_hash

    instrument = SurveyFactory(instrument=True, status=Survey.Status.OPEN)
    RecipientFactory(survey=instrument, token_hash=token_hash(TOKEN))
    assert client.get(URL).status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("anonymous", [True, False])
def test_two_tabs_submitting_at_once_make_one_response(world, anonymous):
    survey, recipient = sent(world, anonymous=anonymous)
    question = Question._default_manager.get(survey=survey, key="grade")
    results = race(
        2,
        lambda i: response_save(
            recipient=_recipient(recipient.pk),
            token=TOKEN,
            answers=[{"question": question, "number": 5 + i}],
            submit=True,
        ),
    )
    errors = [str(r) for r in results if isinstance(r, Exception)]
    assert errors == ["Olet jo vastannut tähän kyselyyn."], results
    assert Response._default_manager.filter(survey=survey, submitted=True).count() == 1
    assert Answer._default_manager.filter(response__survey=survey).count() == 1


def test_no_anonymous_response_leads_to_its_recipient_or_person(client, world):
    survey, recipient = sent(world)
    client.post(URL, {"q-grade": "6", "action": "draft"})
    client.post(URL, {"q-grade": "6", "action": "submit"})
    [answer] = _responses(survey)
    stored = Response._default_manager.filter(pk=answer.pk).values().get()
    linked = {recipient.pk, world.member.pk, recipient.token_hash, resume_key(TOKEN)}
    # The only foreign keys set are the survey and the unit it was sent to.
    assert stored["person_id"] is None and stored["recipient_id"] is None
    assert stored["resume_key"] is None
    assert not {stored[k] for k in ("resume_key", "person_id", "recipient_id")} & linked
    assert all(
        a["response_id"] == answer.pk
        for a in Answer._default_manager.filter(response=answer).values()
    )


def test_the_page_is_in_the_language_the_survey_was_sent_in_unless_the_visitor_chose(client, world):
    survey, recipient = sent(world, translations={"sv": {"title": "Kursrespons"}})
    Recipient._default_manager.filter(pk=recipient.pk).update(language="sv")
    page = client.get(URL).content.decode()
    assert "Kursrespons" in page and "Skicka svaren" in page and "Spara och fortsätt senare" in page
    client.cookies["django_language"] = "en"
    page = client.get(URL).content.decode()
    assert "Send answers" in page and survey.title in page
