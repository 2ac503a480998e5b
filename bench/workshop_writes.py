"""The workshops' write in the benchmark: participants casting and taking back votes, as
fast as they can.

The workshop is the benchmark's own (made on first use in the first municipality, so the
pages the scenarios read stay as they are): open, one question in the voting phase with
eight themes, three votes per participant and at most two on one theme. Its participants are
members of the municipality's last school, joined with their accounts; every run starts from
no votes. Each client votes through the participant's page (the form's POST) until its votes
are used, and the next vote is refused ("Äänesi on käytetty"); then it takes them back one
by one and starts again. Afterwards the database must agree: nobody over the limits, and the
votes left equal to those cast minus those taken back; anything else counts as an error.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

TITLE = "Benchmark: äänestys"
THEMES = 8
VOTES = 3
PER_THEME = 2


def prepare(clients: int) -> dict[str, Any]:
    """The benchmark's voting workshop (made on first use, emptied of votes on every call),
    its question and themes, and up to ``clients`` participants' e-mail addresses."""
    from django.db import transaction
    from django.utils import timezone

    from tutori.accounts.models import User
    from tutori.core.scoping import scopes_disabled
    from tutori.orgs.models import Membership, Organisation, OrganisationKind, Role
    from tutori.workshops.models import (
        Idea,
        Phase,
        Theme,
        Vote,
        Workshop,
        WorkshopParticipant,
        WorkshopQuestion,
    )

    with scopes_disabled(), transaction.atomic():
        town = (
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("pk").first()
        )
        assert town is not None, "the benchmark database has no municipality"
        school = Organisation.objects.filter(parent=town).order_by("-pk").first() or town
        workshop = Workshop.objects.filter(title=TITLE, organisation=town).first()
        if workshop is None:
            workshop = Workshop.objects.create(
                organisation=town,
                title=TITLE,
                held_on=timezone.localdate(),
                status=Workshop.Status.OPEN,
                votes_per_participant=VOTES,
                votes_per_theme=PER_THEME,
                created_by=User.objects.get(email="coordinator@bench.tutori.fi"),
                opened_at=timezone.now(),
            )
            question = WorkshopQuestion.objects.create(
                workshop=workshop,
                position=1,
                text="Mihin tutoropettajien aika kannattaa käyttää?",
                phase=Phase.VOTING,
            )
            Theme.objects.bulk_create(
                [
                    Theme(question=question, name=f"Teema {n}", position=n)
                    for n in range(1, THEMES + 1)
                ]
            )
        question = WorkshopQuestion.objects.get(workshop=workshop)
        themes = list(Theme.objects.filter(question=question).order_by("position"))
        Vote.objects.filter(question=question).delete()
        people = list(
            Membership.objects.active()
            .filter(organisation=school, role=Role.MEMBER, user__is_active=True)
            .exclude(user__email__in=[f"{x}@bench.tutori.fi" for x in ("member", "tutor")])
            .order_by("user_id")
            .values_list("user_id", "user__email", "user__display_name")
            .distinct()[:clients]
        )
        joined = set(
            WorkshopParticipant.objects.filter(workshop=workshop).values_list("user_id", flat=True)
        )
        new = [
            WorkshopParticipant(workshop=workshop, user_id=pk, display_name=name[:60])
            for pk, _email, name in people
            if pk not in joined
        ]
        WorkshopParticipant.objects.bulk_create(new)
        participants = dict(
            WorkshopParticipant.objects.filter(workshop=workshop).values_list("user_id", "pk")
        )
        if not Idea.objects.filter(question=question).exists() and participants:
            first = next(iter(participants.values()))
            Idea.objects.bulk_create(
                [
                    Idea(
                        question=question,
                        participant_id=first,
                        text=f"Idea teemaan {theme.name}",
                        theme=theme,
                        position=1,
                    )
                    for theme in themes
                ]
            )
    return {
        "workshop": workshop.pk,
        "question": question.pk,
        "themes": [theme.pk for theme in themes],
        "people": [email for _pk, email, _name in people],
    }


CAST = "Ääni annettu"
USED = "Äänesi on käytetty"
TAKEN_BACK = "Ääni peruttu"


def workshop_writes(
    post: Callable[[str, str, str | None, dict[str, str]], tuple[int, str]],
    session_for: Callable[[str], str],
    duration: float,
    clients: int,
) -> dict[str, Any]:
    """``clients`` participants vote (as the page's htmx buttons do: the answer is the
    question's section, saying what happened) until their votes are used and one more vote
    is refused, then take them back, for ``duration`` seconds; votes cast per second, errors
    and the database check."""
    from django.db import connection
    from django.db.models import Count, Max
    from django.urls import reverse

    from tutori.core.scoping import scopes_disabled
    from tutori.workshops.models import Vote

    found = prepare(clients)
    sessions = [session_for(email) for email in found["people"]]
    themes: list[int] = found["themes"]
    cast_url = [reverse("workshops:vote_cast", args=[pk]) for pk in themes]
    back_url = [reverse("workshops:vote_take_back", args=[pk]) for pk in themes]
    htmx = {"HX-Request": "true"}
    stats = {"cast": 0, "refused": 0, "taken_back": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def count(key: str) -> None:
        with lock:
            stats[key] += 1

    def client(n: int, session: str) -> None:
        round_ = 0
        while time.monotonic() < deadline:
            # Two votes on one theme (its limit), one on the next: then one more is refused.
            mine = [(n + round_) % len(themes)] * PER_THEME + [(n + round_ + 1) % len(themes)]
            mine += [(n + round_ + 2) % len(themes)] * (VOTES - len(mine))
            for index in mine:
                status, body = post(cast_url[index], "", session, htmx)
                count("cast" if status == 200 and CAST in body else "errors")
            status, body = post(cast_url[(n + round_ + 3) % len(themes)], "", session, htmx)
            count("refused" if status == 200 and USED in body else "errors")
            for index in mine:
                status, body = post(back_url[index], "", session, htmx)
                count("taken_back" if status == 200 and TAKEN_BACK in body else "errors")
            round_ += 1
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n, s)) for n, s in enumerate(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    with scopes_disabled():
        votes = Vote.objects.filter(question_id=found["question"])
        left = votes.count()
        over = (
            votes.values("participant").annotate(n=Count("pk")).filter(n__gt=VOTES).count()
            + votes.values("participant", "theme")
            .annotate(n=Count("pk"))
            .filter(n__gt=PER_THEME)
            .count()
        )
        highest = votes.aggregate(m=Max("slot"))["m"] or 0
    return {
        **stats,
        "clients": len(sessions),
        "seconds": round(elapsed, 1),
        "votes_per_s": round(stats["cast"] / elapsed, 1) if elapsed else 0.0,
        "over_limit": over + int(highest > VOTES),
        "mismatched": int(left != stats["cast"] - stats["taken_back"]),
    }
