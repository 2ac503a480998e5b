"""Demo organisations and people, written from the seed documents (names of people invented).

- Oulu and Haukipudas with units, joined in "Oulun seudun välityömarkkinat" (seed 000).
- Jyväskylä, the four NGOs of the job-coach pilot and the TYP, in a network (seed 004).
- Kouvola with Parik-säätiö and its workshops, whose participants have no login (seed 003).
- Kempele with five schools for tutor-teacher work (seeds 001 and 002).

Idempotent: organisations are keyed on name and parent, people on e-mail (or name when
they have no e-mail), memberships on person and organisation. Running it again adds nothing.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tutori.accounts.models import User
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import (
    Invitation,
    Membership,
    Network,
    Organisation,
    OrganisationKind,
    Role,
    today,
)

DEMO_PASSWORD = "tutori-demo"
DEMO_DOMAIN = "demo.tutori.fi"

# (e-mail local part, name, what the account shows)
LOGINS = [
    (
        "admin",
        "Aila Ylläpito",
        "alustan ylläpitäjä: kaikki organisaatiot, verkostot ja Django-admin",
    ),
    ("coordinator", "Kaisa Koordinaattori", "Kempeleen tutoropettajatoiminnan koordinaattori"),
    ("manager", "Reijo Rehtori", "Kirkonkylän koulun rehtori (esihenkilö)"),
    ("tutor", "Tiina Tutor", "tutoropettaja, Kirkonkylän koulu"),
    ("coach", "Ville Valmentaja", "työvalmentaja, Parik-säätiön puutyöpaja"),
    ("member", "Olli Opettaja", "opettaja, Kirkonkylän koulu"),
    ("sari.salminen", "Sari Salminen", "Parik-säätiön koordinaattori (vertaisohjaajan polku)"),
    ("jaana.jarvinen", "Jaana Järvinen", "Jyväskylän TYP:n koordinaattori (WIRE 3 -arviointi)"),
]

K = OrganisationKind
# name, kind, parent name, business id
ORGANISATIONS: list[tuple[str, str, str | None, str]] = [
    ("Oulu", K.MUNICIPALITY, None, "0187690-1"),
    ("Oulun työllisyyspalvelut", K.UNIT, "Oulu", ""),
    ("Oulun nuorten työpajat", K.WORKSHOP, "Oulu", ""),
    ("Haukipudas", K.MUNICIPALITY, None, ""),
    ("Haukiputaan kuntouttava työtoiminta", K.UNIT, "Haukipudas", ""),
    ("Haukiputaan seurakunnan työpaja", K.WORKSHOP, "Haukipudas", ""),
    ("Jyväskylä", K.MUNICIPALITY, None, "0208201-1"),
    ("Jyväskylän TYP", K.AGENCY, "Jyväskylä", ""),
    ("Jyväskylän Katulähetys ry", K.ASSOCIATION, None, ""),
    ("Jyvässeudun Työttömät ry", K.ASSOCIATION, None, ""),
    ("Työvalmennussäätiö Tekevä", K.FOUNDATION, None, ""),
    ("Jyvälän Setlementti", K.ASSOCIATION, None, ""),
    ("Kouvola", K.MUNICIPALITY, None, "0189868-4"),
    ("Parik-säätiö", K.FOUNDATION, "Kouvola", ""),
    ("Parikin puutyöpaja", K.WORKSHOP, "Parik-säätiö", ""),
    ("Parikin kahvila- ja keittiöpaja", K.WORKSHOP, "Parik-säätiö", ""),
    ("Parikin media- ja ompelupaja", K.WORKSHOP, "Parik-säätiö", ""),
    ("Kempele", K.MUNICIPALITY, None, ""),
    ("Kirkonkylän koulu", K.SCHOOL, "Kempele", ""),
    ("Ketunmaan koulu", K.SCHOOL, "Kempele", ""),
    ("Linnakankaan koulu", K.SCHOOL, "Kempele", ""),
    ("Pirilän koulu", K.SCHOOL, "Kempele", ""),
    ("Honkasen koulu", K.SCHOOL, "Kempele", ""),
]

NETWORKS = [
    (
        "Oulun seudun välityömarkkinat",
        "Työyhteisöjen tutorohjaajakoulutus ja Puimala-työpajat (seed 000).",
        [
            "Oulu",
            "Oulun työllisyyspalvelut",
            "Oulun nuorten työpajat",
            "Haukipudas",
            "Haukiputaan kuntouttava työtoiminta",
            "Haukiputaan seurakunnan työpaja",
        ],
    ),
    (
        "Jyväskylän työvalmentajaverkosto",
        "Neljän järjestön ja TYP:n yhteinen työvalmentajakoulutus (seed 004).",
        [
            "Jyväskylän TYP",
            "Jyväskylän Katulähetys ry",
            "Jyvässeudun Työttömät ry",
            "Työvalmennussäätiö Tekevä",
            "Jyvälän Setlementti",
        ],
    ),
]

# (e-mail local part or None for a participant without login, name, organisation, role)
PEOPLE: list[tuple[str | None, str, str, str]] = [
    # Kempele: tutor teachers and teachers
    ("coordinator", "Kaisa Koordinaattori", "Kempele", Role.COORDINATOR),
    ("manager", "Reijo Rehtori", "Kirkonkylän koulu", Role.MANAGER),
    ("tutor", "Tiina Tutor", "Kirkonkylän koulu", Role.TUTOR),
    ("member", "Olli Opettaja", "Kirkonkylän koulu", Role.MEMBER),
    ("paivi.paakkonen", "Päivi Pääkkönen", "Ketunmaan koulu", Role.TUTOR),
    ("jussi.jokela", "Jussi Jokela", "Linnakankaan koulu", Role.TUTOR),
    ("sanna.seppanen", "Sanna Seppänen", "Pirilän koulu", Role.TUTOR),
    ("hannu.heikkinen", "Hannu Heikkinen", "Honkasen koulu", Role.TUTOR),
    ("marjo.manninen", "Marjo Manninen", "Ketunmaan koulu", Role.MANAGER),
    ("anna.aho", "Anna Aho", "Kirkonkylän koulu", Role.MEMBER),
    ("eero.eskola", "Eero Eskola", "Kirkonkylän koulu", Role.MEMBER),
    ("liisa.lehto", "Liisa Lehto", "Kirkonkylän koulu", Role.MEMBER),
    ("mikko.mattila", "Mikko Mattila", "Ketunmaan koulu", Role.MEMBER),
    ("noora.niskanen", "Noora Niskanen", "Ketunmaan koulu", Role.MEMBER),
    ("petri.pesonen", "Petri Pesonen", "Linnakankaan koulu", Role.MEMBER),
    ("riikka.rautio", "Riikka Rautio", "Pirilän koulu", Role.MEMBER),
    ("timo.tervo", "Timo Tervo", "Honkasen koulu", Role.MEMBER),
    ("ulla.uusitalo", "Ulla Uusitalo", "Honkasen koulu", Role.MEMBER),
    # Oulu region
    ("helena.halonen", "Helena Halonen", "Oulu", Role.COORDINATOR),
    ("kari.kangas", "Kari Kangas", "Oulun työllisyyspalvelut", Role.TUTOR),
    ("minna.moilanen", "Minna Moilanen", "Haukiputaan kuntouttava työtoiminta", Role.TUTOR),
    ("seppo.siira", "Seppo Siira", "Haukiputaan seurakunnan työpaja", Role.COACH),
    ("tarja.tolonen", "Tarja Tolonen", "Haukipudas", Role.MANAGER),
    # Jyväskylä network (seed 004: coaches of four NGOs)
    ("jaana.jarvinen", "Jaana Järvinen", "Jyväskylän TYP", Role.COORDINATOR),
    ("kimmo.koskinen", "Kimmo Koskinen", "Jyväskylän Katulähetys ry", Role.COACH),
    ("laura.laitinen", "Laura Laitinen", "Jyvässeudun Työttömät ry", Role.COACH),
    ("matti.makela", "Matti Mäkelä", "Työvalmennussäätiö Tekevä", Role.COACH),
    ("outi.oksanen", "Outi Oksanen", "Jyvälän Setlementti", Role.COACH),
    ("pekka.puranen", "Pekka Puranen", "Työvalmennussäätiö Tekevä", Role.MANAGER),
    # Kouvola: Parik-säätiö (seed 003), workshop participants without a login
    ("coach", "Ville Valmentaja", "Parikin puutyöpaja", Role.COACH),
    ("sari.salminen", "Sari Salminen", "Parik-säätiö", Role.COORDINATOR),
    ("tuomas.toivonen", "Tuomas Toivonen", "Parikin kahvila- ja keittiöpaja", Role.COACH),
    ("irja.ikonen", "Irja Ikonen", "Parikin media- ja ompelupaja", Role.COACH),
    (None, "Aleksi A.", "Parikin puutyöpaja", Role.MEMBER),
    (None, "Jenni J.", "Parikin puutyöpaja", Role.MEMBER),
    (None, "Mika M.", "Parikin puutyöpaja", Role.MEMBER),
    (None, "Niina N.", "Parikin kahvila- ja keittiöpaja", Role.MEMBER),
    (None, "Sami S.", "Parikin kahvila- ja keittiöpaja", Role.MEMBER),
    (None, "Veera V.", "Parikin media- ja ompelupaja", Role.MEMBER),
    (None, "Oskari O.", "Parikin media- ja ompelupaja", Role.MEMBER),
]
ENDED = ("eero.eskola", "Kirkonkylän koulu")  # moved to another municipality: history kept
INVITED = ("uusi.opettaja", "Ulriikka Uusi", "Kirkonkylän koulu", Role.MEMBER)
# Imported three weeks ago; the invitation expired unaccepted: the coordinator sends it again.
EXPIRED = ("eetu.myohainen", "Eetu Myöhäinen", "Kirkonkylän koulu", Role.MEMBER)
ADMIN = "admin"


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def _organisation(
    name: str, kind: str, parent: Organisation | None, business_id: str
) -> Organisation:
    organisation = Organisation.objects.filter(name=name, parent=parent).first()
    if organisation is None:
        organisation = Organisation(name=name, kind=kind, parent=parent, business_id=business_id)
        organisation.full_clean()
        organisation.save()
    return organisation


def _person(local: str | None, name: str) -> User:
    if local is None:
        existing = User.objects.filter(email__isnull=True, display_name=name).first()
        return existing or User.objects.create_user(email=None, display_name=name)
    email = _email(local)
    person = User.objects.filter(email=email).first()
    if person is None:
        person = User.objects.create_user(email=email, display_name=name, password=DEMO_PASSWORD)
    return person


def _membership(person: User, organisation: Organisation, role: str) -> None:
    memberships = Membership.objects.filter(user=person, organisation=organisation)
    if not memberships.exists():
        Membership.objects.create(
            user=person,
            organisation=organisation,
            role=role,
            active_from=today() - timedelta(days=400),
        )


@transaction.atomic
@scopes_disabled()
def demo_load() -> dict[str, Any]:
    """Create (or find) the demo organisations, networks, people and memberships."""
    organisations: dict[str, Organisation] = {}
    for name, kind, parent_name, business_id in ORGANISATIONS:
        parent = organisations[parent_name] if parent_name else None
        organisations[name] = _organisation(name, kind, parent, business_id)
    for name, description, members in NETWORKS:
        network, _created = Network.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        network.organisations.add(*(organisations[m] for m in members))

    admin = _person(ADMIN, LOGINS[0][1])
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    people: dict[str | None, User] = {}
    for local, name, organisation_name, role in PEOPLE:
        person = _person(local, name)
        people[local or name] = person
        _membership(person, organisations[organisation_name], role)

    ended = Membership.objects.filter(
        user=people[ENDED[0]], organisation=organisations[ENDED[1]], active_to__isnull=True
    )
    for membership in ended:
        membership.active_to = today() - timedelta(days=30)
        membership.save(update_fields=["active_to"])

    for (local, name, organisation_name, role), sent in (
        (INVITED, timezone.now()),
        (EXPIRED, timezone.now() - timedelta(days=21)),
    ):
        invited = User.objects.filter(email=_email(local)).first()
        if invited is not None:
            continue
        invited = User.objects.create_user(email=_email(local), display_name=name)
        _membership(invited, organisations[organisation_name], role)
        Invitation.objects.create(
            user=invited,
            organisation=organisations[organisation_name],
            role=role,
            display_name=name,
            invited_by=people["coordinator"],
            # A token nobody knows: the demo shows an invitation, not a usable link.
            token_hash=hashlib.sha256(f"demo-{local}-{settings.SECRET_KEY}".encode()).hexdigest(),
            expires_at=sent + settings.INVITATION_LIFETIME,
            sent_at=sent,
            send_count=1,
        )
    return {
        "organisations": len(organisations),
        "people": User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count()
        + User.objects.filter(email__isnull=True).count(),
    }
