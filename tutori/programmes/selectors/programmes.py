"""Reads of the plan (part A): the list of programmes, one programme with its sessions and
materials, the timetable with its totals, the organisations where one may organise and the
people who may train or steer. Every read goes through the scoped managers or through a
programme the caller already sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tutori.access import engine
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Membership, Organisation, Role
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


def programme_get(*, user: Any, pk: int) -> Programme | None:
    """One programme ``user`` sees, with its organiser, network and trainers."""
    return (  # type: ignore[no-any-return]
        Programme.objects.visible_to(user)
        .select_related("organisation", "network", "copied_from", "created_by")
        .prefetch_related("trainers", "steering_group")
        .filter(pk=pk)
        .first()
    )


def session_get(*, user: Any, pk: int) -> Session | None:
    return (  # type: ignore[no-any-return]
        Session.objects.visible_to(user)
        .select_related("programme__organisation", "host")
        .prefetch_related("trainers")
        .filter(pk=pk)
        .first()
    )


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


def timetable(*, programme: Programme) -> Timetable:
    """The programme's sessions by date with their hosts, trainers and materials, and the
    totals (three queries). ``programme`` is one the caller already sees. Each session's
    materials are in ``material_list``; the whole programme's in ``programme_materials``."""
    with scopes_disabled():  # reached through a visible programme
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
    visible = Programme.objects.visible_to(user)
    current = list(
        visible.filter(
            Q(ends_on__gte=today) | Q(ends_on__isnull=True),
            status__in=[Programme.Status.DRAFT, Programme.Status.PUBLISHED],
        )
        .filter(
            engine.ids_q(user, "organisation_id", ORGANISER_ROLES)
            | Q(trainers=user)
            | Q(steering_group=user)
        )
        .select_related("organisation")
        .distinct()
        .order_by("starts_on", "name")[:5]
    )
    open_ = list(
        visible.filter(
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
