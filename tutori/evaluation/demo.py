"""Evaluation demo data, written from seeds 004 and 003 (answers invented to the seeds' shape).

- Seed 004's WIRE 3 job-coach pilot (the programmes demo's finished programme): its
  evaluation links a pre and a post self-assessment made from the built-in instrument (the
  overall assessment and the four areas of Kuvio 17) and a course feedback survey. All 16
  who started answered the pre-assessment at the first meeting, the 12 who completed
  answered the post-assessment at the last one (one moved to other duties, one dropped out,
  two found no time), and most rated themselves a level or two higher at the end: "hyvin"
  and "erinomaisesti" grew, "heikosti" and "kohtalaisesti" shrank. The feedback's twelve
  grades average exactly 8 on the 4–10 scale, with the seed's reasons in the participants'
  own words.
- Seed 003's Parik peer-mentor training: Parik-säätiö's own instrument of five statements on
  the sense of capability and self-esteem, answered by the six participants before the first
  session and after the last one: both grew (6 pairs).
- Tutoring hours: the tutoring demo logs eight weeks of delivered tutoring in the current
  term (counts of people only). For tutoring's impact this step names the teachers tutored
  in those sessions (one to three of the school's teachers each) and logs the three terms
  before it in Kempele (some thirty sessions a term, a few during lessons), so the trend
  over four terms and the people reached have something to show.

The WIRE coordinator (jaana.jarvinen@demo.tutori.fi) manages and steers the programme: she
reads its pre/post, feedback and attrition reports and its funder report. Sari Salminen
(Parik-säätiö) reads Parik's.

Idempotent: a programme's evaluation is made (with its surveys and answers) only when the
programme has none; a second run adds nothing. Uses the models directly (bulk inserts) and
the surveys' instrument copy; without the programmes demo there is nothing to add.
"""

from __future__ import annotations

import datetime as dt
import secrets
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.evaluation.models import ProgrammeEvaluation
from tutori.orgs.demo import DEMO_DOMAIN
from tutori.orgs.models import Membership, Organisation, Role, today
from tutori.programmes import demo as programmes_demo
from tutori.programmes.models import Participant, Programme
from tutori.surveys import instruments
from tutori.surveys.instruments import survey_from_instrument
from tutori.surveys.models import (
    Answer,
    Purpose,
    Question,
    Recipient,
    Response,
    Section,
    Survey,
    token_hash,
)
from tutori.tutoring.models import Topic, TutoringSession
from tutori.tutoring.selectors.report import current_term

HELSINKI = ZoneInfo("Europe/Helsinki")

WIRE_PRE = "WIRE 3 -pilotti: alkuarviointi"
WIRE_POST = "WIRE 3 -pilotti: loppuarviointi"
WIRE_FEEDBACK = "WIRE 3 -pilotti: palaute"
WIRE_COORDINATOR = "jaana.jarvinen"
# Twelve grades whose mean is exactly 8 (seed 004: "kouluarvosanan 8 asteikolla 4-10").
WIRE_GRADES = [7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 9, 9]
# Seed 004, 5.2: the reasons given for the grade, word for word, and more of the same kind.
WIRE_REASONS = [
    "Vastaavaa, haastavaa valmennustyötä tekeviin tutustuminen – arvostus omaa työtä "
    "kohtaan kasvoi.",
    "Kokonaisuus oli laaja, sisällöt tarpeellisia arjessa.",
    "Vaikea verrata mihinkään koulutukseen, vastaavan tyyppisiä kokonaisuuksia ei ole ollut.",
    "Käytännönläheinen työkalupakki jäi kokoamatta, enkä juuri tutustunut ihmisiin.",
    "Paljon tuttua mutta paljon uuttakin tietoa.",
    "Loistava porukka!",
    "Muihin valmentajiin ja organisaatioihin tutustuminen oli parasta antia.",
    "Välitehtävät veivät aikaa, mutta oman valmentautujan tapaus teki niistä hyödyllisiä.",
    "Hyviä puhujia ja keskustelua, mutta yritysyhteistyöhön olisin kaivannut valmiita työkaluja.",
    "Lähijaksot eri organisaatioiden tiloissa avasivat, mitä muut verkostossa tekevät.",
    "Ajankäyttö oli haaste oman työn ohessa.",
    "Sain valmentautujalleni jatkopolun oppisopimuskoulutukseen.",
]
WIRE_USEFUL = [
    "Voimavaraistavat ohjausmenetelmät.",
    "Tieto työttömille suunnatuista tuista ja palveluista.",
    "Työ- ja toimintakyvyn arvioinnin välineet.",
    "Verkostoituminen muiden valmentajien kanssa.",
    "Yrittäjien ajatukset työllistämisestä.",
    "Ihmisen muutosprosessin vaiheet.",
]
WIRE_IMPROVE = [
    "Koulutukseen voisi hakea kevyellä hakuprosessilla, jotta motivaatio olisi pohdittu etukäteen.",
    "Enemmän aikaa välitehtäviin työpäivän aikana.",
    "Yritysyhteistyöhön valmiita työkaluja ja malleja.",
    "Lähijaksoja voisi olla harvemmin mutta pidempinä.",
]

TUTORING_NOTE = "Kirjattu arvioinnin demoa varten."

PARIK_INSTRUMENT = "Vertaisohjaajan kyvykkyys ja itsetunto"
PARIK_PRE = "Vertaisohjaajakoulutus: alkukysely"
PARIK_POST = "Vertaisohjaajakoulutus: loppukysely"
PARIK_COORDINATOR = "sari.salminen"
# (section (fi, sv, en), [(key, fi, sv, en)]): seed 003, "kyvykkyyden tunne ja itsetunto".
PARIK_SECTIONS: list[tuple[tuple[str, str, str], list[tuple[str, str, str, str]]]] = [
    (
        ("Kyvykkyyden tunne", "Känsla av förmåga", "Sense of capability"),
        [
            (
                "pm_can_guide",
                "Osaan neuvoa toista pajalaista työtehtävässä.",
                "Jag kan handleda en annan deltagare i en arbetsuppgift.",
                "I can guide another workshop participant in a task.",
            ),
            (
                "pm_can_group",
                "Uskallan puhua ryhmän edessä.",
                "Jag vågar tala inför en grupp.",
                "I dare to speak in front of a group.",
            ),
            (
                "pm_can_support",
                "Pystyn tukemaan toista, kun hänellä on vaikeaa.",
                "Jag kan stödja en annan när hen har det svårt.",
                "I can support someone else when they are having a hard time.",
            ),
        ],
    ),
    (
        ("Itsetunto", "Självkänsla", "Self-esteem"),
        [
            (
                "pm_self_worth",
                "Koen olevani tärkeä osa työpajan yhteisöä.",
                "Jag känner att jag är en viktig del av verkstadens gemenskap.",
                "I feel I am an important part of the workshop community.",
            ),
            (
                "pm_self_future",
                "Luotan siihen, että löydän oman paikkani työelämässä.",
                "Jag litar på att jag hittar min plats i arbetslivet.",
                "I trust that I will find my place in working life.",
            ),
        ],
    ),
]
# Each participant's answers before and after (the order of PARIK_SECTIONS' statements):
# capability and self-esteem grew (seed 003).
PARIK_BEFORE = [
    [2, 1, 3, 2, 2],
    [3, 2, 3, 3, 2],
    [2, 2, 2, 3, 3],
    [3, 1, 2, 2, 2],
    [2, 2, 3, 3, 2],
    [3, 2, 3, 2, 3],
]
PARIK_AFTER = [
    [4, 3, 4, 4, 3],
    [4, 3, 4, 4, 4],
    [4, 3, 3, 4, 3],
    [4, 2, 4, 3, 3],
    [3, 3, 4, 4, 4],
    [5, 3, 4, 4, 4],
]


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=HELSINKI)


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DEMO_DOMAIN}").first()


def _programme(organiser: str, name: str) -> Programme | None:
    return (
        Programme.objects.filter(organisation__name=organiser, name=name)
        .select_related("organisation")
        .first()
    )


def _likert(survey: Survey) -> dict[str, Question]:
    return {
        q.key: q
        for q in Question.objects.filter(survey=survey, kind=Question.Kind.LIKERT).order_by(
            "section__order", "order", "pk"
        )
    }


def _closed(opens: dt.date, closes: dt.date) -> dict[str, Any]:
    return {
        "status": Survey.Status.CLOSED,
        "opens_at": _at(opens, 8),
        "closes_at": _at(closes, 16),
        "send_started_at": _at(opens, 8),
        "send_finished_at": _at(opens, 8),
    }


def _answers(
    survey: Survey,
    rows: list[tuple[User | None, Organisation, dict[Question, Any]]],
    day: dt.date,
    role: str,
) -> int:
    """Submitted responses of ``survey``: (person or None when anonymous, organisation,
    {question: number or text})."""
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            person=person,
            organisation=organisation,
            role=role,
            language="fi",
            submitted=True,
            submitted_on=day,
        )
        for person, organisation, _values in rows
    )
    answers: list[Answer] = []
    for response, (_person, _org, values) in zip(responses, rows, strict=True):
        for question, value in values.items():
            if isinstance(value, int):
                answers.append(Answer(response=response, question=question, number=value))
            elif value:
                answers.append(Answer(response=response, question=question, text=value))
    Answer.objects.bulk_create(answers)
    return len(responses)


def _recipients(survey: Survey, people: list[tuple[User, Organisation]], sent: Any) -> None:
    """Whom the survey was sent to, all of them answered (for its response rate)."""
    Recipient.objects.bulk_create(
        Recipient(
            survey=survey,
            person=person,
            email=person.email,
            name=person.display_name,
            language="fi",
            organisation=organisation,
            role=Role.COACH,
            token_hash=token_hash(secrets.token_urlsafe(32)),
            sent_at=sent,
            send_count=1,
            answered=True,
            started=True,
        )
        for person, organisation in people
        if person.email
    )
    Survey.objects.filter(pk=survey.pk).update(
        send_total=Recipient.objects.filter(survey=survey).count()
    )


def _wire() -> dict[str, int]:
    programme = _programme(programmes_demo.WIRE_ORGANISER, programmes_demo.WIRE_NAME)
    coordinator = _user(WIRE_COORDINATOR)
    if programme is None or coordinator is None:
        return {}
    if ProgrammeEvaluation.objects.filter(programme=programme).exists():
        return {}
    assert programme.starts_on is not None and programme.ends_on is not None
    starts, ends = programme.starts_on, programme.ends_on
    organiser = programme.organisation
    rng = Random(17)
    self_assessment = instruments.instrument_install(instruments.SELF_ASSESSMENT)
    feedback_instrument = instruments.instrument_install(instruments.COURSE_FEEDBACK)
    pre = survey_from_instrument(
        self_assessment,
        organisation=organiser,
        title=WIRE_PRE,
        by=coordinator,
        anonymous=False,
        **_closed(starts, starts + dt.timedelta(days=7)),
    )
    post = survey_from_instrument(
        self_assessment,
        organisation=organiser,
        title=WIRE_POST,
        by=coordinator,
        anonymous=False,
        **_closed(ends, ends + dt.timedelta(days=14)),
    )
    feedback = survey_from_instrument(
        feedback_instrument,
        organisation=organiser,
        title=WIRE_FEEDBACK,
        by=coordinator,
        anonymous=True,
        **_closed(ends, ends + dt.timedelta(days=14)),
    )
    ProgrammeEvaluation.objects.create(
        programme=programme,
        pre_survey=pre,
        post_survey=post,
        feedback_survey=feedback,
        pre_sent_at=_at(starts, 8),
        post_sent_at=_at(ends, 8),
        feedback_sent_at=_at(ends, 8),
        created_by=coordinator,
    )
    participants = list(
        Participant.objects.filter(programme=programme)
        .select_related("person", "organisation")
        .order_by("pk")
    )
    everyone = [(p.person, p.organisation) for p in participants if p.organisation]
    completed = [
        (p.person, p.organisation)
        for p in participants
        if p.organisation and p.status == Participant.Status.COMPLETED
    ]
    before_q, after_q = _likert(pre), _likert(post)
    # Kuvio 17: at the start mostly "kohtalaisesti" and "jonkin verran", a few "hyvin"; at
    # the end a level or two higher for most, the same for some, never lower.
    before: dict[int, dict[str, int]] = {}
    pre_rows: list[tuple[User | None, Organisation, dict[Question, Any]]] = []
    for person, organisation in everyone:
        values = {key: rng.choice([1, 2, 2, 2, 3, 3, 3, 3, 4]) for key in before_q}
        before[person.pk] = values
        pre_rows.append((person, organisation, {before_q[k]: v for k, v in values.items()}))
    post_rows: list[tuple[User | None, Organisation, dict[Question, Any]]] = []
    for person, organisation in completed:
        values = {
            key: min(5, value + rng.choice([0, 1, 1, 1, 1, 2, 2]))
            for key, value in before[person.pk].items()
        }
        post_rows.append((person, organisation, {after_q[k]: v for k, v in values.items()}))
    made = _answers(pre, pre_rows, starts, Role.COACH)
    made += _answers(post, post_rows, ends, Role.COACH)
    _recipients(pre, everyone, _at(starts, 8))
    _recipients(post, completed, _at(ends, 8))
    _recipients(feedback, completed, _at(ends, 8))
    asked = {q.key: q for q in Question.objects.filter(survey=feedback)}
    feedback_rows: list[tuple[User | None, Organisation, dict[Question, Any]]] = []
    for index, (_person, organisation) in enumerate(completed):
        said: dict[Question, Any] = {
            asked["cf_grade"]: WIRE_GRADES[index % len(WIRE_GRADES)],
            asked["cf_reason"]: WIRE_REASONS[index % len(WIRE_REASONS)],
        }
        if "cf_useful" in asked and index % 2 == 0:
            said[asked["cf_useful"]] = WIRE_USEFUL[index // 2 % len(WIRE_USEFUL)]
        if "cf_improve" in asked and index % 3 == 0:
            said[asked["cf_improve"]] = WIRE_IMPROVE[index // 3 % len(WIRE_IMPROVE)]
        # Anonymous: the answer keeps the organisation, never the person.
        feedback_rows.append((None, organisation, said))
    made += _answers(feedback, feedback_rows, ends, Role.COACH)
    return {"evaluations": 1, "responses": made}


def _parik_instrument(organiser: Organisation, by: User) -> Survey:
    """Parik-säätiö's own instrument (made once, keyed on its title)."""
    found = Survey.objects.filter(
        organisation=organiser, is_instrument=True, title=PARIK_INSTRUMENT
    ).first()
    if found is not None:
        return found
    scale = instruments.AGREE_SCALE
    instrument = Survey.objects.create(
        organisation=organiser,
        is_instrument=True,
        title=PARIK_INSTRUMENT,
        description=(
            "Vertaisohjaajakoulutuksen osallistujien oma arvio kyvykkyyden tunteesta ja "
            "itsetunnosta koulutuksen alussa ja lopussa."
        ),
        purpose=Purpose.SELF_ASSESSMENT,
        anonymous=False,
        status=Survey.Status.DRAFT,
        created_by=by,
    )
    for s_index, ((fi, sv, en), statements) in enumerate(PARIK_SECTIONS):
        section = Section.objects.create(
            survey=instrument,
            title=fi,
            order=s_index,
            translations={"sv": {"title": sv}, "en": {"title": en}},
        )
        Question.objects.bulk_create(
            Question(
                survey=instrument,
                section=section,
                key=key,
                kind=Question.Kind.LIKERT,
                text=text_fi,
                required=True,
                order=q_index,
                scale_labels=list(scale.fi),
                translations={
                    "sv": {"text": text_sv, "scale_labels": list(scale.sv)},
                    "en": {"text": text_en, "scale_labels": list(scale.en)},
                },
            )
            for q_index, (key, text_fi, text_sv, text_en) in enumerate(statements)
        )
    return instrument


def _parik() -> dict[str, int]:
    programme = _programme(programmes_demo.PARIK_ORGANISER, programmes_demo.PARIK_NAME)
    coordinator = _user(PARIK_COORDINATOR)
    if programme is None or coordinator is None:
        return {}
    if ProgrammeEvaluation.objects.filter(programme=programme).exists():
        return {}
    assert programme.starts_on is not None and programme.ends_on is not None
    starts, ends = programme.starts_on, programme.ends_on
    organiser = programme.organisation
    instrument = _parik_instrument(organiser, coordinator)
    pre = survey_from_instrument(
        instrument,
        organisation=organiser,
        title=PARIK_PRE,
        by=coordinator,
        anonymous=False,
        **_closed(starts, starts),
    )
    post = survey_from_instrument(
        instrument,
        organisation=organiser,
        title=PARIK_POST,
        by=coordinator,
        anonymous=False,
        **_closed(ends, ends + dt.timedelta(days=7)),
    )
    ProgrammeEvaluation.objects.create(
        programme=programme,
        pre_survey=pre,
        post_survey=post,
        pre_sent_at=_at(starts, 8),
        post_sent_at=_at(ends, 8),
        created_by=coordinator,
    )
    people = [
        (p.person, p.organisation)
        for p in Participant.objects.filter(programme=programme)
        .select_related("person", "organisation")
        .order_by("pk")
        if p.organisation
    ]
    made = 0
    for survey, table, day in ((pre, PARIK_BEFORE, starts), (post, PARIK_AFTER, ends)):
        questions = list(_likert(survey).values())
        rows: list[tuple[User | None, Organisation, dict[Question, Any]]] = [
            (person, organisation, dict(zip(questions, table[i % len(table)], strict=True)))
            for i, (person, organisation) in enumerate(people)
        ]
        made += _answers(survey, rows, day, Role.MEMBER)
    return {"evaluations": 1, "responses": made}


def _term_before(start: dt.date) -> tuple[dt.date, dt.date]:
    """The school term before the one starting on ``start`` (spring: January–May teaching,
    autumn: August–December)."""
    if start.month >= 8:
        return dt.date(start.year, 1, 8), dt.date(start.year, 5, 31)
    return dt.date(start.year - 1, 8, 10), dt.date(start.year - 1, 12, 20)


def _tutoring() -> dict[str, int]:
    coordinator = _user("coordinator")
    home = (
        Membership.objects.active()
        .filter(user=coordinator, role=Role.COORDINATOR)
        .select_related("organisation")
        .first()
        if coordinator
        else None
    )
    if home is None:
        return {}
    town = home.organisation
    if TutoringSession.objects.filter(organisation__parent=town, note=TUTORING_NOTE).exists():
        return {}
    schools = list(Organisation.objects.filter(parent=town, is_active=True).order_by("name"))
    topics = list(Topic.objects.filter(organisation=town, is_active=True).order_by("pk"))
    teachers: dict[int, list[int]] = {}
    for school_id, user_id in (
        Membership.objects.active()
        .filter(organisation__in=schools, role=Role.MEMBER)
        .order_by("pk")
        .values_list("organisation_id", "user_id")
    ):
        teachers.setdefault(school_id, []).append(user_id)
    tutors = list(
        Membership.objects.active()
        .filter(organisation__in=[town, *schools], role=Role.TUTOR)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    if not schools or not topics or not tutors:
        return {}
    rng = Random(22)
    through = TutoringSession.participants.through
    links: list[Any] = []
    # The current term's logged sessions get the teachers they reached.
    for session in TutoringSession.objects.filter(organisation__in=schools).order_by("pk"):
        pool = teachers.get(session.organisation_id, [])
        if pool and not session.participants.exists():
            chosen = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
            links += [through(tutoringsession_id=session.pk, user_id=pk) for pk in chosen]
    # The three terms before: about thirty sessions each.
    start = current_term(today())[0]
    rows: list[tuple[TutoringSession, list[int]]] = []
    for _term in range(3):
        first, last = _term_before(start)
        days = (last - first).days
        for n in range(30):
            school = schools[n % len(schools)]
            pool = teachers.get(school.pk, [])
            chosen = rng.sample(pool, min(len(pool), rng.randint(1, 3))) if pool else []
            day = first + dt.timedelta(days=rng.randrange(days))
            while day.weekday() >= 5:
                day -= dt.timedelta(days=1)
            rows.append(
                (
                    TutoringSession(
                        tutor_id=tutors[n % len(tutors)],
                        organisation=school,
                        date=day,
                        duration_minutes=rng.choice([30, 45, 45, 60, 90]),
                        topic=topics[rng.randrange(len(topics))],
                        mode="group" if len(chosen) > 1 else "individual",
                        participant_count=max(len(chosen), 1),
                        during_lessons=n % 4 == 0,
                        note=TUTORING_NOTE,
                    ),
                    chosen,
                )
            )
        start = first
    made = TutoringSession.objects.bulk_create([session for session, _people in rows])
    links += [
        through(tutoringsession_id=session.pk, user_id=pk)
        for session, (_row, people) in zip(made, rows, strict=True)
        for pk in people
    ]
    through.objects.bulk_create(links)
    return {"sessions": len(made)}


@scopes_disabled()
@transaction.atomic
def evaluation_demo_load() -> dict[str, int]:
    """The demo evaluations (needs the programmes demo) and earlier terms of tutoring (needs
    the tutoring demo); a second run adds nothing."""
    totals = {"evaluations": 0, "responses": 0, "sessions": 0}
    for part in (_wire(), _parik(), _tutoring()):
        for key, value in part.items():
            totals[key] += value
    return totals
