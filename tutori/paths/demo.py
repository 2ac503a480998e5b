"""Paths demo data, written from seed 003 (Parik-säätiö's "Vertaisohjaajana työpajalla";
names of people invented): the peer mentor's service path and its six graduates.

The path template of Parik-säätiö: willingness mapped → the four-session peer-mentor
training (completed by the training's completion, a milestone of the programmes demo) →
acting as a peer mentor at the workshop (the pin) → a short supervision 1–2 weeks after the
training → a long one 3–4 weeks after → feedback. The six workshop participants who
completed the demo training are on it, in their own workshops, coached by the demo coach
(Ville Valmentaja), at different steps counted from the day the training completed and from
today:

- Aleksi: every step done; the path is complete (both supervisions recorded, a reflection).
- Jenni: the long supervision was moved (she was ill) and held last week; the feedback is
  open now (both supervisions recorded, a reflection).
- Mika: the short supervision held; the long one is overdue.
- Niina: the pin given; the short supervision is overdue.
- Sami: the long supervision was moved to this week (a work trial); it is open.
- Veera: both supervisions were moved to the coming weeks (a sewing order at the workshop).

Idempotent: the template is keyed on its organisation and name and its people are added
only when it is created; a second run adds nothing. The training is found through the
programmes' milestone source (paths never import programmes); without the programmes demo
there is nothing to add. Uses the models directly (bulk inserts), never the services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from tutori.accounts.models import User
from tutori.core import registry
from tutori.core.scoping import scopes_disabled
from tutori.orgs.demo import DEMO_DOMAIN
from tutori.orgs.models import Membership, Organisation, Role
from tutori.paths.models import (
    Anchor,
    PathStep,
    PathTemplate,
    PathVersion,
    PersonPath,
    PersonStep,
    Reflection,
    Responsible,
    StepKind,
    SupervisionNote,
)
from tutori.paths.services.schedule import window

ORGANISER = "Parik-säätiö"
NAME = "Vertaisohjaajan palvelupolku"
TRAINING = "Vertaisohjaajakoulutus"
MILESTONE_KEY = "programmes.completed"
DESCRIPTION = (
    "Vertaisohjaajana työpajalla -toimintamallin palvelupolku: halukkuus kartoitetaan, "
    "halukkaat käyvät nelikertaisen vertaisohjaajakoulutuksen ja toimivat sen jälkeen "
    "vertaisohjaajina työpajalla työpajatyön ohessa. Koulutuksen jälkeen valmentaja käy "
    "vertaisohjaajan kanssa työnohjauskeskustelun kahdesti: lyhyen 1–2 viikkoa ja pitkän "
    "3–4 viikkoa koulutuksesta."
)

WILLING, COURSE, ROLE, SHORT, LONG, FEEDBACK = range(6)
# (title, kind, responsible, anchor, anchored step, after, within, needs, instructions)
STEPS: list[tuple[str, str, str, str, int | None, int, int, list[int], str]] = [
    (
        "Halukkuuden kartoitus",
        StepKind.TASK,
        Responsible.COACH,
        Anchor.START,
        None,
        0,
        14,
        [],
        "Keskustele valmentautujan kanssa vertaisohjaajatoiminnasta ja kartoita, haluaako "
        "hän lähteä mukaan.",
    ),
    (
        "Vertaisohjaajakoulutus",
        StepKind.PROGRAMME,
        Responsible.PERSON,
        Anchor.STEP,
        WILLING,
        0,
        60,
        [WILLING],
        "Nelikertainen koulutus: vuorovaikutus, itsetuntemus, ryhmänohjaus ja vertaisohjaajan "
        "tehtävät. Vaihe valmistuu, kun koulutus on suoritettu.",
    ),
    (
        "Vertaisohjaajana työpajalla",
        StepKind.ROLE,
        Responsible.COACH,
        Anchor.MILESTONE,
        None,
        0,
        7,
        [COURSE],
        "Anna vertaisohjaajan pinssi ja kerro pajan työvalmentajille, mitä vertaisohjaaja "
        "tekee: tukee perehdytyksessä, antaa henkistä tukea, kannustaa työturvallisiin "
        "menetelmiin ja toimii esimerkkinä.",
    ),
    (
        "Lyhyt työnohjaus",
        StepKind.SUPERVISION,
        Responsible.COACH,
        Anchor.MILESTONE,
        None,
        7,
        14,
        [COURSE],
        "Työnohjauskeskustelu 1–2 viikkoa koulutuksesta: kokemukset vertaisohjaajana "
        "toimimisesta, ongelmatilanteet ja niiden ratkaisut yhdessä.",
    ),
    (
        "Pitkä työnohjaus",
        StepKind.SUPERVISION,
        Responsible.COACH,
        Anchor.MILESTONE,
        None,
        21,
        28,
        [SHORT],
        "Työnohjauskeskustelu 3–4 viikkoa koulutuksesta: palautetta, vinkkejä ja "
        "kehittämisideoita puolin ja toisin.",
    ),
    (
        "Palaute",
        StepKind.FEEDBACK,
        Responsible.PERSON,
        Anchor.STEP,
        LONG,
        0,
        14,
        [LONG],
        "Vastaa vertaisohjaajatoiminnan palautekyselyyn: mikä auttoi, mikä oli vaikeaa ja "
        "miten toimintaa voisi kehittää.",
    ),
]

# Per graduate (in the training's order): the day each step was done, in days from the day
# the training completed ("T±n": from today; None: not done), the windows moved (step →
# (from, to) from today, reason), and whether the path is complete.
Plan = dict[str, Any]
PLANS: list[Plan] = [
    {  # Aleksi: all done
        "done": {ROLE: 2, SHORT: 10, LONG: 24, FEEDBACK: 30},
        "notes": [SHORT, LONG],
        "reflection": True,
    },
    {  # Jenni: the long supervision moved and held; the feedback open
        "done": {ROLE: 3, SHORT: 9, LONG: "T-5"},
        "moved": {LONG: (-10, -4, "Jenni oli sairaana; pitkä työnohjaus siirrettiin.")},
        "notes": [SHORT, LONG],
        "reflection": True,
    },
    {  # Mika: the long supervision overdue
        "done": {ROLE: 3, SHORT: 12},
        "notes": [SHORT],
    },
    {  # Niina: the short supervision overdue
        "done": {ROLE: 4},
    },
    {  # Sami: the long supervision moved to this week
        "done": {ROLE: 3, SHORT: 13},
        "moved": {
            LONG: (-2, 4, "Sami oli kaksi viikkoa työkokeilussa; sovittiin uusi aika."),
        },
        "notes": [SHORT],
    },
    {  # Veera: both supervisions moved to the coming weeks
        "done": {ROLE: 2},
        "moved": {
            SHORT: (3, 10, "Ompelupajan kiireinen tilaustyö; lyhyt työnohjaus siirrettiin."),
            LONG: (24, 31, "Siirretty lyhyen työnohjauksen mukana."),
        },
    },
]

NOTES: dict[int, dict[str, str]] = {
    SHORT: {
        "problems": (
            "Uusi valmentautuja ei halunnut ottaa neuvoja vastaan koneiden käytössä, ja "
            "vertaisohjaaja jäi miettimään, kuuluuko asia hänelle vai työvalmentajalle."
        ),
        "solutions": (
            "Sovittiin, että vertaisohjaaja näyttää ensin itse mallia ja pyytää "
            "työvalmentajan mukaan, jos tilanne toistuu. Työturvallisuudesta ei jousteta."
        ),
        "feedback_given": (
            "Olet rauhallinen ja selkeä perehdyttäjä; uudet tulevat kysymään sinulta."
        ),
        "feedback_received": (
            "Kaikki työvalmentajat eivät tiedä, mitä vertaisohjaaja tekee: toive, että asia "
            "kerrotaan pajan aamupalaverissa."
        ),
        "ideas": "Pinssi näkyviin työtakkiin, jotta uudet tunnistavat vertaisohjaajan.",
        "person_view": "Tuntuu hyvältä, kun voi auttaa. Välillä jännittää, osaako vastata oikein.",
    },
    LONG: {
        "problems": (
            "Pajalla oli ollut kireä tilanne kahden valmentautujan välillä tauolla; "
            "vertaisohjaaja oli yrittänyt rauhoitella ja väsynyt itse."
        ),
        "solutions": (
            "Käytiin läpi, milloin vertaisohjaaja voi tukea ja milloin tilanne siirretään "
            "työvalmentajalle. Sovittiin lyhyt purku valmentajan kanssa aina tällaisen päivän "
            "jälkeen."
        ),
        "feedback_given": "Huomasit tilanteen ajoissa ja pyysit apua: juuri niin kuuluukin.",
        "feedback_received": (
            "Koulutuksen ryhmänohjausharjoitukset olivat hyödyllisimpiä; niitä toivotaan lisää."
        ),
        "ideas": "Vertaisohjaajien yhteinen tapaaminen kerran kuussa kokemusten jakamiseen.",
        "person_view": (
            "Olen oppinut sanomaan, etten tiedä, ja ohjaamaan kysymään valmentajalta. Itsetunto "
            "on kasvanut."
        ),
    },
}
REFLECTION = (
    "Koulutuksen jälkeen olen uskaltanut mennä juttelemaan uusille pajalaisille. Pinssi "
    "auttaa: ihmiset tietävät, keneltä voi kysyä. Välillä on raskasta kuunnella toisten "
    "murheita, mutta työnohjauksessa siitä pystyi puhumaan."
)


def _training(coordinator: User) -> tuple[str, Any] | None:
    """The demo training's milestone id (through the programmes' milestone source: its
    choices are the programmes the coordinator manages) and its cohort's source."""
    source = registry.milestone_source(MILESTONE_KEY)
    if source is None:
        return None
    for item, label in source.choices(coordinator):
        if label.startswith(TRAINING):
            return item, source
    return None


def _workshop(person_id: int, parent: Organisation) -> Organisation:
    membership = (
        Membership.objects.filter(user_id=person_id, organisation__parent=parent, role=Role.MEMBER)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return membership.organisation if membership else parent


def _day(value: int | str, completed: dt.date, today: dt.date) -> dt.date:
    if isinstance(value, str):  # "T-5": from today
        return today + dt.timedelta(days=int(value[1:]))
    return completed + dt.timedelta(days=value)


@scopes_disabled()
@transaction.atomic
def paths_demo_load() -> dict[str, int]:
    """Create the demo path and its people (needs the orgs and programmes demos); a second
    run adds nothing."""
    organiser = Organisation.objects.filter(name=ORGANISER).first()
    coordinator = User.objects.filter(email=f"sari.salminen@{DEMO_DOMAIN}").first()
    coach = User.objects.filter(email=f"coach@{DEMO_DOMAIN}").first()
    if organiser is None or coordinator is None or coach is None:
        return {}
    if PathTemplate.objects.filter(organisation=organiser, name=NAME).exists():
        return {}
    found = _training(coordinator)
    if found is None:
        return {}
    item, source = found
    ref = f"{MILESTONE_KEY}:{item}"
    cohort = next((c for c in registry.cohort_sources() if c.key == "programmes"), None)
    graduates = [
        (pk, on)
        for pk in (cohort.members(item) if cohort else [])
        if (on := source.reached(item, pk)) is not None
    ]
    if not graduates:
        return {}

    template = PathTemplate.objects.create(
        organisation=organiser, name=NAME, description=DESCRIPTION, created_by=coordinator
    )
    version = PathVersion.objects.create(template=template, number=1, created_by=coordinator)
    steps: list[PathStep] = []
    for position, (title, kind, responsible, anchor, on_step, after, within, _n, text) in enumerate(
        STEPS, start=1
    ):
        step = PathStep.objects.create(
            version=version,
            position=position,
            title=title,
            kind=kind,
            responsible=responsible,
            instructions=text,
            anchor=anchor,
            anchor_step=steps[on_step] if on_step is not None else None,
            milestone=ref if anchor == Anchor.MILESTONE else "",
            due_after_days=after,
            due_within_days=within,
            completed_by=ref if position - 1 == COURSE else "",
        )
        steps.append(step)
    for step, row in zip(steps, STEPS, strict=True):
        if row[7]:
            step.depends_on.set([steps[n] for n in row[7]])

    today = timezone.localdate()
    counts = {"paths": 0, "notes": 0, "reflections": 0}
    for (person_id, completed), plan in zip(graduates, PLANS, strict=False):
        counts_of = _path(
            template, version, steps, person_id, completed, plan, coach, organiser, today
        )
        for key, value in counts_of.items():
            counts[key] += value
    return counts


def _path(
    template: PathTemplate,
    version: PathVersion,
    steps: list[PathStep],
    person_id: int,
    completed: dt.date,
    plan: Plan,
    coach: User,
    organiser: Organisation,
    today: dt.date,
) -> dict[str, int]:
    started = completed - dt.timedelta(days=50)
    done: dict[int, dt.date] = {
        WILLING: started + dt.timedelta(days=3),
        COURSE: completed,
        **{n: _day(v, completed, today) for n, v in plan["done"].items()},
    }
    moved: dict[int, tuple[int, int, str]] = plan.get("moved", {})
    rows: list[PersonStep] = []
    for n, step in enumerate(steps):
        if step.anchor == Anchor.START:
            anchor_on: dt.date | None = started
        elif step.anchor == Anchor.MILESTONE:
            anchor_on = completed
        else:
            anchor_on = done.get(STEPS[n][4] or 0)
        ps = PersonStep(step=step, anchor_on=anchor_on, done_on=done.get(n))
        if anchor_on is not None:
            ps.due_from, ps.due_to = window(
                anchor_on, after_days=step.due_after_days, within_days=step.due_within_days
            )
        if n in moved:
            first, last, reason = moved[n]
            ps.due_from = today + dt.timedelta(days=first)
            ps.due_to = today + dt.timedelta(days=last)
            ps.rescheduled_reason, ps.rescheduled_by = reason, coach
        if ps.done_on is not None:
            ps.done_by = coach if step.responsible != Responsible.PERSON else None
        elif ps.due_to is not None and ps.due_to < today:
            # The overdue reminder went when the window closed.
            ps.reminded_overdue_at = timezone.make_aware(
                dt.datetime.combine(ps.due_to + dt.timedelta(days=1), dt.time(8))
            )
        if (
            ps.due_from is not None
            and ps.due_from <= today
            and (ps.done_on is not None or (ps.due_to is not None and ps.due_to < today))
        ):
            ps.reminded_open_at = timezone.make_aware(dt.datetime.combine(ps.due_from, dt.time(8)))
        rows.append(ps)
    all_done = all(ps.done_on is not None for ps in rows)
    path = PersonPath.objects.create(
        template=template,
        version=version,
        organisation=_workshop(person_id, organiser),
        person_id=person_id,
        coach=coach,
        status=PersonPath.Status.COMPLETED if all_done else PersonPath.Status.ACTIVE,
        started_on=started,
        completed_on=max(d for d in (ps.done_on for ps in rows) if d) if all_done else None,
        created_by=coach,
    )
    for ps in rows:
        ps.path = path
    PersonStep.objects.bulk_create(rows)
    notes = [
        SupervisionNote(
            path=path,
            person_step=rows[n],
            author=coach,
            held_on=rows[n].done_on or today,
            duration_minutes=30 if n == SHORT else 60,
            **NOTES[n],
        )
        for n in plan.get("notes", [])
    ]
    SupervisionNote.objects.bulk_create(notes)
    reflections = 0
    if plan.get("reflection"):
        Reflection.objects.create(path=path, person_step=rows[LONG], text=REFLECTION)
        reflections = 1
    return {"paths": 1, "notes": len(notes), "reflections": reflections}
