"""Workshops demo data, written from seed 002: Kempele's four tutor-teacher workshops of
November 2018 as closed workshops with their results, and one open workshop the demo
coordinator can run live.

Seed 002 is the result of the four workshops: per question the themes in their ranked
order (its numbered headings, here in normal capitalisation), the ideas beneath each theme
(its bullet points, as typed; a theme without bullets has one idea in the theme's own
words). Two headings of the seed hold two spaces where a sign was lost in the copy ("kysely
koulutustarpeista  keskustelut rehtorin kanssa"); they read "→" here. The seed names no
people and no days: the twelve participants are Kempele's demo people (the facilitator is
the demo coordinator), the days are Tuesdays of November 2018, and each theme's votes
(``VOTES``) are made up so that they reproduce the seed's ranking exactly: the first theme
has the most, each next one fewer (no ties). The workshops are anonymous: nobody is shown
as the author of an idea or the giver of a vote.

Idempotent: a workshop is keyed on its organisation and title and written only when
missing; a second run adds nothing (and prints the open workshop's join code again). Uses
the models directly (bulk inserts), never the services.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.orgs.demo import DEMO_DOMAIN
from tutori.orgs.models import Organisation
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

ORGANISATION = "Kempele"
FACILITATOR = "coordinator"
# Kempele's demo people with a login (tutors, principals and teachers of its schools).
PARTICIPANTS = [
    "tutor",
    "paivi.paakkonen",
    "jussi.jokela",
    "sanna.seppanen",
    "hannu.heikkinen",
    "manager",
    "marjo.manninen",
    "member",
    "anna.aho",
    "liisa.lehto",
    "mikko.mattila",
    "noora.niskanen",
]
TITLE = "Tutoropettajan työssään kohtaamat haasteet: työpaja {n}"
DESCRIPTION = (
    "Tutoropettajan työssään kohtaamat haasteet ja ongelmat. Työpajat marraskuussa 2018: "
    "ideat ryhmiteltiin teemoiksi, ja teemat järjestettiin äänestämällä."
)
VOTES_PER_PARTICIPANT = 4  # twelve people: 48 votes per question at most
STARTS_AT = dt.time(13, 0)
MINUTES = 90

# (question, day, [(theme, [ideas])], votes per theme in the seed's order)
Seed = tuple[str, dt.date, list[tuple[str, list[str]]], list[int]]
SEED_002: list[Seed] = [
    (
        "Miten koulut toisivat paremmin esiin omat tarpeensa tutoropettajatoiminnan "
        "hyödyntämiseksi?",
        dt.date(2018, 11, 6),
        [
            ("Kaikille opettajille kysely koulutustarpeista → keskustelut rehtorin kanssa", []),
            ("Tutoroinnin alueet tuotava näkyväksi – mihin voin saada tutorilta apua?", []),
            (
                "Tutoreiden alueellisuuden purkaminen",
                [
                    "alueellinen suunnittelu (tutorryhmä ja rehtorit jakavat resurssit)",
                    "keväällä tutor-rehtori-johtoryhmätapaaminen",
                    "tutor pommittaa joryn suuntaan",
                    "tutorin tapaaminen johtoryhmän kanssa",
                ],
            ),
            ("Kysely opettajille omasta osaamisesta koulun tutorointisuunnitelma", []),
            (
                "Nimikkotutor koululla, joka tuntee koulun ja kutsuu tarvittaessa muita tutoreita",
                [],
            ),
            ("Rehtorin ohjattava tutorin luo", []),
            ("Open tutorointi: tapavalinta (henkilökohtainenohjaus tai ryhmäohjaus)", []),
            ("Tiimit kartoittavat tarpeensa", []),
        ],
        [10, 8, 7, 6, 5, 4, 2, 1],
    ),
    (
        "Mistä löytyy yhteinen aika tutoropettajalle ja opettajalle?",
        dt.date(2018, 11, 13),
        [
            ("Ennakointi mahdollistaa YS-ajan käytön", []),
            (
                "Rehtori + johto suunnittelun apuna",
                [
                    "esimiehen sitoutuminen, tutorointitarpeiden kartoitus, ajan järjestäminen "
                    "tutorointiin"
                ],
            ),
            ("Joustavasti oppituntien sisällä", []),
            ("Koulukohtainen tutoropettaja", ["min 1 päivä viikossa"]),
            ("Helppo verkostoituminen", []),
            ("Kunnan yhteinen tutoraika", []),
            ("Kalenteri jakoo, yhteinen ja yksityinen (varauskalenteri Pedanetissä)", []),
            ("Kokoaikainen koordinaattori, käytännön langat", []),
            ("Sijaisbudjetti", ["mahdollistaa tutoroinnin tarvittaessa oppituntien aikana"]),
        ],
        [9, 8, 7, 6, 5, 4, 3, 2, 1],
    ),
    (
        "Milloin ja minkälaista koulutusta tutoropettajat kaipaavat?",
        dt.date(2018, 11, 20),
        [
            (
                "Kuntien välinen yhteistyö",
                [
                    "yhteiset tutor/mentoritapaamiset → koulutuspaketin valmistaminen",
                    "aineopetuksen yhteistyö alueellisesti",
                ],
            ),
            ("Yhteinen sisältökoulutus + arvot/linjat", []),
            ("Läpi vuoden pakettisuunnittelua", ["UPO + tutorit"]),
            ("Koulutukset tutorajalla", []),
            ("Jatkuva oman osaamisalueen taitojen päivittäminen/kehittäminen", []),
            ("Verkostot esim. arviointitiimi", ["kaupunki + tutorit tiiviimmiksi"]),
            ("Oppia vertaisten ohjaamisesta", []),
        ],
        [11, 9, 7, 6, 4, 3, 1],
    ),
    (
        "Miten opettajat saadaan innostumaan tutoropettajatoiminnasta?",
        dt.date(2018, 11, 27),
        [
            (
                "Rehtorit",
                [
                    "aktiivinen yhteistyö tutoreiden kanssa",
                    "opettajat täytyy sitouttaa oman työn osaamisen kehittämiseen",
                    "tuo tutoropettajatoiminnan ja mahdollisuudet tutuiksi ja näkyväksi",
                ],
            ),
            (
                "Pedavälkkä",
                [
                    "Välkän aikana esitellään malli/koulutus/idea",
                    "Toimintamalli kokeiluun → palaute kokeilusta",
                ],
            ),
            (
                "Kehityskeskustelu",
                ["Tutortoiminta osaksi jokaisen opettajan kehittämissuunnitelmaa"],
            ),
            ("Opettajan on mahdollista valita tutorointi eri aihepiireistä", []),
            ("Tutorin toimiminen vertaisena, tutor-termi piilotettu", []),
            ("Pitää olla aikaa, kiire syö innostumisen", []),
            ("Tutoreille itselleen osaamista ja intoa", ["Apua ja tukea opettajien tarpeisiin"]),
            ("Opettajia lähetetään tutorrahalla ulkopuolisiin koulutuksiin", []),
        ],
        [12, 9, 7, 6, 4, 3, 2, 1],
    ),
]

# The open workshop: in the ideas phase, nobody joined yet; the coordinator runs it live.
OPEN_TITLE = "Tutoropettajatoiminta kevätlukukaudella 2027"
OPEN_DESCRIPTION = (
    "Kempeleen tutoropettajien ja rehtoreiden yhteinen työpaja: ideat kevään "
    "tutoropettajatoimintaan. Liity koodilla, kirjoita ideoita ja äänestä teemoja."
)
OPEN_QUESTIONS = [
    "Mihin tutoropettajien aika kannattaa käyttää kevätlukukaudella?",
    "Miten tutoroinnista kerrotaan kaikille opettajille?",
]


def _moment(day: dt.date, at: dt.time, minutes: int = 0) -> dt.datetime:
    moment = dt.datetime.combine(day, at) + dt.timedelta(minutes=minutes)
    return timezone.make_aware(moment)


def ballots(counts: Sequence[int], people: int) -> list[list[int]]:
    """Per person, the themes (indexes) they vote for: each theme gets exactly its count,
    from as many different people (one vote per theme each), taken in turn so that nobody
    has more than one vote more than another."""
    if any(count > people for count in counts):
        raise ValueError("a theme can't have more votes than there are people")
    given: list[list[int]] = [[] for _ in range(people)]
    turn = 0
    for theme, count in enumerate(counts):
        for _ in range(count):
            given[turn % people].append(theme)
            turn += 1
    return given


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Workshop.objects.filter(join_code=code).exists():
            return code


def _closed(
    organisation: Organisation,
    facilitator: User,
    people: list[User],
    n: int,
    seed: Seed,
) -> dict[str, int]:
    text, day, themes_of, counts = seed
    opened = _moment(day, STARTS_AT)
    workshop = Workshop.objects.create(
        organisation=organisation,
        title=TITLE.format(n=n),
        description=DESCRIPTION,
        held_on=day,
        starts_at=STARTS_AT,
        status=Workshop.Status.CLOSED,
        votes_per_participant=VOTES_PER_PARTICIPANT,
        votes_per_theme=1,
        anonymous=True,
        join_code=_new_code(),  # kept after closing, and refused
        created_by=facilitator,
    )
    question = WorkshopQuestion.objects.create(
        workshop=workshop, position=1, text=text, phase=Phase.RESULTS
    )
    participants = WorkshopParticipant.objects.bulk_create(
        [
            WorkshopParticipant(workshop=workshop, user=person, display_name=person.display_name)
            for person in people
        ]
    )
    themes = Theme.objects.bulk_create(
        [
            Theme(question=question, name=name, position=position)
            for position, (name, _ideas) in enumerate(themes_of, start=1)
        ]
    )
    ideas: list[Idea] = []
    for theme, (name, bullets) in zip(themes, themes_of, strict=True):
        for position, idea in enumerate(bullets or [name], start=1):
            ideas.append(
                Idea(
                    question=question,
                    participant=participants[len(ideas) % len(participants)],
                    text=idea,
                    theme=theme,
                    position=position,
                )
            )
    Idea.objects.bulk_create(ideas)
    votes = [
        Vote(
            participant=participant,
            question=question,
            theme=themes[index],
            slot=slot,
            theme_slot=1,
        )
        for participant, chosen in zip(
            participants, ballots(counts, len(participants)), strict=True
        )
        for slot, index in enumerate(chosen, start=1)
    ]
    Vote.objects.bulk_create(votes)

    # The workshop's own times: ideas in its first half hour, votes at its end.
    Workshop.objects.filter(pk=workshop.pk).update(
        created_at=opened - dt.timedelta(days=14),
        updated_at=_moment(day, STARTS_AT, MINUTES),
        opened_at=opened,
        closed_at=_moment(day, STARTS_AT, MINUTES),
    )
    WorkshopParticipant.objects.filter(workshop=workshop).update(joined_at=opened)
    Idea.objects.filter(question=question).update(created_at=_moment(day, STARTS_AT, 20))
    Theme.objects.filter(question=question).update(created_at=_moment(day, STARTS_AT, 45))
    Vote.objects.filter(question=question).update(created_at=_moment(day, STARTS_AT, 75))
    WorkshopQuestion.objects.filter(pk=question.pk).update(
        revision=len(ideas) + len(themes) + len(votes)
    )
    return {"workshops": 1, "themes": len(themes), "ideas": len(ideas), "votes": len(votes)}


def _open(organisation: Organisation, facilitator: User) -> Workshop:
    now = timezone.now()
    workshop = Workshop.objects.create(
        organisation=organisation,
        title=OPEN_TITLE,
        description=OPEN_DESCRIPTION,
        held_on=timezone.localdate(),
        status=Workshop.Status.OPEN,
        anonymous=True,
        join_code=_new_code(),
        created_by=facilitator,
        opened_at=now,
    )
    WorkshopQuestion.objects.bulk_create(
        [
            WorkshopQuestion(workshop=workshop, position=position, text=text, phase=Phase.IDEAS)
            for position, text in enumerate(OPEN_QUESTIONS, start=1)
        ]
    )
    return workshop


@scopes_disabled()
@transaction.atomic
def workshops_demo_load() -> dict[str, Any]:
    """Create the seed 002 workshops and the open one (needs the orgs demo); a second run
    adds nothing. Returns the counts added and the open workshop's join code."""
    organisation = Organisation.objects.filter(name=ORGANISATION, parent=None).first()
    facilitator = User.objects.filter(email=f"{FACILITATOR}@{DEMO_DOMAIN}").first()
    if organisation is None or facilitator is None:
        return {}
    found = {u.email: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    people = [found[e] for local in PARTICIPANTS if (e := f"{local}@{DEMO_DOMAIN}") in found]
    counts: dict[str, Any] = {"workshops": 0, "themes": 0, "ideas": 0, "votes": 0}
    existing = set(
        Workshop.objects.filter(organisation=organisation).values_list("title", flat=True)
    )
    for n, seed in enumerate(SEED_002, start=1):
        if TITLE.format(n=n) in existing or len(people) < max(seed[3]):
            continue
        for key, value in _closed(organisation, facilitator, people, n, seed).items():
            counts[key] += value
    running = Workshop.objects.filter(organisation=organisation, title=OPEN_TITLE).first()
    if running is None:
        running = _open(organisation, facilitator)
        counts["workshops"] += 1
    counts["join_code"] = running.join_code
    return counts


def demo_lines() -> list[str]:
    """The demo step: load, and say what was added and the open workshop's join code."""
    counts = workshops_demo_load()
    if not counts:
        return []
    code = counts["join_code"]
    return [
        f"Demo workshops: {counts['workshops']} added ({counts['themes']} themes, "
        f"{counts['ideas']} ideas, {counts['votes']} votes; none added on a second run).",
        f"  Open workshop run by {FACILITATOR}@{DEMO_DOMAIN}: join code {code} "
        f"(/workshops/join/{code}/)",
        "",
    ]
