"""What a participant reads: their own workshop only (a participant of workshop A reads
nothing of workshop B), and in an anonymous workshop nobody's name beside an idea or a vote
on any participant page — the page, its poll, the answer to a vote, the result."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workshops.take_part_setup import code_joiner, first_question, joined_workshop
from tests.workshops.workshop_setup import join, make_workshop, phase, themed
from tutori.workshops.models import Phase
from tutori.workshops.services import participation
from tutori.workshops.services import workshops as workshop_services

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
AUTHOR = "Salainen Kirjoittaja"
VOTER = "Salainen Äänestäjä"


def _b_urls(world, workshop_b):
    question = first_question(workshop_b)
    author = join(workshop_b, AUTHOR)
    idea = participation.idea_post(participant=author, question=question, text="B:n idea")
    return [
        reverse("workshops:take_part", args=[workshop_b.pk]),
        reverse("workshops:take_part_live", args=[question.pk]),
        reverse("workshops:idea_delete", args=[idea.pk]),
    ]


def test_a_participant_of_one_workshop_reads_nothing_of_another(world):
    workshop_a = make_workshop(world, title="Työpaja A")
    workshop_b = make_workshop(world, title="Työpaja B")
    browser = code_joiner(workshop_a)
    for url in _b_urls(world, workshop_b):
        response = browser.get(url)
        assert response.status_code in (302, 404), url
        assert "B:n idea" not in response.content.decode()
        assert "Työpaja B" not in response.content.decode()


def test_a_participant_with_an_account_reads_nothing_of_another_workshop(client, world):
    joined_workshop(world, title="Työpaja A")  # the member joined A
    workshop_b = make_workshop(world, title="Työpaja B", organisation=world.school_a)
    client.force_login(world.member)
    for url in _b_urls(world, workshop_b):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "B:n idea" not in response.content.decode()


def test_a_key_of_another_workshop_in_the_session_opens_nothing(world):
    """The session keeps a key per workshop: B's page is not opened by A's key."""
    workshop_a = make_workshop(world)
    workshop_b = make_workshop(world)
    browser = code_joiner(workshop_a)
    session = browser.session
    keys = session["workshop_keys"]
    session["workshop_keys"] = {str(workshop_b.pk): keys[str(workshop_a.pk)]}
    session.save()
    assert browser.get(reverse("workshops:take_part", args=[workshop_b.pk])).status_code == 302


def _everything_a_participant_reads(world, *, anonymous):
    """A workshop with one question in each phase after ideas, ideas and votes by named
    people, and every page and fragment a participant (without account) gets of it."""
    workshop = make_workshop(
        world, anonymous=anonymous, questions=["Ideat?", "Ryhmät?", "Äänestys?", "Tulos?"]
    )
    author = join(workshop, AUTHOR)
    voter = join(workshop, VOTER)
    browser = code_joiner(workshop, "Lukija")
    ideas_q, grouping_q, voting_q, results_q = list(
        workshop.questions.order_by("position").select_related("workshop")
    )
    participation.idea_post(participant=author, question=ideas_q, text="Idea ideoinnissa")
    themed(world, grouping_q, {"Ryhmä": ["Idea ryhmässä"]}, author=author)
    voting = themed(world, voting_q, {"Äänestettävä": ["Idea äänestyksessä"]}, author=author)
    phase(world, voting_q, Phase.VOTING)
    participation.vote_cast(participant=voter, theme=voting["Äänestettävä"])
    result = themed(world, results_q, {"Tulos": ["Idea tuloksissa"]}, author=author)
    phase(world, results_q, Phase.VOTING)
    participation.vote_cast(participant=voter, theme=result["Tulos"])
    phase(world, results_q, Phase.RESULTS)
    pages = [browser.get(reverse("workshops:take_part", args=[workshop.pk]))]
    for question in (ideas_q, grouping_q, voting_q, results_q):
        url = reverse("workshops:take_part_live", args=[question.pk])
        pages.append(browser.get(url, **HTMX))
    pages.append(
        browser.post(reverse("workshops:vote_cast", args=[voting["Äänestettävä"].pk]), **HTMX)
    )
    pages.append(
        browser.post(
            reverse("workshops:idea_post", args=[ideas_q.pk]), {"text": "Lukijan idea"}, **HTMX
        )
    )
    workshop_services.workshop_close(by=world.coordinator, workshop=workshop)
    pages.append(browser.get(reverse("workshops:take_part", args=[workshop.pk])))
    return [p.content.decode() for p in pages]


def test_an_anonymous_workshop_names_nobody_on_any_participant_page(world):
    pages = _everything_a_participant_reads(world, anonymous=True)
    for html in pages:
        assert AUTHOR not in html
        assert VOTER not in html
    everything = "\n".join(pages)
    for text in ("Idea ideoinnissa", "Idea ryhmässä", "Idea äänestyksessä", "Idea tuloksissa"):
        assert text in everything


def test_a_named_workshop_shows_who_wrote_an_idea_but_never_who_voted(world):
    """The other side of the test above: the same pages do name an author when the
    facilitator made the workshop named, so the test above can fail."""
    everything = "\n".join(_everything_a_participant_reads(world, anonymous=False))
    assert AUTHOR in everything
    assert VOTER not in everything
