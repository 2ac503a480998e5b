"""Surveys demo data, written from seeds 002 and 004.

In the tutor-teacher municipality of the demo (the demo coordinator's): a closed survey of the
teachers' tutoring needs made from the built-in instrument, with a few hundred answers from
its schools (each school needs somewhat different things; one topic nobody offers), so every
school has a tutoring plan; an open course-feedback survey sent to the demo teacher ("Omat
kyselyt"); and in the job-coaching network a draft pre-assessment made from seed 004's
self-assessment, ready to send. Idempotent: surveys are keyed on their organisation and
title, answers are added only to a needs survey that has none.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from random import Random
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from tutori.accounts.models import User
from tutori.core import registry
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Membership, Organisation, OrganisationKind, Role
from tutori.surveys import instruments
from tutori.surveys.instruments import survey_from_instrument
from tutori.surveys.models import (
    Answer,
    Choice,
    Question,
    Recipient,
    Response,
    Survey,
    token_hash,
)
from tutori.surveys.services.plan import plan_tallies_store

NEEDS_TITLE = "Opettajien tutorointitarpeet, syksy 2026"
FEEDBACK_TITLE = "Palaute: Teamsin tehtävät -koulutus"
PRE_TITLE = "Työvalmentajakoulutus: alkuarviointi"
ANSWERS_PER_SCHOOL = (72, 58, 64, 49, 61)
# The need questions of the instrument and the demo topic each asks about (tutoring's demo).
NEED_TOPICS = {
    "tn_need_digital": "Digipedagogiikka",
    "tn_need_assessment": "Arviointi",
    "tn_need_platforms": "Oppimisalustat",
    "tn_need_phenomena": "Ilmiöoppiminen",
    "tn_need_curriculum": "Opetussuunnitelman toteutus",
}
# How likely a teacher of each school (in name order) is to need each topic: every school
# has its own emphasis, as the workshops of seed 002 found.
EMPHASIS = [
    {"Digipedagogiikka": 0.7, "Arviointi": 0.55, "Kielitietoinen opetus": 0.3},
    {"Ohjelmointi ja robotiikka": 0.6, "Oppimisalustat": 0.5, "Arviointi": 0.3},
    {"Arviointi": 0.65, "Ilmiöoppiminen": 0.45, "Kielitietoinen opetus": 0.45},
    {"Vertaisoppiminen tiimeissä": 0.55, "Digipedagogiikka": 0.45},
    {"Opetussuunnitelman toteutus": 0.5, "Oppimisalustat": 0.45, "Arviointi": 0.4},
]
BASE_NEED = 0.12
SHARE_TEXTS = [
    "Voin näyttää, miten käytän Classroomia kotitehtävissä.",
    "Osaan formatiivisen arvioinnin käytännöt alkuopetuksessa.",
    "Voisin auttaa robotiikkasarjojen käyttöönotossa.",
    "Kuvataiteen ja käsityön yhdistäminen ilmiöprojekteihin.",
    "Teamsin kokoukset ja tehtävät, perusteet.",
    "Itsearvioinnin lomakkeet Formsilla.",
    "Pelillisyys matematiikan tunneilla.",
    "Kielitietoiset tehtävät biologiassa ja maantiedossa.",
    "Vertaisarviointi yläkoulun kirjoitustehtävissä.",
    "Ulko-opetuksen ideoita kaikille luokka-asteille.",
]
# A free-text answer is one of the wishes, sometimes with a second thought after it.
FREE_TEXTS = [
    "Aikaa tutorointiin pitäisi järjestää lukujärjestykseen, nyt kaikki jää iltapäiviin.",
    "Toivoisin, että tutor tulisi luokkaan oppitunnin aikana eikä vain koulun jälkeen.",
    "Tiimimme haluaisi yhteisen tutoroinnin arvioinnista ennen joulua.",
    "Sijaisen saaminen tutoroinnin ajaksi on ollut vaikeaa.",
    "Nimikkotutor on ollut tosi hyvä – lisää samaa!",
    "S2-oppilaiden tukeen kaipaisin apua kaikissa aineissa.",
    "Lyhyet pedavälkät olisivat hyvä tapa esitellä uusia ideoita.",
    "Ohjelmoinnin opetus jännittää, en tiedä mistä aloittaa.",
    "Wilman arviointityökalut ovat vielä vieraita.",
    "Haluaisin nähdä, miten muut opettajat käyttävät oppimisalustoja.",
    "Uutena opettajana tarvitsen tukea ihan perusasioissa.",
    "Yhteissuunnitteluaika menee nyt kokouksiin, tutoroinnille ei jää aikaa.",
    "Kunnan yhteinen tutoraika keskiviikkona sopii minulle hyvin.",
    "Ilmiöviikon suunnitteluun kaipaisimme tutoria mukaan jo syksyllä.",
]
FOLLOW_UPS = [
    "",
    "",
    "",
    " Kiitos, että kysytte!",
    " Ryhmässä oppiminen olisi mukavinta.",
    " Mieluiten henkilökohtaisesti.",
    " Verkossakin onnistuu.",
    " Tämä koskee koko tiimiämme.",
    " Asiasta voisi puhua myös rehtorin kanssa.",
]


def _municipality() -> tuple[User, Organisation] | None:
    coordinator = User.objects.filter(email="coordinator@demo.tutori.fi").first()
    membership = (
        Membership.objects.active()
        .filter(user=coordinator, role=Role.COORDINATOR)
        .select_related("organisation")
        .first()
        if coordinator
        else None
    )
    if coordinator is None or membership is None:
        return None
    return coordinator, membership.organisation


def _needs_answers(survey: Survey, schools: list[Organisation], topics: dict[str, int]) -> int:
    """A few hundred submitted answers from the schools, each school with its emphasis."""
    rng = Random(13)
    questions = {q.key: q for q in Question.objects.filter(survey=survey)}
    choices = {
        key: list(Choice.objects.filter(question=questions[key]).order_by("order"))
        for key in ("tn_mode", "tn_when")
    }
    labels = {pk: name for name, pk in topics.items()}
    closes = timezone.localdate() - timedelta(days=30)
    made = 0
    for index, school in enumerate(schools):
        emphasis = EMPHASIS[index % len(EMPHASIS)]
        count = ANSWERS_PER_SCHOOL[index % len(ANSWERS_PER_SCHOOL)]
        responses = Response.objects.bulk_create(
            Response(
                survey=survey,
                organisation=school,
                role=Role.MEMBER,
                language="fi",
                submitted=True,
                submitted_on=closes - timedelta(days=rng.randrange(21)),
            )
            for _n in range(count)
        )
        answers: list[Answer] = []
        for response in responses:
            need = {name: rng.random() < emphasis.get(name, BASE_NEED) for name in topics}
            if not any(need.values()):
                need[rng.choice(sorted(topics))] = True
            answers += [
                Answer(
                    response=response,
                    question=questions["tn_topics"],
                    topic_id=pk,
                    topic_label=labels[pk],
                )
                for name, pk in topics.items()
                if need[name]
            ]
            for key, name in NEED_TOPICS.items():
                if key not in questions:
                    continue
                # Those who chose the topic need it more; the others spread lower.
                point = (
                    rng.choice([3, 4, 4, 5, 5])
                    if need.get(name)
                    else rng.choice([1, 1, 2, 2, 3, 4])
                )
                answers.append(Answer(response=response, question=questions[key], number=point))
            answers += [
                Answer(
                    response=response,
                    question=questions["tn_own_digital"],
                    number=rng.choice([2, 3, 3, 4, 4, 5]),
                ),
                Answer(
                    response=response,
                    question=questions["tn_own_assessment"],
                    number=rng.choice([2, 3, 4, 4, 5]),
                ),
                Answer(
                    response=response,
                    question=questions["tn_mode"],
                    choice=rng.choice(choices["tn_mode"]),
                ),
            ]
            for choice in rng.sample(choices["tn_when"], rng.randint(1, 2)):
                answers.append(
                    Answer(response=response, question=questions["tn_when"], choice=choice)
                )
            if rng.random() < 0.2:
                answers.append(
                    Answer(
                        response=response,
                        question=questions["tn_own_share"],
                        text=rng.choice(SHARE_TEXTS),
                    )
                )
            if rng.random() < 0.25:
                answers.append(
                    Answer(
                        response=response,
                        question=questions["tn_free"],
                        text=rng.choice(FREE_TEXTS) + rng.choice(FOLLOW_UPS),
                    )
                )
        Answer.objects.bulk_create(answers, batch_size=2000)
        made += len(responses)
    return made


def _recipients(survey: Survey, school: Organisation, count: int, answered: int, sent: Any) -> None:
    """The people the needs survey was sent to (teachers without an account in the demo):
    for the response rate; the tokens are not kept (the survey is closed)."""
    slug = school.name.split()[0].lower().replace("ä", "a").replace("ö", "o")
    Recipient.objects.bulk_create(
        Recipient(
            survey=survey,
            email=f"opettaja{n + 1}.{slug}@demo.tutori.fi",
            organisation=school,
            role=Role.MEMBER,
            language="fi",
            token_hash=token_hash(secrets.token_urlsafe(32)),
            sent_at=sent,
            send_count=1,
            answered=n < answered,
        )
        for n in range(count)
    )


@scopes_disabled()
@transaction.atomic
def surveys_demo_load() -> dict[str, int]:
    found = _municipality()
    if found is None:
        return {}
    coordinator, town = found
    counts = {"surveys": 0, "responses": 0}
    schools = list(
        Organisation.objects.filter(
            parent=town, kind=OrganisationKind.SCHOOL, is_active=True
        ).order_by("name")
    )
    source = registry.topic_source()
    with translation.override("fi"):
        topics = {label: pk for pk, label in source.topics(town.pk)} if source else {}
    installed = {i.anchor: instruments.instrument_install(i) for i in instruments.BUILT_IN}
    now = timezone.now()

    # The closed needs survey and its answers: every school's tutoring plan.
    needs = Survey.objects.filter(organisation=town, title=NEEDS_TITLE).first()
    if needs is None:
        needs = survey_from_instrument(
            installed[instruments.TRAINING_NEEDS.anchor],
            organisation=town,
            title=NEEDS_TITLE,
            by=coordinator,
            status=Survey.Status.CLOSED,
            opens_at=now - timedelta(days=60),
            closes_at=now - timedelta(days=30),
            audience_roles=[Role.MEMBER],
            send_started_at=now - timedelta(days=60),
            send_finished_at=now - timedelta(days=60),
        )
        needs.audience_organisations.set([town])
        for key, name in NEED_TOPICS.items():
            Question.objects.filter(survey=needs, key=key).update(topic_id=topics.get(name))
    counts["surveys"] += 1
    if not Response.objects.filter(survey=needs).exists() and schools and topics:
        counts["responses"] = _needs_answers(needs, schools, topics)
        total = 0
        for index, school in enumerate(schools):
            answered = ANSWERS_PER_SCHOOL[index % len(ANSWERS_PER_SCHOOL)]
            sent = answered + 8 + 3 * index
            _recipients(needs, school, sent, answered, needs.send_started_at)
            total += sent
        Survey.objects.filter(pk=needs.pk).update(send_total=total)
        needs.refresh_from_db()
        plan_tallies_store(survey=needs)

    # An open course feedback survey sent to the demo teacher (and the school's teachers).
    member = User.objects.filter(email="member@demo.tutori.fi").first()
    home = (
        Membership.objects.active()
        .filter(user=member, role=Role.MEMBER)
        .select_related("organisation")
        .first()
        if member
        else None
    )
    if member is not None and home is not None:
        feedback = Survey.objects.filter(organisation=town, title=FEEDBACK_TITLE).first()
        if feedback is None:
            feedback = survey_from_instrument(
                installed[instruments.COURSE_FEEDBACK.anchor],
                organisation=town,
                title=FEEDBACK_TITLE,
                by=coordinator,
                status=Survey.Status.OPEN,
                opens_at=now - timedelta(days=2),
                closes_at=now + timedelta(days=14),
                audience_roles=[Role.MEMBER],
                send_started_at=now - timedelta(days=2),
                send_finished_at=now - timedelta(days=2),
            )
            feedback.audience_organisations.set([home.organisation])
        teachers = (
            Membership.objects.active()
            .filter(organisation=home.organisation, role=Role.MEMBER, user__email__isnull=False)
            .select_related("user")
        )
        for membership in teachers:
            person = membership.user
            if not Recipient.objects.filter(survey=feedback, email=person.email).exists():
                Recipient.objects.create(
                    survey=feedback,
                    person=person,
                    email=person.email,
                    name=person.display_name,
                    language=person.preferred_language or "fi",
                    organisation=home.organisation,
                    role=Role.MEMBER,
                    token_hash=token_hash(secrets.token_urlsafe(32)),
                    sent_at=feedback.send_started_at,
                    send_count=1,
                )
        Survey.objects.filter(pk=feedback.pk).update(
            send_total=Recipient.objects.filter(survey=feedback).count()
        )
        counts["surveys"] += 1

    # Seed 004: the job-coach training's pre-assessment, made from the self-assessment and
    # ready to send (a draft) by the coordinator of the job-coaching network.
    jyvaskyla = (
        Membership.objects.active()
        .filter(user__email="jaana.jarvinen@demo.tutori.fi", role=Role.COORDINATOR)
        .select_related("organisation", "user")
        .first()
    )
    if jyvaskyla is not None:
        if not Survey.objects.filter(organisation=jyvaskyla.organisation, title=PRE_TITLE).exists():
            survey_from_instrument(
                installed[instruments.SELF_ASSESSMENT.anchor],
                organisation=jyvaskyla.organisation,
                title=PRE_TITLE,
                by=jyvaskyla.user,
            )
        counts["surveys"] += 1
    return counts
