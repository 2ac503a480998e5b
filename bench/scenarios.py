"""The benchmark's scenarios: one registry of pages, each read as a realistic user.

A scenario names the login it runs as and builds its path from the generated database
(``targets``). Later capabilities add their pages here; ``bench/run.py`` measures them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Scenario:
    name: str
    login: str  # member, tutor, coordinator, manager, coach (…@bench.tutori.fi) or ""
    path: str  # may hold {placeholders} filled from ``targets``
    floor: bool = False
    # A page that takes seconds (a PDF of many pages) is measured at least this long, so
    # that a run of one second (``--smoke``) still completes some requests.
    min_seconds: float = 0.0
    # The status that counts as success (a poll that finds no change answers 204).
    expect: int = 200


SCENARIOS: list[Scenario] = [
    # The framework floor: the whole middleware stack (session, auth, CSP, locale …) and a
    # view that touches no table.
    Scenario("floor", "member", "/health/", floor=True),
    Scenario("login page", "", "/accounts/login/"),
    Scenario("dashboard", "member", "/dashboard/"),
    Scenario("people list with a search", "coordinator", "/orgs/{school}/people/?q=aino"),
    Scenario("topic catalogue with a search", "member", "/tutoring/?q=digi"),
    Scenario("catalogue searched by way and place", "member", "/tutoring/?q=et%C3%A4"),
    Scenario("a school's invitations", "coordinator", "/orgs/{school}/invitations/"),
    Scenario("school breaks", "coordinator", "/tutoring/breaks/"),
    Scenario("tutor week calendar", "tutor", "/tutoring/tutor/availability/"),
    Scenario("my bookings", "member", "/tutoring/my/"),
    Scenario("iCalendar feed", "", "/accounts/ical/{feed_token}.ics"),
    Scenario("tutoring-hours report", "coordinator", "/tutoring/reports/hours/?group=month"),
    Scenario("tutoring-hours report XLSX", "coordinator", "/tutoring/reports/hours.xlsx"),
    # The municipal needs survey of the generator (100 000 answers at national scale).
    Scenario("needs survey results", "coordinator", "/surveys/{needs_survey}/results/"),
    Scenario("a school's tutoring plan", "coordinator", "/surveys/{needs_survey}/plan/{school}/"),
    # Training programmes: the first municipality's running programme of the generator (the
    # bench tutor trains it, the bench member takes part). tests/bench checks each path
    # resolves to its URL name (programmes:list, detail, timetable, attendance, my, me).
    Scenario("programme list", "member", "/programmes/"),
    Scenario("a programme's page", "coordinator", "/programmes/{programme}/"),
    Scenario("a programme's timetable", "member", "/programmes/{programme}/timetable/"),
    Scenario("session attendance", "tutor", "/programmes/sessions/{programme_session}/attendance/"),
    Scenario("my programmes", "member", "/programmes/my/"),
    Scenario("my page in a programme", "member", "/programmes/{programme}/me/"),
    # Follow-up paths (issue 15): the first municipality's path template of the generator;
    # the bench coach (coach@bench.tutori.fi, made by the paths generator) coaches its
    # paths. tests/paths/test_data_bench.py checks each path resolves to its URL name.
    Scenario("coach dashboard", "coach", "/paths/coach/"),
    Scenario("a path's page", "coach", "/paths/{path}/"),
    Scenario("path report", "coordinator", "/paths/reports/{path_template}/"),
    # Evaluation (issue 16): the first municipality's national training of the generator,
    # whose pre/post answers are about 100 000 at national scale; the bench coordinator
    # manages it. tests/evaluation/test_data_bench.py checks each path's URL name.
    Scenario(
        "pre/post report", "coordinator", "/evaluation/programmes/{evaluation_programme}/prepost/"
    ),
    Scenario(
        "attrition report",
        "coordinator",
        "/evaluation/programmes/{evaluation_programme}/attrition/",
    ),
    Scenario(
        "feedback report",
        "coordinator",
        "/evaluation/programmes/{evaluation_programme}/feedback/",
    ),
    Scenario("tutoring impact", "coordinator", "/evaluation/tutoring/"),
    Scenario("funder report of an area", "coordinator", "/evaluation/funder/?area=1"),
    Scenario(
        "funder report PDF",
        "coordinator",
        "/evaluation/funder.pdf?programme={evaluation_programme}",
        min_seconds=10.0,
    ),
    # Workshops (issue 17): the first municipality's first workshop of the generator (closed,
    # facilitated by the bench coordinator) and its second (running today, joined by the bench
    # member; its first question collects ideas). A participant's page polls its question
    # every two seconds: a poll with the current stamp answers 204 at once. The vote cast
    # write is a run of its own (bench/workshop_writes.py). tests/workshops/test_data_bench.py
    # checks each path resolves to its URL name.
    Scenario("workshop participant's page", "member", "/workshops/{workshop_live}/take-part/"),
    Scenario(
        "workshop poll, no change",
        "member",
        "/workshops/take-part/questions/{workshop_question}/live/?stamp={workshop_stamp}",
        expect=204,
    ),
    Scenario("workshop results", "coordinator", "/workshops/{workshop}/results/"),
    Scenario(
        "workshop results PDF",
        "coordinator",
        "/workshops/{workshop}/results.pdf",
        min_seconds=5.0,
    ),
]


def targets() -> dict[str, Any]:
    """Ids and tokens the scenarios' paths need, read from the generated database."""
    from tutori.accounts.calendar import feed_create
    from tutori.accounts.models import User
    from tutori.core.scoping import scopes_disabled
    from tutori.orgs.models import Membership
    from tutori.surveys.generate import TITLE
    from tutori.surveys.models import Survey

    member = User.objects.get(email="member@bench.tutori.fi")
    school = Membership.objects.filter(user=member).values_list("organisation_id", flat=True)[0]
    with scopes_disabled():
        needs_survey = Survey.objects.filter(title=TITLE).values_list("pk", flat=True).first()
    if needs_survey is None:
        needs_survey = _needs_survey_added()
    programme, programme_session = _programme_targets()
    return {
        "school": school,
        "feed_token": feed_create(user=member),
        "needs_survey": needs_survey,
        "programme": programme,
        "programme_session": programme_session,
        **_path_targets(),
        "evaluation_programme": _evaluation_target(),
        **_workshop_targets(),
    }


def _workshop_targets() -> dict[str, Any]:
    """The generator's closed workshop of the bench coordinator and the running one the
    bench member joined (its first question and that question's stamp); added now to a
    database generated before workshops existed (three workshops of the first municipality)."""
    from tutori.core.scoping import scopes_disabled
    from tutori.workshops.generate import TITLE
    from tutori.workshops.models import Workshop, WorkshopQuestion
    from tutori.workshops.selectors import question_stamp

    def found() -> tuple[Workshop | None, Workshop | None]:
        mine = Workshop.objects.filter(title__startswith=TITLE.format(n=""))
        closed = (
            mine.filter(
                status=Workshop.Status.CLOSED, created_by__email="coordinator@bench.tutori.fi"
            )
            .order_by("pk")
            .first()
        )
        live = (
            mine.filter(
                status=Workshop.Status.OPEN, participants__user__email="member@bench.tutori.fi"
            )
            .order_by("pk")
            .first()
        )
        return closed, live

    with scopes_disabled():
        closed, live = found()
        if closed is None or live is None:
            _workshops_added()
            closed, live = found()
        assert closed is not None and live is not None, "no workshops for the benchmark"
        question = WorkshopQuestion.objects.filter(workshop=live).order_by("position", "pk")[0]
    return {
        "workshop": closed.pk,
        "workshop_live": live.pk,
        "workshop_question": question.pk,
        "workshop_stamp": question_stamp(question),
    }


def _workshops_added() -> None:
    """The generator's workshops for the first municipality only (three: the bench
    coordinator's closed one, the bench member's running one and another), for a database
    generated before workshops existed."""
    from random import Random

    from django.db import transaction

    from tutori.core.scoping import scopes_disabled
    from tutori.orgs.models import Membership, Organisation, OrganisationKind, Role
    from tutori.workshops.generate import PEOPLE_PER_WORKSHOP, workshops

    with scopes_disabled(), transaction.atomic():
        town = (
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("pk").first()
        )
        schools = list(Organisation.objects.filter(parent=town).order_by("pk"))
        index = {school.pk: n for n, school in enumerate(schools)}
        members: list[list[int]] = [[] for _ in schools]
        for user_id, organisation_id in (
            Membership.objects.filter(organisation__in=schools, role=Role.MEMBER)
            .values_list("user_id", "organisation_id")
            .order_by("pk")
        ):
            members[index[organisation_id]].append(user_id)
        workshops(
            scale={"people": 3 * PEOPLE_PER_WORKSHOP},
            rng=Random(2026),
            state={"municipalities": [town], "schools": schools, "members_by_school": members},
            progress=lambda *args, **kwargs: None,
        )


def _evaluation_target() -> int:
    """The generator's national training (evaluated, its pre/post answers the largest);
    added now to a database generated before evaluation existed."""
    from tutori.core.scoping import scopes_disabled
    from tutori.evaluation.generate import NATIONAL_NAME
    from tutori.programmes.models import Programme

    with scopes_disabled():
        found = (
            Programme.objects.filter(name=NATIONAL_NAME)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
    return int(found) if found is not None else _evaluations_added()


def _evaluations_added() -> int:
    """The generator's evaluations for the first municipality only (its finished training
    and a national one of its schools' members), for a database generated before
    evaluation existed."""
    from random import Random

    from django.db import transaction

    from tutori.accounts.models import User
    from tutori.core.scoping import scopes_disabled
    from tutori.evaluation.generate import evaluations
    from tutori.orgs.models import Membership, Organisation, OrganisationKind, Role

    with scopes_disabled(), transaction.atomic():
        town = (
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("pk").first()
        )
        schools = list(Organisation.objects.filter(parent=town).order_by("pk"))
        index = {school.pk: n for n, school in enumerate(schools)}
        members: list[list[int]] = [[] for _ in schools]
        for user_id, organisation_id in (
            Membership.objects.filter(organisation__in=schools, role=Role.MEMBER)
            .values_list("user_id", "organisation_id")
            .order_by("pk")
        ):
            members[index[organisation_id]].append(user_id)
        state: dict[str, Any] = {
            "municipalities": [town],
            "schools": schools,
            "members_by_school": members,
        }
        evaluations(
            scale={"people": User.objects.count()},
            rng=Random(2026),
            state=state,
            progress=lambda *args, **kwargs: None,
        )
    return int(state.get("evaluation_programme", 0))


def _path_targets() -> dict[str, int]:
    """The generator's first path template and a path the bench coach coaches; added now to
    a database generated before paths existed (the first municipality only)."""
    from tutori.core.scoping import scopes_disabled
    from tutori.paths.generate import COACH_EMAIL, TEMPLATE_NAME
    from tutori.paths.models import PathTemplate, PersonPath

    with scopes_disabled():
        template = (
            PathTemplate.objects.filter(name=TEMPLATE_NAME)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if template is None:
            _paths_added()
            template = (
                PathTemplate.objects.filter(name=TEMPLATE_NAME)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
        path = (
            PersonPath.objects.filter(template_id=template, coach__email=COACH_EMAIL)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
    return {"path_template": int(template or 0), "path": int(path or 0)}


def _paths_added() -> None:
    """The generator's paths for the first municipality only (its schools' members, the
    bench coach), for a database generated before paths existed."""
    from random import Random

    from django.db import transaction

    from tutori.accounts.models import User
    from tutori.core.scoping import scopes_disabled
    from tutori.orgs.models import Membership, Organisation, OrganisationKind, Role
    from tutori.paths.generate import paths

    with scopes_disabled(), transaction.atomic():
        town = (
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("pk").first()
        )
        schools = list(Organisation.objects.filter(parent=town).order_by("pk"))
        index = {school.pk: n for n, school in enumerate(schools)}
        members: list[list[int]] = [[] for _ in schools]
        tutors = [0] * len(schools)
        held = Membership.objects.filter(
            organisation__in=schools, role__in=[Role.MEMBER, Role.TUTOR]
        )
        for user_id, organisation_id, role in held.values_list(
            "user_id", "organisation_id", "role"
        ).order_by("pk"):
            if role == Role.TUTOR:
                tutors[index[organisation_id]] = tutors[index[organisation_id]] or user_id
            else:
                members[index[organisation_id]].append(user_id)
        paths(
            scale={"people": User.objects.count()},
            rng=Random(2026),
            state={
                "municipalities": [town],
                "schools": schools,
                "members_by_school": members,
                "tutor_by_school": tutors,
            },
            progress=lambda *args, **kwargs: None,
        )


def _programme_targets() -> tuple[int, int]:
    """The generator's running programme of the first municipality and its second (held)
    session; added now to a database generated before programmes existed."""
    from tutori.core.scoping import scopes_disabled
    from tutori.programmes.generate import RUNNING_NAME
    from tutori.programmes.models import Programme, Session

    with scopes_disabled():
        programme = (
            Programme.objects.filter(name=RUNNING_NAME).order_by("pk").values_list("pk", flat=True)
        ).first()
        if programme is None:
            programme = _programmes_added()
        session = (
            Session.objects.filter(programme_id=programme)
            .order_by("date", "pk")
            .values_list("pk", flat=True)[1]
        )
    return int(programme), int(session)


def _programmes_added() -> int:
    """The generator's programmes for the first municipality only (its schools' teachers,
    the bench logins), for a database generated before programmes existed."""
    from random import Random

    from django.db import transaction

    from tutori.accounts.models import User
    from tutori.core.scoping import scopes_disabled
    from tutori.orgs.models import Membership, Organisation, OrganisationKind, Role
    from tutori.programmes.generate import programmes

    with scopes_disabled(), transaction.atomic():
        town = (
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("pk").first()
        )
        schools = list(Organisation.objects.filter(parent=town).order_by("pk"))
        index = {school.pk: n for n, school in enumerate(schools)}
        members: list[list[int]] = [[] for _ in schools]
        tutors = [0] * len(schools)
        held = Membership.objects.filter(
            organisation__in=schools, role__in=[Role.MEMBER, Role.TUTOR]
        )
        for user_id, organisation_id, role in held.values_list(
            "user_id", "organisation_id", "role"
        ).order_by("pk"):
            if role == Role.TUTOR:
                tutors[index[organisation_id]] = tutors[index[organisation_id]] or user_id
            else:
                members[index[organisation_id]].append(user_id)
        state: dict[str, Any] = {
            "municipalities": [town],
            "schools": schools,
            "members_by_school": members,
            "tutor_by_school": tutors,
            "bench_tutor": User.objects.get(email="tutor@bench.tutori.fi").pk,
        }
        programmes(
            scale={"people": User.objects.count()},
            rng=Random(2026),
            state=state,
            progress=lambda *args, **kwargs: None,
        )
    return int(state["programme"])


def _needs_survey_added() -> int:
    """A database generated before surveys existed gets the generator's needs survey now
    (in proportion to its people), so its scenarios have something to read."""
    from random import Random

    from django.db import transaction

    from tutori.accounts.models import User
    from tutori.core.scoping import scopes_disabled
    from tutori.orgs.models import Organisation, OrganisationKind
    from tutori.surveys.generate import surveys

    with scopes_disabled(), transaction.atomic():
        town = (
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("pk").first()
        )
        schools = list(Organisation.objects.filter(parent=town).order_by("pk"))
        state: dict[str, Any] = {"municipalities": [town], "schools": schools}
        surveys(
            scale={"people": User.objects.count()},
            rng=Random(2026),
            state=state,
            progress=lambda *args, **kwargs: None,
        )
    return int(state["survey"])


# The programme write run (bench/run.py ``programme_writes``): a programme of its own, with
# an open application window, so that applying, deciding and cancelling are measured without
# changing any page the scenarios read.
WRITE_PROGRAMME_NAME = "Hakemusten ja peruutusten kirjoitustesti (benchmark)"
WRITE_CRITERIA = ["Mitä haluat oppia koulutuksessa?"]


def programme_writers(clients: int, capacity: int) -> dict[str, Any]:
    """The write run's programme and its applicants: a published programme organised by the
    first town's last school (no bench login belongs to it, so the measured pages stay as
    they are; the town's coordinator, the bench coordinator, manages it) whose application
    window is open today and whose start is two months ahead (a person may still cancel),
    with ``capacity`` places; made once, and emptied of participants on every call. The
    applicants are up to ``clients`` members of that school, none yet in the programme."""
    import datetime as dt

    from django.db import transaction

    from tutori.accounts.models import User
    from tutori.core.scoping import scopes_disabled
    from tutori.orgs.models import Membership, Organisation, OrganisationKind, Role, today
    from tutori.programmes.models import Participant, Programme

    coordinator = User.objects.get(email="coordinator@bench.tutori.fi")
    now = today()
    with scopes_disabled(), transaction.atomic():
        town = (
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("pk").first()
        )
        school = Organisation.objects.filter(parent=town).order_by("-pk").first() or town
        programme, _made = Programme.objects.get_or_create(
            organisation=school,
            name=WRITE_PROGRAMME_NAME,
            defaults={"created_by": coordinator, "credits": 1},
        )
        Participant.objects.filter(programme=programme).delete()
        Programme.objects.filter(pk=programme.pk).update(enrolled=0)
        Programme.objects.filter(pk=programme.pk).update(
            status=Programme.Status.PUBLISHED,
            capacity=capacity,
            criteria=WRITE_CRITERIA,
            applications_open_on=now - dt.timedelta(days=7),
            applications_close_on=now + dt.timedelta(days=30),
            starts_on=now + dt.timedelta(days=60),
            ends_on=now + dt.timedelta(days=90),
        )
        people = list(
            Membership.objects.active()
            .filter(organisation=school, role=Role.MEMBER, user__is_active=True)
            .exclude(user__email__in=[f"{x}@bench.tutori.fi" for x in ("member", "tutor")])
            .order_by("user_id")
            .values_list("user__email", flat=True)
            .distinct()[:clients]
        )
    return {
        "programme": programme.pk,
        "people": people,
        "coordinator": "coordinator@bench.tutori.fi",
        "criteria": len(WRITE_CRITERIA),
    }
