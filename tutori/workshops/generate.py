"""Synthetic workshops for the benchmark (``tutori generate``): one workshop per
``PEOPLE_PER_WORKSHOP`` people, each run by a municipality (in turn) and facilitated by a
tutor of its first school, with two or three questions, 12–28 participants from the
municipality's schools, 24–52 ideas per question grouped into 4–8 themes and three votes per
participant per question (one per theme). Most workshops are closed (held during the last
two years, every question in "results"), some run today with their questions in the ideas,
grouping or voting phase (their themes, groupings and votes under way), a few are drafts
for the coming weeks. At national scale 2 000 workshops, about 200 000 ideas and 250 000
votes, written with bulk inserts, a batch of workshops at a time.

The benchmark's targets are the first municipality's first two workshops: a closed one the
bench coordinator facilitated (its results page and exports), and one running today whose
first question is in the ideas phase, joined by the bench member and the bench tutor (the
participant's page and its poll).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from random import Random
from typing import Any

from django.utils import timezone

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.orgs.generate import BATCH, BENCH_DOMAIN
from tutori.orgs.models import Organisation, today
from tutori.workshops.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Idea,
    Phase,
    Theme,
    Vote,
    Workshop,
    WorkshopParticipant,
    WorkshopQuestion,
)

PEOPLE_PER_WORKSHOP = 30  # national: 60 000 people, 2 000 workshops
CHUNK = 100  # workshops written at a time (their ideas and votes held in memory)
VOTES = 3
TITLE = "Tutoropettajatoiminnan työpaja {n}"
QUESTIONS = [
    "Miten koulut toisivat paremmin esiin omat tarpeensa tutoropettajatoiminnan hyödyntämiseksi?",
    "Mistä löytyy yhteinen aika tutoropettajalle ja opettajalle?",
    "Milloin ja minkälaista koulutusta tutoropettajat kaipaavat?",
    "Miten opettajat saadaan innostumaan tutoropettajatoiminnasta?",
    "Mitä digitaitoja opettajat tarvitsevat seuraavaksi?",
    "Miten vertaisoppimista voisi lisätä koulun arjessa?",
]
THEMES = [
    "Yhteinen suunnitteluaika",
    "Rehtorin tuki",
    "Tutoroinnin näkyvyys",
    "Kuntien välinen yhteistyö",
    "Koulutustarpeiden kartoitus",
    "Sijaisjärjestelyt",
    "Verkostot",
    "Digitaidot",
    "Arviointi",
    "Tiimien tarpeet",
    "Pedavälkkä",
    "Kehityskeskustelut",
]
SUBJECTS = [
    "Kysely opettajille",
    "Tutorin vastaanotto",
    "Pedavälkkä",
    "Yhteinen varauskalenteri",
    "Tiimipalaverin alussa lyhyt vinkki",
    "Rehtorin kanssa sovittu tutorointiaika",
    "Nimikkotutor",
    "Sijaisbudjetti",
    "Kunnan yhteinen tutoraika",
    "Vertaisvierailu toisen opettajan tunnilla",
]
WHEN = [
    "kerran kuussa",
    "jokaisessa koulussa",
    "lukuvuoden alussa",
    "YS-ajalla",
    "ennen arviointiviikkoa",
    "koko kunnan yhteisenä",
    "tiimeittäin",
    "tarpeen mukaan",
]


def _code(rng: Random, taken: set[str]) -> str:
    while True:
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def _pools(
    towns: Sequence[Organisation], schools: Sequence[Organisation], members: Sequence[list[int]]
) -> dict[int, list[int]]:
    """The members of each municipality's schools, by municipality id."""
    pools: dict[int, list[int]] = {town.pk: [] for town in towns}
    for school, people in zip(schools, members, strict=False):
        pools.setdefault(school.parent_id or school.pk, []).extend(people)
    return pools


def _facilitators(
    towns: Sequence[Organisation], schools: Sequence[Organisation], tutors: Sequence[int]
) -> dict[int, int | None]:
    """A tutor of each municipality's first school (None when it has none)."""
    found: dict[int, int | None] = {town.pk: None for town in towns}
    for school, tutor in zip(schools, tutors, strict=False):
        town = school.parent_id or school.pk
        if found.get(town) is None and tutor:
            found[town] = tutor
    return found


@scopes_disabled()
def workshops(
    *, scale: dict[str, int], rng: Random, state: dict[str, Any], progress: Callable[..., None]
) -> None:
    towns: list[Organisation] = state["municipalities"]
    schools: list[Organisation] = state["schools"]
    pools = _pools(towns, schools, state.get("members_by_school", []))
    facilitators = _facilitators(towns, schools, state.get("tutor_by_school", []))
    bench = {
        login: pk
        for login, pk in User.objects.filter(
            email__in=[f"{x}@{BENCH_DOMAIN}" for x in ("coordinator", "member", "tutor")]
        ).values_list("email", "pk")
    }
    coordinator = bench.get(f"coordinator@{BENCH_DOMAIN}")
    if coordinator is not None:
        facilitators[towns[0].pk] = coordinator
    live_people = [
        pk for x in ("member", "tutor") if (pk := bench.get(f"{x}@{BENCH_DOMAIN}")) is not None
    ]
    names = dict(User.objects.values_list("pk", "display_name").iterator(chunk_size=BATCH))
    total = max(scale["people"] // PEOPLE_PER_WORKSHOP, 3)
    # The bench member's running workshop: the first municipality's second one.
    live = len(towns) if len(towns) < total else 1
    codes: set[str] = set(
        Workshop.objects.exclude(join_code=None).values_list("join_code", flat=True)
    )
    counts = {"workshops": 0, "ideas": 0, "votes": 0}
    targets: dict[str, int] = {}
    for start in range(0, total, CHUNK):
        batch = Batch(rng, codes, names)
        for n in range(start, min(start + CHUNK, total)):
            town = towns[n % len(towns)].pk if n != live else towns[0].pk
            pool = pools.get(town, [])
            people = rng.sample(pool, min(rng.randint(12, 28), len(pool)))
            if n == 0:  # the bench coordinator's results
                batch.add(n, town, facilitators.get(town), Workshop.Status.CLOSED, people)
            elif n == live:
                people = live_people + [p for p in people if p not in live_people]
                phases = [Phase.IDEAS, Phase.GROUPING, Phase.VOTING]
                batch.add(n, town, facilitators.get(town), Workshop.Status.OPEN, people, phases)
            else:
                r = rng.random()
                status = (
                    Workshop.Status.DRAFT
                    if r < 0.03
                    else Workshop.Status.OPEN
                    if r < 0.10
                    else Workshop.Status.CLOSED
                )
                batch.add(n, town, facilitators.get(town), status, people)
        batch.write()
        if 0 in batch.by_number:
            targets["workshop"] = batch.by_number[0].pk
        if live in batch.by_number:
            targets["workshop_live"] = batch.by_number[live].pk
            targets["workshop_question"] = batch.first_question[live].pk
        counts["workshops"] += len(batch.workshops)
        counts["ideas"] += len(batch.ideas)
        counts["votes"] += len(batch.votes)
        progress("workshops", min(start + CHUNK, total), total)
    progress("workshop ideas", counts["ideas"])
    progress("workshop votes", counts["votes"])
    state.update(workshops=counts["workshops"], **targets)


class Batch:
    """A batch of workshops built in memory, then written table by table."""

    def __init__(self, rng: Random, codes: set[str], names: dict[int, str]) -> None:
        self.rng, self.codes, self.names = rng, codes, names
        self.now = today()
        self.workshops: list[Workshop] = []
        self.questions: list[WorkshopQuestion] = []
        self.participants: list[WorkshopParticipant] = []
        self.themes: list[Theme] = []
        self.ideas: list[Idea] = []
        self.votes: list[Vote] = []
        self.by_number: dict[int, Workshop] = {}
        self.first_question: dict[int, WorkshopQuestion] = {}

    def add(
        self,
        n: int,
        town: int,
        facilitator: int | None,
        status: str,
        people: list[int],
        phases: Sequence[str] | None = None,
    ) -> Workshop:
        rng = self.rng
        if status == Workshop.Status.CLOSED:
            held_on = self.now - dt.timedelta(days=rng.randrange(7, 730))
        elif status == Workshop.Status.OPEN:
            held_on = self.now
        else:
            held_on = self.now + dt.timedelta(days=rng.randrange(7, 60))
        opened_at = (
            timezone.make_aware(dt.datetime.combine(held_on, dt.time(13)))
            if status != Workshop.Status.DRAFT
            else None
        )
        workshop = Workshop(
            organisation_id=town,
            title=TITLE.format(n=n + 1),
            description="Tutoropettajien, rehtoreiden ja opettajien yhteinen työpaja.",
            held_on=held_on,
            starts_at=dt.time(13),
            status=status,
            votes_per_participant=VOTES,
            votes_per_theme=1,
            anonymous=rng.random() < 0.8,
            join_code=_code(rng, self.codes) if status != Workshop.Status.DRAFT else None,
            created_by_id=facilitator,
            opened_at=opened_at,
            closed_at=opened_at + dt.timedelta(minutes=90)
            if opened_at and status == Workshop.Status.CLOSED
            else None,
        )
        self.workshops.append(workshop)
        self.by_number[n] = workshop
        texts = rng.sample(QUESTIONS, len(phases) if phases else rng.choice((2, 3, 3)))
        if phases is None:
            phases = [
                Phase.RESULTS
                if status == Workshop.Status.CLOSED
                else Phase.IDEAS
                if status == Workshop.Status.DRAFT
                else rng.choice((Phase.IDEAS, Phase.GROUPING, Phase.VOTING))
                for _ in texts
            ]
        joined = (
            [
                WorkshopParticipant(
                    workshop=workshop, user_id=pk, display_name=self.names.get(pk, "")[:60]
                )
                for pk in people
            ]
            if status != Workshop.Status.DRAFT
            else []
        )
        self.participants += joined
        for position, (text, phase) in enumerate(zip(texts, phases, strict=True), start=1):
            question = WorkshopQuestion(
                workshop=workshop, position=position, text=text, phase=phase
            )
            self.questions.append(question)
            self.first_question.setdefault(n, question)
            if joined:
                question.revision = self._question(question, phase, joined)
        return workshop

    def _question(
        self, question: WorkshopQuestion, phase: str, joined: list[WorkshopParticipant]
    ) -> int:
        """The ideas, themes and votes of one question in ``phase``; how many were made."""
        rng = self.rng
        themes = (
            [
                Theme(question=question, name=name, position=position)
                for position, name in enumerate(rng.sample(THEMES, rng.randint(4, 8)), start=1)
            ]
            if phase != Phase.IDEAS
            else []
        )
        grouped: float = {str(Phase.IDEAS): 0.0, str(Phase.GROUPING): 0.6}.get(phase, 0.92)
        positions = [0] * (len(themes) + 1)
        ideas = []
        for _ in range(rng.randint(24, 52)):
            index = rng.randrange(len(themes)) if themes and rng.random() < grouped else -1
            positions[index] += 1
            ideas.append(
                Idea(
                    question=question,
                    participant=rng.choice(joined),
                    text=f"{rng.choice(SUBJECTS)} {rng.choice(WHEN)}",
                    theme=themes[index] if index >= 0 else None,
                    position=positions[index],
                )
            )
        voted: float = {str(Phase.VOTING): 0.5, str(Phase.RESULTS): 0.85}.get(phase, 0.0)
        votes = [
            Vote(participant=person, question=question, theme=theme, slot=slot, theme_slot=1)
            for person in joined
            if rng.random() < voted
            for slot, theme in enumerate(rng.sample(themes, min(VOTES, len(themes))), start=1)
        ]
        self.themes += themes
        self.ideas += ideas
        self.votes += votes
        return len(themes) + len(ideas) + len(votes)

    def write(self) -> None:
        for rows in (
            self.workshops,
            self.questions,
            self.participants,
            self.themes,
            self.ideas,
            self.votes,
        ):
            if rows:
                type(rows[0]).objects.bulk_create(rows, batch_size=BATCH)
