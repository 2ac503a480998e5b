"""The participant's page: questions in their phase, posting and deleting one's ideas (the
limit shown before it is reached, what was typed kept on an error), others' ideas arriving by
a cheap poll, voting and taking votes back within the limits, the ranked result; a closed
phase refuses late ideas and votes with a clear message and writes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.take_part_setup import (
    code_joiner,
    first_question,
    joined_workshop,
    member_idea,
    voting_theme,
)
from tests.workshops.workshop_setup import join, phase, questions, themed
from tests.writes import nothing_changes
from tutori.core.scoping import scopes_disabled
from tutori.workshops import selectors
from tutori.workshops.models import IDEA_MAX, Idea, Phase, Vote
from tutori.workshops.services import participation
from tutori.workshops.services import workshops as workshop_services

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _page(client, workshop):
    return client.get(reverse("workshops:take_part", args=[workshop.pk]))


def _ideas(question):
    with scopes_disabled():
        return list(Idea.objects.filter(question=question).values_list("text", flat=True))


def test_the_page_shows_each_question_in_its_phase_with_the_limit_before_typing(client, world):
    workshop = joined_workshop(world)
    first, second = questions(workshop)
    phase(world, second, Phase.GROUPING)
    client.force_login(world.member)
    response = _page(client, workshop)
    assert response.status_code == 200
    html = response.content.decode()
    assert first.text in html and second.text in html
    assert html.count('name="text"') == 1  # only the question collecting ideas has a form
    assert f'maxlength="{IDEA_MAX}"' in html
    assert f"Enintään {IDEA_MAX} merkkiä." in html
    assert 'aria-live="polite"' in html
    assert "Ohjaaja ryhmittelee ideat teemoiksi" in html


def test_an_idea_is_kept_as_typed(client, world):
    workshop = joined_workshop(world)
    question = first_question(workshop)
    client.force_login(world.member)
    text = "Äidinkielen ja svenska-opet yhdessä 👩‍🏫\nToinen rivi"
    response = client.post(reverse("workshops:idea_post", args=[question.pk]), {"text": text})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#question-{question.pk}")
    assert _ideas(question) == [text]
    page = client.get(response["Location"]).content.decode()
    assert "Idea tallennettu." in page
    assert "👩‍🏫" in page


def test_with_htmx_a_posted_idea_returns_an_empty_form_and_the_list(client, world):
    workshop = joined_workshop(world)
    question = first_question(workshop)
    client.force_login(world.member)
    response = client.post(
        reverse("workshops:idea_post", args=[question.pk]), {"text": "Parityö"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="question-{question.pk}-form"' in html
    assert "Parityö</textarea>" not in html  # the form is empty again
    assert f'id="question-{question.pk}-live"' in html and 'hx-swap-oob="true"' in html
    assert "Parityö" in html  # in the list
    assert "Idea tallennettu." in html


def test_a_too_long_idea_is_refused_and_what_was_typed_stays(client, world):
    workshop = joined_workshop(world)
    question = first_question(workshop)
    client.force_login(world.member)
    text = "ä" * (IDEA_MAX + 1)
    url = reverse("workshops:idea_post", args=[question.pk])
    with nothing_changes():
        plain = client.post(url, {"text": text})
        htmx = client.post(url, {"text": text}, **HTMX)
    assert plain.status_code == 400
    for response in (plain, htmx):
        html = response.content.decode()
        assert text in html
        assert "enintään 500 merkkiä" in html.lower()


def test_a_late_idea_after_the_phase_moved_is_refused_with_a_message(client, world):
    workshop = joined_workshop(world)
    question = first_question(workshop)
    client.force_login(world.member)
    phase(world, question, Phase.GROUPING)
    url = reverse("workshops:idea_post", args=[question.pk])
    with nothing_changes():
        plain = client.post(url, {"text": "Myöhässä"}, follow=True)
        htmx = client.post(url, {"text": "Myöhässä"}, **HTMX)
    assert "Ideointi on päättynyt: ideaa ei tallennettu." in plain.content.decode()
    # htmx: the whole section in its new phase, with the refusal.
    assert htmx["HX-Retarget"] == f"#question-{question.pk}"
    assert "Ideointi on päättynyt: ideaa ei tallennettu." in htmx.content.decode()


def test_the_poll_answers_no_change_cheaply(client, world, django_assert_max_num_queries):
    workshop = joined_workshop(world)
    question = first_question(workshop)
    client.force_login(world.member)
    stamp = selectors.question_stamp(question)
    url = reverse("workshops:take_part_live", args=[question.pk]) + f"?stamp={stamp}"
    client.get(url, **HTMX)  # the first request of a session renews its idle clock
    # The session and the user (middleware), the question and the participant row.
    with django_assert_max_num_queries(4):
        response = client.get(url, **HTMX)
    assert response.status_code == 204
    assert response.content == b""
    browser = code_joiner(workshop)
    browser.get(url, **HTMX)
    # Without an account: the session, the question, the participant row by its key.
    with django_assert_max_num_queries(3):
        assert browser.get(url, **HTMX).status_code == 204


def test_the_poll_brings_others_ideas(client, world):
    workshop = joined_workshop(world)
    question = first_question(workshop)
    client.force_login(world.member)
    stamp = selectors.question_stamp(question)
    other = join(workshop, "Toinen")
    participation.idea_post(participant=other, question=question, text="Mentorointi")
    url = reverse("workshops:take_part_live", args=[question.pk]) + f"?stamp={stamp}"
    response = client.get(url, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mentorointi" in html
    assert "1 idea" in html  # the count beside the list
    fresh = selectors.question_stamp(first_question(workshop))
    assert f"stamp={fresh}" in html  # the next poll asks from here


def test_the_poll_swaps_the_whole_section_when_the_phase_moves(client, world):
    workshop = joined_workshop(world)
    question = first_question(workshop)
    client.force_login(world.member)
    stamp = selectors.question_stamp(question)
    phase(world, question, Phase.GROUPING)
    url = reverse("workshops:take_part_live", args=[question.pk]) + f"?stamp={stamp}"
    response = client.get(url, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#question-{question.pk}"
    assert response["HX-Reswap"] == "outerHTML"
    assert 'name="text"' not in response.content.decode()


def test_a_participant_deletes_their_own_idea_after_confirming(client, world):
    workshop = joined_workshop(world)
    idea = member_idea(world, workshop)
    client.force_login(world.member)
    url = reverse("workshops:idea_delete", args=[idea.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Poistetaanko idea?" in confirm.content.decode()
    assert _ideas(idea.question) == [idea.text]
    assert client.post(url).status_code == 302
    assert _ideas(idea.question) == []


def test_nobody_deletes_anothers_idea(world):
    workshop = joined_workshop(world)
    idea = member_idea(world, workshop)
    browser = code_joiner(workshop)
    with nothing_changes():
        assert browser.get(reverse("workshops:idea_delete", args=[idea.pk])).status_code == 404
        assert browser.post(reverse("workshops:idea_delete", args=[idea.pk])).status_code == 404


def test_an_idea_is_not_deleted_once_ideas_are_closed(client, world):
    workshop = joined_workshop(world)
    idea = member_idea(world, workshop)
    phase(world, idea.question, Phase.GROUPING)
    client.force_login(world.member)
    with nothing_changes():
        response = client.post(reverse("workshops:idea_delete", args=[idea.pk]), follow=True)
    assert "Ideointi on päättynyt" in response.content.decode()


def test_votes_are_spent_and_taken_back_with_votes_left_shown(client, world):
    workshop = joined_workshop(world, votes_per_participant=2, votes_per_theme=2)
    theme = voting_theme(world, workshop)
    client.force_login(world.member)
    page = _page(client, workshop).content.decode()
    assert "Ääniä jäljellä 2" in page
    vote = reverse("workshops:vote_cast", args=[theme.pk])
    response = client.post(vote, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ääniä jäljellä 1" in html
    assert "Ääni annettu teemalle Aikaa tutoroinnille. Ääniä jäljellä 1." in html
    assert client.post(vote).status_code == 302
    used = client.post(vote, **HTMX).content.decode()
    assert "Äänesi on käytetty." in used
    with scopes_disabled():
        assert Vote.objects.filter(theme=theme).count() == 2
    back = client.post(reverse("workshops:vote_take_back", args=[theme.pk]), **HTMX)
    assert "Ääniä jäljellä 1" in back.content.decode()
    with scopes_disabled():
        assert Vote.objects.filter(theme=theme).count() == 1


def test_one_vote_per_theme_unless_the_facilitator_allows_more(client, world):
    workshop = joined_workshop(world, votes_per_participant=3, votes_per_theme=1)
    theme = voting_theme(world, workshop)
    client.force_login(world.member)
    vote = reverse("workshops:vote_cast", args=[theme.pk])
    client.post(vote, **HTMX)
    with nothing_changes():
        again = client.post(vote, **HTMX).content.decode()
    assert "enimmäismäärän" in again


def test_a_late_vote_after_voting_closed_is_refused(client, world):
    workshop = joined_workshop(world)
    theme = voting_theme(world, workshop)
    phase(world, theme.question, Phase.RESULTS)
    client.force_login(world.member)
    with nothing_changes():
        response = client.post(reverse("workshops:vote_cast", args=[theme.pk]), follow=True)
    assert "Äänestys ei ole käynnissä: ääntä ei tallennettu." in response.content.decode()


def test_the_result_ranks_the_themes_by_votes(client, world):
    workshop = joined_workshop(world, votes_per_participant=3)
    question = first_question(workshop)
    themes = themed(world, question, {"Vähemmän": ["a"], "Eniten": ["b"], "Ei ääniä": ["c"]})
    phase(world, question, Phase.VOTING)
    voters = [join(workshop, f"Äänestäjä {i}") for i in range(2)]
    for voter in voters:
        participation.vote_cast(participant=voter, theme=themes["Eniten"])
    participation.vote_cast(participant=voters[0], theme=themes["Vähemmän"])
    workshop_services.workshop_close(by=world.coordinator, workshop=workshop)
    client.force_login(world.member)
    html = _page(client, workshop).content.decode()
    assert "Työpaja on päättynyt" in html
    assert html.index("1. Eniten") < html.index("2. Vähemmän") < html.index("3. Ei ääniä")
    assert "2 ääntä" in html
    assert 'name="text"' not in html and "hx-trigger" not in html  # nothing to post or poll


def test_a_joiner_without_account_posts_and_votes(world):
    workshop = joined_workshop(world)
    browser = code_joiner(workshop, "Maija")
    question = first_question(workshop)
    url = reverse("workshops:idea_post", args=[question.pk])
    assert browser.post(url, {"text": "Oma idea"}).status_code == 302
    page = browser.get(reverse("workshops:take_part", args=[workshop.pk])).content.decode()
    assert "Oma ideasi" in page
    theme = themed(world, question, {"Teema": []})["Teema"]
    phase(world, question, Phase.VOTING)
    assert browser.post(reverse("workshops:vote_cast", args=[theme.pk])).status_code == 302
    with scopes_disabled():
        assert Vote.objects.filter(theme=theme, participant__display_name="Maija").count() == 1


def test_the_poll_shows_the_facilitators_grouping_as_it_happens(client, world):
    workshop = joined_workshop(world)
    question = first_question(workshop)
    member_idea(world, workshop, "Tunti viikossa")
    phase(world, question, Phase.GROUPING)
    client.force_login(world.member)
    stamp = selectors.question_stamp(first_question(workshop))
    page = _page(client, workshop).content.decode()
    assert "Ohjaaja ei ole vielä muodostanut teemoja." in page
    themed(world, question, {"Aikaa tutoroinnille": []})
    url = reverse("workshops:take_part_live", args=[question.pk]) + f"?stamp={stamp}"
    html = client.get(url, **HTMX).content.decode()
    assert "Aikaa tutoroinnille" in html
    assert "Ryhmittelemättömät ideat" in html and "Tunti viikossa" in html


def test_an_open_page_keeps_a_joiner_without_account_in(world, settings):
    """Their session has the platform's idle lifetime: the page's polls renew it."""
    workshop = joined_workshop(world)
    browser = code_joiner(workshop)
    question = first_question(workshop)
    session = browser.session
    session["workshop_seen_at"] = 0  # long ago
    session.save()
    url = reverse("workshops:take_part_live", args=[question.pk])
    stamp = selectors.question_stamp(question)
    response = browser.get(f"{url}?stamp={stamp}", **HTMX)
    assert response.status_code == 204
    assert settings.SESSION_COOKIE_NAME in response.cookies  # sent again with a new expiry
    again = browser.get(f"{url}?stamp={stamp}", **HTMX)
    assert settings.SESSION_COOKIE_NAME not in again.cookies  # not at every poll


def test_a_page_whose_session_ended_reloads_instead_of_failing_silently(world):
    """A phone that slept past the idle time: its joiner is no longer known. The poll and a
    vote make the page reload (to the join page); an idea typed meanwhile stays in the form
    with a way back in."""
    workshop = joined_workshop(world)
    question = first_question(workshop)
    browser = code_joiner(workshop)
    browser.cookies.clear()  # the session is gone
    stamp = selectors.question_stamp(question)
    live = reverse("workshops:take_part_live", args=[question.pk]) + f"?stamp={stamp}"
    polled = browser.get(live, **HTMX)
    assert polled.status_code == 200 and polled["HX-Refresh"] == "true"
    assert browser.get(live).status_code == 404  # without htmx: as for anyone else
    with nothing_changes():
        response = browser.post(
            reverse("workshops:idea_post", args=[question.pk]), {"text": "Kesken jäänyt"}, **HTMX
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kesken jäänyt</textarea>" in html
    assert "istuntosi on päättynyt" in html
    assert reverse("workshops:join") in html
    reloaded = browser.get(reverse("workshops:take_part", args=[workshop.pk]))
    assert reloaded.status_code == 302 and reloaded["Location"] == reverse("workshops:join")


def test_a_vote_after_the_workshop_closed_shows_the_result_with_the_refusal(client, world):
    workshop = joined_workshop(world)
    theme = voting_theme(world, workshop)
    workshop_services.workshop_close(by=world.coordinator, workshop=workshop)
    client.force_login(world.member)
    with nothing_changes():
        response = client.post(reverse("workshops:vote_cast", args=[theme.pk]), **HTMX)
    html = response.content.decode()
    assert "Työpaja on päättynyt" in html
    assert "1. Aikaa tutoroinnille" in html
    assert f'id="vote-{theme.pk}"' not in html
