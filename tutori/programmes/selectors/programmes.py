"""Reads of the plan (part A): the list of programmes, one programme with its sessions and
materials, the timetable with its totals, the organisations where one may organise and the
people who may train or steer. Every read goes through the scoped managers or through a
programme the caller already sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from tutori.access import engine
from tutori.core.public_holidays import public_holidays
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Membership, Organisation, Role
from tutori.programmes import permissions
from tutori.programmes.models import Material, Participant, Programme, Session
from tutori.programmes.permissions import ORGANISER_ROLES

PEOPLE_LIMIT = 300
NETWORK_STAFF_ROLES = (Role.COORDINATOR, Role.MANAGER, Role.TUTOR, Role.COACH)
LIST_FILTERS = ("mine", "open", "upcoming", "past")


def organisable_organisations(*, user: Any) -> list[Organisation]:
    """The active organisations where ``user`` may organise programmes."""
    qs = Organisation.objects.visible_to(user).filter(is_active=True)
    if not engine.reach(user).is_admin:
        qs = qs.filter(engine.ids_q(user, "pk", ORGANISER_ROLES))
    return list(qs.order_by("path")[:500])


def programme_list(
    *, user: Any, query: str = "", status: str = "", when: str = ""
) -> QuerySet[Programme]:
    """The programmes ``user`` sees (drafts only where they organise), the newest start
    first, with their number of (not cancelled) sessions."""
    qs = (
        Programme.objects.visible_to(user)
        .select_related("organisation")
        .annotate(
            session_count=Count(
                "sessions", filter=Q(sessions__cancelled_at__isnull=True), distinct=True
            )
        )
        .order_by("-starts_on", "name", "pk")
    )
    for term in query.split()[:5]:
        qs = qs.filter(
            Q(name__icontains=term)
            | Q(description__icontains=term)
            | Q(target_group__icontains=term)
            | Q(organisation__name__icontains=term)
        )
    if status in Programme.Status.values:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    if when == "open":
        qs = qs.filter(
            status=Programme.Status.PUBLISHED,
            applications_open_on__lte=today,
            applications_close_on__gte=today,
        )
    elif when == "upcoming":
        qs = qs.filter(Q(starts_on__gte=today) | Q(starts_on__isnull=True)).exclude(
            status__in=[Programme.Status.FINISHED, Programme.Status.CANCELLED]
        )
    elif when == "past":
        qs = qs.filter(Q(ends_on__lt=today) | Q(status=Programme.Status.FINISHED))
    elif when == "mine":
        qs = qs.filter(
            Q(trainers=user)
            | Q(steering_group=user)
            | Q(participants__person=user)
            | Q(created_by=user)
        ).distinct()
    return qs  # type: ignore[no-any-return]


def programme_get(*, user: Any, pk: int, people: bool = True) -> Programme | None:
    """One programme ``user`` sees, with its organiser, network, trainers and steering
    group (``people=False``: without the last two, for a page that needs neither): read by
    its key and kept when the person's reach surely sees it (else the visibility rule's
    query decides; see ``Programme.objects.shown``)."""
    programme = Programme.objects.shown(
        user,
        pk,
        sees=permissions.surely_visible,
        related=("organisation", "network", "copied_from", "created_by"),
    )
    if programme is not None and people:
        with scopes_disabled():  # the programme's own people, the caller sees it
            prefetch_related_objects([programme], "trainers", "steering_group")
    return programme  # type: ignore[no-any-return]


def session_get(*, user: Any, pk: int, people: bool = True) -> Session | None:
    """A session of a programme ``user`` sees (as ``programme_get``), with its host and
    trainers (``people=False``: without them, for a page that does not show them)."""
    session = Session.objects.shown(
        user,
        pk,
        sees=permissions.surely_visible_session,
        related=("programme__organisation", "host"),
    )
    if session is not None and people:
        with scopes_disabled():
            prefetch_related_objects([session], "trainers")
    return session  # type: ignore[no-any-return]


def material_get(*, user: Any, pk: int) -> Material | None:
    """A material of a programme ``user`` sees."""
    return (
        Material.objects.select_related("programme__organisation", "session")
        .filter(pk=pk, programme__in=Programme.objects.visible_to(user).values("pk"))
        .first()
    )


@dataclass
class Timetable:
    sessions: list[Session] = field(default_factory=list)
    hours: Decimal = Decimal("0")  # of the held (not cancelled) meetings
    follow_up_hours: Decimal = Decimal("0")
    meetings: int = 0
    cancelled: int = 0
    programme_materials: list[Material] = field(default_factory=list)


def timetable(*, programme: Programme, sessions: list[Session] | None = None) -> Timetable:
    """The programme's sessions by date with their hosts, trainers and materials, and the
    totals (three queries; two when ``sessions`` were read already, as by
    ``page_sessions``). ``programme`` is one the caller already sees. Each session's
    materials are in ``material_list``; the whole programme's in ``programme_materials``."""
    with scopes_disabled():  # reached through a visible programme
        if sessions is None:
            sessions = list(
                Session.objects.filter(programme=programme)
                .select_related("host")
                .prefetch_related("trainers")
                .order_by("date", "starts_at", "pk")
            )
        materials = list(
            Material.objects.filter(
                Q(programme=programme, session__isnull=True) | Q(session__programme=programme)
            ).order_by("title", "pk")
        )
    loose = [m for m in materials if m.session_id is None]
    table = Timetable(sessions=sessions, programme_materials=loose)
    by_session: dict[int, list[Material]] = {}
    for m in materials:
        if m.session_id is not None:
            by_session.setdefault(m.session_id, []).append(m)
    for s in sessions:
        s.material_list = by_session.get(s.pk, [])  # type: ignore[attr-defined]
        if s.is_cancelled:
            table.cancelled += 1
        elif s.kind == Session.Kind.FOLLOW_UP:
            table.follow_up_hours += s.hours
        else:
            table.meetings += 1
            table.hours += s.hours
    return table


# --- Reads the programme page's sections share -----------------------------------------------
# Each is read once per programme object and kept on it (as permissions keeps the trainers'
# ids): the page's parts (applications, participation, completion) ask for the same rows.


def page_sessions(*, programme: Programme) -> list[Session]:
    """The programme's sessions by date with their hosts, trainers and number of attendance
    marks (``marked``), in two queries: one list for the page's timetable, its attendance
    links and the sessions that may still be deleted. ``programme`` is one the caller
    sees."""
    cached: list[Session] | None = programme.__dict__.get("_page_sessions")
    if cached is None:
        with scopes_disabled():  # reached through a visible programme
            cached = list(
                Session.objects.filter(programme=programme)
                .select_related("host")
                .prefetch_related("trainers")
                .annotate(marked=Count("attendances"))
                .order_by("date", "starts_at", "pk")
            )
        programme.__dict__["_page_sessions"] = cached
    return cached


def own_participation(*, user: Any, programme: Programme) -> Participant | None:
    """``user``'s own participation in ``programme`` (any status; None when they have none),
    read once for the page's sections. The visibility rule of participants shows everyone
    signed in their own (its first clause), so it is read by person and programme."""
    cache: dict[Any, Participant | None] = programme.__dict__.setdefault("_page_own", {})
    key = getattr(user, "pk", None)
    if key not in cache:
        found = None
        if engine.reach(user).is_authenticated:
            with scopes_disabled():  # one's own row, which the rule always shows
                found = Participant.objects.filter(programme=programme, person_id=user.pk).first()
            if found is not None:
                found.programme = programme
        cache[key] = found
    return cache[key]


def participant_counts(*, programme: Programme) -> list[tuple[str, str, int]]:
    """How many participations of ``programme`` are in each (status, leave reason), in one
    query: the applications' counts by status and the completion funnel both read it."""
    cached: list[tuple[str, str, int]] | None = programme.__dict__.get("_page_counts")
    if cached is None:
        with scopes_disabled():  # reached through a visible programme
            cached = [
                (status, reason, n)
                for status, reason, n in Participant.objects.filter(programme=programme)
                .values_list("status", "leave_reason")
                .annotate(n=Count("pk"))
                .order_by()
            ]
        programme.__dict__["_page_counts"] = cached
    return cached


def marked_session_ids(*, programme: Programme) -> set[int]:
    """Sessions of ``programme`` with attendance marked (they are cancelled, not deleted)."""
    from tutori.programmes.models import Attendance

    return set(
        Attendance.objects.filter(session__programme=programme)
        .values_list("session_id", flat=True)
        .distinct()
    )


def _eligible_organisation_ids(programme_org: Organisation, network_id: int | None) -> set[int]:
    """The organiser, the organisations below it, and those of its networks (and below)."""
    with scopes_disabled():
        through = Organisation.networks.through.objects
        networks = set(
            through.filter(organisation_id=programme_org.pk).values_list("network_id", flat=True)
        )
        if network_id:
            networks.add(network_id)
        paths = [
            programme_org.path,
            *Organisation.objects.filter(
                pk__in=through.filter(network_id__in=networks).values("organisation_id")
            ).values_list("path", flat=True)[:200],
        ]
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return set(
            Organisation.objects.filter(condition, is_active=True).values_list("pk", flat=True)
        )


def people_for(
    *, user: Any, organisation: Organisation, network_id: int | None = None, also: Any = ()
) -> list[Any]:
    """People who may train or steer a programme of ``organisation``: active members of it,
    of the organisations below it and of its network(s) that ``user`` sees, by name
    (``also``: people already chosen, kept in the list)."""
    org_ids = _eligible_organisation_ids(organisation, network_id)
    seen = Membership.objects.visible_to(user).filter(organisation_id__in=org_ids)
    with scopes_disabled():
        # A network's programme is planned with the partners' staff (seed 004: trainers from
        # the NGOs): the people in a staff role of the network's organisations are offered
        # even when the coordinator's own scope does not reach them; their other members
        # (the teachers, the clients) are not.
        memberships = (
            Membership.objects.active()
            .filter(
                Q(pk__in=seen.values("pk"))
                | Q(organisation_id__in=org_ids, role__in=NETWORK_STAFF_ROLES),
                user__is_active=True,
            )
            .select_related("user", "organisation")
            .order_by("user__display_name", "user_id", "organisation__name")
        )
    people: dict[int, Any] = {}
    for m in memberships[: PEOPLE_LIMIT * 2]:
        person = people.get(m.user_id)
        if person is None:
            person = m.user
            person.org_names = []  # type: ignore[attr-defined]
            people[m.user_id] = person
        if m.organisation.name not in person.org_names:  # type: ignore[attr-defined]
            person.org_names.append(m.organisation.name)  # type: ignore[attr-defined]
        if len(people) >= PEOPLE_LIMIT:
            break
    for person in also:
        if person.pk not in people:
            person.org_names = []
            people[person.pk] = person
    return sorted(people.values(), key=lambda p: (p.display_name or p.email).casefold())


def panel_programmes(*, user: Any, today: date | None = None) -> dict[str, Any] | None:
    """The dashboard panel: a coordinator's programmes under way or coming (with drafts),
    a trainer's and steering member's, and programmes open for applications."""
    today = today or timezone.localdate()
    if not getattr(user, "is_authenticated", False):
        return None
    # The programmes a coordinator organises, trains or steers: each of these conditions is
    # a clause of the programmes' visibility rule, so the rule itself (the most expensive
    # part of the dashboard to build) is not needed for them.
    with scopes_disabled():
        current = list(
            Programme.objects.filter(
                Q(ends_on__gte=today) | Q(ends_on__isnull=True),
                status__in=[Programme.Status.DRAFT, Programme.Status.PUBLISHED],
            )
            .filter(
                engine.ids_q(user, "organisation_id", ORGANISER_ROLES)
                | Q(
                    pk__in=Programme.trainers.through.objects.filter(user=user).values(
                        "programme_id"
                    )
                )
                | Q(
                    pk__in=Programme.steering_group.through.objects.filter(user=user).values(
                        "programme_id"
                    )
                )
            )
            .select_related("organisation")
            .order_by("starts_on", "name")[:5]
        )
    open_ = list(
        Programme.objects.visible_to(user)
        .filter(
            status=Programme.Status.PUBLISHED,
            applications_open_on__lte=today,
            applications_close_on__gte=today,
        )
        .select_related("organisation")
        .order_by("applications_close_on", "name")[:5]
    )
    if not current and not open_:
        return None
    return {"current": current, "open": open_, "today": today}


def organiser_networks(*, organisation: Organisation) -> list[Any]:
    """The networks of a programme's organiser (one the caller organises in)."""
    with scopes_disabled():
        return list(organisation.networks.order_by("name"))


def host_organisations(*, programme: Programme) -> list[Organisation]:
    """Organisations that may host a session: the organiser's own and its network's."""
    ids = _eligible_organisation_ids(programme.organisation, programme.network_id)
    with scopes_disabled():
        return list(Organisation.objects.filter(pk__in=ids).order_by("name")[:300])


def open_sessions(*, programme: Programme) -> list[Session]:
    """The programme's sessions that are not cancelled (``programme`` is the caller's)."""
    with scopes_disabled():
        return list(Session.objects.filter(programme=programme, cancelled_at__isnull=True))


def last_session(*, programme: Programme) -> Session | None:
    with scopes_disabled():
        return (  # type: ignore[no-any-return]
            Session.objects.filter(programme=programme).order_by("-date", "-starts_at").first()
        )


def session_marked(*, session: Session) -> bool:
    """Whether attendance is marked at ``session`` (one the caller plans)."""
    from tutori.programmes.models import Attendance

    with scopes_disabled():
        return Attendance.objects.filter(session=session).exists()


def may_return_to_draft(programme: Programme, *, participants: int | None = None) -> bool:
    """Whether a programme may go back to a draft: it is published and nobody has applied,
    been enrolled or been decided on (any participation). The programme page offers the
    button and the service acts on this same answer. ``participants``: the number of its
    participations when the caller already counted them (saves the query)."""
    if programme.status != Programme.Status.PUBLISHED:
        return False
    if participants is None:
        with scopes_disabled():  # a programme the caller already sees
            return not Participant.objects.filter(programme=programme).exists()
    return participants == 0


@dataclass(frozen=True)
class DayOffWarning:
    """A copied session that the shifting put on a day off: ``holiday`` names the public
    holiday ("" for a weekend)."""

    session: Session
    holiday: str


def copied_onto_days_off(*, copy: Programme) -> list[DayOffWarning]:
    """The sessions of a copy (``copied_from`` set) whose shifted date is a Finnish public
    holiday, or a Saturday or Sunday when the original session was on a weekday (a
    programme that meets at weekends is not warned of each one). Holiday names are in the
    active language. Two queries."""
    if copy.copied_from_id is None or copy.starts_on is None:
        return []
    with scopes_disabled():  # the copy the caller made, and its original
        source_start = (
            Programme.objects.filter(pk=copy.copied_from_id)
            .values_list("starts_on", flat=True)
            .first()
        )
        if source_start is None:
            return []
        shift = copy.starts_on - source_start
        sessions = list(
            Session.objects.filter(programme=copy, cancelled_at__isnull=True).order_by(
                "date", "starts_at", "pk"
            )
        )
    if not sessions or not shift:
        return []
    days_off = public_holidays(sessions[0].date, sessions[-1].date)
    warnings: list[DayOffWarning] = []
    for session in sessions:
        holiday = days_off.get(session.date, "")
        weekend = session.date.weekday() >= 5 and (session.date - shift).weekday() < 5
        if holiday or weekend:
            warnings.append(DayOffWarning(session, holiday))
    return warnings
