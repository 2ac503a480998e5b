"""A workshop with a result, for the results part's tests (W3): written straight to the
tables, so the tests of the result read what the services would have left.

``puimala(world)``: Oulu's closed workshop "Puimala 1" (anonymous unless told) with two
questions. The first, in its results phase, has four themes whose ranking exercises every
rule: "Tutoroinnin alueet näkyviksi" 3 votes, "Kysely opettajille" 2, then two themes with one
vote each — "Tasapeli ideoissa" with two ideas before "Nimikkotutor" with one (its position
comes first, the idea count decides) — and one idea left without a theme. The second
question is still in its voting phase (only the facilitator's live tally shows it).
Participants: Olli Opettaja (the world's member, with an account) and two without accounts,
Salainen Sanna and Piilo Pekka: no page or file of an anonymous workshop may name them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tutori.workshops.models import (
    Idea,
    Phase,
    Theme,
    Vote,
    Workshop,
    WorkshopParticipant,
    WorkshopQuestion,
)

RANKED = [
    "Tutoroinnin alueet näkyviksi",
    "Kysely opettajille",
    "Tasapeli ideoissa",
    "Nimikkotutor",
]
NAMES = ["Olli Opettaja", "Salainen Sanna", "Piilo Pekka"]
UNGROUPED = "Jäi yksin 🙂"


@dataclass
class Puimala:
    workshop: Workshop
    question: WorkshopQuestion
    voting: WorkshopQuestion
    themes: dict[str, Theme] = field(default_factory=dict)
    participants: list[WorkshopParticipant] = field(default_factory=list)


def puimala(
    world: Any, *, organisation: Any = None, anonymous: bool = True, **kwargs: Any
) -> Puimala:
    workshop = Workshop.objects.create(
        organisation=organisation or world.oulu,
        network=kwargs.get("network"),
        title=kwargs.get("title", "Puimala 1"),
        held_on=kwargs.get("held_on", date(2018, 11, 6)),
        status=kwargs.get("status", Workshop.Status.CLOSED),
        anonymous=anonymous,
        votes_per_participant=3,
        created_by=kwargs.get("created_by", world.coordinator),
    )
    question = WorkshopQuestion.objects.create(
        workshop=workshop,
        position=1,
        text="Miten koulut toisivat paremmin esiin omat tarpeensa?",
        phase=Phase.RESULTS,
    )
    voting = WorkshopQuestion.objects.create(
        workshop=workshop, position=2, text="Mistä löytyy yhteinen aika?", phase=Phase.VOTING
    )
    made = Puimala(workshop=workshop, question=question, voting=voting)
    made.participants = [
        WorkshopParticipant.objects.create(
            workshop=workshop, user=world.member, display_name=NAMES[0]
        ),
        WorkshopParticipant.objects.create(
            workshop=workshop, display_name=NAMES[1], key_hash=f"{workshop.pk}-sanna"
        ),
        WorkshopParticipant.objects.create(
            workshop=workshop, display_name=NAMES[2], key_hash=f"{workshop.pk}-pekka"
        ),
    ]
    olli, sanna, pekka = made.participants
    # Positions differ from the ranking on purpose: votes decide first.
    for position, name in enumerate(
        ["Kysely opettajille", "Nimikkotutor", "Tutoroinnin alueet näkyviksi", "Tasapeli ideoissa"],
        start=1,
    ):
        made.themes[name] = Theme.objects.create(question=question, name=name, position=position)
    ideas = {
        "Kysely opettajille": [(olli, "Kaikille opettajille kysely koulutustarpeista")],
        "Nimikkotutor": [(sanna, "Nimikkotutor koululla, joka tuntee koulun")],
        "Tutoroinnin alueet näkyviksi": [
            (sanna, "Mihin voin saada tutorilta apua?"),
            (pekka, "Alueet näkyviksi = +tiedote"),
        ],
        "Tasapeli ideoissa": [(olli, "Tiimit kartoittavat tarpeensa"), (pekka, "Rehtori ohjaa")],
    }
    for name, texts in ideas.items():
        for position, (participant, text) in enumerate(texts, start=1):
            Idea.objects.create(
                question=question,
                participant=participant,
                text=text,
                theme=made.themes[name],
                position=position,
            )
    Idea.objects.create(question=question, participant=pekka, text=UNGROUPED, position=9)
    votes = {
        olli: ["Tutoroinnin alueet näkyviksi", "Kysely opettajille", "Nimikkotutor"],
        sanna: ["Tutoroinnin alueet näkyviksi", "Kysely opettajille", "Tasapeli ideoissa"],
        pekka: ["Tutoroinnin alueet näkyviksi"],
    }
    for participant, names in votes.items():
        for slot, name in enumerate(names, start=1):
            Vote.objects.create(
                participant=participant,
                question=question,
                theme=made.themes[name],
                slot=slot,
                theme_slot=1,
            )
    # The question still in voting: one theme, one vote (the facilitator's live tally).
    early = Theme.objects.create(question=voting, name="Kunnan yhteinen tutoraika", position=1)
    Idea.objects.create(question=voting, participant=olli, text="Yhteinen aika", theme=early)
    Vote.objects.create(participant=olli, question=voting, theme=early, slot=1, theme_slot=1)
    return made
