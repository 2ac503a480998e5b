"""Load: 40 participants of one workshop at once against the live server (its threaded
WSGI server on the test's file database), as the pages' forms and htmx buttons post.

Twenty join with their accounts, twenty through the join code with a display name only;
everyone posts three ideas at the same moment; the facilitator groups them; then everyone
votes from two tabs at once, six clicks for three votes (at most two on one theme). Every
idea and every accepted vote is kept, nobody ends over a limit, each refusal says why, and
no answer is a 5xx. About 400 requests, at most 24 in flight (see ``IN_FLIGHT``); well within
the suite's 30 seconds.
"""

from __future__ import annotations

import http.client
import threading
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory
from tests.racing import race
from tests.workshops.workshop_setup import make_workshop, phase, questions
from tutori.core.scoping import scopes_disabled
from tutori.workshops.models import Idea, Phase, Vote, WorkshopParticipant
from tutori.workshops.services import grouping

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 40
IDEAS_EACH = 3
VOTES, PER_THEME = 3, 2
THEMES = 6
CSRF = "c" * 32  # an unmasked CSRF secret, sent as cookie and header alike
# Requests in flight at once: the live server opens a database connection per request
# thread, and PostgreSQL's default 100 connections are shared with the suite's other worker
# (80 clicks at once took them all in CI). A deployment's pool admits a bounded number too;
# the rest wait their turn, as they would at its workers.
IN_FLIGHT = threading.BoundedSemaphore(24)
CAST, USED, THEME_FULL = "Ääni annettu", "Äänesi on käytetty", "enimmäismäärän ääniä"


class Browser:
    """One participant's cookies over plain HTTP (no redirect followed)."""

    def __init__(self, base: str, session: str | None = None) -> None:
        self.where = urlsplit(base).netloc
        self.cookies = {settings.CSRF_COOKIE_NAME: CSRF, "django_language": "fi"}
        if session:
            self.cookies[settings.SESSION_COOKIE_NAME] = session

    def post(self, path: str, data: dict[str, str] | None = None, *, htmx: bool = False):
        conn = http.client.HTTPConnection(self.where, timeout=60)
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
            **({"HX-Request": "true"} if htmx else {}),
        }
        try:
            with IN_FLIGHT:
                conn.request("POST", path, body=urlencode(data or {}), headers=headers)
                response = conn.getresponse()
                body = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, body
        finally:
            conn.close()


def _session(user) -> str:  # type: ignore[no-untyped-def]
    """A signed-in session for ``user``, as the login view would leave it."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return str(session.session_key)


def _ok(results: list[object]) -> list[tuple[int, str]]:
    """Every request answered, none with a server error."""
    failed = [r for r in results if not isinstance(r, tuple)]
    assert not failed, failed[:3]
    answers = [r for r in results if isinstance(r, tuple)]
    assert all(status < 500 for status, _body in answers), [s for s, _b in answers]
    return answers


def test_forty_participants_post_ideas_and_vote_at_once(live_server, world):
    workshop = make_workshop(
        world,
        questions=["Mitä kokeillaan ensi kuussa?"],
        votes_per_participant=VOTES,
        votes_per_theme=PER_THEME,
    )
    question = questions(workshop)[0]
    accounts = [UserFactory() for _ in range(PEOPLE // 2)]
    for person in accounts:
        MembershipFactory(user=person, organisation=world.school_a)
    people = [Browser(live_server.url, _session(u)) for u in accounts] + [
        Browser(live_server.url) for _ in range(PEOPLE - len(accounts))
    ]

    # Everyone joins at once: with their account, or with a name only.
    def join(i: int):  # type: ignore[no-untyped-def]
        data = {"code": workshop.join_code or ""}
        if i >= len(accounts):
            data["display_name"] = f"Vieras {i} 🙂"
        return people[i].post(reverse("workshops:join"), data)

    joined = _ok(race(PEOPLE, join))
    assert [status for status, _body in joined] == [302] * PEOPLE
    with scopes_disabled():
        rows = WorkshopParticipant.objects.filter(workshop=workshop)
        assert rows.count() == PEOPLE
        assert rows.filter(user__isnull=True).count() == PEOPLE - len(accounts)

    # Everyone posts three ideas at the same moment, as typed.
    idea_url = reverse("workshops:idea_post", args=[question.pk])
    texts = [
        [f"Idea {i}.{k}: kokeillaan yhdessä – äö 🙂" for k in range(IDEAS_EACH)]
        for i in range(PEOPLE)
    ]

    def post_ideas(i: int):  # type: ignore[no-untyped-def]
        return [people[i].post(idea_url, {"text": t}, htmx=True) for t in texts[i]]

    posted = race(PEOPLE, post_ideas)
    assert all(isinstance(r, list) for r in posted), posted[:3]
    _ok([a for r in posted if isinstance(r, list) for a in r])
    with scopes_disabled():
        kept = list(Idea.objects.filter(question=question).values_list("text", flat=True))
        per_person = _counted(Idea.objects.filter(question=question), "participant")
    assert sorted(kept) == sorted(t for mine in texts for t in mine)
    assert set(per_person.values()) == {IDEAS_EACH}

    # The facilitator groups the ideas into six themes and opens voting.
    phase(world, question, Phase.GROUPING)
    with scopes_disabled():
        ids = list(
            Idea.objects.filter(question=question).order_by("pk").values_list("pk", flat=True)
        )
    themes = [
        grouping.theme_create(
            by=world.coordinator, question=question, name=f"Teema {n}", idea_ids=ids[n::THEMES]
        )
        for n in range(THEMES)
    ]
    phase(world, question, Phase.VOTING)

    # Everyone votes from two tabs at once: six clicks for three votes, two on one theme.
    def tab(i: int):  # type: ignore[no-untyped-def]
        person, second = divmod(i, 2)
        a, b, c = (themes[(person + n) % THEMES] for n in range(3))
        mine = [b, c, a] if second else [a, a, b]
        return [
            people[person].post(reverse("workshops:vote_cast", args=[t.pk]), htmx=True)
            for t in mine
        ]

    clicked = race(2 * PEOPLE, tab)
    assert all(isinstance(r, list) for r in clicked), clicked[:3]
    answers = _ok([a for r in clicked if isinstance(r, list) for a in r])
    assert all(status == 200 for status, _body in answers)
    accepted = [body for _status, body in answers if CAST in body]
    refused = [body for _status, body in answers if CAST not in body]
    assert all(USED in body or THEME_FULL in body for body in refused), refused[:1]

    with scopes_disabled():
        votes = Vote.objects.filter(question=question)
        per_voter = _counted(votes, "participant")
        per_theme = votes.values("participant", "theme").annotate(n=Count("pk"))
        assert votes.count() == len(accepted) == PEOPLE * VOTES
        assert len(per_voter) == PEOPLE and set(per_voter.values()) == {VOTES}
        assert max(row["n"] for row in per_theme) <= PER_THEME
        assert set(votes.values_list("slot", flat=True)) == set(range(1, VOTES + 1))
    assert len(refused) == PEOPLE * (2 * 3 - VOTES)


def _counted(rows, field: str) -> dict[int, int]:  # type: ignore[no-untyped-def]
    return dict(rows.values(field).annotate(n=Count("pk")).values_list(field, "n"))
