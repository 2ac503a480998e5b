"""Programmes demo data, written from seeds 004 and 003 (names of people invented).

- Seed 004's WIRE 3 job-coach pilot, organised by Jyväskylän TYP in the Jyväskylä job-coach
  network: 16 job coaches of the four NGOs (4 Katulähetys, 3 Työttömät, 5 Tekevä,
  4 Setlementti), 4 credits, ten meetings of four hours from 16.1 to 22.5 at the
  organisations' premises under three themes, an info letter with a pre-assignment, two
  interim assignments, attendance, and the seed's attrition: one moved to other duties, one
  dropped out, two found no time; the other twelve completed. A follow-up meeting four months
  after the end. Finished.
- Seed 003's Parik peer-mentor training: four sessions in the autumn, six workshop
  participants who all completed and wear the peer-mentor badge. The demo coach trains.
- In the demo coordinator's municipality (Kempele) last year's induction of its five tutor
  teachers (finished; the tutor badge on the demo tutor's profile), a running teachers'
  training the demo tutor trains and the demo teacher takes part in (sessions held and
  coming, one today, an answer waiting for review, applications waiting and a waiting
  list), and its next cohort, published and open for applications.

Idempotent: a programme is keyed on its organiser and name and filled only when created;
people on e-mail (or name), memberships on person and organisation. A second run adds
nothing. Uses the models directly (bulk inserts), never the services.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.orgs.demo import DEMO_DOMAIN, DEMO_PASSWORD
from tutori.orgs.models import Membership, Network, Organisation, Role, today
from tutori.programmes.models import (
    Assignment,
    Attendance,
    CaseNote,
    LeaveReason,
    Participant,
    Programme,
    Session,
    Submission,
    certificate_code,
)

HELSINKI = ZoneInfo("Europe/Helsinki")

WIRE_NAME = "Työvalmentajakoulutus (WIRE 3 -pilotti)"
WIRE_ORGANISER = "Jyväskylän TYP"
WIRE_NETWORK = "Jyväskylän työvalmentajaverkosto"
WIRE_THEMES = ["Työ- ja toimintakyky", "Asiakkaan ohjaus", "Yritysyhteistyö"]
# (month, day, title, theme index, host): the ten meetings of 16.1-22.5 (seed 004).
WIRE_MEETINGS = [
    (1, 16, "Työelämän muutokset ja koulutuksen aloitus", 0, "Jyväskylän TYP"),
    (1, 30, "Työ- ja työhönvalmennus käsitteinä", 0, "Jyväskylän Katulähetys ry"),
    (2, 13, "Työ- ja toimintakyvyn arviointi", 0, "Jyvässeudun Työttömät ry"),
    (2, 27, "Työssä oppiminen valmennuksessa", 0, "Työvalmennussäätiö Tekevä"),
    (3, 13, "Voimavaraistavat ohjausmenetelmät", 1, "Jyvälän Setlementti"),
    (3, 27, "Ihmisen muutosprosessi", 1, "Jyväskylän Katulähetys ry"),
    (4, 10, "Oppimistyylit ja työturvallisuus", 1, "Työvalmennussäätiö Tekevä"),
    (4, 24, "Välityömarkkinoilta yrityksiin", 2, "Jyvässeudun Työttömät ry"),
    (5, 8, "Yritysyhteistyön merkitys", 2, "Jyvälän Setlementti"),
    (5, 22, "Yrittäjien ajatuksia työllistämisestä; päätös", 2, "Jyväskylän TYP"),
]
WIRE_FOLLOW_UP = (9, 22)  # four months after the end
# The 16 job coaches by organisation: (e-mail local part, name); the first of each exists
# in the orgs demo.
WIRE_COACHES: dict[str, list[tuple[str, str]]] = {
    "Jyväskylän Katulähetys ry": [
        ("kimmo.koskinen", "Kimmo Koskinen"),
        ("aino.aaltonen", "Aino Aaltonen"),
        ("jari.heinonen", "Jari Heinonen"),
        ("marja.kettunen", "Marja Kettunen"),
    ],
    "Jyvässeudun Työttömät ry": [
        ("laura.laitinen", "Laura Laitinen"),
        ("esa.lindqvist", "Esa Lindqvist"),
        ("pirjo.nieminen", "Pirjo Nieminen"),
    ],
    "Työvalmennussäätiö Tekevä": [
        ("matti.makela", "Matti Mäkelä"),
        ("satu.salo", "Satu Salo"),
        ("timo.hiltunen", "Timo Hiltunen"),
        ("eija.kivela", "Eija Kivelä"),
        ("harri.lappalainen", "Harri Lappalainen"),
    ],
    "Jyvälän Setlementti": [
        ("outi.oksanen", "Outi Oksanen"),
        ("riitta.vainio", "Riitta Vainio"),
        ("kalle.hamalainen", "Kalle Hämäläinen"),
        ("tuula.rantanen", "Tuula Rantanen"),
    ],
}
# The seed's attrition: who left, after which meeting (1-based), and why.
WIRE_LEFT = {
    "jari.heinonen": (3, LeaveReason.DROPPED, "Jätti koulutuksen kesken."),
    "timo.hiltunen": (6, LeaveReason.MOVED, "Siirtyi muihin tehtäviin."),
    "pirjo.nieminen": (7, LeaveReason.NO_TIME, "Ei löytänyt aikaa välitehtäviin."),
    "tuula.rantanen": (8, LeaveReason.NO_TIME, "Ei löytänyt aikaa koulutukseen."),
}
WIRE_TRAINER = ("riikka.rinne", "Riikka Rinne", "Jyväskylän TYP", Role.COACH)
WIRE_COORDINATOR = "jaana.jarvinen"
WIRE_STEERING = ["jaana.jarvinen", "pekka.puranen"]

PARIK_NAME = "Vertaisohjaajakoulutus"
PARIK_ORGANISER = "Parik-säätiö"
PARIK_THEMES = ["Vuorovaikutus", "Itsetuntemus", "Ryhmänohjaus", "Vertaisohjaajan tehtävät"]
PARIK_PARTICIPANTS = [
    ("Aleksi A.", "Parikin puutyöpaja"),
    ("Jenni J.", "Parikin puutyöpaja"),
    ("Mika M.", "Parikin puutyöpaja"),
    ("Niina N.", "Parikin kahvila- ja keittiöpaja"),
    ("Sami S.", "Parikin kahvila- ja keittiöpaja"),
    ("Veera V.", "Parikin media- ja ompelupaja"),
]
PARIK_BADGE = "Vertaisohjaaja"

KEMPELE_NAME = "Digipedagogiikan täydennyskoulutus"
KEMPELE_NEXT_NAME = "Digipedagogiikan täydennyskoulutus, kevät"
KEMPELE_THEMES = ["Oppimisalustat", "Arviointi", "Digipedagogiikka"]
# (e-mail local part, organisation, status) of the running cohort.
KEMPELE_PARTICIPANTS = [
    ("member", "Kirkonkylän koulu", Participant.Status.ENROLLED),
    ("anna.aho", "Kirkonkylän koulu", Participant.Status.ENROLLED),
    ("liisa.lehto", "Kirkonkylän koulu", Participant.Status.ENROLLED),
    ("mikko.mattila", "Ketunmaan koulu", Participant.Status.ENROLLED),
    ("noora.niskanen", "Ketunmaan koulu", Participant.Status.ENROLLED),
    ("petri.pesonen", "Linnakankaan koulu", Participant.Status.ENROLLED),
    ("timo.tervo", "Honkasen koulu", Participant.Status.WAITLISTED),
    ("riikka.rautio", "Pirilän koulu", Participant.Status.APPLIED),
    ("ulla.uusitalo", "Honkasen koulu", Participant.Status.APPLIED),
]
KEMPELE_CRITERIA = [
    "Miten käytät digitaalisia välineitä opetuksessasi nyt?",
    "Mitä haluat oppia koulutuksessa?",
]


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=HELSINKI)


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def _person(local: str, name: str) -> User:
    person = User.objects.filter(email=_email(local)).first()
    if person is None:
        person = User.objects.create_user(
            email=_email(local), display_name=name, password=DEMO_PASSWORD
        )
    return person


def _member(person: User, organisation: Organisation, role: str) -> None:
    if not Membership.objects.filter(user=person, organisation=organisation).exists():
        Membership.objects.create(
            user=person,
            organisation=organisation,
            role=role,
            active_from=today() - dt.timedelta(days=400),
        )


def _sessions(
    programme: Programme, rows: list[dict[str, Any]], trainers: list[User]
) -> list[Session]:
    sessions = Session.objects.bulk_create([Session(programme=programme, **row) for row in rows])
    through = Session.trainers.through
    through.objects.bulk_create(
        [through(session_id=s.pk, user_id=t.pk) for s in sessions for t in trainers]
    )
    return sessions


def _wire_year() -> int:
    """The latest spring whose follow-up meeting has been held."""
    now = today()
    month, day = WIRE_FOLLOW_UP
    return now.year if dt.date(now.year, month, day) < now else now.year - 1


def _wire(orgs: dict[str, Organisation]) -> dict[str, int]:
    organiser = orgs[WIRE_ORGANISER]
    if Programme.objects.filter(organisation=organiser, name=WIRE_NAME).exists():
        return {}
    rng = Random(4)
    year = _wire_year()
    coordinator = User.objects.get(email=_email(WIRE_COORDINATOR))
    local, name, org_name, role = WIRE_TRAINER
    trainer = _person(local, name)
    _member(trainer, orgs[org_name], role)
    coaches: list[tuple[str, User, Organisation]] = []
    for org_name, people in WIRE_COACHES.items():
        for local, name in people:
            person = _person(local, name)
            _member(person, orgs[org_name], Role.COACH)
            coaches.append((local, person, orgs[org_name]))
    starts, ends = dt.date(year, 1, 16), dt.date(year, 5, 22)
    programme = Programme.objects.create(
        organisation=organiser,
        network=Network.objects.filter(name=WIRE_NETWORK).first(),
        name=WIRE_NAME,
        description=(
            "Välityömarkkinoilla toimivien työvalmentajien monimuotokoulutus: lähijaksot "
            "eri toimijoiden tiloissa, kirjallisuus, välitehtävät ja oman valmentautujan "
            "tapauksen seuraaminen. Samalla tutustutaan verkoston muihin organisaatioihin."
        ),
        credits=Decimal("4"),
        target_group="Jyväskylän välityömarkkinoilla toimivat työvalmentajat",
        themes=WIRE_THEMES,
        status=Programme.Status.FINISHED,
        starts_on=starts,
        ends_on=ends,
        capacity=16,
        completion_min_sessions=8,
        completion_all_assignments=True,
        info_letter=(
            "Tervetuloa työvalmentajakoulutukseen! Ensimmäinen lähijakso on 16.1. klo 12-16 "
            "Jyväskylän TYP:n tiloissa. Tee ennakkotehtävä ennen ensimmäistä tapaamista."
        ),
        info_letter_sent_at=_at(starts - dt.timedelta(days=14)),
        created_by=coordinator,
    )
    programme.trainers.set([trainer, coordinator])
    programme.steering_group.set(
        User.objects.filter(email__in=[_email(local) for local in WIRE_STEERING])
    )
    meetings = _sessions(
        programme,
        [
            {
                "date": dt.date(year, month, day),
                "title": title,
                "theme": WIRE_THEMES[theme],
                "host": orgs[host],
                "place": f"{host}, Jyväskylä",
                "starts_at": dt.time(12),
                "ends_at": dt.time(16),
                "hours": Decimal("4"),
            }
            for month, day, title, theme, host in WIRE_MEETINGS
        ],
        [trainer, coordinator],
    )
    month, day = WIRE_FOLLOW_UP
    _sessions(
        programme,
        [
            {
                "kind": Session.Kind.FOLLOW_UP,
                "date": dt.date(year, month, day),
                "title": "Seurantatapaaminen: mitä opimme ja mitä seuraavaksi?",
                "host": organiser,
                "place": "Jyväskylän TYP, Jyväskylä",
                "starts_at": dt.time(13),
                "ends_at": dt.time(16),
                "hours": Decimal("3"),
            }
        ],
        [trainer],
    )
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                programme=programme,
                kind=Assignment.Kind.PRE,
                title="Ennakkotehtävä: oma osaaminen ja tavoitteet",
                instructions="Pohdi omaa työvalmennusosaamistasi ja kirjaa tavoitteesi.",
                due_on=starts - dt.timedelta(days=1),
                order=1,
            ),
            Assignment(
                programme=programme,
                title="Välitehtävä: seurantacase",
                instructions="Kuvaa valitsemasi valmentautujan tilanne ja tavoitteet.",
                session=meetings[3],
                due_on=meetings[4].date,
                order=2,
            ),
            Assignment(
                programme=programme,
                title="Välitehtävä: yritysyhteistyön suunnitelma",
                instructions="Laadi valmentautujallesi jatkopolku yritykseen.",
                session=meetings[8],
                due_on=meetings[9].date,
                order=3,
            ),
        ]
    )
    participants = Participant.objects.bulk_create(
        [
            Participant(
                programme=programme,
                person=person,
                organisation=organisation,
                status=Participant.Status.LEFT
                if local in WIRE_LEFT
                else Participant.Status.COMPLETED,
                decided_by=coordinator,
                decided_at=_at(starts - dt.timedelta(days=30)),
                enrolled_at=_at(starts - dt.timedelta(days=30)),
                goals="Päätyön ja valmennustyön yhteensovittaminen; ohjaus- ja "
                "vuorovaikutustaidot; palautteen antaminen rakentavasti.",
                case_description="Valmentautuja A: pitkään työttömänä ollut, "
                "kiinnostunut kädentaidoista (ei oikeaa nimeä).",
                left_at=_at(meetings[WIRE_LEFT[local][0] - 1].date + dt.timedelta(days=3))
                if local in WIRE_LEFT
                else None,
                leave_reason=WIRE_LEFT[local][1] if local in WIRE_LEFT else "",
                leave_note=WIRE_LEFT[local][2] if local in WIRE_LEFT else "",
                completed_at=None if local in WIRE_LEFT else _at(ends + dt.timedelta(days=7)),
                completion_confirmed_by=None if local in WIRE_LEFT else coordinator,
                certificate_code=None if local in WIRE_LEFT else certificate_code(),
            )
            for local, person, organisation in coaches
        ]
    )
    attendances: list[Attendance] = []
    submissions: list[Submission] = []
    notes: list[CaseNote] = []
    for (local, *_rest), participant in zip(coaches, participants, strict=True):
        last = WIRE_LEFT[local][0] if local in WIRE_LEFT else len(meetings)
        # A completer misses at most two meetings (the rule: 8 of 10).
        missed = set(rng.sample(range(len(meetings)), rng.choice((0, 1, 1, 2))))
        for index, session in enumerate(meetings[:last]):
            if index in missed and local not in WIRE_LEFT:
                attendances.append(
                    Attendance(
                        session=session,
                        participant=participant,
                        status=Attendance.Status.ABSENT,
                        absence_reason=rng.choice(("Sairaana", "Työtilanne", "Lomalla")),
                        marked_by=trainer,
                    )
                )
            elif rng.random() < 0.08:
                attendances.append(
                    Attendance(
                        session=session,
                        participant=participant,
                        status=Attendance.Status.PARTIAL,
                        hours=Decimal("2"),
                        marked_by=trainer,
                    )
                )
            else:
                attendances.append(
                    Attendance(
                        session=session,
                        participant=participant,
                        status=Attendance.Status.PRESENT,
                        hours=Decimal("4"),
                        marked_by=trainer,
                    )
                )
        for assignment in assignments:
            due = assignment.session.date if assignment.session else starts
            if local in WIRE_LEFT and meetings[last - 1].date < due:
                continue
            submissions.append(
                Submission(
                    assignment=assignment,
                    participant=participant,
                    text="Vastaus tehtävään (demo).",
                    status=Submission.Status.ACCEPTED,
                    reviewed_by=trainer,
                    reviewed_at=_at(due + dt.timedelta(days=10)),
                    feedback="Hyvää pohdintaa, kiitos!",
                )
            )
        notes.append(
            CaseNote(
                participant=participant,
                session=meetings[min(4, last - 1)],
                text="Valmentautuja A kokeili uutta tehtävää; tavoitteena työkokeilu yrityksessä.",
            )
        )
    Attendance.objects.bulk_create(attendances)
    Submission.objects.bulk_create(submissions)
    CaseNote.objects.bulk_create(notes)
    holding = sum(1 for p in participants if p.status in Participant.HOLDING)
    Programme.objects.filter(pk=programme.pk).update(enrolled=holding)
    return {"programmes": 1, "participants": len(participants), "attendances": len(attendances)}


def _parik(orgs: dict[str, Organisation]) -> dict[str, int]:
    organiser = orgs[PARIK_ORGANISER]
    if Programme.objects.filter(organisation=organiser, name=PARIK_NAME).exists():
        return {}
    now = today()
    year = now.year if dt.date(now.year, 11, 1) <= now else now.year - 1
    coordinator = User.objects.get(email=_email("sari.salminen"))
    coach = User.objects.get(email=_email("coach"))
    days = [dt.date(year, 9, 9) + dt.timedelta(weeks=n) for n in range(4)]
    programme = Programme.objects.create(
        organisation=organiser,
        name=PARIK_NAME,
        description=(
            "Nelikertainen koulutus työpajan valmentautujille, jotka haluavat toimia "
            "vertaisohjaajina: vuorovaikutus, itsetuntemus ja ryhmänohjaus. Valmistuneet "
            "saavat vertaisohjaajan pinssin."
        ),
        target_group="Parikin työpajojen valmentautujat",
        themes=PARIK_THEMES,
        status=Programme.Status.FINISHED,
        starts_on=days[0],
        ends_on=days[-1],
        capacity=8,
        completion_all_assignments=False,
        badge=PARIK_BADGE,
        created_by=coordinator,
    )
    programme.trainers.set([coach])
    programme.steering_group.set([coordinator])
    sessions = _sessions(
        programme,
        [
            {
                "date": day,
                "title": theme,
                "theme": theme,
                "host": orgs["Parikin puutyöpaja"],
                "place": "Parikin puutyöpaja, Kouvola",
                "starts_at": dt.time(9),
                "ends_at": dt.time(12),
                "hours": Decimal("3"),
            }
            for day, theme in zip(days, PARIK_THEMES, strict=True)
        ],
        [coach],
    )
    people = []
    for name, org_name in PARIK_PARTICIPANTS:
        person = User.objects.filter(email__isnull=True, display_name=name).first()
        if person is None:
            person = User.objects.create_user(email=None, display_name=name)
            _member(person, orgs[org_name], Role.MEMBER)
        people.append((person, orgs[org_name]))
    return _completed_cohort(
        programme, sessions, people, days, coordinator=coordinator, marker=coach, days_after=2
    )


def _kempele(orgs: dict[str, Organisation]) -> dict[str, int]:
    organiser = orgs["Kempele"]
    counts = {"programmes": 0, "participants": 0, "attendances": 0}
    now = today()
    coordinator = User.objects.get(email=_email("coordinator"))
    tutor = User.objects.get(email=_email("tutor"))
    second = User.objects.get(email=_email("paivi.paakkonen"))
    manager = User.objects.get(email=_email("manager"))
    schools = ["Kirkonkylän koulu", "Ketunmaan koulu", "Linnakankaan koulu", "Pirilän koulu"]
    current = Programme.objects.filter(organisation=organiser, name=KEMPELE_NAME).first()
    if current is None:
        days = [now + dt.timedelta(days=n) for n in (-21, -7, 0, 14, 35)]
        current = Programme.objects.create(
            organisation=organiser,
            name=KEMPELE_NAME,
            description=(
                "Tutoropettajien pitämä koulutus opettajille: oppimisalustat, arviointi "
                "digitaalisin välinein ja digipedagogiikka omassa luokassa. Välitehtävinä "
                "kokeillaan opittua omassa opetuksessa."
            ),
            credits=Decimal("2"),
            target_group="Kempeleen koulujen opettajat",
            themes=KEMPELE_THEMES,
            status=Programme.Status.PUBLISHED,
            starts_on=days[0],
            ends_on=days[-1],
            applications_open_on=days[0] - dt.timedelta(days=60),
            applications_close_on=days[0] - dt.timedelta(days=30),
            criteria=KEMPELE_CRITERIA,
            capacity=6,
            completion_min_sessions=4,
            completion_all_assignments=True,
            info_letter="Tervetuloa koulutukseen! Tee ennakkotehtävä ennen ensimmäistä kertaa.",
            info_letter_sent_at=_at(days[0] - dt.timedelta(days=10)),
            created_by=coordinator,
        )
        current.trainers.set([tutor, second])
        current.steering_group.set([manager])
        sessions = _sessions(
            current,
            [
                {
                    "date": day,
                    "title": KEMPELE_THEMES[index % 3],
                    "theme": KEMPELE_THEMES[index % 3],
                    "host": orgs[schools[index % len(schools)]],
                    "place": f"{schools[index % len(schools)]}, opettajainhuone",
                    "remote_url": "https://meet.example.fi/digipeda" if index == 3 else "",
                    "starts_at": dt.time(14, 30),
                    "ends_at": dt.time(16, 30),
                    "hours": Decimal("2"),
                }
                for index, day in enumerate(days)
            ],
            [tutor],
        )
        pre, interim = Assignment.objects.bulk_create(
            [
                Assignment(
                    programme=current,
                    kind=Assignment.Kind.PRE,
                    title="Ennakkotehtävä: digivälineet opetuksessani",
                    instructions="Kerro lyhyesti, mitä välineitä käytät nyt.",
                    due_on=days[0] - dt.timedelta(days=1),
                    order=1,
                ),
                Assignment(
                    programme=current,
                    title="Välitehtävä: kokeile oppimisalustaa luokassa",
                    instructions="Tee yksi tehtävä oppimisalustalla ja kerro, miten meni.",
                    session=sessions[1],
                    due_on=now + dt.timedelta(days=10),
                    order=2,
                ),
            ]
        )
        rows = []
        for local, org_name, status in KEMPELE_PARTICIPANTS:
            person = User.objects.get(email=_email(local))
            applied = _at(days[0] - dt.timedelta(days=45))
            decided = status != Participant.Status.APPLIED
            rows.append(
                Participant(
                    programme=current,
                    person=person,
                    organisation=orgs[org_name],
                    status=status,
                    applied_by=person,
                    applied_at=applied,
                    motivation="Haluan oppia käyttämään oppimisalustaa monipuolisemmin.",
                    criteria_answers=[
                        "Käytän esityksiä ja joskus oppimisalustaa.",
                        "Arviointia digitaalisin välinein.",
                    ],
                    decided_by=coordinator if decided else None,
                    decided_at=_at(days[0] - dt.timedelta(days=28)) if decided else None,
                    waitlisted_at=_at(days[0] - dt.timedelta(days=28))
                    if status == Participant.Status.WAITLISTED
                    else None,
                    enrolled_at=_at(days[0] - dt.timedelta(days=28))
                    if status == Participant.Status.ENROLLED
                    else None,
                    goals="Oppimisalusta arjen työvälineeksi."
                    if status == Participant.Status.ENROLLED
                    else "",
                )
            )
        participants = Participant.objects.bulk_create(rows)
        enrolled = [p for p in participants if p.status == Participant.Status.ENROLLED]
        attendances = Attendance.objects.bulk_create(
            [
                Attendance(
                    session=session,
                    participant=participant,
                    status=Attendance.Status.ABSENT
                    if n == 2 and index == 1
                    else Attendance.Status.PRESENT,
                    hours=Decimal("0") if n == 2 and index == 1 else Decimal("2"),
                    absence_reason="Sairaana" if n == 2 and index == 1 else "",
                    marked_by=tutor,
                )
                for index, session in enumerate(sessions[:2])
                for n, participant in enumerate(enrolled)
            ]
        )
        Submission.objects.bulk_create(
            [
                Submission(
                    assignment=pre,
                    participant=participant,
                    text="Käytän esityksiä ja joskus oppimisalustaa.",
                    status=Submission.Status.ACCEPTED,
                    reviewed_by=tutor,
                    reviewed_at=_at(days[0]),
                )
                for participant in enrolled
            ]
            + [
                # Waiting for the trainer's review (the trainer's panel).
                Submission(
                    assignment=interim,
                    participant=participant,
                    text="Teimme 7B:n kanssa sanastotehtävän alustalla; hyvin meni.",
                )
                for participant in enrolled[1:3]
            ]
        )
        CaseNote.objects.create(
            participant=enrolled[0],
            session=sessions[1],
            text="Kokeilin alustan kyselytoimintoa; oppilaat innostuivat.",
        )
        Programme.objects.filter(pk=current.pk).update(enrolled=len(enrolled))
        counts = {
            "programmes": 1,
            "participants": len(participants),
            "attendances": len(attendances),
        }
    if not Programme.objects.filter(organisation=organiser, name=KEMPELE_NEXT_NAME).exists():
        # The next cohort: published and open for applications (the demo teacher's
        # colleagues may apply).
        starts = now + dt.timedelta(days=70)
        upcoming = Programme.objects.create(
            organisation=organiser,
            name=KEMPELE_NEXT_NAME,
            description=current.description,
            credits=Decimal("2"),
            target_group=current.target_group,
            themes=KEMPELE_THEMES,
            status=Programme.Status.PUBLISHED,
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=56),
            applications_open_on=now - dt.timedelta(days=5),
            applications_close_on=now + dt.timedelta(days=25),
            criteria=KEMPELE_CRITERIA,
            capacity=12,
            completion_min_sessions=4,
            copied_from=current,
            created_by=coordinator,
        )
        upcoming.trainers.set([tutor, second])
        upcoming.steering_group.set([manager])
        _sessions(
            upcoming,
            [
                {
                    "date": starts + dt.timedelta(weeks=2 * n),
                    "title": KEMPELE_THEMES[n % 3],
                    "theme": KEMPELE_THEMES[n % 3],
                    "host": orgs[schools[n % len(schools)]],
                    "place": f"{schools[n % len(schools)]}, opettajainhuone",
                    "starts_at": dt.time(14, 30),
                    "ends_at": dt.time(16, 30),
                    "hours": Decimal("2"),
                }
                for n in range(5)
            ],
            [tutor],
        )
        counts["programmes"] += 1
    return counts


TUTORS_NAME = "Tutoropettajien perehdytyskoulutus"
TUTORS_BADGE = "Tutoropettaja"
TUTORS = [
    ("tutor", "Kirkonkylän koulu"),
    ("paivi.paakkonen", "Ketunmaan koulu"),
    ("jussi.jokela", "Linnakankaan koulu"),
    ("sanna.seppanen", "Pirilän koulu"),
    ("hannu.heikkinen", "Honkasen koulu"),
]


def _kempele_tutors(orgs: dict[str, Organisation]) -> dict[str, int]:
    """Last year's induction of the municipality's tutor teachers: finished, all five
    completed and hold the tutor role (the demo tutor's profile shows the badge)."""
    organiser = orgs["Kempele"]
    if Programme.objects.filter(organisation=organiser, name=TUTORS_NAME).exists():
        return {}
    coordinator = User.objects.get(email=_email("coordinator"))
    starts = today() - dt.timedelta(days=400)
    days = [starts + dt.timedelta(weeks=3 * n) for n in range(3)]
    programme = Programme.objects.create(
        organisation=organiser,
        name=TUTORS_NAME,
        description="Tutoropettajan tehtävä, vertaisoppimisen ohjaaminen ja tutorointikäynnit.",
        credits=Decimal("1"),
        target_group="Kempeleen tutoropettajat",
        themes=["Tutoropettajan tehtävä", "Vertaisoppiminen"],
        status=Programme.Status.FINISHED,
        starts_on=days[0],
        ends_on=days[-1],
        completion_all_assignments=False,
        grants_role=Role.TUTOR,
        badge=TUTORS_BADGE,
        created_by=coordinator,
    )
    programme.trainers.set([coordinator])
    sessions = _sessions(
        programme,
        [
            {
                "date": day,
                "title": f"Perehdytys {n + 1}",
                "theme": programme.themes[n % 2],
                "host": organiser,
                "place": "Kempeleen kunnantalo",
                "starts_at": dt.time(13),
                "ends_at": dt.time(16),
                "hours": Decimal("3"),
            }
            for n, day in enumerate(days)
        ],
        [coordinator],
    )
    people = [(User.objects.get(email=_email(local)), orgs[name]) for local, name in TUTORS]
    return _completed_cohort(
        programme,
        sessions,
        people,
        days,
        coordinator=coordinator,
        marker=coordinator,
        days_after=3,
    )


@scopes_disabled()
@transaction.atomic
def programmes_demo_load() -> dict[str, int]:
    """Create the demo programmes (needs the orgs demo); a second run adds nothing."""
    names = {WIRE_ORGANISER, PARIK_ORGANISER, "Kempele", "Parikin puutyöpaja"}
    names |= set(WIRE_COACHES) | {host for *_rest, host in WIRE_MEETINGS}
    names |= {org for _name, org in PARIK_PARTICIPANTS}
    names |= {org for _local, org, _status in KEMPELE_PARTICIPANTS}
    names |= {org for _local, org in TUTORS}
    orgs = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    if not names <= set(orgs):
        return {}
    totals = {"programmes": 0, "participants": 0, "attendances": 0}
    for part in (_wire(orgs), _parik(orgs), _kempele_tutors(orgs), _kempele(orgs)):
        for key, value in part.items():
            totals[key] += value
    return totals


def _completed_cohort(
    programme: Programme,
    sessions: list[Session],
    people: list[tuple[User, Organisation]],
    days: list[dt.date],
    *,
    coordinator: User,
    marker: User,
    days_after: int,
) -> dict[str, int]:
    """A finished cohort where everyone completed and was present at every session."""
    participants = Participant.objects.bulk_create(
        [
            Participant(
                programme=programme,
                person=person,
                organisation=organisation,
                status=Participant.Status.COMPLETED,
                decided_by=coordinator,
                decided_at=_at(days[0] - dt.timedelta(days=14)),
                enrolled_at=_at(days[0] - dt.timedelta(days=14)),
                completed_at=_at(days[-1] + dt.timedelta(days=days_after)),
                completion_confirmed_by=coordinator,
                certificate_code=certificate_code(),
            )
            for person, organisation in people
        ]
    )
    attendances = Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                participant=participant,
                status=Attendance.Status.PRESENT,
                hours=session.hours,
                marked_by=marker,
            )
            for session in sessions
            for participant in participants
        ]
    )
    Programme.objects.filter(pk=programme.pk).update(enrolled=len(participants))
    return {"programmes": 1, "participants": len(participants), "attendances": len(attendances)}
