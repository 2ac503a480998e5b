"""Reads of the programme's applications (owned by the applications part): the programme
page's section, "Omat koulutukset", the coordinator's list of applications and the search of
people to enrol. Every read goes through the scoped managers."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from tutori.access import engine
from tutori.core.scoping import scopes_disabled
from tutori.orgs.models import Membership, Organisation
from tutori.programmes import permissions
from tutori.programmes.models import Participant, Programme
from tutori.programmes.selectors import programmes as plan
from tutori.programmes.services import enrolment

# Statuses in the order the coordinator's list filter offers them.
STATUS_ORDER = [
    Participant.Status.APPLIED,
    Participant.Status.WAITLISTED,
    Participant.Status.ENROLLED,
    Participant.Status.DECLINED,
    Participant.Status.WITHDRAWN,
    Participant.Status.COMPLETED,
    Participant.Status.LEFT,
]
ENROL_SEARCH_LIMIT = 25


def status_label(status: str) -> str:
    """A participation's state as applications show it ("ei valittu" alone is also "none
    chosen" elsewhere: a declined application says what was not chosen)."""
    if status == Participant.Status.DECLINED:
        return gettext("ei valittu koulutukseen")
    return str(Participant.Status(status).label)


def programme_get(*, user: Any, pk: int) -> Programme | None:
    """A programme the user sees."""
    return (  # type: ignore[no-any-return]
        Programme.objects.visible_to(user).select_related("organisation").filter(pk=pk).first()
    )


def participant_get(*, user: Any, pk: int) -> Participant | None:
    """A participation (an application) the user sees."""
    return (  # type: ignore[no-any-return]
        Participant.objects.visible_to(user)
        .select_related(
            "programme__organisation", "person", "organisation", "applied_by", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )


def my_participations(*, user: Any) -> QuerySet[Participant]:
    """The person's own participations, the newest programme first; a waiting one carries
    its place in the queue (``queue_position``: 1 = the next place is theirs)."""
    # Only a count of the people ahead in the same queue, never who they are.
    with scopes_disabled():
        ahead = (
            Participant.objects.filter(
                programme=OuterRef("programme"),
                status=Participant.Status.WAITLISTED,
            )
            .filter(
                Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
                | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("programme")
            .annotate(n=Count("pk"))
            .values("n")
        )
        if not engine.reach(user).is_authenticated:
            return Participant.objects.none()  # type: ignore[no-any-return]
        # One's own rows, which the participants' rule always shows a signed-in person (its
        # first clause): chosen by person alone, without building the rule.
        return (  # type: ignore[no-any-return]
            Participant.objects.filter(person_id=user.pk)
            .select_related("programme__organisation", "organisation")
            .annotate(queue_position=Coalesce(Subquery(ahead), 0) + 1)
            .order_by("-programme__starts_on", "-created_at", "-pk")
        )


def my_participation(*, user: Any, programme: Programme) -> Participant | None:
    """One's own participation in ``programme`` (any status), read now (after a write of
    the same request too): one's own row, which the participants' rule always shows."""
    if not engine.reach(user).is_authenticated:
        return None
    with scopes_disabled():
        return (  # type: ignore[no-any-return]
            Participant.objects.filter(programme=programme, person_id=user.pk).first()
        )


def person_seen(*, user: Any, pk: int) -> Any:
    """A person with an active membership the user sees (whom a coordinator may enrol)."""
    membership = (
        Membership.objects.visible_to(user)
        .active()
        .filter(user_id=pk, user__is_active=True)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def status_counts(programme: Programme) -> dict[str, int]:
    """How many participations of ``programme`` are in each status (one query). Reached
    through a programme the caller already sees."""
    counts: dict[str, int] = {s: 0 for s in STATUS_ORDER}
    for status, _reason, n in plan.participant_counts(programme=programme):
        counts[status] = counts.get(status, 0) + n
    return counts


def application_list(
    *, user: Any, programme: Programme, status: str = "", query: str = ""
) -> QuerySet[Participant]:
    """The programme's applications and participants as the coordinator sees them, waiting
    ones first in their order."""
    qs = (
        Participant.objects.visible_to(user)
        .filter(programme=programme)
        .select_related("person", "organisation", "applied_by")
    )
    if status:
        qs = qs.filter(status=status)
    for term in query.split()[:5]:
        qs = qs.filter(
            Q(person__display_name__icontains=term)
            | Q(person__email__icontains=term)
            | Q(organisation__name__icontains=term)
        )
    return qs.order_by("applied_at", "waitlisted_at", "pk")  # type: ignore[no-any-return]


def _eligible_q(programme: Programme) -> Q:
    """Memberships in organisations whose people may take part in ``programme``: the
    organiser and below, and the organisations (and below) of its networks."""
    condition = Q(organisation__path__startswith=programme.organisation.path)
    with scopes_disabled():
        through = Organisation.networks.through.objects
        networks = set(
            through.filter(organisation_id=programme.organisation_id).values_list(
                "network_id", flat=True
            )
        )
        if programme.network_id:
            networks.add(programme.network_id)
        paths = list(
            Organisation.objects.filter(
                pk__in=through.filter(network_id__in=networks).values("organisation_id")
            ).values_list("path", flat=True)[:200]
        )
    for path in paths:
        condition |= Q(organisation__path__startswith=path)
    return condition


def people_to_enrol(*, user: Any, programme: Programme, query: str) -> list[dict[str, Any]]:
    """People the coordinator sees whose organisation may take part, found by name or
    e-mail (at least two characters), each with their state in the programme."""
    terms = query.split()[:5]
    if not terms or len(query.strip()) < 2:
        return []
    qs = (
        Membership.objects.visible_to(user)
        .active()
        .filter(_eligible_q(programme), organisation__is_active=True, user__is_active=True)
        .select_related("user", "organisation")
    )
    for term in terms:
        qs = qs.filter(Q(user__display_name__icontains=term) | Q(user__email__icontains=term))
    found: dict[int, dict[str, Any]] = {}
    for m in qs.order_by("user__display_name", "organisation__name", "pk")[:ENROL_SEARCH_LIMIT]:
        found.setdefault(m.user_id, {"person": m.user, "organisations": [], "participant": None})[
            "organisations"
        ].append(m.organisation)
    if found:
        for p in Participant.objects.visible_to(user).filter(
            programme=programme, person_id__in=list(found)
        ):
            found[p.person_id]["participant"] = p
    return list(found.values())


PANEL_ROWS = 5


def panel_applications(*, user: Any) -> dict[str, Any] | None:
    """The dashboard panel: for a coordinator, the programmes they organise with applications
    waiting for a decision; for everyone, their own applications and places in programmes
    not yet ended (none of either: no panel). Two queries at most."""
    today = timezone.localdate()
    waiting: list[Programme] = []
    if engine.reach(user).holds(permissions.ORGANISER_ROLES):
        # The coordinator's own organisations (a clause of the programmes' visibility rule,
        # so the rule itself need not be built).
        with scopes_disabled():
            organised = Programme.objects.filter(
                engine.ids_q(user, "organisation_id", permissions.ORGANISER_ROLES),
                status=Programme.Status.PUBLISHED,
            )
        waiting = list(
            organised.annotate(
                waiting=Count(
                    "participants", filter=Q(participants__status=Participant.Status.APPLIED)
                )
            )
            .filter(waiting__gt=0)
            .order_by("applications_close_on", "name")[:PANEL_ROWS]
        )
    mine = list(
        my_participations(user=user)
        .filter(status__in=enrolment.CANCELLABLE)
        .filter(Q(programme__ends_on__gte=today) | Q(programme__ends_on__isnull=True))[:PANEL_ROWS]
    )
    if not waiting and not mine:
        return None
    return {"waiting": waiting, "mine": mine}


def detail_context(*, user: Any, programme: Any) -> dict[str, Any]:
    """What the programme's page shows of this part (its partial
    programmes/partials/_detail_applications.html); one constant number of queries: the
    person's own participation, and for the coordinator the counts by status."""
    today = timezone.localdate()
    mine = plan.own_participation(user=user, programme=programme)  # read once for the page
    closed_reason = enrolment.applications_closed_reason(programme, today)
    manages = bool(rules.has_perm("programmes.manage", user, programme))
    context: dict[str, Any] = {
        "app_mine": mine,
        "app_closed_reason": closed_reason,
        "app_can_apply": closed_reason is None
        and (mine is None or mine.status in enrolment.REAPPLIABLE),
        "app_can_cancel": mine is not None
        and mine.status in enrolment.CANCELLABLE
        and (mine.status != Participant.Status.ENROLLED or not enrolment.has_started(programme)),
        "app_manages": manages,
        "app_places_left": programme.places_left,
    }
    if manages:
        counts = status_counts(programme)
        context["app_counts"] = [
            (status, status_label(status), counts[status]) for status in STATUS_ORDER
        ]
        context["app_waiting"] = counts[Participant.Status.APPLIED]
    return context
